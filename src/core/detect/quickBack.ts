/**
 * Quick backs: a u-turn — the user lands on a page and, within withinMs of its load, returns to
 * the URL they came from. The struggle is at the moment they turned back (`details.landedAtMs`
 * says when they arrived; `url` is the page they left). Followed per window through URL changes (new page loads, and the
 * single-page-app navigations Sentry records). A reload of the same URL is not a move.
 */
import type { RecordingEvent, Struggle } from '../model';
import type { EventObserver, PassContext } from '../recording/observer';
import type { DetectConfig } from './config';
import { clamp01 } from '../numbers';
import { pathOf, seconds } from './wording';

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

/** URLs compared for navigation purposes: no fragment, no trailing slash on the path. */
function sameUrl(a: string, b: string): boolean {
  return withoutFragmentAndSlash(a) === withoutFragmentAndSlash(b);
}

function withoutFragmentAndSlash(url: string): string {
  const noHash = url.split('#')[0];
  return noHash.endsWith('/') && noHash.length > 1 ? noHash.slice(0, -1) : noHash;
}
