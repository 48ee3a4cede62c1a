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

/** Keys of one node: children added/removed (`c:`), text (`t:`), a parent's text children (`pt:`). */
export type NodeKeyKind = 'c' | 't' | 'pt';
/** Keys of one node and attribute: the node's own (`a:`), its parent's children's (`pa:`). */
export type AttributeKeyKind = 'a' | 'pa';

const NODE_KEY = /^(c|t|pt):(.*)$/s;
const ATTRIBUTE_KEY = /^(a|pa):([^:]*):(.*)$/s;

export class ActivityModel {
  /** Keys that name no node (style sheets, canvas, media, …). */
  private readonly keys = new Map<string, Rhythm>();
  /** Node keys by kind and node id (no string built per change). */
  private readonly nodeKeys: Record<NodeKeyKind, Map<number, Rhythm>> = { c: new Map(), t: new Map(), pt: new Map() };
  /** Attribute keys by kind, node id and attribute name. */
  private readonly attributeKeys: Record<AttributeKeyKind, Map<number, Map<string, Rhythm>>> = { a: new Map(), pa: new Map() };
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
    this.nodeKeys.c.clear();
    this.nodeKeys.t.clear();
    this.nodeKeys.pt.clear();
    this.attributeKeys.a.clear();
    this.attributeKeys.pa.clear();
  }

  get size(): number {
    let size = this.keys.size + this.nodeKeys.c.size + this.nodeKeys.t.size + this.nodeKeys.pt.size;
    for (const byNode of this.attributeKeys.a.values()) size += byNode.size;
    for (const byNode of this.attributeKeys.pa.values()) size += byNode.size;
    return size;
  }

  /**
   * Record a change of `key` at `atMs` and say whether it continues the key's rhythm (learned
   * before this change).
   */
  observe(key: string, atMs: number): boolean {
    const node = NODE_KEY.exec(key);
    if (node) {
      const id = Number(node[2]);
      if (`${id}` === node[2]) return this.observeNode(node[1] as NodeKeyKind, id, atMs);
    }
    const attribute = ATTRIBUTE_KEY.exec(key);
    if (attribute) {
      const id = Number(attribute[2]);
      if (`${id}` === attribute[2]) return this.observeAttribute(attribute[1] as AttributeKeyKind, id, attribute[3], atMs);
    }
    const rhythm = this.keys.get(key);
    if (!rhythm) {
      this.keys.set(key, this.fresh(atMs));
      return false;
    }
    return this.update(rhythm, atMs);
  }

  /** `observe(`${kind}:${id}`, atMs)` without building the key. */
  observeNode(kind: NodeKeyKind, id: number, atMs: number): boolean {
    const map = this.nodeKeys[kind];
    const rhythm = map.get(id);
    if (!rhythm) {
      map.set(id, this.fresh(atMs));
      return false;
    }
    return this.update(rhythm, atMs);
  }

  /** `observe(`${kind}:${id}:${name}`, atMs)` without building the key. */
  observeAttribute(kind: AttributeKeyKind, id: number, name: string, atMs: number): boolean {
    const map = this.attributeKeys[kind];
    let byName = map.get(id);
    if (!byName) map.set(id, (byName = new Map()));
    const rhythm = byName.get(name);
    if (!rhythm) {
      byName.set(name, this.fresh(atMs));
      return false;
    }
    return this.update(rhythm, atMs);
  }

  private fresh(atMs: number): Rhythm {
    return { lastAt: atMs, lastSeq: this.seq, lastBackground: false, burstSeq: this.seq, intervals: [] };
  }

  private update(rhythm: Rhythm, atMs: number): boolean {
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
    const rhythm = this.lookup(key);
    if (!rhythm || rhythm.intervals.length === 0) return undefined;
    return { minMs: Math.min(...rhythm.intervals), maxMs: Math.max(...rhythm.intervals) };
  }

  private lookup(key: string): Rhythm | undefined {
    const node = NODE_KEY.exec(key);
    if (node) {
      const id = Number(node[2]);
      if (`${id}` === node[2]) return this.nodeKeys[node[1] as NodeKeyKind].get(id);
    }
    const attribute = ATTRIBUTE_KEY.exec(key);
    if (attribute) {
      const id = Number(attribute[2]);
      if (`${id}` === attribute[2]) return this.attributeKeys[attribute[1] as AttributeKeyKind].get(id)?.get(attribute[3]);
    }
    return this.keys.get(key);
  }
}

function continuesRhythm(intervals: readonly number[], gap: number): boolean {
  for (const interval of intervals) {
    if (Math.abs(gap - interval) <= Math.max(TOLERANCE_MS, TOLERANCE * interval)) return true;
  }
  return false;
}
