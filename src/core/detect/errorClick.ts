/**
 * Error clicks: a Click followed within windowMs by an uncaught error (console plugin, Sentry
 * breadcrumb, a separate errors file; a caught — handled — error never counts) or by a failing request (status ≥ 400 or 0, not analytics)
 * that started within windowMs of the click. The error goes to the latest click before it.
 *
 * An error that keeps happening on its own — the same type and message seen at least twice away
 * from any click — is background noise: a click that happens to precede one occurrence does not
 * make it an error click.
 *
 * Errors that are not tied to a click become `error` struggles (one per distinct error and page,
 * with its count).
 */
import type { ErrorRecord, NetworkRequest, Page, Struggle } from '../model';
import { clickInfo, isAnalyticsUrl, type ClickRecord } from './clicks';
import type { DetectConfig } from './config';
import { clamp01 } from '../numbers';
import { labelOf, targetOf } from './struggleTarget';
import { pathOf, seconds } from './wording';

export interface ErrorTie {
  click: ClickRecord;
  /** Indexes into session.errors, in time order. */
  errorIndexes: number[];
  request?: NetworkRequest;
}

/**
 * Not uncaught: console.error() output (the collector types it 'console.error') and errors the
 * app caught (`handled`, e.g. Sentry `mechanism.handled: true`).
 */
export function isUncaught(error: ErrorRecord): boolean {
  return error.type !== 'console.error' && error.handled !== true;
}

function signature(error: ErrorRecord): string {
  return `${error.type}\u0000${error.message}`;
}

/** The latest click at or before `atMs` (clicks sorted by atMs). */
function latestClickAtOrBefore(clicks: readonly ClickRecord[], atMs: number): ClickRecord | undefined {
  let lo = 0;
  let hi = clicks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (clicks[mid].atMs <= atMs) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? clicks[lo - 1] : undefined;
}

function failing(request: NetworkRequest): boolean {
  return request.status !== undefined && (request.status >= 400 || request.status === 0) && !isAnalyticsUrl(request.url);
}

/** Tie errors and failing requests to the clicks before them. Returns ties by click. */
export function tieErrors(
  clicks: readonly ClickRecord[],
  errors: readonly ErrorRecord[],
  requests: readonly NetworkRequest[],
  config: DetectConfig,
): Map<ClickRecord, ErrorTie> {
  const ties = new Map<ClickRecord, ErrorTie>();
  const { windowMs } = config.errorClick;
  const candidates: { index: number; click: ClickRecord }[] = [];
  const untiedBySignature = new Map<string, number>();
  errors.forEach((error, index) => {
    if (!isUncaught(error)) return;
    const click = latestClickAtOrBefore(clicks, error.atMs);
    if (click && error.atMs - click.atMs <= windowMs) candidates.push({ index, click });
    else untiedBySignature.set(signature(error), (untiedBySignature.get(signature(error)) ?? 0) + 1);
  });
  for (const { index, click } of candidates) {
    if ((untiedBySignature.get(signature(errors[index])) ?? 0) >= 2) continue;
    let tie = ties.get(click);
    if (!tie) ties.set(click, (tie = { click, errorIndexes: [] }));
    tie.errorIndexes.push(index);
  }
  const byTimestamp = [...clicks].sort((a, b) => a.timestamp - b.timestamp);
  for (const request of requests) {
    if (!failing(request) || !Number.isFinite(request.startTimestamp)) continue;
    let lo = 0;
    let hi = byTimestamp.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byTimestamp[mid].timestamp <= request.startTimestamp) lo = mid + 1;
      else hi = mid;
    }
    const click = lo > 0 ? byTimestamp[lo - 1] : undefined;
    if (!click || request.startTimestamp - click.timestamp > windowMs) continue;
    // A request aborted by the navigation the click started is not a failure the user saw.
    if (request.status === 0 && click.navigationDelayMs !== undefined) continue;
    let tie = ties.get(click);
    if (!tie) ties.set(click, (tie = { click, errorIndexes: [] }));
    if (!tie.request || request.startTimestamp < tie.request.startTimestamp) tie.request = request;
  }
  return ties;
}

function describeError(error: ErrorRecord): string {
  const message = error.message.replace(/\s+/g, ' ').trim();
  const cut = message.length > 120 ? `${message.slice(0, 119)}…` : message;
  return cut ? `${error.type}: ${cut}` : error.type;
}

/** One error-click struggle for a tie (and the rest of its rage burst when there is one). */
export function errorClickStruggle(
  tie: ErrorTie,
  errors: readonly ErrorRecord[],
  burst: readonly ClickRecord[] | undefined,
  extraErrorIndexes: readonly number[],
): Struggle {
  const click = tie.click;
  const info = clickInfo(click);
  const allIndexes = [...new Set([...tie.errorIndexes, ...extraErrorIndexes])].sort((a, b) => a - b);
  const firstError = allIndexes.length ? errors[allIndexes[0]] : undefined;
  const details: Record<string, unknown> = {};
  let summary: string;
  let durationMs: number;
  if (firstError) {
    durationMs = Math.max(0, firstError.atMs - click.atMs);
    details.errorDelayMs = durationMs;
    details.error = { type: firstError.type, message: firstError.message, origin: firstError.origin };
    const frame = firstError.frames[0];
    if (frame) details.frame = { function: frame.function, url: frame.url, line: frame.line, column: frame.column };
    if (allIndexes.length > 1) details.errorCount = allIndexes.length;
    summary = `Click on ${labelOf(info)} was followed ${seconds(durationMs)} later by ${describeError(firstError)}`;
  } else {
    const request = tie.request as NetworkRequest;
    durationMs = Math.max(0, request.startTimestamp - click.timestamp);
    summary = `Click on ${labelOf(info)} started a request that failed (${request.method ?? 'GET'} ${pathOf(request.url)} → ${request.status === 0 ? 'network error' : request.status})`;
  }
  if (tie.request) {
    details.request = {
      url: tie.request.url,
      ...(tie.request.method ? { method: tie.request.method } : {}),
      status: tie.request.status,
      startedAfterMs: Math.max(0, tie.request.startTimestamp - click.timestamp),
    };
  }
  if (burst && burst.length > 1) {
    details.clicks = burst.length;
    details.clicksAtMs = burst.map((c) => c.atMs);
  }
  const struggle: Struggle = {
    id: '',
    kind: 'error-click',
    atMs: click.atMs,
    durationMs,
    url: click.url,
    severity: 'high',
    confidence: clamp01(firstError ? (durationMs <= 500 ? 0.95 : 0.85) : 0.8),
    summary,
    details,
    sources: [],
  };
  if (firstError) struggle.errorIndex = allIndexes[0];
  if (info) struggle.target = targetOf(info);
  return struggle;
}

/**
 * The page on screen at `atMs`: the latest-starting page still open then (each page ends with its
 * window's next page or last event), else the latest one started before it, else the first one.
 */
export function pageAt(pages: readonly Page[], atMs: number): Page | undefined {
  let open: Page | undefined;
  let started: Page | undefined;
  for (const page of pages) {
    if (page.atMs > atMs) continue;
    if (!started || page.atMs >= started.atMs) started = page;
    if (atMs <= page.atMs + page.durationMs && (!open || page.atMs >= open.atMs)) open = page;
  }
  return open ?? started ?? pages[0];
}

/** `error` struggles: errors not tied to a click, one per distinct error and page. */
export function errorStruggles(errors: readonly ErrorRecord[], tied: ReadonlySet<number>, pages: readonly Page[]): Struggle[] {
  const groups = new Map<string, { indexes: number[]; url: string }>();
  errors.forEach((error, index) => {
    if (tied.has(index) || !isUncaught(error)) return;
    const url = pageAt(pages, error.atMs)?.url ?? '';
    const frame = error.frames[0];
    const key = `${url}\u0000${signature(error)}\u0000${frame?.url ?? ''}:${frame?.line ?? ''}:${frame?.column ?? ''}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { indexes: [], url }));
    group.indexes.push(index);
  });
  const out: Struggle[] = [];
  for (const { indexes, url } of groups.values()) {
    const first = errors[indexes[0]];
    const lastError = errors[indexes[indexes.length - 1]];
    const details: Record<string, unknown> = {
      error: { type: first.type, message: first.message, origin: first.origin },
      count: indexes.length,
    };
    if (indexes.length > 1) details.occurrencesAtMs = indexes.slice(0, 20).map((i) => errors[i].atMs);
    const frame = first.frames[0];
    if (frame) details.frame = { function: frame.function, url: frame.url, line: frame.line, column: frame.column };
    out.push({
      id: '',
      kind: 'error',
      // An error a moment before the first event (within the attach slack) marks the start.
      atMs: Math.max(0, first.atMs),
      durationMs: Math.max(0, lastError.atMs - first.atMs),
      url,
      severity: 'medium',
      confidence: clamp01(first.frames.length > 0 ? 0.9 : 0.8),
      summary: `Uncaught ${describeError(first)} on ${pathOf(url)}${indexes.length > 1 ? ` (${indexes.length} times)` : ''}`,
      details,
      errorIndex: indexes[0],
      sources: [],
    });
  }
  return out;
}
