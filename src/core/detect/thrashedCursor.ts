/**
 * Thrashed cursor: erratic mouse movement — ≥ minReversals horizontal direction reversals within
 * windowMs with ≥ minTravelPx of horizontal travel, not during a drag (button held, or rrweb Drag
 * events) or a text selection. A reversal is confirmed when the pointer comes back ≥ minSegmentPx
 * from its furthest point in the current direction (smaller wiggles are jitter). Consecutive
 * qualifying windows make one episode, one struggle. Low confidence: rrweb samples positions
 * every 50 ms by default, so fast shakes are under-sampled.
 */
import { EventType, IncrementalSource, MouseInteractions } from '@rrweb/types';
import type { RecordingEvent, Struggle } from '../model';
import type { EventObserver, PassContext } from '../recording/observer';
import type { DetectConfig } from './config';
import { selectsText } from './response';
import { quickSelector } from './describe';
import { clamp01 } from '../numbers';
import { seconds } from './wording';

interface Reversal {
  atMs: number;
  /** The extreme x where the direction changed. */
  x: number;
}

interface Episode {
  startMs: number;
  endMs: number;
  reversals: number;
  travelPx: number;
  url: string;
  nodeId?: number;
  /** Selector of the element under the pointer when the episode began (evidence only). */
  over?: string;
  selected: boolean;
}

interface WindowState {
  buttonDown: boolean;
  lastX?: number;
  direction: number;
  extremeX: number;
  /** The starting point, then each reversal point (trimmed to the window). */
  reversals: Reversal[];
  episode?: Episode;
}

export class ThrashedCursorDetector implements EventObserver {
  readonly struggles: Struggle[] = [];
  private readonly windows = new Map<string, WindowState>();

  constructor(private readonly config: DetectConfig) {}

  onEvent(event: RecordingEvent, ctx: PassContext): void {
    if (event.type !== EventType.IncrementalSnapshot) {
      if (event.type === EventType.FullSnapshot) this.reset(this.state(ctx.windowId));
      return;
    }
    const data = event.data;
    const state = this.state(ctx.windowId);
    switch (data?.source) {
      case IncrementalSource.MouseInteraction:
        if (data.type === MouseInteractions.MouseDown || data.type === MouseInteractions.TouchStart) {
          state.buttonDown = true;
          this.reset(state);
        } else if (data.type === MouseInteractions.MouseUp || data.type === MouseInteractions.TouchEnd || data.type === MouseInteractions.TouchCancel) {
          state.buttonDown = false;
          this.reset(state);
        }
        return;
      case IncrementalSource.Drag:
        this.reset(state);
        return;
      case IncrementalSource.Selection:
        if (selectsText(data) && state.episode) state.episode.selected = true;
        return;
      case IncrementalSource.MouseMove:
        if (state.buttonDown || !Array.isArray(data.positions)) return;
        for (const p of data.positions) {
          if (!p || typeof p.x !== 'number' || !Number.isFinite(p.x)) continue;
          const offset = typeof p.timeOffset === 'number' && Number.isFinite(p.timeOffset) ? p.timeOffset : 0;
          this.move(state, p.x, ctx.atMs + offset, typeof p.id === 'number' ? p.id : undefined, ctx);
        }
        return;
      default:
        return;
    }
  }

  finish(): void {
    for (const state of this.windows.values()) this.reset(state);
  }

  private state(windowId: string | undefined): WindowState {
    const key = windowId ?? '';
    let state = this.windows.get(key);
    if (!state) this.windows.set(key, (state = { buttonDown: false, direction: 0, extremeX: 0, reversals: [] }));
    return state;
  }

  /** Close any episode and forget the movement so far. */
  private reset(state: WindowState): void {
    this.close(state);
    state.lastX = undefined;
    state.direction = 0;
    state.reversals = [];
  }

  private move(state: WindowState, x: number, atMs: number, nodeId: number | undefined, ctx: PassContext): void {
    const { minSegmentPx, windowMs, minReversals, minTravelPx } = this.config.thrashedCursor;
    if (state.lastX === undefined) {
      state.lastX = x;
      state.extremeX = x;
      state.reversals = [{ atMs, x }];
      return;
    }
    state.lastX = x;
    if (state.direction === 0) {
      // No direction yet: wait for the first movement longer than jitter.
      if (Math.abs(x - state.extremeX) >= minSegmentPx) {
        state.direction = Math.sign(x - state.extremeX);
        state.extremeX = x;
      }
      return;
    }
    if ((x - state.extremeX) * state.direction >= 0) {
      state.extremeX = x;
      return;
    }
    if (Math.abs(x - state.extremeX) < minSegmentPx) return;
    // A reversal at the extreme point.
    state.reversals.push({ atMs, x: state.extremeX });
    state.direction = -state.direction;
    state.extremeX = x;
    // Keep the reversals (and the starting point before the first) within the window.
    while (state.reversals.length > 2 && atMs - state.reversals[1].atMs > windowMs) state.reversals.shift();
    const inWindow = state.reversals.length - 1;
    let travel = 0;
    for (let i = 1; i < state.reversals.length; i++) travel += Math.abs(state.reversals[i].x - state.reversals[i - 1].x);
    travel += Math.abs(x - state.reversals[state.reversals.length - 1].x);
    const qualifies = inWindow >= minReversals && travel >= minTravelPx;
    const episode = state.episode;
    if (qualifies) {
      if (episode && atMs - episode.endMs <= windowMs) {
        episode.endMs = atMs;
        episode.reversals++;
        episode.travelPx += Math.abs(state.reversals[state.reversals.length - 1].x - state.reversals[state.reversals.length - 2].x);
      } else {
        this.close(state);
        const start = state.reversals[1].atMs;
        state.episode = {
          startMs: start,
          endMs: atMs,
          reversals: inWindow,
          travelPx: travel,
          url: ctx.url,
          selected: false,
          ...(nodeId !== undefined ? { nodeId } : {}),
        };
        if (nodeId !== undefined) {
          const over = quickSelector(ctx.mirror, nodeId);
          if (over) state.episode.over = over;
        }
      }
    } else if (episode && atMs - episode.endMs > windowMs) {
      this.close(state);
    }
  }

  private close(state: WindowState): void {
    const episode = state.episode;
    state.episode = undefined;
    if (!episode || episode.selected) return;
    const durationMs = Math.max(0, episode.endMs - episode.startMs);
    const struggle: Struggle = {
      id: '',
      kind: 'thrashed-cursor',
      atMs: episode.startMs,
      durationMs,
      url: episode.url,
      severity: 'low',
      confidence: clamp01(0.4),
      summary: `Erratic mouse movement: ${episode.reversals} changes of direction in ${seconds(Math.max(durationMs, 1))} over ${Math.round(episode.travelPx)} px`,
      details: {
        reversals: episode.reversals,
        durationMs,
        travelPx: Math.round(episode.travelPx),
        windowMs: this.config.thrashedCursor.windowMs,
        ...(episode.over ? { over: episode.over } : {}),
      },
      sources: [],
    };
    this.struggles.push(struggle);
  }
}
