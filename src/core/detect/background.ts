/**
 * Background activity: clocks, countdowns, carousels, tickers and polling widgets change the page
 * whether or not anyone clicks. A change that repeats what was already happening on its own —
 * the same node (or the same kind of change among a parent's children) at a similar rhythm — is
 * not a response to a click, wherever it is on the page. A change to a part of the page that was
 * quiet, or one that breaks the rhythm, is.
 *
 * Every change is keyed twice: by its own node (`t:<id>` text, `a:<id>:<attr>` attribute,
 * `c:<parent>` children added/removed) and by its parent and change type (`pt:<parent>`,
 * `pa:<parent>:<attr>`), so a carousel that moves `is-active` from slide to slide keeps one rhythm
 * on the track even though each slide changes only every few seconds.
 *
 * A rhythm is learned only from *spontaneous* repeats: a key that changes again with no user
 * interaction (click, input) since its previous change, or after every such interaction had
 * already been answered by something else. A change that may be an interaction's first response
 * never teaches a rhythm — a counter clicked five times never looks like a clock — while a
 * carousel keeps its rhythm across a click that opened a panel elsewhere. The model keeps the
 * last four spontaneous intervals per key; a change continues the rhythm when the gap since the
 * key's previous change matches one of them within 150 ms (or 10 %): a click that moves the
 * carousel early breaks the rhythm, so it counts as a response. A key changing continuously (frame
 * by frame, gaps under 50 ms) since before the latest interaction is background too.
 */

/** Changes of one key closer together than this are one burst (one render). */
export const BURST_MS = 50;
const KEEP_INTERVALS = 4;
/** A change continues a rhythm when its gap matches a learned interval within this (or 10 %). */
const TOLERANCE_MS = 150;
const TOLERANCE = 0.1;

interface Rhythm {
  lastAt: number;
  /** Interaction counter at the key's last change. */
  lastSeq: number;
  /** Was the last change background (reused for changes in the same burst)? */
  lastBackground: boolean;
  /** Interaction counter when the current burst began. */
  burstSeq: number;
  intervals: number[];
}

export class ActivityModel {
  private readonly keys = new Map<string, Rhythm>();
  private seq = 0;
  /** Interactions up to this one have had a response. */
  private answeredSeq = 0;

  /** A user interaction (click, typing): the next change of each key may be its response. */
  noteInteraction(): void {
    this.seq++;
  }

  /** Is an interaction still waiting for its first response? */
  get awaitingResponse(): boolean {
    return this.answeredSeq !== this.seq;
  }

  /** Something answered the interactions so far (a visible change that is not background). */
  noteAnswered(): void {
    this.answeredSeq = this.seq;
  }

  /** Forget everything (a new page: new node ids). */
  reset(): void {
    this.keys.clear();
  }

  get size(): number {
    return this.keys.size;
  }

  /**
   * Record a change of `key` at `atMs` and say whether it continues the key's rhythm (learned
   * before this change).
   */
  observe(key: string, atMs: number): boolean {
    const rhythm = this.keys.get(key);
    if (!rhythm) {
      this.keys.set(key, { lastAt: atMs, lastSeq: this.seq, lastBackground: false, burstSeq: this.seq, intervals: [] });
      return false;
    }
    const gap = atMs - rhythm.lastAt;
    if (gap < BURST_MS) {
      // Continuous change (an animation frame by frame): background when it was already going
      // on before the latest interaction.
      rhythm.lastAt = atMs;
      rhythm.lastSeq = this.seq;
      if (rhythm.burstSeq !== this.seq) rhythm.lastBackground = true;
      return rhythm.lastBackground;
    }
    rhythm.burstSeq = this.seq;
    const background = continuesRhythm(rhythm.intervals, gap);
    if (rhythm.lastSeq === this.seq || this.answeredSeq === this.seq) {
      rhythm.intervals.push(gap);
      if (rhythm.intervals.length > KEEP_INTERVALS) rhythm.intervals.shift();
    }
    rhythm.lastAt = atMs;
    rhythm.lastSeq = this.seq;
    rhythm.lastBackground = background;
    return background;
  }

  /** The learned rhythm of a key (for evidence in details), or undefined. */
  rhythmOf(key: string): { minMs: number; maxMs: number } | undefined {
    const rhythm = this.keys.get(key);
    if (!rhythm || rhythm.intervals.length === 0) return undefined;
    return { minMs: Math.min(...rhythm.intervals), maxMs: Math.max(...rhythm.intervals) };
  }
}

function continuesRhythm(intervals: readonly number[], gap: number): boolean {
  for (const interval of intervals) {
    if (Math.abs(gap - interval) <= Math.max(TOLERANCE_MS, TOLERANCE * interval)) return true;
  }
  return false;
}
