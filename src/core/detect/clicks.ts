/**
 * The shared click model: every Click (MouseInteraction type 2; a double-click's DblClick is not
 * counted) with its resolved target and what happened after it, gathered in the single pass.
 *
 * Each click stays "pending" in its window for `deadClick.lateWatchMs` (bounded look-ahead): the
 * events that follow are classified once (response.ts) and offered to every pending click of the
 * window. A click records its first response (delay and kind), and — for the rage and thrash
 * detectors — the first scroll and text selection after it. Network requests are matched in
 * `applyRequests` after the pass.
 */
import { EventType, IncrementalSource, MouseInteractions } from '@rrweb/types';
import type { ElementInfo, NetworkRequest, RecordingEvent } from '../model';
import type { EventObserver, PassContext } from '../recording/observer';
import type { NodeMirror } from '../recording/mirror';
import type { DetectConfig } from './config';
import { describeFromChain, quickSelector } from './describe';
import { ResponseClassifier, type ResponseKind, type Signal } from './response';
import { IgnoreMatcher } from './ignoreSelectors';
import { resolveTarget, isWithin, type ResolvedTarget } from './target';

export interface FirstResponse {
  delayMs: number;
  kind: ResponseKind;
  nodeId?: number;
}

export interface ClickRecord {
  /** Index of the Click event in the session's events. */
  index: number;
  atMs: number;
  /** Epoch ms of the event. */
  timestamp: number;
  windowKey: string;
  url: string;
  x?: number;
  y?: number;
  /** The node the event named. */
  rawId: number;
  resolved?: ResolvedTarget;
  /**
   * The resolved target at the moment of the click: a quick description first, replaced by the
   * mirror's exact one (unique selector) when the click is still unanswered at the end of the
   * dead-click window — only clicks that may become struggles pay for a page-wide selector.
   */
  info?: ElementInfo;
  /**
   * Text of the target at the click (interactive targets), for the quick description: computed by
   * the mirror only when a struggle asks for it, or before the target's subtree changes.
   */
  text?: () => string;
  /** `info` is the mirror's exact description. */
  exact: boolean;
  /** The click may become a rage or dead click: describe it exactly if it stays unanswered. */
  describeLater: boolean;
  /** The ignore selector that matched the target or one of its ancestors. */
  ignoredBy?: string;
  firstResponse?: FirstResponse;
  /**
   * First navigation after the click while it was watched, or — for the window's latest click,
   * still unanswered — whenever the next page came.
   */
  navigationDelayMs?: number;
  /** First scroll and first text selection after the click, within the look-ahead. */
  scrollDelayMs?: number;
  selectionDelayMs?: number;
  /** The clicked element (or its target) received focus: noted, not a response. */
  selfFocus?: boolean;
  /** Console output seen while waiting: noted, not a response. */
  consoleEvents: number;
  /** Events with changes ignored as background activity within the dead-click window (before the first response). */
  backgroundChanges: number;
  /** One of those background nodes, described when first seen (evidence). */
  backgroundExample?: string;
  /** Time from the click to the last event seen while it was pending. */
  watchedMs: number;
  /**
   * The watch for a late response ended early, this long after the click: the user clicked again
   * after the dead-click window (what follows answers that click, not this one).
   */
  watchEndMs?: number;
}

interface WindowState {
  classifier: ResponseClassifier;
  pending: ClickRecord[];
  url: string;
  mirror?: NodeMirror;
  /** The window's latest click (a navigation long after it, with no click between, is its result). */
  lastClick?: ClickRecord;
}

export const MAX_EXACT_DESCRIPTIONS = 200;
/**
 * An exact description walks the whole page: all of them in one session together may visit at
 * most this many nodes (200 descriptions of a 5,000-node page), so huge pages do not make the
 * analysis quadratic. Clicks past the budget keep their quick description.
 */
export const EXACT_DESCRIPTION_NODE_BUDGET = 1_000_000;

/** Limits on exact descriptions per session (defaults: the constants above). */
export interface DescriptionLimits {
  descriptions?: number;
  nodes?: number;
}

/** The click's target as a struggle shows it: the exact description, else the quick one. */
export function clickInfo(click: ClickRecord): ElementInfo | undefined {
  if (click.info) return click.info;
  const resolved = click.resolved;
  if (!resolved || !resolved.chain.length) return undefined;
  click.info = describeFromChain(resolved.chain, resolved.index, resolved.scope, click.text ? click.text() : '');
  return click.info;
}

export class ClickTracker implements EventObserver {
  readonly clicks: ClickRecord[] = [];
  /** ms from session start of the last event. */
  lastAtMs = 0;
  private readonly windows = new Map<string, WindowState>();
  private readonly ignore: IgnoreMatcher;
  private readonly lookAheadMs: number;
  private readonly answeredLookAheadMs: number;
  /**
   * Exact descriptions walk the page: at most this many per session, walking at most this many
   * nodes in all (quick descriptions after that).
   */
  private exactBudget: number;
  private exactNodeBudget: number;

  constructor(
    private readonly config: DetectConfig,
    limits: DescriptionLimits = {},
  ) {
    this.exactBudget = limits.descriptions ?? MAX_EXACT_DESCRIPTIONS;
    this.exactNodeBudget = limits.nodes ?? EXACT_DESCRIPTION_NODE_BUDGET;
    this.ignore = new IgnoreMatcher(config.ignoreSelectors);
    this.lookAheadMs = Math.max(config.deadClick.lateWatchMs, config.deadClick.windowMs, config.rageClick.windowMs, config.errorClick.windowMs);
    this.answeredLookAheadMs = Math.min(this.lookAheadMs, config.rageClick.windowMs + config.deadClick.scrollResponseMs);
  }

  /**
   * Before the mirror applies the event: clicks still unanswered at the end of the dead-click
   * window get their exact description from the page as it stood during that window — not after
   * this event, which may be the late response that changes or replaces the target.
   */
  beforeEvent(_event: RecordingEvent, ctx: PassContext): void {
    const state = this.windows.get(ctx.windowId ?? '');
    if (!state || state.pending.length === 0) return;
    const deadWindowMs = this.config.deadClick.windowMs;
    for (const click of state.pending) {
      if (click.describeLater && !click.firstResponse && ctx.atMs - click.atMs >= deadWindowMs) this.describeExactly(click, ctx.mirror);
    }
  }

  onEvent(event: RecordingEvent, ctx: PassContext): void {
    this.lastAtMs = ctx.atMs;
    const key = ctx.windowId ?? '';
    let state = this.windows.get(key);
    const newWindow = !state;
    if (!state) {
      state = { classifier: new ResponseClassifier(), pending: [], url: ctx.url };
      this.windows.set(key, state);
      if (event.type === EventType.Meta) this.offerWindowOpen(key, ctx.atMs);
    }
    if (event.type === EventType.FullSnapshot) {
      // A new document: the old node ids are gone, the quick descriptions stay.
      for (const click of state.pending) click.describeLater = false;
      state.classifier.reset();
    }
    state.mirror = ctx.mirror;

    this.expire(state, ctx.atMs);
    const wantResponse = state.pending.length > 0;
    const classified = state.classifier.classify(event, ctx.mirror, ctx.atMs, wantResponse);
    let signal: Signal | undefined = classified.signal;
    if (ctx.url !== state.url) {
      if (!newWindow && state.url !== '') signal = { kind: 'navigation' };
      state.url = ctx.url;
    }
    if (wantResponse) {
      // One loop over the pending clicks: each click's own steps in order (exact description,
      // background and console evidence, the response); no step reads another click's state.
      const background = classified.background > 0 ? classified.backgroundNodeId : undefined;
      const consoleOutput = classified.console === true;
      const deadWindowMs = this.config.deadClick.windowMs;
      const pending = state.pending;
      for (let i = 0; i < pending.length; i++) {
        const click = pending[i];
        if (!click.firstResponse) {
          const age = ctx.atMs - click.atMs;
          if (background !== undefined && age <= deadWindowMs) {
            click.backgroundChanges++;
            if (click.backgroundExample === undefined) click.backgroundExample = quickSelector(ctx.mirror, background);
          }
          if (consoleOutput) click.consoleEvents++;
        }
        if (signal) this.offer(click, signal, ctx.atMs, ctx.mirror);
      }
    }
    if (signal?.kind === 'navigation' && state.lastClick && !state.lastClick.firstResponse) {
      state.lastClick.navigationDelayMs ??= ctx.atMs - state.lastClick.atMs;
    }

    if (event.type === EventType.IncrementalSnapshot) {
      const data = event.data;
      if (data?.source === IncrementalSource.MouseInteraction && data.type === MouseInteractions.Click) {
        state.classifier.noteInteraction();
        this.addClick(event, ctx, state);
      } else if (data?.source === IncrementalSource.Input && data.userTriggered !== false) {
        state.classifier.noteInteraction();
      }
    }
  }

  finish(): void {
    for (const state of this.windows.values()) {
      for (const click of state.pending) {
        click.watchedMs = Math.max(click.watchedMs, this.lastAtMs - click.atMs);
        if (click.describeLater && !click.firstResponse && state.mirror) this.describeExactly(click, state.mirror);
      }
      state.pending = [];
    }
  }

  /**
   * After finish(): drop the windows (their mirrors and response classifiers). The clicks keep
   * what struggles need; a text promised by the mirror is computed now so it does not hold the
   * page.
   */
  release(): void {
    for (const click of this.clicks) {
      if (!click.text) continue;
      const text = click.text();
      click.text = () => text;
    }
    this.windows.clear();
  }

  private describeExactly(click: ClickRecord, mirror: NodeMirror): void {
    click.describeLater = false;
    if (this.exactBudget <= 0 || this.exactNodeBudget < mirror.liveNodeCount) return;
    this.exactBudget--;
    this.exactNodeBudget -= mirror.liveNodeCount;
    click.exact = true;
    const id = click.resolved?.nodeId;
    if (id === undefined) return;
    const info = mirror.describe(id);
    if (!info) return;
    // The page as it is now (a moment after the click) gives the selector; the text is the one
    // the user saw when clicking, even if this very event (a late response) changed it.
    if (click.text) info.text = click.text();
    click.info = info;
  }

  /**
   * After the pass: a request (not analytics, not a beacon) that starts within
   * `deadClick.networkResponseMs` of a click is its response.
   */
  applyRequests(requests: readonly NetworkRequest[]): void {
    const starts = requests
      .filter((r) => Number.isFinite(r.startTimestamp) && isResponseRequest(r))
      .map((r) => r.startTimestamp)
      .sort((a, b) => a - b);
    if (!starts.length) return;
    const limit = this.config.deadClick.networkResponseMs;
    for (const click of this.clicks) {
      const at = lowerBound(starts, click.timestamp);
      if (at >= starts.length) continue;
      const delay = starts[at] - click.timestamp;
      if (delay > limit) continue;
      if (!click.firstResponse || delay < click.firstResponse.delayMs) click.firstResponse = { delayMs: delay, kind: 'network' };
    }
  }

  private addClick(event: RecordingEvent, ctx: PassContext, state: WindowState): void {
    const data = event.data;
    const click: ClickRecord = {
      index: ctx.index,
      atMs: ctx.atMs,
      timestamp: event.timestamp,
      windowKey: ctx.windowId ?? '',
      url: ctx.url,
      rawId: typeof data.id === 'number' ? data.id : -1,
      consoleEvents: 0,
      backgroundChanges: 0,
      watchedMs: 0,
      exact: false,
      describeLater: false,
    };
    if (typeof data.x === 'number' && Number.isFinite(data.x)) click.x = data.x;
    if (typeof data.y === 'number' && Number.isFinite(data.y)) click.y = data.y;
    const resolved = click.rawId >= 0 ? resolveTarget(ctx.mirror, click.rawId, ctx.url) : undefined;
    if (resolved) {
      click.resolved = resolved;
      if (!this.ignore.empty) {
        const by = this.ignore.match(resolved.chain);
        if (by !== undefined) click.ignoredBy = by;
      }
      // Text walks the subtree: only for interactive targets (small subtrees), and only when a
      // struggle needs it (the mirror keeps it as of this moment); the rest get it with the exact
      // description if they turn out to matter. The rest of the quick description is built from
      // the chain when a struggle needs it (clickInfo).
      if (resolved.interactive) click.text = ctx.mirror.textLater(resolved.nodeId, 80);
    }
    // Only clicks that can become rage or dead clicks pay for the exact description.
    const previous = state.lastClick;
    const repeated =
      previous !== undefined &&
      click.atMs - previous.atMs <= this.config.rageClick.windowMs &&
      ((previous.resolved?.nodeId !== undefined && previous.resolved.nodeId === resolved?.nodeId) ||
        (previous.x !== undefined && previous.y !== undefined && click.x !== undefined && click.y !== undefined &&
          Math.hypot(previous.x - click.x, previous.y - click.y) <= this.config.rageClick.radiusPx));
    click.describeLater = repeated || (resolved !== undefined && resolved.interactive && !resolved.exclusion && click.ignoredBy === undefined);
    if (repeated && previous && !previous.exact && !previous.describeLater && !previous.firstResponse && state.pending.includes(previous)) {
      // The start of a possible burst on a target that is not interactive: describe it now.
      this.describeExactly(previous, ctx.mirror);
    }
    this.endLateWatches(state, click.atMs);
    this.clicks.push(click);
    state.pending.push(click);
    state.lastClick = click;
  }

  /**
   * A new click at `atMs`: unanswered clicks already past the dead-click window stop waiting for a
   * late response, which from now on would be this click's.
   */
  private endLateWatches(state: WindowState, atMs: number): void {
    const windowMs = this.config.deadClick.windowMs;
    const pending = state.pending;
    let keep = 0;
    for (let i = 0; i < pending.length; i++) {
      const click = pending[i];
      const age = atMs - click.atMs;
      if (click.firstResponse || age <= windowMs) {
        pending[keep++] = click;
        continue;
      }
      click.watchEndMs = age;
      if (age > click.watchedMs) click.watchedMs = age;
    }
    if (keep !== pending.length) pending.length = keep;
  }

  private offer(click: ClickRecord, signal: Signal, atMs: number, mirror: NodeMirror): void {
    const delay = atMs - click.atMs;
    switch (signal.kind) {
      case 'scroll':
        click.scrollDelayMs ??= delay;
        if (delay > this.config.deadClick.scrollResponseMs) return;
        break;
      case 'selection':
        click.selectionDelayMs ??= delay;
        break;
      case 'navigation':
        click.navigationDelayMs ??= delay;
        break;
      case 'focus':
        if (signal.nodeId !== undefined && this.isSelf(click, signal.nodeId, mirror)) {
          click.selfFocus = true;
          return;
        }
        break;
      default:
        break;
    }
    if (!click.firstResponse) {
      click.firstResponse = { delayMs: delay, kind: signal.kind, ...(signal.nodeId !== undefined ? { nodeId: signal.nodeId } : {}) };
    }
  }

  /** Focus on the clicked node, its resolved target, or anything between them. */
  private isSelf(click: ClickRecord, focusedId: number, mirror: NodeMirror): boolean {
    if (focusedId === click.rawId) return true;
    const target = click.resolved?.nodeId;
    if (target === undefined) return false;
    if (focusedId === target) return true;
    // Between the deepest node and the target (e.g. a focusable wrapper inside a button).
    return isWithin(mirror, click.rawId, focusedId) && isWithin(mirror, focusedId, target);
  }

  private offerWindowOpen(newKey: string, atMs: number): void {
    for (const [key, state] of this.windows) {
      if (key === newKey) continue;
      this.expire(state, atMs);
      for (const click of state.pending) {
        if (!click.firstResponse) click.firstResponse = { delayMs: atMs - click.atMs, kind: 'window-open' };
      }
    }
  }

  /**
   * Drop clicks whose look-ahead is over: unanswered clicks are watched for lookAheadMs; answered
   * ones only as long as the rage detector still needs their scroll and selection.
   */
  private expire(state: WindowState, atMs: number): void {
    if (!state.pending.length) return;
    let keep = 0;
    const pending = state.pending;
    for (let i = 0; i < pending.length; i++) {
      const click = pending[i];
      const age = atMs - click.atMs;
      if (age > click.watchedMs) click.watchedMs = age;
      const limit = click.firstResponse ? this.answeredLookAheadMs : this.lookAheadMs;
      if (age <= limit) pending[keep++] = click;
      // Unanswered to the end of its look-ahead, no event of its window since (see beforeEvent): describe it as the page is.
      else if (click.describeLater && !click.firstResponse && state.mirror) this.describeExactly(click, state.mirror);
    }
    if (keep !== pending.length) pending.length = keep;
  }
}

/** Analytics, telemetry and replay uploads are never a page's response to a click. */
const ANALYTICS = /posthog|sentry|google-analytics|googletagmanager|doubleclick|segment\.(io|com)|mixpanel|amplitude|hotjar|clarity\.ms|datadoghq|browser-intake|newrelic|nr-data|fullstory|logrocket|heap(analytics)?\.|intercom|\/collect\b|\/(e|i\/v0\/e|batch|decide|flags|s|engage|track|rum|envelope)\/?(\?|$)/i;

export function isAnalyticsUrl(url: string): boolean {
  return ANALYTICS.test(url);
}

export function isResponseRequest(request: NetworkRequest): boolean {
  const initiator = request.initiatorType?.toLowerCase();
  if (initiator === 'beacon' || initiator === 'ping') return false;
  return !isAnalyticsUrl(request.url);
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
