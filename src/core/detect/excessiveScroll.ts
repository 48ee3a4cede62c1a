/**
 * Excessive scrolling: ≥ minReversals vertical direction reversals of the same scroll container
 * (the page or an element) within windowMs — scrolling up and down, hunting for something. A
 * reversal is confirmed when the position comes back ≥ minSegmentPx from its furthest point in
 * the current direction (smaller bounces do not count). Horizontal scrolling is left out:
 * carousels and sliders scroll sideways on their own. One struggle per episode and container.
 */
import { EventType, IncrementalSource } from '@rrweb/types';
import type { ElementInfo, RecordingEvent, Struggle } from '../model';
import type { EventObserver, PassContext } from '../recording/observer';
import type { DetectConfig } from './config';
import { quickDescribe } from './describe';
import { clamp01 } from '../numbers';
import { labelOf, targetOf } from './struggleTarget';
import { seconds } from './wording';

interface Episode {
  startMs: number;
  endMs: number;
  reversals: number;
  url: string;
  info?: ElementInfo;
  containerId: number;
}

interface Track {
  direction: number;
  extremeY: number;
  /** Reversal times within the window. */
  reversals: number[];
  episode?: Episode;
}

export class ExcessiveScrollDetector implements EventObserver {
  readonly struggles: Struggle[] = [];
  private readonly tracks = new Map<string, Map<number, Track>>();

  constructor(private readonly config: DetectConfig) {}

  onEvent(event: RecordingEvent, ctx: PassContext): void {
    const key = ctx.windowId ?? '';
    if (event.type === EventType.FullSnapshot) {
      this.closeWindow(key);
      return;
    }
    if (event.type !== EventType.IncrementalSnapshot || event.data?.source !== IncrementalSource.Scroll) return;
    const { id, y } = event.data as { id?: unknown; y?: unknown };
    if (typeof id !== 'number' || typeof y !== 'number' || !Number.isFinite(y)) return;
    let byId = this.tracks.get(key);
    if (!byId) this.tracks.set(key, (byId = new Map()));
    const track = byId.get(id);
    if (!track) {
      byId.set(id, { direction: 0, extremeY: y, reversals: [] });
      return;
    }
    this.scroll(track, id, y, ctx);
  }

  finish(): void {
    for (const key of [...this.tracks.keys()]) this.closeWindow(key);
  }

  private closeWindow(key: string): void {
    const byId = this.tracks.get(key);
    if (!byId) return;
    for (const track of byId.values()) this.close(track);
    this.tracks.delete(key);
  }

  private scroll(track: Track, id: number, y: number, ctx: PassContext): void {
    const { minSegmentPx, windowMs, minReversals } = this.config.excessiveScroll;
    const atMs = ctx.atMs;
    if (track.episode && atMs - track.episode.endMs > windowMs) this.close(track);
    if (track.direction === 0) {
      if (Math.abs(y - track.extremeY) >= minSegmentPx) {
        track.direction = Math.sign(y - track.extremeY);
        track.extremeY = y;
      }
      return;
    }
    if ((y - track.extremeY) * track.direction >= 0) {
      track.extremeY = y;
      return;
    }
    if (Math.abs(y - track.extremeY) < minSegmentPx) return;
    track.direction = -track.direction;
    track.extremeY = y;
    track.reversals.push(atMs);
    while (track.reversals.length && atMs - track.reversals[0] > windowMs) track.reversals.shift();
    if (track.reversals.length < minReversals) return;
    if (track.episode) {
      track.episode.endMs = atMs;
      track.episode.reversals++;
      return;
    }
    const episode: Episode = {
      startMs: track.reversals[0],
      endMs: atMs,
      reversals: track.reversals.length,
      url: ctx.url,
      containerId: id,
    };
    const info = quickDescribe(ctx.mirror, id);
    if (info && info.tag !== 'html' && info.tag !== 'body') episode.info = info;
    track.episode = episode;
  }

  private close(track: Track): void {
    const episode = track.episode;
    track.episode = undefined;
    if (!episode) return;
    const durationMs = episode.endMs - episode.startMs;
    const where = episode.info ? labelOf(episode.info) : 'the page';
    const struggle: Struggle = {
      id: '',
      kind: 'excessive-scroll',
      atMs: episode.startMs,
      durationMs,
      url: episode.url,
      severity: 'low',
      confidence: clamp01(0.6),
      summary: `Scrolled up and down ${episode.reversals} times in ${seconds(Math.max(durationMs, 1))} on ${where}`,
      details: {
        reversals: episode.reversals,
        durationMs,
        windowMs: this.config.excessiveScroll.windowMs,
        container: episode.info ? episode.info.selector : 'page',
      },
      sources: [],
    };
    if (episode.info) struggle.target = targetOf(episode.info);
    this.struggles.push(struggle);
  }
}
