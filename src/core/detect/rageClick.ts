/**
 * Rage clicks: ≥ minClicks Clicks within a windowMs sliding window on the same resolved target
 * (or ≤ radiusPx apart), where the clicks after the first get no response.
 *
 * Clicks are first grouped into chains: consecutive clicks of one window on the same target (or
 * close together) with gaps ≤ windowMs. Inside a chain, every run of minClicks clicks that fits
 * in windowMs is a rage window; overlapping windows make one burst (one struggle, however many
 * clicks). A burst is suppressed when it selects text or scrolls (triple-click to select, click
 * and scroll), when its target is a text-entry field, or when its clicks are answered: a click
 * after the first is answered when a response arrives before the next click (the last click:
 * within windowMs). A burst is rage when at least minClicks − 1 of its later clicks are
 * unanswered and they outnumber the answered ones — a stepper whose every click updates the
 * value never is.
 */
import type { Struggle } from '../model';
import { clickInfo, type ClickRecord } from './clicks';
import type { DetectConfig } from './config';
import { clamp01 } from '../numbers';
import { labelOf, targetOf } from './struggleTarget';
import { seconds } from './wording';

export interface RageBurst {
  /** Every click of the chain the burst belongs to (all subsumed when the burst is rage). */
  chain: ClickRecord[];
  /** The clicks inside the rage windows. */
  clicks: ClickRecord[];
  answered: number;
  unanswered: number;
  /** Why the burst is not rage; undefined when it is. */
  suppressedBy?: 'selection' | 'scroll' | 'answered';
}

function distance(a: ClickRecord, b: ClickRecord): number {
  if (a.x === undefined || a.y === undefined || b.x === undefined || b.y === undefined) return Infinity;
  return Math.hypot(a.x - b.x, a.y - b.y);
}

function sameTarget(a: ClickRecord, b: ClickRecord, radiusPx: number): boolean {
  if (a.windowKey !== b.windowKey) return false;
  if (a.resolved && b.resolved && a.resolved.nodeId === b.resolved.nodeId && a.url === b.url) return true;
  return distance(a, b) <= radiusPx;
}

/** Chains of ≥ minClicks clicks (see the module comment). Clicks must be in time order. */
export function findChains(clicks: readonly ClickRecord[], config: DetectConfig): ClickRecord[][] {
  const { windowMs, radiusPx, minClicks } = config.rageClick;
  const open = new Map<string, ClickRecord[]>();
  const chains: ClickRecord[][] = [];
  const close = (chain: ClickRecord[] | undefined): void => {
    if (chain && chain.length >= minClicks) chains.push(chain);
  };
  for (const click of clicks) {
    if (click.ignoredBy !== undefined || click.resolved?.textEntry) continue;
    const chain = open.get(click.windowKey);
    const last = chain?.[chain.length - 1];
    if (chain && last && click.atMs - last.atMs <= windowMs && sameTarget(last, click, radiusPx)) {
      chain.push(click);
    } else {
      close(chain);
      open.set(click.windowKey, [click]);
    }
  }
  for (const chain of open.values()) close(chain);
  return chains.sort((a, b) => a[0].atMs - b[0].atMs);
}

/** The bursts of one chain, each marked rage or suppressed. */
export function burstsOf(chain: ClickRecord[], config: DetectConfig): RageBurst[] {
  const { windowMs, minClicks } = config.rageClick;
  const ranges: [number, number][] = [];
  for (let i = minClicks - 1; i < chain.length; i++) {
    const from = i - minClicks + 1;
    if (chain[i].atMs - chain[from].atMs > windowMs) continue;
    const last = ranges[ranges.length - 1];
    if (last && from <= last[1]) last[1] = i;
    else ranges.push([from, i]);
  }
  return ranges.map(([from, to]) => judge(chain, chain.slice(from, to + 1), config));
}

function judge(chain: ClickRecord[], clicks: ClickRecord[], config: DetectConfig): RageBurst {
  const { windowMs, minClicks } = config.rageClick;
  const last = clicks[clicks.length - 1];
  const end = last.atMs + config.deadClick.scrollResponseMs;
  let answered = 0;
  let unanswered = 0;
  let selection = false;
  let scroll = false;
  for (let i = 0; i < clicks.length; i++) {
    const click = clicks[i];
    if (click.selectionDelayMs !== undefined && click.atMs + click.selectionDelayMs <= end) selection = true;
    if (click.scrollDelayMs !== undefined && click.atMs + click.scrollDelayMs <= end) scroll = true;
    if (i === 0) continue;
    const limit = i + 1 < clicks.length ? clicks[i + 1].atMs - click.atMs : windowMs;
    const response = click.firstResponse;
    if (response && response.delayMs <= limit) answered++;
    else unanswered++;
  }
  const burst: RageBurst = { chain, clicks, answered, unanswered };
  if (selection) burst.suppressedBy = 'selection';
  else if (scroll) burst.suppressedBy = 'scroll';
  else if (unanswered < minClicks - 1 || unanswered <= answered) burst.suppressedBy = 'answered';
  return burst;
}

/** The struggle for a rage burst. */
export function rageStruggle(burst: RageBurst, lastAtMs: number, config: DetectConfig): Struggle {
  const clicks = burst.clicks;
  const first = clicks[0];
  const last = clicks[clicks.length - 1];
  const durationMs = last.atMs - first.atMs;
  const exact = clicks.find((c) => c.exact);
  const info = exact ? clickInfo(exact) : (clickInfo(first) ?? clickInfo(last));
  const after = last.firstResponse;
  const silentMs =
    after && after.delayMs <= config.deadClick.lateWatchMs ? after.delayMs : Math.min(lastAtMs - last.atMs, config.deadClick.lateWatchMs);
  const details: Record<string, unknown> = {
    count: clicks.length,
    durationMs,
    clicksAtMs: clicks.map((c) => c.atMs),
    unansweredClicks: burst.unanswered,
    answeredClicks: burst.answered,
    silentMs,
  };
  if (after) details.responseAfterLastClick = { kind: after.kind, delayMs: after.delayMs };
  if (first.resolved) details.interactive = first.resolved.interactive;
  if (first.resolved?.why) details.targetKind = first.resolved.why;
  if (burst.chain.length > clicks.length) details.chainClicks = burst.chain.length;
  const background = clicks.reduce((n, c) => n + c.backgroundChanges, 0);
  if (background > 0) details.backgroundChangesIgnored = background;
  let confidence = burst.answered === 0 ? 0.95 : 0.8;
  if (first.resolved && !first.resolved.interactive) confidence -= 0.15;
  const struggle: Struggle = {
    id: '',
    kind: 'rage-click',
    atMs: first.atMs,
    durationMs,
    url: first.url,
    severity: 'high',
    confidence: clamp01(confidence),
    summary:
      burst.answered === 0
        ? `${clicks.length} clicks in ${seconds(durationMs)} on ${labelOf(info)} with no response`
        : `${clicks.length} clicks in ${seconds(durationMs)} on ${labelOf(info)}, ${burst.unanswered} of them with no response`,
    details,
    sources: [],
  };
  if (info) struggle.target = targetOf(info);
  return struggle;
}
