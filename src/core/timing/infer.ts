/**
 * Load timings inferred from the recording alone, for pages that no timing source describes.
 *
 * A page counts as a navigation the user started when, in the same window, a Click (the last
 * one, at most 30 s before) happened after the previous page began and before this page's
 * first event (its Meta, or rrweb's DomContentLoaded/Load events that precede it), and the
 * page is really a new document: its URL differs from the previous page's, or rrweb's
 * DomContentLoaded/Load events came between the click and the Meta (a fresh recorder). rrweb
 * checkouts (same URL, no load events) are never counted. The click time stands in for the
 * navigation start; every value below is measured from it (lower confidence: it also contains
 * the time the old page took to unload and the new recorder took to start):
 *
 * - `domContentLoadedMs`: rrweb's DomContentLoaded event (type 0) of the new page, when recorded.
 * - `loadMs`: rrweb's Load event (type 1) of the new page when recorded, else the new page's
 *   first FullSnapshot (the first moment the page could be seen), else its Meta.
 * - `lcpMs`: when the page stopped mutating — the last structural mutation (nodes added or
 *   removed) of the burst that follows the first snapshot, the burst ending at the first quiet
 *   gap of 1.5 s (text and attribute changes, e.g. clocks and carousels, are ignored, and so are
 *   text nodes replaced by new ones under the same parent, as `textContent =` does; at most 30 s after the snapshot).
 *   Never earlier than `loadMs`'s snapshot.
 *
 * `ttfbMs`, `fcpMs`, `cls` and `inpMs` are never inferred. `metricsSource` is `'inferred'`.
 */
import type { Page } from '../model';
import { windowKey } from './pages';
import { normalizeUrl } from './util';

export const INFER_MAX_CLICK_TO_PAGE_MS = 30_000;
export const SETTLE_QUIET_MS = 1_500;
export const SETTLE_MAX_MS = 30_000;

export interface Mark {
  index: number;
  ts: number;
}

/** One Meta (page start) as seen in the pass, with its settle tracking. */
export interface PageLoadMark extends Mark {
  url: string;
  snapshotTs?: number;
  lastStructuralTs?: number;
  settledTs?: number;
}

export interface WindowMarks {
  clicks: Mark[];
  domContentLoaded: Mark[];
  load: Mark[];
  pages: PageLoadMark[];
}

/** What TimingCollector records for inference: per window key (windowId or ''). */
export type LoadMarks = Map<string, WindowMarks>;

export interface InferredTiming {
  page: Page;
  /** The click taken as the navigation start (ms from session start) and its event index. */
  clickAtMs: number;
  clickIndex: number;
  /** Click → first snapshot of the new page. */
  firstSnapshotMs: number;
  /** Click → the page stopped mutating (the value put in lcpMs). */
  settledMs: number;
}

export function newWindowMarks(): WindowMarks {
  return { clicks: [], domContentLoaded: [], load: [], pages: [] };
}

/** Close the settle window of a page mark (at the next page or the end of the recording). */
export function settle(mark: PageLoadMark): void {
  if (mark.settledTs !== undefined) return;
  mark.settledTs = mark.lastStructuralTs ?? mark.snapshotTs ?? mark.ts;
}

/** Feed a structural mutation at `ts` to the current page mark. */
export function noteStructuralMutation(mark: PageLoadMark, ts: number): void {
  if (mark.settledTs !== undefined) return;
  const from = mark.snapshotTs ?? mark.ts;
  const last = mark.lastStructuralTs ?? from;
  if (ts - last > SETTLE_QUIET_MS || ts - from > SETTLE_MAX_MS) {
    mark.settledTs = last;
    return;
  }
  mark.lastStructuralTs = Math.max(last, ts);
}

function firstBetween(marks: Mark[], after: number, before: number): Mark | undefined {
  for (const m of marks) if (m.index > after && m.index < before) return m;
  return undefined;
}

/**
 * Fill `metrics` of pages that have none (no metricsSource) from the marks; see the file comment
 * for the rules. Returns what was inferred, for the detectors' evidence.
 */
export function inferPageTimings(pages: Page[], marks: LoadMarks, sessionStart: number): InferredTiming[] {
  const out: InferredTiming[] = [];
  for (const page of pages) {
    if (page.metricsSource || Object.keys(page.metrics).length) continue;
    const w = marks.get(windowKey(page.windowId)) ?? (marks.size === 1 ? [...marks.values()][0] : undefined);
    if (!w) continue;
    const at = w.pages.findIndex((m) => m.index === page.eventIndex);
    if (at <= 0) continue; // the first page of a window has no click that led to it
    const mark = w.pages[at]!;
    const prev = w.pages[at - 1]!;
    const nextIndex = at + 1 < w.pages.length ? w.pages[at + 1]!.index : Number.POSITIVE_INFINITY;

    // The new document's first event: a DomContentLoaded/Load event before its Meta, else the Meta.
    const early = [firstBetween(w.domContentLoaded, prev.index, mark.index), firstBetween(w.load, prev.index, mark.index)]
      .filter((m): m is Mark => m !== undefined)
      .sort((a, b) => a.index - b.index)[0];
    const firstIndex = early ? early.index : mark.index;
    let click: Mark | undefined;
    for (const c of w.clicks) {
      if (c.index > prev.index && c.index < firstIndex) click = c;
    }
    if (!click || mark.ts - click.ts > INFER_MAX_CLICK_TO_PAGE_MS) continue;
    const newDocument = normalizeUrl(mark.url) !== normalizeUrl(prev.url) || early !== undefined;
    if (!newDocument) continue;

    const dcl = firstBetween(w.domContentLoaded, click.index, nextIndex);
    const load = firstBetween(w.load, click.index, nextIndex);
    const shownTs = mark.snapshotTs ?? mark.ts;
    const settledTs = Math.max(mark.settledTs ?? mark.lastStructuralTs ?? shownTs, shownTs);
    page.metrics = {
      ...(dcl ? { domContentLoadedMs: dcl.ts - click.ts } : {}),
      loadMs: (load ? load.ts : shownTs) - click.ts,
      lcpMs: settledTs - click.ts,
    };
    page.metricsSource = 'inferred';
    out.push({
      page,
      clickAtMs: click.ts - sessionStart,
      clickIndex: click.index,
      firstSnapshotMs: shownTs - click.ts,
      settledMs: settledTs - click.ts,
    });
  }
  return out;
}
