/**
 * Which page an observation belongs to. Pages are one per Meta event per window; a document's
 * navigation starts *before* its page's Meta (the recorder starts after the document does), and
 * rrweb checkouts repeat Meta + FullSnapshot for the same document later on.
 */
import type { Page } from '../model';
import { normalizeUrl } from './util';

/** Slack for clocks (PostHog floors timeOrigin; Sentry round-trips through float seconds). */
export const DOC_START_TOLERANCE_MS = 100;

export function windowKey(windowId: string | undefined): string {
  return windowId ?? '';
}

export class PageIndex {
  private readonly byWindow = new Map<string, Page[]>();

  constructor(
    readonly pages: readonly Page[],
    readonly sessionStart: number,
  ) {
    for (const page of pages) {
      const key = windowKey(page.windowId);
      let list = this.byWindow.get(key);
      if (!list) this.byWindow.set(key, (list = []));
      list.push(page);
    }
    for (const list of this.byWindow.values()) list.sort((a, b) => a.atMs - b.atMs || a.eventIndex - b.eventIndex);
  }

  start(page: Page): number {
    return this.sessionStart + page.atMs;
  }

  /** Pages of the window, in time order; all pages when the window has none (ids differ by source). */
  inWindow(key: string): Page[] {
    const list = this.byWindow.get(key);
    if (list && list.length) return list;
    if (this.byWindow.size === 1) return [...this.byWindow.values()][0]!;
    return [...this.pages].sort((a, b) => a.atMs - b.atMs || a.eventIndex - b.eventIndex);
  }

  /**
   * The page a document started at `docStart` (epoch ms) became: the first page (with a matching
   * URL when `url` is given) that starts at or after the navigation start; when none does, the
   * nearest one before it. URL matching falls back to any page when no page has that URL.
   */
  forDocument(key: string, docStart: number, url?: string): Page | undefined {
    let candidates = this.inWindow(key);
    if (url !== undefined) {
      const want = normalizeUrl(url);
      const same = candidates.filter((p) => normalizeUrl(p.url) === want);
      if (same.length) candidates = same;
    }
    if (!candidates.length) return undefined;
    for (const page of candidates) {
      if (this.start(page) >= docStart - DOC_START_TOLERANCE_MS) return page;
    }
    return candidates[candidates.length - 1];
  }

  /** The page current at event `index` in the window (greatest eventIndex ≤ index), else the first page. */
  atEvent(key: string, index: number): Page | undefined {
    const candidates = this.inWindow(key);
    let best: Page | undefined;
    for (const page of candidates) {
      if (page.eventIndex <= index && (!best || page.eventIndex >= best.eventIndex)) best = page;
    }
    return best ?? candidates[0];
  }
}
