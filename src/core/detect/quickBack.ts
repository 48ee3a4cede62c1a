/**
 * Quick backs: a u-turn — the user lands on a page and, within withinMs of its load, returns to
 * the URL they came from. The struggle is at the moment they turned back (`details.landedAtMs`
 * says when they arrived; `url` is the page they left). Followed per window through URL changes (new page loads, and the
 * single-page-app navigations Sentry records). A reload of the same URL is not a move.
 */
import type { RecordingEvent, Struggle } from '../model';
import type { EventObserver, PassContext } from '../recording/pass';
import type { DetectConfig } from './config';
import { clamp01, pathOf, sameUrl, seconds } from './text';

interface Visit {
  url: string;
  atMs: number;
}

export class QuickBackDetector implements EventObserver {
  readonly struggles: Struggle[] = [];
  private readonly visits = new Map<string, Visit[]>();

  constructor(private readonly config: DetectConfig) {}

  onEvent(_event: RecordingEvent, ctx: PassContext): void {
    if (!ctx.url) return;
    const key = ctx.windowId ?? '';
    let list = this.visits.get(key);
    if (!list) this.visits.set(key, (list = []));
    const current = list[list.length - 1];
    if (current && (current.url === ctx.url || sameUrl(current.url, ctx.url))) return;
    const visit = { url: ctx.url, atMs: ctx.atMs };
    const previous = list[list.length - 2];
    if (current && previous && sameUrl(previous.url, ctx.url)) {
      const stayedMs = ctx.atMs - current.atMs;
      if (stayedMs <= this.config.quickBack.withinMs) {
        this.struggles.push({
          id: '',
          kind: 'quick-back',
          atMs: ctx.atMs,
          durationMs: stayedMs,
          url: current.url,
          severity: 'low',
          confidence: clamp01(0.7),
          summary: `Left ${pathOf(current.url)} ${seconds(stayedMs)} after it loaded, back to ${pathOf(ctx.url)}`,
          details: { stayedMs, landedAtMs: current.atMs, from: previous.url, backTo: ctx.url, withinMs: this.config.quickBack.withinMs },
          sources: [],
        });
      }
    }
    list.push(visit);
    if (list.length > 2) list.shift();
  }
}
