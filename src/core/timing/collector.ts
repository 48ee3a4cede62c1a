/**
 * Load metrics and network requests from the timing data inside a recording.
 *
 * Sources (formats.md → "Timing and network data"):
 * - rrweb network plugin (`rrweb/network@1`, also PostHog's `posthog/network@1`): navigation
 *   entries (ttfb = responseStart, dcl = domContentLoadedEventEnd, load = loadEventEnd, each
 *   minus startTime), `paint` first-contentful-paint and `largest-contentful-paint` entries
 *   (startTime is already relative to the document's timeOrigin = navigation start), resource
 *   entries → requests.
 * - Sentry `performanceSpan` custom events: `navigation.*` (data.domContentLoadedEventEnd,
 *   data.loadEventEnd; Sentry sends no TTFB, a data.responseStart/data.ttfb is used when
 *   present), `paint` first-contentful-paint (start − navigation start), `web-vital` and the
 *   older `largest-contentful-paint` op (data.value; data.nodeIds / data.nodeId), `resource.*`
 *   → requests. Timestamps: over 9,999,999,999 is ms, else seconds.
 * - web-vitals custom events (tag `web-vitals` / `$web_vitals`): payload `{name, value}` (or an
 *   array of them), values already relative to the navigation start.
 *
 * Every metric is in ms from its page's navigation start (CLS is unitless). Observations are
 * matched to pages (see pages.ts): navigations by URL and time, document-relative metrics by
 * their document's navigation start (timeOrigin), web-vitals events by the page current in
 * their window when they were emitted. When several sources describe one page, each metric is
 * taken from the first source in SOURCE_PRIORITY that has it; `metricsSource` names the source
 * that gave the page the most metrics. Multiple reports of one metric from one source: TTFB and
 * FCP keep the first, DCL/load/LCP the last (later entries are more complete), CLS and INP the
 * largest. FID is not a PageMetrics field and is ignored.
 */
import { EventType, IncrementalSource, MouseInteractions, NodeType } from '@rrweb/types';
import type { MetricsSource, NetworkRequest, Page, PageMetrics, RecordingEvent } from '../model';
import type { EventObserver, PassContext } from '../recording/observer';
import {
  inferPageTimings,
  newWindowMarks,
  noteStructuralMutation,
  settle,
  type InferredTiming,
  type LoadMarks,
  type PageLoadMark,
  type WindowMarks,
} from './infer';
import { readNetworkPlugin } from './networkPlugin';
import { isObject, type MetricKey, type MetricObservation, type NavObservation, type TimingSink } from './observations';
import { DOC_START_TOLERANCE_MS, PageIndex, windowKey } from './pages';
import { readSentrySpan } from './sentrySpans';
import { readWebVitals } from './webVitals';
import { round } from '../numbers';

export const SOURCE_PRIORITY: readonly MetricsSource[] = ['rrweb/network@1', 'sentry', 'web-vitals', 'har', 'inferred'];

export const NETWORK_PLUGINS = new Set(['rrweb/network@1', 'posthog/network@1']);
export const WEB_VITALS_TAGS = new Set(['web-vitals', '$web_vitals']);

type Combine = 'first' | 'last' | 'max';

const COMBINE: Record<MetricKey, Combine> = {
  ttfbMs: 'first',
  fcpMs: 'first',
  lcpMs: 'last',
  domContentLoadedMs: 'last',
  loadMs: 'last',
  cls: 'max',
  inpMs: 'max',
};

interface Candidate {
  source: MetricsSource;
  index: number;
  value: number;
  nodeId?: number;
}

export interface TimingCollectorOptions {
  /**
   * For inference only: whether a Click may start a navigation (e.g. the session builder checks
   * the mirror for `a[href]` / submit buttons). Default: every Click may.
   */
  isNavigationClick?: (event: RecordingEvent, ctx: PassContext) => boolean;
}

export class TimingCollector implements EventObserver, TimingSink {
  readonly navs: NavObservation[] = [];
  readonly metrics: MetricObservation[] = [];
  readonly requests: NetworkRequest[] = [];
  /** Marks for inferPageTimings, per window key. */
  readonly marks: LoadMarks = new Map();

  constructor(private readonly options: TimingCollectorOptions = {}) {}

  onEvent(event: RecordingEvent, ctx: PassContext): void {
    const win = windowKey(ctx.windowId ?? event.windowId);
    const data = event.data;
    switch (event.type) {
      case EventType.Plugin:
        if (isObject(data) && typeof data['plugin'] === 'string' && NETWORK_PLUGINS.has(data['plugin'])) {
          readNetworkPlugin(this, data['payload'], event, ctx.index, win);
        }
        break;
      case EventType.Custom:
        if (isObject(data)) {
          const tag = data['tag'];
          if (tag === 'performanceSpan' && isObject(data['payload'])) readSentrySpan(this, data['payload'], ctx.index, win);
          else if (typeof tag === 'string' && WEB_VITALS_TAGS.has(tag)) readWebVitals(this, data['payload'], ctx.index, win);
        }
        break;
      case EventType.Meta: {
        const w = this.window(win);
        const current = w.pages[w.pages.length - 1];
        if (current) settle(current);
        const href = isObject(data) && typeof data['href'] === 'string' ? data['href'] : ctx.url;
        w.pages.push({ index: ctx.index, ts: event.timestamp, url: href });
        break;
      }
      case EventType.FullSnapshot: {
        // As runPass.ts: a FullSnapshot completes the page its Meta opened, otherwise (no Meta
        // before it, or a checkout without one) it opens a page of its own.
        const w = this.window(win);
        const current = w.pages[w.pages.length - 1];
        if (current && current.snapshotTs === undefined) current.snapshotTs = event.timestamp;
        else {
          if (current) settle(current);
          w.pages.push({ index: ctx.index, ts: event.timestamp, url: ctx.url, snapshotTs: event.timestamp });
        }
        break;
      }
      case EventType.DomContentLoaded:
        this.window(win).domContentLoaded.push({ index: ctx.index, ts: event.timestamp });
        break;
      case EventType.Load:
        this.window(win).load.push({ index: ctx.index, ts: event.timestamp });
        break;
      case EventType.IncrementalSnapshot:
        if (!isObject(data)) break;
        if (data['source'] === IncrementalSource.MouseInteraction && data['type'] === MouseInteractions.Click) {
          if (!this.options.isNavigationClick || this.options.isNavigationClick(event, ctx)) {
            this.window(win).clicks.push({ index: ctx.index, ts: event.timestamp });
          }
        } else if (data['source'] === IncrementalSource.Mutation) {
          if (isStructural(data['adds'], data['removes'])) {
            const w = this.marks.get(win);
            const current: PageLoadMark | undefined = w?.pages[w.pages.length - 1];
            if (current) noteStructuralMutation(current, event.timestamp);
          }
        }
        break;
      default:
        break;
    }
  }

  finish(): void {
    for (const w of this.marks.values()) {
      const current = w.pages[w.pages.length - 1];
      if (current) settle(current);
    }
  }

  private window(key: string): WindowMarks {
    let w = this.marks.get(key);
    if (!w) this.marks.set(key, (w = newWindowMarks()));
    return w;
  }

  // ------------------------------------------------------------------------------------------
  // Apply to pages

  /**
   * Fill `metrics`, `metricsSource`, `lcpNodeId`, `inpNodeId` of the pages described by timing
   * data in the recording (metrics found here replace those already on the page). Returns every
   * network request seen (network plugin entries incl. navigations, Sentry resource and
   * navigation spans), sorted by start.
   */
  applyTo(pages: Page[], sessionStart: number): NetworkRequest[] {
    const index = new PageIndex(pages, sessionStart);
    const candidates = new Map<Page, Map<MetricKey, Candidate[]>>();
    const add = (page: Page, metric: MetricKey, c: Candidate): void => {
      let perPage = candidates.get(page);
      if (!perPage) candidates.set(page, (perPage = new Map()));
      let list = perPage.get(metric);
      if (!list) perPage.set(metric, (list = []));
      list.push(c);
    };

    // Navigations first: they tell each page its navigation start.
    const navStartOf = new Map<Page, number>();
    for (const nav of this.navs) {
      const page = index.forDocument(nav.window, nav.navStart, nav.url);
      if (!page) continue;
      if (!navStartOf.has(page)) navStartOf.set(page, nav.navStart);
      for (const [metric, value] of Object.entries(nav.metrics) as [MetricKey, number][]) {
        add(page, metric, { source: nav.source, index: nav.index, value });
      }
    }
    const pageWithNavNear = (win: string, docStart: number): Page | undefined => {
      let best: Page | undefined;
      let bestDiff = DOC_START_TOLERANCE_MS;
      for (const page of index.inWindow(win)) {
        const s = navStartOf.get(page);
        if (s === undefined) continue;
        const diff = Math.abs(s - docStart);
        if (diff <= bestDiff) {
          best = page;
          bestDiff = diff;
        }
      }
      return best;
    };
    const pageWithNavBefore = (win: string, at: number): Page | undefined => {
      let best: Page | undefined;
      for (const page of index.inWindow(win)) {
        const s = navStartOf.get(page);
        if (s !== undefined && s <= at && (!best || s >= navStartOf.get(best)!)) best = page;
      }
      return best;
    };

    for (const obs of this.metrics) {
      let page: Page | undefined;
      let value = obs.value;
      if (obs.docStart !== undefined) {
        // A vital stamped at its document's time origin matches that page's navigation; one
        // stamped when it was reported (CLS and INP are final only late) belongs to the page
        // that was current when the event was recorded.
        page = pageWithNavNear(obs.window, obs.docStart) ?? index.atEvent(obs.window, obs.index) ?? index.forDocument(obs.window, obs.docStart);
      } else if (obs.at !== undefined) {
        page = pageWithNavBefore(obs.window, obs.at);
        if (page) value = obs.at - navStartOf.get(page)!;
      } else {
        page = index.atEvent(obs.window, obs.index);
      }
      if (!page || value === undefined || !Number.isFinite(value) || value < 0) continue;
      add(page, obs.metric, {
        source: obs.source,
        index: obs.index,
        value,
        ...(obs.nodeId !== undefined ? { nodeId: obs.nodeId } : {}),
      });
    }

    for (const [page, perPage] of candidates) {
      const metrics: PageMetrics = {};
      const count = new Map<MetricsSource, number>();
      for (const [metric, list] of perPage) {
        const source = SOURCE_PRIORITY.find((s) => list.some((c) => c.source === s));
        if (!source) continue;
        const mine = list.filter((c) => c.source === source).sort((a, b) => a.index - b.index);
        const how = COMBINE[metric];
        const chosen =
          how === 'first' ? mine[0]! : how === 'last' ? mine[mine.length - 1]! : mine.reduce((a, b) => (b.value > a.value ? b : a));
        metrics[metric] = round(chosen.value, metric === 'cls' ? 4 : 1);
        count.set(source, (count.get(source) ?? 0) + 1);
        if (metric === 'lcpMs' && chosen.nodeId !== undefined) page.lcpNodeId = chosen.nodeId;
        if (metric === 'inpMs' && chosen.nodeId !== undefined) page.inpNodeId = chosen.nodeId;
      }
      if (!Object.keys(metrics).length) continue;
      page.metrics = { ...page.metrics, ...metrics };
      let best: MetricsSource | undefined;
      for (const s of SOURCE_PRIORITY) if ((count.get(s) ?? 0) > (best ? count.get(best)! : 0)) best = s;
      page.metricsSource = best;
    }

    return [...this.requests].sort((a, b) => a.startTimestamp - b.startTimestamp);
  }

  /** inferPageTimings over this collector's marks (call after applyTo and applyHar). */
  inferPageTimings(pages: Page[], sessionStart: number): InferredTiming[] {
    return inferPageTimings(pages, this.marks, sessionStart);
  }
}


/**
 * Did a mutation change the page's structure (nodes added or removed)? An element's content
 * replaced by text alone (a clock or countdown writing `textContent` every second: its old text
 * node removed, a new one added under the same parent) is a text change, not the page still
 * building.
 */
function isStructural(adds: unknown, removes: unknown): boolean {
  const addCount = Array.isArray(adds) || typeof adds === 'string' ? adds.length : 0;
  const removeCount = Array.isArray(removes) || typeof removes === 'string' ? removes.length : 0;
  if (addCount === 0 && removeCount === 0) return false;
  if (!Array.isArray(adds) || !Array.isArray(removes) || addCount === 0 || removeCount === 0) return true;
  const removedFrom = new Set<unknown>();
  for (const remove of removes) removedFrom.add(isObject(remove) ? remove['parentId'] : undefined);
  const addedTo = new Set<unknown>();
  for (const add of adds) {
    if (!isObject(add) || !isObject(add['node']) || add['node']['type'] !== NodeType.Text || !removedFrom.has(add['parentId'])) return true;
    addedTo.add(add['parentId']);
  }
  return addedTo.size !== removedFrom.size;
}
