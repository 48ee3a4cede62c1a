/**
 * HAR 1.2 files beside a recording (`checkout.rrweb.json` → `checkout.har`).
 *
 * A page's document request is the HAR entry with the page's URL (a document / HTML response,
 * not a redirect) whose navigation started last before the page appeared; a redirect chain that
 * ends in it moves its navigation start back to the first request of the chain. From it:
 * - `ttfbMs` = (document start − navigation start) + blocked + dns + connect + send + wait,
 *   where the navigation start is the HAR page's startedDateTime when it comes shortly before,
 *   ignoring -1 ("not available"). `ssl` is not added: HAR 1.2 defines it as already included
 *   in `connect`.
 * - `domContentLoadedMs` / `loadMs` = the HAR page's `pageTimings.onContentLoad` / `onLoad`
 *   (relative to the HAR page's startedDateTime) moved to the navigation start.
 * - `fcpMs` / `lcpMs` from the non-standard `pageTimings._firstContentfulPaint` / `_fcp` and
 *   `_largestContentfulPaint` / `_lcp` some exporters (browsertime, WebPageTest) write.
 * HAR only fills metrics a page does not already have; `metricsSource` becomes `'har'` when
 * the page had none.
 */
import { InputError, type NetworkRequest, type Page, type PageMetrics } from '../model';
import { findSiblingFiles, readTextFile } from '../siblings';
import { round } from '../numbers';
import { PageIndex } from './pages';
import { describeJsonError, normalizeUrl, num, parseIsoTimestamp } from './util';

export interface HarTimings {
  blocked?: number;
  dns?: number;
  connect?: number;
  ssl?: number;
  send?: number;
  wait?: number;
  receive?: number;
}

export interface HarPageInfo {
  id: string;
  title?: string;
  /** Epoch ms of the HAR page's startedDateTime. */
  startTimestamp: number;
  /** ms from startTimestamp; absent when the HAR says -1 or nothing. */
  onContentLoad?: number;
  onLoad?: number;
  firstContentfulPaint?: number;
  largestContentfulPaint?: number;
}

export interface HarEntry {
  url: string;
  method?: string;
  status?: number;
  /** Epoch ms of startedDateTime. */
  startTimestamp: number;
  /** Total elapsed ms (`time`). */
  timeMs?: number;
  /** -1 values are left out. */
  timings: HarTimings;
  /** response.redirectURL resolved against url. */
  redirectUrl?: string;
  /** Chrome's `_resourceType` (document, script, fetch, xhr, …). */
  resourceType?: string;
  mimeType?: string;
  /** The HAR page this entry belongs to (pageref), with its page timings. */
  page?: HarPageInfo;
  /** The HAR file, for messages. */
  file: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function harTime(value: unknown): number | undefined {
  const n = num(value);
  return n !== undefined && n >= 0 ? n : undefined;
}

function harDate(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const iso = parseIsoTimestamp(value);
  if (iso !== undefined) return iso;
  return undefined;
}

/** Read and validate a HAR 1.2 file. Throws InputError naming the file and the problem. */
export async function loadHar(file: string): Promise<HarEntry[]> {
  const text = await readTextFile(file);
  if (!text.trim()) throw new InputError(file, 'empty file: expected a HAR 1.2 document {"log": {"entries": [...]}}');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new InputError(file, `${describeJsonError(err, text)} (expected a HAR 1.2 document)`);
  }
  return parseHar(file, doc);
}

/** Validate an already parsed HAR document. */
export function parseHar(file: string, doc: unknown): HarEntry[] {
  if (!isObject(doc) || !isObject(doc['log']) || !Array.isArray(doc['log']['entries'])) {
    throw new InputError(file, 'not a HAR file: expected {"log": {"entries": [...]}}');
  }
  const log = doc['log'];
  const pages = new Map<string, HarPageInfo>();
  if (Array.isArray(log['pages'])) {
    log['pages'].forEach((p, i) => {
      if (!isObject(p) || typeof p['id'] !== 'string') return;
      const start = harDate(p['startedDateTime']);
      if (start === undefined) {
        throw new InputError(file, `log.pages[${i}]: startedDateTime is missing or not an ISO-8601 date`);
      }
      const t = isObject(p['pageTimings']) ? p['pageTimings'] : {};
      const info: HarPageInfo = { id: p['id'], startTimestamp: start };
      if (typeof p['title'] === 'string') info.title = p['title'];
      const set = (key: keyof HarPageInfo, v: number | undefined): void => {
        if (v !== undefined) (info as unknown as Record<string, number>)[key] = v;
      };
      set('onContentLoad', harTime(t['onContentLoad']));
      set('onLoad', harTime(t['onLoad']));
      set('firstContentfulPaint', harTime(t['_firstContentfulPaint']) ?? harTime(t['_fcp']));
      set('largestContentfulPaint', harTime(t['_largestContentfulPaint']) ?? harTime(t['_lcp']));
      pages.set(info.id, info);
    });
  }
  const entries: HarEntry[] = [];
  (log['entries'] as unknown[]).forEach((e, i) => {
    const where = `log.entries[${i}]`;
    if (!isObject(e)) throw new InputError(file, `${where}: expected an object`);
    const request = isObject(e['request']) ? e['request'] : undefined;
    if (!request || typeof request['url'] !== 'string') throw new InputError(file, `${where}: request.url is missing`);
    const start = harDate(e['startedDateTime']);
    if (start === undefined) throw new InputError(file, `${where}: startedDateTime is missing or not an ISO-8601 date`);
    const response = isObject(e['response']) ? e['response'] : {};
    const timingsRaw = isObject(e['timings']) ? e['timings'] : {};
    const timings: HarTimings = {};
    for (const k of ['blocked', 'dns', 'connect', 'ssl', 'send', 'wait', 'receive'] as const) {
      const v = harTime(timingsRaw[k]);
      if (v !== undefined) timings[k] = v;
    }
    const entry: HarEntry = { url: request['url'], startTimestamp: start, timings, file };
    if (typeof request['method'] === 'string') entry.method = request['method'];
    const status = num(response['status']);
    if (status !== undefined) entry.status = status;
    const time = harTime(e['time']);
    if (time !== undefined) entry.timeMs = time;
    if (typeof response['redirectURL'] === 'string' && response['redirectURL']) {
      try {
        entry.redirectUrl = new URL(response['redirectURL'], request['url']).toString();
      } catch {
        entry.redirectUrl = response['redirectURL'];
      }
    }
    if (typeof e['_resourceType'] === 'string') entry.resourceType = e['_resourceType'];
    const content = isObject(response['content']) ? response['content'] : undefined;
    if (content && typeof content['mimeType'] === 'string') entry.mimeType = content['mimeType'];
    if (typeof e['pageref'] === 'string') {
      const page = pages.get(e['pageref']);
      if (page) entry.page = page;
    }
    entries.push(entry);
  });
  return entries.sort((a, b) => a.startTimestamp - b.startTimestamp);
}

function isRedirect(e: HarEntry): boolean {
  return e.status !== undefined && e.status >= 300 && e.status < 400 && e.redirectUrl !== undefined;
}

function isDocument(e: HarEntry): boolean {
  if (isRedirect(e)) return false;
  if (e.resourceType !== undefined) return e.resourceType === 'document';
  if (e.mimeType !== undefined && e.mimeType !== '') return /html/i.test(e.mimeType);
  return true;
}

/** HAR entries as network requests. */
export function harRequests(entries: readonly HarEntry[]): NetworkRequest[] {
  return entries.map((e) => ({
    url: e.url,
    ...(e.method ? { method: e.method } : {}),
    ...(e.status !== undefined ? { status: e.status } : {}),
    startTimestamp: e.startTimestamp,
    ...(e.timeMs !== undefined ? { durationMs: e.timeMs } : {}),
    ...(e.resourceType ? { initiatorType: e.resourceType } : {}),
  }));
}

/** The metrics one HAR document entry gives, relative to its navigation start. */
export function harDocumentMetrics(doc: HarEntry, navStart: number): PageMetrics {
  const t = doc.timings;
  const metrics: PageMetrics = {};
  const parts = [t.blocked, t.dns, t.connect, t.send, t.wait].filter((v): v is number => v !== undefined);
  if (t.wait !== undefined) metrics.ttfbMs = round(doc.startTimestamp - navStart + parts.reduce((a, b) => a + b, 0), 1);
  const p = doc.page;
  if (p) {
    const rel = (v: number | undefined): number | undefined =>
      v === undefined ? undefined : round(p.startTimestamp + v - navStart, 1);
    const dcl = rel(p.onContentLoad);
    const load = rel(p.onLoad);
    const fcp = rel(p.firstContentfulPaint);
    const lcp = rel(p.largestContentfulPaint);
    if (dcl !== undefined) metrics.domContentLoadedMs = dcl;
    if (load !== undefined) metrics.loadMs = load;
    if (fcp !== undefined) metrics.fcpMs = fcp;
    if (lcp !== undefined) metrics.lcpMs = lcp;
  }
  return metrics;
}

/**
 * Fill the pages' missing metrics from HAR entries (see the file comment). Returns the HAR's
 * requests as NetworkRequests.
 */
/** A HAR page that starts longer than this before its document request is not its navigation. */
const MAX_PAGE_LEAD_MS = 2000;

export function applyHar(pages: Page[], entries: readonly HarEntry[], sessionStart: number): NetworkRequest[] {
  const index = new PageIndex(pages, sessionStart);
  const sorted = [...entries].sort((a, b) => a.startTimestamp - b.startTimestamp);
  const chosen = new Map<Page, { doc: HarEntry; navStart: number }>();
  for (const doc of sorted) {
    if (!isDocument(doc)) continue;
    // Walk a redirect chain back to its first request.
    let navStart = doc.startTimestamp;
    let target = normalizeUrl(doc.url);
    for (let guard = 0; guard < 20; guard++) {
      const hop = sorted
        .filter((e) => isRedirect(e) && e.startTimestamp <= navStart && normalizeUrl(e.redirectUrl!) === target)
        .pop();
      if (!hop) break;
      navStart = hop.startTimestamp;
      target = normalizeUrl(hop.url);
    }
    // Browsers' HAR pages start at the navigation start, a few ms before the first request
    // (before-unload, service-worker start-up, fetchStart); count that time, as the browser does.
    const pageStart = doc.page?.startTimestamp;
    if (pageStart !== undefined && pageStart <= navStart && navStart - pageStart < MAX_PAGE_LEAD_MS) navStart = pageStart;
    const want = normalizeUrl(doc.url);
    const page = index.forDocument('', navStart, doc.url);
    if (!page || normalizeUrl(page.url) !== want) continue;
    const prev = chosen.get(page);
    if (!prev || navStart >= prev.navStart) chosen.set(page, { doc, navStart });
  }
  for (const [page, { doc, navStart }] of chosen) {
    const metrics = harDocumentMetrics(doc, navStart);
    let filled = false;
    for (const [k, v] of Object.entries(metrics) as [keyof PageMetrics, number][]) {
      if (page.metrics[k] === undefined) {
        page.metrics[k] = v;
        filled = true;
      }
    }
    if (filled && !page.metricsSource) page.metricsSource = 'har';
  }
  return harRequests(sorted);
}

/** HAR files beside a recording: `checkout.rrweb.json` → `checkout.har` (also `.har.json`, `.har.gz`). */
export function findHarSiblings(recordingFile: string): Promise<string[]> {
  return findSiblingFiles(recordingFile, ['.har', '.har.json', '.har.gz']);
}
