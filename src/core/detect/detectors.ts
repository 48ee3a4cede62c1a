/**
 * Struggle detection (struggles.md). `createDetectors(config)` gives the observers that run in the
 * session's single pass (linear in events; each click looks ahead a bounded window) and a
 * `finish(session)` that runs once pages, errors and requests are known and returns the
 * struggles, sorted by time, one per incident:
 *
 * - a rage burst subsumes its dead clicks (the whole chain of clicks on that target);
 * - an error click subsumes the dead click, and a rage burst whose clicks raised an error is
 *   one error click (with the burst in `details`);
 * - a click answered by a navigation is never dead (a slow navigation is one slow-load);
 * - repeated identical errors on a page are one `error` struggle with a count.
 */
import { EventType } from '@rrweb/types';
import type { ElementInfo, RecordingEvent, SessionModel, Struggle, StruggleKind } from '../model';
import type { EventObserver, PassContext } from '../recording/observer';
import { ClickTracker, type ClickRecord, type DescriptionLimits } from './clicks';
import { DEFAULT_DETECT_CONFIG, type DetectConfig } from './config';
import { deadClickStruggles } from './deadClick';
import { errorClickStruggle, errorStruggles, tieErrors, type ErrorTie } from './errorClick';
import { ExcessiveScrollDetector } from './excessiveScroll';
import { FormAbandonDetector } from './formAbandon';
import { QuickBackDetector } from './quickBack';
import { burstsOf, findChains, rageStruggle } from './rageClick';
import { slowLoadStruggles } from './slowLoad';
import { ThrashedCursorDetector } from './thrashedCursor';

export { DEFAULT_DETECT_CONFIG, SETTINGS, parseDetectConfig, defaultDetectConfig, type DetectConfig, type SettingDescriptor } from './config';

export interface Detectors {
  /** Run these in the session's pass (runPass). */
  observers: EventObserver[];
  /**
   * After the pass: let go of the node mirrors and per-window state, keeping only what finish()
   * needs (clicks, timing targets, the struggles of detectors that need no errors), so a session
   * can wait for its errors without holding its pages in memory.
   */
  release(): void;
  /** After the pass, with pages, errors and requests filled in: the struggles, sorted by atMs. */
  finish(session: SessionModel): Struggle[];
}

/**
 * Describes the elements timing sources name (Sentry web-vital spans carry rrweb node ids of the
 * LCP element and the INP target) at the moment they are reported, for slow-load targets.
 */
class TimingNodeCapture implements EventObserver {
  /** `${page.eventIndex}:${nodeId}` → the element as it was when the span was reported. */
  readonly described = new Map<string, ElementInfo>();

  onEvent(event: RecordingEvent, ctx: PassContext): void {
    if (event.type !== EventType.Custom || event.data?.tag !== 'performanceSpan') return;
    const payload = event.data.payload;
    const data = payload?.data;
    const ids: unknown[] = Array.isArray(data?.nodeIds) ? data.nodeIds : data?.nodeId !== undefined ? [data.nodeId] : [];
    const page = ctx.page;
    if (!page) return;
    for (const id of ids.slice(0, 5)) {
      if (typeof id !== 'number') continue;
      const mapKey = `${page.eventIndex}:${id}`;
      if (this.described.has(mapKey)) continue;
      const info = ctx.mirror.describe(id);
      if (info) this.described.set(mapKey, info);
    }
  }
}

const KIND_ORDER: Record<StruggleKind, number> = {
  'error-click': 0,
  'rage-click': 1,
  'dead-click': 2,
  error: 3,
  'slow-load': 4,
  'form-abandon': 5,
  'quick-back': 6,
  'excessive-scroll': 7,
  'thrashed-cursor': 8,
};

export function createDetectors(config: DetectConfig = DEFAULT_DETECT_CONFIG, limits?: DescriptionLimits): Detectors {
  const clicks = new ClickTracker(config, limits);
  const timingNodes = new TimingNodeCapture();
  // Detectors that need nothing but the events: their struggles are final after the pass.
  let standalone: { readonly struggles: Struggle[] }[] = [];
  const observers: EventObserver[] = [clicks, timingNodes];
  const add = (enabled: boolean, detector: EventObserver & { readonly struggles: Struggle[] }): void => {
    if (!enabled) return;
    observers.push(detector);
    standalone.push(detector);
  };
  add(config.thrashedCursor.enabled, new ThrashedCursorDetector(config));
  add(config.excessiveScroll.enabled, new ExcessiveScrollDetector(config));
  add(config.quickBack.enabled, new QuickBackDetector(config));
  add(config.formAbandon.enabled, new FormAbandonDetector(config));

  const detectors: Detectors = {
    observers,
    release(): void {
      clicks.release();
      standalone = standalone.map((d) => ({ struggles: d.struggles }));
      detectors.observers = [];
    },
    finish(session: SessionModel): Struggle[] {
      const lastAtMs = Math.max(clicks.lastAtMs, session.durationMs);
      clicks.applyRequests(session.requests);
      const all = clicks.clicks;
      const struggles: Struggle[] = [];
      const subsumed = new Set<ClickRecord>();
      const tiedErrors = new Set<number>();

      const ties: Map<ClickRecord, ErrorTie> = config.errorClick.enabled ? tieErrors(all, session.errors, session.requests, config) : new Map();
      const emitted = new Set<ClickRecord>();
      const emitErrorClick = (tie: ErrorTie, burst?: ClickRecord[]): void => {
        const extra: number[] = [];
        for (const c of burst ?? []) {
          const other = ties.get(c);
          if (other) {
            extra.push(...other.errorIndexes);
            emitted.add(c);
          }
          subsumed.add(c);
        }
        struggles.push(errorClickStruggle(tie, session.errors, burst, extra));
        for (const i of tie.errorIndexes) tiedErrors.add(i);
        for (const i of extra) tiedErrors.add(i);
        emitted.add(tie.click);
        subsumed.add(tie.click);
      };

      // Rage bursts (or error clicks when a burst's clicks raised errors).
      for (const chain of findChains(all, config)) {
        for (const burst of burstsOf(chain, config)) {
          const tied = chain.find((c) => ties.has(c) && !emitted.has(c));
          if (tied) {
            emitErrorClick(ties.get(tied) as ErrorTie, chain);
            break;
          }
          if (burst.suppressedBy !== undefined || !config.rageClick.enabled) continue;
          struggles.push(rageStruggle(burst, lastAtMs, config));
          for (const c of chain) subsumed.add(c);
        }
      }
      // Error clicks.
      for (const tie of ties.values()) if (!emitted.has(tie.click)) emitErrorClick(tie);
      // Dead clicks.
      if (config.deadClick.enabled) struggles.push(...deadClickStruggles(all, subsumed, lastAtMs, config));
      // Errors not tied to a click.
      if (config.error.enabled) struggles.push(...errorStruggles(session.errors, tiedErrors, [...session.pages].sort((a, b) => a.atMs - b.atMs)));
      // Slow loads.
      if (config.slowLoad.enabled) struggles.push(...slowLoadStruggles(session.pages, timingNodes.described, config));
      for (const detector of standalone) struggles.push(...detector.struggles);

      struggles.sort((a, b) => a.atMs - b.atMs || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
      assignIds(struggles);
      return struggles;
    },
  };
  return detectors;
}

/** Give each struggle a stable id `${kind}-${atMs}-${nodeId | 'page'}` (suffixed when two collide). */
function assignIds(struggles: Struggle[]): void {
  const used = new Map<string, number>();
  for (const struggle of struggles) {
    const base = `${struggle.kind}-${Math.round(struggle.atMs)}-${struggle.target?.nodeId ?? 'page'}`;
    const count = used.get(base) ?? 0;
    used.set(base, count + 1);
    struggle.id = count === 0 ? base : `${base}-${count + 1}`;
  }
}
