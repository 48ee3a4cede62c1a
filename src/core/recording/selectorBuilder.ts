/**
 * Readable, stable selectors for mirrored elements: the shortest chain of parts (test ids, ids,
 * names and labels first, else tags, classes and nth-of-type) that matches the element alone in
 * its root. One walk over the root counts anchors and collects look-alikes; parts are added
 * upwards until no look-alike is left.
 */
import { NodeType } from '@rrweb/types';
import type { MNode } from './mirror';
import { TEST_ID_ATTRIBUTES, isGeneratedId, pickClasses, renderChain, renderPart, type SelectorPart } from './selectorParts';

/** Longest attribute value used as a selector anchor. */
const MAX_ANCHOR_LENGTH = 100;
/** Parts in a selector chain before looking for a descendant-combinator anchor. */
const MAX_PARTS = 5;
/** Parts at most; a chain this long that is still ambiguous is returned as is. */
const HARD_MAX_PARTS = 16;
/** Path level of a candidate that is under none of the target's ancestors. */
const NOT_INSIDE = 0x3fffffff;

/** An anchor candidate: a part that names the element on its own, and how to count it. */
interface Anchor {
  part: SelectorPart;
  /** Which attribute: a test-id attribute's name, or 'id', 'name', 'aria-label'. */
  attr: string;
  value: string;
  /** For name and aria-label: the tag the element must have too. */
  tag?: string;
}

/** One anchor being counted over a page walk. */
interface AnchorCount {
  tag: string | undefined;
  count: number;
}

/**
 * Counts, in one walk over the page, how many elements carry each anchor of the path being
 * described. Lookups go by the attribute's own value string (no key is built per element).
 */
class AnchorCounter {
  /** attribute name → value → the anchors with that value (one per tag for name/aria-label). */
  private readonly byAttr = new Map<string, Map<string, AnchorCount[]>>();
  private readonly attrs: string[] = [];
  private readonly counts = new Map<Anchor, AnchorCount>();

  constructor(anchorLists: readonly (readonly Anchor[])[]) {
    for (const list of anchorLists) {
      for (const a of list) {
        let byValue = this.byAttr.get(a.attr);
        if (!byValue) {
          this.byAttr.set(a.attr, (byValue = new Map()));
          this.attrs.push(a.attr);
        }
        let entries = byValue.get(a.value);
        if (!entries) byValue.set(a.value, (entries = []));
        let entry = entries.find((e) => e.tag === a.tag);
        if (!entry) entries.push((entry = { tag: a.tag, count: 0 }));
        this.counts.set(a, entry);
      }
    }
  }

  get empty(): boolean {
    return this.attrs.length === 0;
  }

  /** Count the anchors of interest the element carries. */
  add(n: MNode): void {
    const a = n.attributes;
    for (let i = 0; i < this.attrs.length; i++) {
      const name = this.attrs[i];
      const v = a[name];
      if (v === undefined) continue;
      const entries = this.byAttr.get(name)!.get(v);
      if (!entries) continue;
      for (const e of entries) if (e.tag === undefined || e.tag === n.tagName) e.count++;
    }
  }

  /** Elements in the page that carry the anchor. */
  count(a: Anchor): number {
    return this.counts.get(a)?.count ?? 0;
  }
}

function usableAnchorValue(v: string | undefined): v is string {
  return v !== undefined && v.trim().length > 0 && v.length <= MAX_ANCHOR_LENGTH;
}

/** The element's anchors in order of preference: test ids, id, name, aria-label. */
function anchorsOf(n: MNode): Anchor[] {
  const a = n.attributes;
  const out: Anchor[] = [];
  for (const name of TEST_ID_ATTRIBUTES) {
    const v = a[name];
    if (usableAnchorValue(v)) out.push({ part: { attr: [name, v] }, attr: name, value: v });
  }
  const id = a.id;
  if (id !== undefined && id.length > 0 && !isGeneratedId(id)) out.push({ part: { id }, attr: 'id', value: id });
  const nm = a.name;
  if (usableAnchorValue(nm)) out.push({ part: { tag: n.tagName, attr: ['name', nm] }, attr: 'name', value: nm, tag: n.tagName });
  const label = a['aria-label'];
  if (usableAnchorValue(label)) out.push({ part: { tag: n.tagName, attr: ['aria-label', label] }, attr: 'aria-label', value: label, tag: n.tagName });
  return out;
}

function isClassSeparator(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
}

/** `cls` is one of the whitespace-separated tokens of `attr` (no allocation). */
function classListHas(attr: string, cls: string): boolean {
  let from = 0;
  for (;;) {
    const at = attr.indexOf(cls, from);
    if (at < 0) return false;
    const end = at + cls.length;
    if ((at === 0 || isClassSeparator(attr.charCodeAt(at - 1))) && (end === attr.length || isClassSeparator(attr.charCodeAt(end)))) return true;
    from = at + 1;
  }
}

function hasClasses(n: MNode, classes: readonly string[]): boolean {
  const attr = n.attributes.class;
  if (attr === undefined) return false;
  for (const cls of classes) if (!classListHas(attr, cls)) return false;
  return true;
}

/** The part matches, ignoring `nth`. */
function matchesBase(n: MNode, p: SelectorPart): boolean {
  if (n.type !== NodeType.Element) return false;
  if (p.tag !== undefined && n.tagName !== p.tag) return false;
  if (p.id !== undefined && n.attributes.id !== p.id) return false;
  if (p.attr !== undefined && n.attributes[p.attr[0]] !== p.attr[1]) return false;
  if (p.classes !== undefined && p.classes.length > 0 && !hasClasses(n, p.classes)) return false;
  return true;
}

type Chain = { parts: SelectorPart[]; combs: ('>' | ' ')[] };

/** Builds selectors over one mirror's nodes; the mirror clears it whenever the page changes. */
export class SelectorBuilder {
  private cache = new Map<number, string>();
  /** nth-of-type indexes for the selector being built. */
  private nthCache = new Map<MNode, number>();
  /** Reused walk stacks (sibling lists, positions, path levels). */
  private readonly scratchLists: (readonly MNode[])[] = [];
  private readonly scratchPositions: number[] = [];
  private readonly scratchLevels: number[] = [];

  constructor(private readonly nodes: ReadonlyMap<number, MNode>) {}

  /** Forget the cached selectors: a snapshot or mutation changed the page. */
  clear(): void {
    if (this.cache.size > 0) this.cache = new Map();
  }

  /** A selector unique in the element's root (document or shadow root), cached until clear(). */
  selectorOf(el: MNode): string {
    const cached = this.cache.get(el.id);
    if (cached !== undefined && this.nodes.get(el.id) === el) return cached;
    this.nthCache = new Map();
    try {
      const selector = this.buildSelector(el);
      if (this.nodes.get(el.id) === el) this.cache.set(el.id, selector);
      return selector;
    } finally {
      this.nthCache = new Map();
      this.scratchLists.length = 0;
      this.scratchPositions.length = 0;
      this.scratchLevels.length = 0;
    }
  }

  /** The parent element within the same root (null at a document or shadow-root boundary). */
  private parentInScope(n: MNode): MNode | null {
    if (n.isShadow) return null;
    const p = n.parentNode;
    return p && p.type === NodeType.Element ? p : null;
  }

  /** The nodes at the top of the root that holds `n` (its document's or shadow root's children). */
  private scopeTop(n: MNode): readonly MNode[] {
    let cur = n;
    for (let steps = this.nodes.size; steps > 0; steps--) {
      const p = cur.parentNode;
      if (!p) return [cur];
      if (cur.isShadow) return p.shadow ?? [cur];
      if (p.type !== NodeType.Element) return p.kids ?? [cur];
      cur = p;
    }
    return [cur];
  }

  /** The list `n` sits in (its parent's children or shadow root). */
  private siblingsOf(n: MNode): readonly MNode[] | null {
    const p = n.parentNode;
    if (!p) return null;
    return n.isShadow ? p.shadow : p.kids;
  }

  /**
   * 1-based index among same-tag siblings; 0 when the node is not in its parent's list. Indexes of
   * a whole sibling list are computed at once and cached for the selector being built.
   */
  private nthOfType(n: MNode): number {
    const known = this.nthCache.get(n);
    if (known !== undefined) return known;
    const list = this.siblingsOf(n);
    let result = 0;
    if (list) {
      const perTag = new Map<string, number>();
      for (const s of list) {
        if (s.type !== NodeType.Element) continue;
        const index = (perTag.get(s.tagName) ?? 0) + 1;
        perTag.set(s.tagName, index);
        this.nthCache.set(s, index);
        if (s === n) result = index;
      }
    }
    this.nthCache.set(n, result);
    return result;
  }

  /** The part for one element: its first anchor, or tag + classes; nth-of-type if siblings need it. */
  private partFor(n: MNode, anchors: readonly Anchor[]): SelectorPart {
    const part: SelectorPart = anchors.length > 0 ? { ...anchors[0].part } : { tag: n.tagName };
    if (anchors.length === 0) {
      const classes = pickClasses(n.attributes.class);
      if (classes.length > 0) part.classes = classes;
    }
    const list = this.siblingsOf(n);
    if (list && list.length > 1) {
      let ambiguous = false;
      for (const s of list) {
        if (s !== n && matchesBase(s, part)) {
          ambiguous = true;
          break;
        }
      }
      if (ambiguous) {
        const nth = this.nthOfType(n);
        if (nth > 0) {
          if (part.tag === undefined) part.tag = n.tagName;
          part.nth = nth;
        }
      }
    }
    return part;
  }

  private matchesPart(n: MNode, p: SelectorPart): boolean {
    if (!matchesBase(n, p)) return false;
    return p.nth === undefined || this.nthOfType(n) === p.nth;
  }

  /** The parent (within the root) of each match's top, when it matches `part`. */
  private parentMatching(top: MNode, part: SelectorPart): MNode | null {
    const p = this.parentInScope(top);
    return p !== null && this.matchesPart(p, part) ? p : null;
  }

  private buildSelector(el: MNode): string {
    // The element and its ancestors within its root, nearest first.
    const path: MNode[] = [el];
    for (let cur = this.parentInScope(el), steps = this.nodes.size; cur && steps > 0; cur = this.parentInScope(cur), steps--) {
      path.push(cur);
    }
    const anchors = path.map(anchorsOf);
    const counter = new AnchorCounter(anchors);
    const counting = !counter.empty;

    const base = this.partFor(el, anchors[0]);
    const candidates: MNode[] = [];
    /** For each candidate: the lowest path level it is a descendant of (NOT_INSIDE: none). */
    const candidateLevels: number[] = [];
    const seenOnPath: boolean[] = new Array<boolean>(path.length).fill(false);

    // One walk over the root, in document order: count anchors, collect elements that look like
    // the target. Path nodes come top-down in that order, so `nextOnPath` finds them without lookups.
    const top = this.scopeTop(el);
    let nextOnPath = path.length - 1;
    // Depth first with a stack of sibling lists and positions: as deep as the page, not as wide.
    const lists = this.scratchLists;
    const positions = this.scratchPositions;
    const levels = this.scratchLevels;
    lists.push(top);
    positions.push(0);
    levels.push(NOT_INSIDE);
    while (lists.length > 0) {
      const depth = lists.length - 1;
      const list = lists[depth];
      const at = positions[depth];
      if (at >= list.length) {
        lists.pop();
        positions.pop();
        levels.pop();
        continue;
      }
      positions[depth] = at + 1;
      const n = list[at];
      if (n.type !== NodeType.Element) continue;
      let level = levels[depth];
      let own = -1;
      if (nextOnPath >= 0 && n === path[nextOnPath]) {
        own = nextOnPath--;
        seenOnPath[own] = true;
      }
      if (counting) counter.add(n);
      if (matchesBase(n, base)) {
        candidates.push(n);
        candidateLevels.push(level);
      }
      const kids = n.kids;
      if (kids !== null && kids.length > 0) {
        if (own >= 0 && own < level) level = own;
        lists.push(kids);
        positions.push(0);
        levels.push(level);
      }
    }
    /** No other element in the root carries this anchor. */
    const uniqueAnchor = (level: number, a: Anchor): boolean => counter.count(a) - (seenOnPath[level] ? 1 : 0) <= 0;

    for (const a of anchors[0]) if (uniqueAnchor(0, a)) return renderPart(a.part);

    // Other elements that match the chain so far, each with the node its first part matched.
    // Adding a part in front (with `>`) only checks the parent of that node.
    let others: Array<{ level: number; top: MNode }> = [];
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i];
      if (c !== el && this.matchesPart(c, base)) others.push({ level: candidateLevels[i], top: c });
    }
    const chain: Chain = { parts: [base], combs: [] };
    if (others.length === 0) return renderChain(chain.parts, chain.combs);
    for (let level = 1; level < path.length && chain.parts.length < HARD_MAX_PARTS; level++) {
      const anchor = anchors[level].find((a) => uniqueAnchor(level, a));
      if (anchor && !others.some((o) => this.parentMatching(o.top, anchor.part) !== null)) {
        return renderChain([anchor.part, ...chain.parts], ['>', ...chain.combs]);
      }
      if (chain.parts.length >= MAX_PARTS) {
        // Long enough: try the nearest unique anchor further up with a descendant combinator.
        // (Conservative: an element under that anchor matching the chain counts as ambiguous.)
        for (let up = level + 1; up < path.length; up++) {
          const far = anchors[up].find((a) => uniqueAnchor(up, a));
          if (!far) continue;
          if (!others.some((o) => o.level <= up)) {
            return renderChain([far.part, ...chain.parts], [' ', ...chain.combs]);
          }
          break;
        }
      }
      const part = this.partFor(path[level], anchors[level]);
      chain.parts.unshift(part);
      chain.combs.unshift('>');
      const still: Array<{ level: number; top: MNode }> = [];
      for (const o of others) {
        const p = this.parentMatching(o.top, part);
        if (p !== null) {
          o.top = p;
          still.push(o);
        }
      }
      others = still;
      if (others.length === 0) return renderChain(chain.parts, chain.combs);
    }
    // Pathological depth without distinguishing marks: the longest chain we allow, best effort.
    return renderChain(chain.parts, chain.combs);
  }
}
