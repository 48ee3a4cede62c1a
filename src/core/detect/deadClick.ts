/**
 * Dead clicks: a Click on an interactive-looking target that gets no response within windowMs.
 *
 * Never for excluded targets (text inputs, textarea, select, contenteditable, canvas, media,
 * iframes, native pickers, `a[download]`, `a[target=_blank]`, links to other origins or apps),
 * for ignored elements, or for clicks whose late response is a navigation (a slow navigation is a
 * slow-load, not also a dead click; for links and submit buttons, however late the next page
 * comes, as long as no other click came between). A recording that ends less than windowMs after the click is
 * indeterminate: no struggle. A response between windowMs and lateWatchMs keeps the dead click
 * and reports its latency. Consecutive dead clicks on the same target, each within windowMs of
 * the previous, are one incident.
 */
import type { Struggle } from '../model';
import { clickInfo, type ClickRecord } from './clicks';
import type { DetectConfig } from './config';
import { clamp01 } from '../numbers';
import { labelOf, targetOf } from './struggleTarget';
import { seconds } from './wording';

export type DeadVerdict =
  | { dead: true; lateResponse?: { kind: string; delayMs: number } }
  | { dead: false; reason: 'not interactive' | 'excluded' | 'ignored' | 'answered' | 'navigation' | 'indeterminate' | 'unknown target' };

/** Is this single click dead? `lastAtMs`: ms of the recording's last event. */
export function deadVerdict(click: ClickRecord, lastAtMs: number, config: DetectConfig): DeadVerdict {
  const { windowMs, lateWatchMs } = config.deadClick;
  if (!click.resolved) return { dead: false, reason: 'unknown target' };
  if (click.ignoredBy !== undefined) return { dead: false, reason: 'ignored' };
  if (!click.resolved.interactive) return { dead: false, reason: 'not interactive' };
  if (click.resolved.exclusion !== undefined) return { dead: false, reason: 'excluded' };
  const response = click.firstResponse;
  if (response && response.delayMs <= windowMs) return { dead: false, reason: 'answered' };
  const navigation = click.navigationDelayMs;
  if (navigation !== undefined && (navigation <= lateWatchMs || navigates(click))) return { dead: false, reason: 'navigation' };
  if (lastAtMs - click.atMs < windowMs) return { dead: false, reason: 'indeterminate' };
  if (response && response.delayMs <= lateWatchMs) return { dead: true, lateResponse: { kind: response.kind, delayMs: response.delayMs } };
  return { dead: true };
}

/** Links and submit buttons start navigations, however slow the server is. */
function navigates(click: ClickRecord): boolean {
  const why = click.resolved?.why;
  if (why === 'a[href]' || why === 'input[type=submit]' || why === 'input[type=image]') return true;
  if (why !== 'button') return false;
  const resolved = click.resolved;
  if (!resolved) return false;
  const type = resolved.chain[resolved.index]?.attributes.type?.toLowerCase();
  return (type === undefined || type === 'submit') && resolved.chain.slice(resolved.index + 1).some((a) => a.tag === 'form');
}

function sameTarget(a: ClickRecord, b: ClickRecord): boolean {
  return a.windowKey === b.windowKey && a.url === b.url && a.resolved?.nodeId === b.resolved?.nodeId;
}

/**
 * Dead-click struggles for the given clicks (time order), skipping `subsumed` ones (part of a
 * rage burst or an error click).
 */
export function deadClickStruggles(
  clicks: readonly ClickRecord[],
  subsumed: ReadonlySet<ClickRecord>,
  lastAtMs: number,
  config: DetectConfig,
): Struggle[] {
  const incidents: { clicks: ClickRecord[]; verdicts: DeadVerdict[] }[] = [];
  const openByWindow = new Map<string, { clicks: ClickRecord[]; verdicts: DeadVerdict[] }>();
  for (const click of clicks) {
    if (subsumed.has(click)) continue;
    const verdict = deadVerdict(click, lastAtMs, config);
    if (!verdict.dead) continue;
    const open = openByWindow.get(click.windowKey);
    const previous = open?.clicks[open.clicks.length - 1];
    if (open && previous && sameTarget(previous, click) && click.atMs - previous.atMs <= config.deadClick.windowMs) {
      open.clicks.push(click);
      open.verdicts.push(verdict);
      continue;
    }
    const incident = { clicks: [click], verdicts: [verdict] };
    incidents.push(incident);
    openByWindow.set(click.windowKey, incident);
  }
  return incidents.map(({ clicks: group, verdicts }) => struggleFor(group, verdicts, lastAtMs, config));
}

function struggleFor(group: ClickRecord[], verdicts: DeadVerdict[], lastAtMs: number, config: DetectConfig): Struggle {
  const { windowMs, lateWatchMs } = config.deadClick;
  const first = group[0];
  const last = group[group.length - 1];
  const verdict = verdicts[verdicts.length - 1] as Extract<DeadVerdict, { dead: true }>;
  const firstVerdict = verdicts[0] as Extract<DeadVerdict, { dead: true }>;
  const late = firstVerdict.lateResponse;
  const watched = Math.min(lastAtMs - first.atMs, lateWatchMs, first.watchEndMs ?? Infinity);
  const silentMs = late ? late.delayMs : watched;
  const info = clickInfo(first);
  const details: Record<string, unknown> = {
    windowMs,
    silentMs,
  };
  if (late) {
    details.lateResponse = true;
    details.responseLatencyMs = late.delayMs;
    details.responseKind = late.kind;
  } else {
    details.watchedMs = watched;
    if (first.watchEndMs !== undefined && first.watchEndMs < lateWatchMs) details.watchEndedBy = 'next click';
  }
  if (group.length > 1) {
    details.count = group.length;
    details.clicksAtMs = group.map((c) => c.atMs);
  }
  if (first.resolved?.why) details.targetKind = first.resolved.why;
  const background = group.reduce((n, c) => n + c.backgroundChanges, 0);
  if (background > 0) {
    details.backgroundChangesIgnored = background;
    const example = group.find((c) => c.backgroundExample)?.backgroundExample;
    if (example) details.backgroundExample = example;
  }
  if (group.some((c) => c.selfFocus)) details.focusedClickedElementOnly = true;
  const consoleEvents = group.reduce((n, c) => n + c.consoleEvents, 0);
  if (consoleEvents > 0) details.consoleOutputIgnored = consoleEvents;
  const why = first.resolved?.why ?? '';
  let confidence = ['cursor:pointer', 'tabindex', 'onclick', 'label'].includes(why) || why.startsWith('role=') ? 0.7 : 0.85;
  if (background > 0) confidence -= 0.05;
  const label = labelOf(info);
  const summary = late
    ? `Click on ${label} got no response for ${seconds(late.delayMs)} (a late ${late.kind} came after ${seconds(late.delayMs)})`
    : group.length > 1
      ? `${group.length} clicks on ${label} got no response within ${seconds(windowMs)}`
      : `Click on ${label} got no response within ${seconds(windowMs)}`;
  const struggle: Struggle = {
    id: '',
    kind: 'dead-click',
    atMs: first.atMs,
    durationMs: late ? late.delayMs : last.atMs - first.atMs + Math.min(lastAtMs - last.atMs, windowMs),
    url: first.url,
    severity: 'medium',
    confidence: clamp01(confidence),
    summary,
    details,
    sources: [],
  };
  if (verdict.lateResponse && verdict !== firstVerdict) details.lastClickResponseLatencyMs = verdict.lateResponse.delayMs;
  if (info) struggle.target = targetOf(info);
  return struggle;
}
