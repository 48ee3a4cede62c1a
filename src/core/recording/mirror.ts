/**
 * A mirror of one window's rrweb DOM, kept current through FullSnapshots and Mutation events, so
 * any event can resolve its node — tag, attributes, text, ancestors and a readable, stable
 * selector — as the page was at that moment.
 *
 * It follows rrweb's replayer (rrweb 2.x `Replayer.applyMutation`): removes, then adds (adds whose
 * parent or next sibling is not there yet wait in a queue and are retried once the rest of the
 * batch is in), then texts, then attributes. An add for an id the mirror already holds builds a
 * fresh node, as the replayer does; the old one's children stay detached unless they are added too.
 *
 * Unlike the replayer, removed nodes stay queryable (`isDetached(id)` is true) until their id is
 * added again or a new FullSnapshot arrives: a click is often recorded next to the mutation that
 * removes its target. They keep their last parent, so `describe` still gives their ancestors.
 *
 * Everything is iterative (explicit stacks): trees thousands of levels deep do not overflow the
 * call stack. Nodes live in one Map keyed by id and hold their children as object references;
 * attribute objects from the recording are shared until a mutation changes them (the recording's
 * events are never modified).
 *
 * Costs: snapshots and mutations are linear in the nodes they carry (plus sibling-list inserts);
 * has/getNode/isDetached/parentOf are O(1); textOf stops once it has maxLen characters;
 * describe/selectorFor walk the element's root once (O(nodes in that document or shadow root)),
 * and selectors are cached until the next snapshot or mutation.
 */
import { NodeType } from '@rrweb/types';
import type {
  addedNodeMutation,
  attributeMutation,
  removedNodeMutation,
  serializedNodeWithId,
  styleOMValue,
  textMutation,
} from '@rrweb/types';
import type { ElementInfo, NodeSummary } from '../model';
import { changesText, textOfNode } from './nodeText';
import { SelectorBuilder } from './selectorBuilder';

/** A read-only view of one node as the mirror holds it now. */
export interface MirrorNode {
  readonly id: number;
  readonly type: NodeType;
  /** Lowercase tag name for elements, '' for other nodes. */
  readonly tagName: string;
  /** Element attributes as strings (empty for other nodes). Do not modify. */
  readonly attributes: Readonly<Record<string, string>>;
  /**
   * The parent: a shadow root's children name their host, an iframe's document names the iframe
   * element. For a detached node, its last parent. Undefined for the page's document.
   */
  readonly parentId: number | undefined;
  /** The parent node itself (what parentId names), for walks up the tree without id lookups. */
  readonly parentNode: MirrorNode | null;
  /** Children in order (light DOM only; see shadowChildIds and contentDocumentId). */
  readonly childIds: readonly number[];
  /** Children of the element's shadow root, in order. */
  readonly shadowChildIds: readonly number[];
  /** The Document node inside an iframe element, when recorded. */
  readonly contentDocumentId: number | undefined;
  /** Text content of Text, Comment and CDATA nodes; doctype name for DocumentType. */
  readonly text: string | undefined;
  /** True when the node sits directly in a shadow root. */
  readonly isShadow: boolean;
}

/** A Mutation event's data (IncrementalSource.Mutation). Missing lists are treated as empty. */
export interface MutationInput {
  texts?: textMutation[];
  attributes?: attributeMutation[];
  removes?: removedNodeMutation[];
  adds?: addedNodeMutation[];
  isAttachIframe?: boolean;
}

export interface NodeMirrorOptions {
  /**
   * Detached nodes kept queryable at most; beyond this the oldest removed subtrees are forgotten
   * (a long-lived page that churns millions of nodes would otherwise grow without bound).
   * Default 1,000,000.
   */
  maxDetached?: number;
}

const NONE = -1;
const EMPTY_IDS: readonly number[] = Object.freeze([]);
const EMPTY_ATTRS: Readonly<Record<string, string>> = Object.freeze({});

export class MNode implements MirrorNode {
  /** Children, shadow-root children and iframe document, as objects (no id lookups to walk down). */
  kids: MNode[] | null = null;
  shadow: MNode[] | null = null;
  doc: MNode | null = null;
  /** The parent this node was last linked under (kept when it is removed). */
  parentNode: MNode | null = null;
  live = true;
  isShadow = false;
  ownAttrs = false;
  /** The build (snapshot or add) that created this node; guards against duplicate ids in one tree. */
  stamp = 0;
  /** Texts of this node promised by textLater and not computed yet. */
  deferred: DeferredText[] | null = null;
  /** The mutation whose change walk last passed this node (see NodeMirror.beforeChange). */
  changeStamp = 0;

  constructor(
    readonly id: number,
    readonly type: NodeType,
    readonly tagName: string,
    public attributes: Record<string, string>,
    public text: string | undefined,
  ) {}

  get parentId(): number | undefined {
    return this.parentNode ? this.parentNode.id : undefined;
  }
  get childIds(): readonly number[] {
    return this.kids ? this.kids.map((k) => k.id) : EMPTY_IDS;
  }
  get shadowChildIds(): readonly number[] {
    return this.shadow ? this.shadow.map((k) => k.id) : EMPTY_IDS;
  }
  get contentDocumentId(): number | undefined {
    return this.doc ? this.doc.id : undefined;
  }
}

/** A text promised by textLater: computed at the latest just before the node's subtree changes. */
interface DeferredText {
  /** Released once the text is computed (a promise must not keep an old page alive). */
  node: MNode | null;
  maxLen: number;
  value: string | undefined;
}

/** Inputs whose `value` is a label, not something the user typed. */
const LABEL_VALUE_INPUT_TYPES = new Set(['button', 'submit', 'reset', 'checkbox', 'radio', 'image']);
/** Attribute values longer than this are cut in describe() output. */
const MAX_ATTR_LENGTH = 500;

/** Attributes fit to show: no rrweb internals, no typed values, long values cut. */
export function publicAttributes(node: { tagName: string; attributes: Readonly<Record<string, string>> }): Record<string, string> {
  const out: Record<string, string> = {};
  const a = node.attributes;
  const typedValue =
    node.tagName === 'textarea' ||
    node.tagName === 'select' ||
    (node.tagName === 'input' && !LABEL_VALUE_INPUT_TYPES.has((a.type ?? 'text').toLowerCase()));
  for (const key of Object.keys(a)) {
    if (key === '_cssText' || key.startsWith('rr_')) continue;
    if (key === 'value' && typedValue) continue;
    const v = a[key];
    out[key] = v.length > MAX_ATTR_LENGTH ? `${v.slice(0, MAX_ATTR_LENGTH - 1)}…` : v;
  }
  return out;
}

function isSerializedNode(value: unknown): value is serializedNodeWithId {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { id?: unknown }).id === 'number' &&
    typeof (value as { type?: unknown }).type === 'number'
  );
}

/** Attributes as strings; shares the recording's object when it is already all strings. */
function normalizeAttributes(raw: unknown): Record<string, string> {
  if (typeof raw !== 'object' || raw === null) return EMPTY_ATTRS as Record<string, string>;
  const obj = raw as Record<string, unknown>;
  let clean = true;
  for (const key in obj) {
    if (typeof obj[key] !== 'string') {
      clean = false;
      break;
    }
  }
  if (clean) return obj as Record<string, string>;
  const attrs: Record<string, string> = {};
  for (const key in obj) {
    const v = obj[key];
    if (typeof v === 'string') attrs[key] = v;
    else if (typeof v === 'number') attrs[key] = String(v);
    else if (v === true) attrs[key] = '';
  }
  return attrs;
}


/** Split a style attribute into declarations, respecting quotes and parentheses (`url(data:…;…)`). */
function parseStyle(style: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  const push = (decl: string): void => {
    const colon = decl.indexOf(':');
    if (colon <= 0) return;
    const name = decl.slice(0, colon).trim();
    const value = decl.slice(colon + 1).trim();
    if (name) out.push([name, value]);
  };
  for (let i = 0; i < style.length; i++) {
    const ch = style[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === ';' && depth === 0) {
      push(style.slice(start, i));
      start = i + 1;
    }
  }
  push(style.slice(start));
  return out;
}

/** Apply rrweb's style diff (`{prop: value | [value, priority] | false}`) to a style attribute. */
function applyStyleDiff(current: string | undefined, diff: styleOMValue): string {
  const decls = parseStyle(current ?? '');
  for (const prop of Object.keys(diff)) {
    const change = diff[prop];
    const at = decls.findIndex(([name]) => name === prop);
    if (change === false) {
      if (at >= 0) decls.splice(at, 1);
      continue;
    }
    let value: string;
    if (Array.isArray(change)) value = `${String(change[0] ?? '')}${change[1] ? ` !${String(change[1]).replace(/^!/, '')}` : ''}`;
    else if (typeof change === 'string') value = change;
    else continue;
    if (value === '') {
      if (at >= 0) decls.splice(at, 1);
    } else if (at >= 0) decls[at] = [prop, value];
    else decls.push([prop, value]);
  }
  return decls.map(([name, value]) => `${name}: ${value};`).join(' ');
}

type AddPosition = { previousId?: number | null; nextId?: number | null };

export class NodeMirror {
  private readonly nodes = new Map<number, MNode>();
  private rootNode: MNode | null = null;
  private liveCount = 0;
  private buildStamp = 0;
  private ver = 0;
  private dropped = 0;
  /** Document adds whose iframe element is not there yet (rrweb's newDocumentQueue), by iframe id. */
  private readonly pendingDocs = new Map<number, serializedNodeWithId>();
  /** Roots of removed subtrees, oldest first, for the maxDetached limit. */
  private detachedRoots: MNode[] = [];
  private detachedHead = 0;
  private readonly maxDetached: number;
  private readonly selectors = new SelectorBuilder(this.nodes);
  /** Nodes with deferred texts (textLater). */
  private readonly deferring = new Set<MNode>();
  private changeStamp = 0;

  constructor(options: NodeMirrorOptions = {}) {
    this.maxDetached = Math.max(0, options.maxDetached ?? 1_000_000);
  }

  // -------------------------------------------------------------------------------------------
  // Keeping current

  /** A FullSnapshot: forget everything (new page, new ids) and build from `node`. */
  applyFullSnapshot(node: serializedNodeWithId): void {
    // The old page is dropped whole: settle its deferred texts so they do not hold it in memory.
    for (const n of this.deferring) this.settleDeferred(n);
    this.deferring.clear();
    this.nodes.clear();
    this.pendingDocs.clear();
    this.detachedRoots = [];
    this.detachedHead = 0;
    this.liveCount = 0;
    this.rootNode = null;
    this.bumpVersion();
    if (!isSerializedNode(node)) return;
    this.rootNode = this.build(node, null);
  }

  /** A Mutation (IncrementalSource.Mutation) in rrweb's order: removes, adds, texts, attributes. */
  applyMutation(data: MutationInput): void {
    if (typeof data !== 'object' || data === null) return;
    this.bumpVersion();
    this.changeStamp++;
    const removes = Array.isArray(data.removes) ? data.removes : [];
    const adds = Array.isArray(data.adds) ? data.adds : [];
    const texts = Array.isArray(data.texts) ? data.texts : [];
    const attributes = Array.isArray(data.attributes) ? data.attributes : [];

    for (const r of removes) {
      if (!r || typeof r.id !== 'number') continue;
      const n = this.nodes.get(r.id);
      if (!n || !n.live) continue;
      this.beforeChange(n.parentNode);
      this.unlink(n);
      this.markDetached(n);
    }

    let pending: addedNodeMutation[] = [];
    for (const add of adds) if (!this.tryAdd(add, false)) pending.push(add);
    while (pending.length > 0) {
      const next: addedNodeMutation[] = [];
      for (const add of pending) if (!this.tryAdd(add, false)) next.push(add);
      if (next.length === pending.length) {
        // No progress: adds whose next sibling never came are appended; the rest are dropped.
        for (const add of next) if (!this.tryAdd(add, true)) this.dropped++;
        break;
      }
      pending = next;
    }

    for (const t of texts) {
      if (!t || typeof t.id !== 'number') continue;
      const n = this.nodes.get(t.id);
      if (n && n.type !== NodeType.Element && n.type !== NodeType.Document) {
        this.beforeChange(n);
        n.text = typeof t.value === 'string' ? t.value : '';
      }
    }

    for (const m of attributes) {
      if (!m || typeof m.id !== 'number' || typeof m.attributes !== 'object' || m.attributes === null) continue;
      const n = this.nodes.get(m.id);
      if (!n || n.type !== NodeType.Element) continue;
      if (this.deferring.size > 0 && changesText(m.attributes)) this.beforeChange(n);
      if (!n.ownAttrs) {
        n.attributes = { ...n.attributes };
        n.ownAttrs = true;
      }
      for (const name of Object.keys(m.attributes)) {
        const value = m.attributes[name] as unknown;
        if (value === null || value === undefined) delete n.attributes[name];
        else if (typeof value === 'string') n.attributes[name] = value;
        else if (typeof value === 'number' || typeof value === 'boolean') n.attributes[name] = String(value);
        else if (typeof value === 'object' && name === 'style') n.attributes.style = applyStyleDiff(n.attributes.style, value as styleOMValue);
      }
    }

    this.enforceDetachedLimit();
  }

  // -------------------------------------------------------------------------------------------
  // Queries

  /** Nodes held, detached ones included. */
  get nodeCount(): number {
    return this.nodes.size;
  }

  /** Nodes in the page now (what a page-wide walk such as `describe`'s selector visits, about). */
  get liveNodeCount(): number {
    return this.liveCount;
  }

  /** The page's Document node id (undefined before the first FullSnapshot). */
  get rootId(): number | undefined {
    return this.rootNode ? this.rootNode.id : undefined;
  }

  /** Increases with every snapshot and mutation applied (for callers that cache per state). */
  get version(): number {
    return this.ver;
  }

  /** Adds that could not be placed (their parent never appeared). */
  get droppedAdds(): number {
    return this.dropped;
  }

  has(id: number): boolean {
    return this.nodes.has(id);
  }

  getNode(id: number): MirrorNode | undefined {
    return this.nodes.get(id);
  }

  /** True for a node the mirror knows that is not in the page now (removed, or under a removed node). */
  isDetached(id: number): boolean {
    const n = this.nodes.get(id);
    return n !== undefined && !n.live;
  }

  /**
   * The parent id: shadow root children → host, iframe documents → the iframe element. For a
   * detached node, its last parent. Undefined for the page's document and unknown ids.
   */
  parentOf(id: number): number | undefined {
    const p = this.nodes.get(id)?.parentNode;
    return p ? p.id : undefined;
  }

  /** The element for an id: itself for elements, the parent element for text/comment nodes. */
  elementOf(id: number): number | undefined {
    const n = this.elementNode(id);
    return n ? n.id : undefined;
  }

  /**
   * Visible text of a node: text nodes joined (block elements separate words), whitespace
   * collapsed, script/style/noscript/textarea and hidden elements skipped, cut to maxLen characters.
   */
  textOf(id: number, maxLen = 80): string {
    const start = this.nodes.get(id);
    return start ? textOfNode(start, maxLen) : '';
  }

  /**
   * `textOf(id, maxLen)` as it is now, computed only when asked for: the mirror computes it just
   * before anything changes in the node's subtree (or the page is replaced), so the getter returns
   * the text of this moment whenever it is called. For callers that need the text of many nodes
   * at many moments and read few of them.
   */
  textLater(id: number, maxLen = 80): () => string {
    const node = this.nodes.get(id);
    if (!node) return () => '';
    const d: DeferredText = { node, maxLen, value: undefined };
    (node.deferred ??= []).push(d);
    this.deferring.add(node);
    return () => {
      if (d.node !== null) this.settleDeferred(d.node);
      return d.value ?? '';
    };
  }

  /** Computes every deferred text of `n` (its subtree is about to change, or one is asked for). */
  private settleDeferred(n: MNode): void {
    const list = n.deferred;
    if (!list) return;
    n.deferred = null;
    this.deferring.delete(n);
    for (const d of list) {
      d.value = textOfNode(n, d.maxLen);
      d.node = null;
    }
  }

  /**
   * `n`'s subtree (n included) is about to change: settle the deferred texts of n and its
   * ancestors. One walk per mutation reaches each ancestor once (the change stamp).
   */
  private beforeChange(n: MNode | null): void {
    if (this.deferring.size === 0) return;
    const stamp = this.changeStamp;
    for (let m = n; m !== null && m.changeStamp !== stamp; m = m.parentNode) {
      m.changeStamp = stamp;
      if (m.deferred !== null) this.settleDeferred(m);
    }
  }

  /**
   * The element an event names, as it is now: for a text node, its parent element. Undefined when
   * the id is unknown or not an element/text node.
   */
  describe(id: number): ElementInfo | undefined {
    const el = this.elementNode(id);
    if (!el) return undefined;
    const ancestors: NodeSummary[] = [];
    let inShadowRoot = el.isShadow;
    let inIframe = false;
    let cur = el;
    for (let p = el.parentNode, steps = this.nodes.size; p && steps > 0; p = p.parentNode, steps--) {
      if (cur.isShadow) inShadowRoot = true;
      if (p.type === NodeType.Element) {
        if (cur.type === NodeType.Document) inIframe = true;
        ancestors.push(this.summary(p));
      }
      cur = p;
    }
    const info: ElementInfo = {
      ...this.summary(el),
      selector: this.selectors.selectorOf(el),
      text: textOfNode(el, 80),
      ancestors,
    };
    if (inShadowRoot) info.inShadowRoot = true;
    if (inIframe) info.inIframe = true;
    return info;
  }

  /**
   * A readable, stable selector for the element (text nodes: their parent) as the page is now:
   * test ids, a hand-written id, name or aria-label when unique; otherwise tag + distinctive
   * classes + `:nth-of-type` when siblings need it, prefixed with ancestors until unique. Inside a
   * shadow root or an iframe document it is relative to that root. '' for unknown ids.
   */
  selectorFor(id: number): string {
    const el = this.elementNode(id);
    return el ? this.selectors.selectorOf(el) : '';
  }

  // -------------------------------------------------------------------------------------------
  // Building and linking

  private bumpVersion(): void {
    this.ver++;
    this.selectors.clear();
  }

  /**
   * Create nodes for a serialized subtree. The top node is linked under `parent` (when given, at
   * `position`); children are linked in order. Returns the top node, or null when none was built.
   */
  private build(top: serializedNodeWithId, parent: MNode | null, position: AddPosition | null = null): MNode | null {
    const stamp = ++this.buildStamp;
    let created: MNode | null = null;
    const iframes: MNode[] = [];
    // Two parallel stacks (serialized node, parent built for it): no pair allocated per node.
    const pending: unknown[] = [top];
    const parents: (MNode | null)[] = [parent];
    while (pending.length > 0) {
      const sn = pending.pop() as serializedNodeWithId;
      const p = parents.pop() as MNode | null;
      if (!isSerializedNode(sn)) continue;
      const existing = this.nodes.get(sn.id);
      if (existing && existing.stamp === stamp) continue; // duplicate id inside one tree: corrupt, skip
      if (existing && existing.live) {
        const parentWasLive = p !== null && p.live;
        this.beforeChange(existing.parentNode);
        this.unlink(existing);
        this.markDetached(existing);
        if (parentWasLive && p !== null && !p.live) {
          // A node moved into its own subtree: impossible in a real DOM; leave it detached.
          this.dropped++;
          continue;
        }
      }
      const n = this.create(sn, p ? p.live : true, existing);
      n.stamp = stamp;
      if (p) this.link(p, n, sn, created === null ? position : null);
      if (created === null) created = n;
      if (n.type === NodeType.Element && this.pendingDocs.size > 0 && this.pendingDocs.has(n.id)) iframes.push(n);
      const children = (sn as { childNodes?: unknown }).childNodes;
      if (Array.isArray(children)) {
        for (let i = children.length - 1; i >= 0; i--) {
          pending.push(children[i]);
          parents.push(n);
        }
      }
    }
    for (const iframe of iframes) {
      const doc = this.pendingDocs.get(iframe.id);
      if (!doc || this.nodes.get(iframe.id) !== iframe) continue;
      this.pendingDocs.delete(iframe.id);
      this.build(doc, iframe);
    }
    return created;
  }

  /** A node for `sn`; `old` is what the mirror held under its id (this.nodes.get(sn.id)). */
  private create(sn: serializedNodeWithId, live: boolean, old: MNode | undefined): MNode {
    let tag = '';
    let attrs: Record<string, string> = EMPTY_ATTRS as Record<string, string>;
    let owned = false;
    let text: string | undefined;
    switch (sn.type) {
      case NodeType.Element: {
        tag = typeof sn.tagName === 'string' ? sn.tagName.toLowerCase() : '';
        attrs = normalizeAttributes(sn.attributes);
        owned = attrs !== sn.attributes && attrs !== EMPTY_ATTRS;
        break;
      }
      case NodeType.Text:
      case NodeType.Comment:
      case NodeType.CDATA: {
        const content = (sn as { textContent?: unknown }).textContent;
        text = typeof content === 'string' ? content : '';
        break;
      }
      case NodeType.DocumentType:
        text = typeof sn.name === 'string' ? sn.name : '';
        break;
      default:
        break;
    }
    const n = new MNode(sn.id, sn.type, tag, attrs, text);
    n.ownAttrs = owned;
    n.live = live;
    if (old && old.live) this.liveCount--;
    this.nodes.set(sn.id, n);
    if (live) this.liveCount++;
    return n;
  }

  /**
   * Put `n` into `p`: a Document under an element becomes its content document, a node flagged
   * isShadow goes into the shadow root, anything else into the children — after `previous`, or
   * before `next`, or at the end.
   */
  private link(p: MNode, n: MNode, sn: serializedNodeWithId, position: AddPosition | null): void {
    n.parentNode = p;
    if (n.type === NodeType.Document && p.type === NodeType.Element) {
      const old = p.doc;
      if (old && old !== n && old.live) this.markDetached(old);
      p.doc = n;
      return;
    }
    let list: MNode[];
    if (sn.isShadow) {
      n.isShadow = true;
      list = p.shadow ??= [];
    } else {
      list = p.kids ??= [];
    }
    if (position) {
      const prev = position.previousId;
      if (typeof prev === 'number' && prev !== NONE) {
        for (let i = list.length - 1; i >= 0; i--) {
          if (list[i].id === prev) {
            list.splice(i + 1, 0, n);
            return;
          }
        }
      }
      const next = position.nextId;
      if (typeof next === 'number' && next !== NONE) {
        for (let i = 0; i < list.length; i++) {
          if (list[i].id === next) {
            list.splice(i, 0, n);
            return;
          }
        }
      }
    }
    list.push(n);
  }

  /** Take `n` out of its parent's lists (the parent stays recorded as its last parent). */
  private unlink(n: MNode): void {
    const p = n.parentNode;
    if (!p) return;
    if (p.doc === n) {
      p.doc = null;
      return;
    }
    for (const list of n.isShadow ? [p.shadow, p.kids] : [p.kids, p.shadow]) {
      const at = list ? list.indexOf(n) : -1;
      if (list && at >= 0) {
        list.splice(at, 1);
        return;
      }
    }
  }

  /** Mark a subtree as no longer in the page. */
  private markDetached(top: MNode): void {
    this.detachedRoots.push(top);
    const stack: MNode[] = [top];
    while (stack.length > 0) {
      const n = stack.pop() as MNode;
      if (!n.live) continue;
      n.live = false;
      this.liveCount--;
      if (n.kids) for (const c of n.kids) stack.push(c);
      if (n.shadow) for (const c of n.shadow) stack.push(c);
      if (n.doc) stack.push(n.doc);
    }
  }

  /**
   * Place one add. Returns false when it has to wait (parent, or next sibling, not there yet);
   * with `force`, a missing next sibling no longer holds it back.
   */
  private tryAdd(add: addedNodeMutation, force: boolean): boolean {
    if (!add || typeof add !== 'object' || !isSerializedNode(add.node)) return true;
    const parent = this.nodes.get(add.parentId);
    if (!parent || !parent.live) {
      if (add.node.type === NodeType.Document) {
        this.pendingDocs.set(add.parentId, add.node);
        return true;
      }
      return false;
    }
    const nextId = add.nextId;
    if (!force && typeof nextId === 'number' && nextId !== NONE) {
      const next = this.nodes.get(nextId);
      if (!next || !next.live) return false;
    }
    const existing = this.nodes.get(add.node.id);
    if (existing && existing.live) {
      this.beforeChange(existing.parentNode);
      this.unlink(existing);
      this.markDetached(existing);
      if (!parent.live) {
        // The node was moved into its own subtree: impossible in a real DOM; keep it detached.
        this.dropped++;
        return true;
      }
    }
    // Children the add carries are built too (rrweb sends them as separate adds; others may not).
    this.beforeChange(parent);
    this.build(add.node, parent, { previousId: add.previousId, nextId });
    return true;
  }

  /** Forget the oldest removed subtrees while more than maxDetached nodes are detached. */
  private enforceDetachedLimit(): void {
    while (this.nodes.size - this.liveCount > this.maxDetached && this.detachedHead < this.detachedRoots.length) {
      const stack: MNode[] = [this.detachedRoots[this.detachedHead++]];
      while (stack.length > 0) {
        const n = stack.pop() as MNode;
        if (n.live) continue;
        if (this.nodes.get(n.id) === n) this.nodes.delete(n.id);
        if (n.kids) for (const c of n.kids) stack.push(c);
        if (n.shadow) for (const c of n.shadow) stack.push(c);
        if (n.doc) stack.push(n.doc);
      }
    }
    const queued = this.detachedRoots.length - this.detachedHead;
    if (queued > 2 * (this.nodes.size - this.liveCount) + 1024) this.compactDetachedRoots();
    else if (this.detachedHead > 1024 && this.detachedHead * 2 > this.detachedRoots.length) {
      this.detachedRoots = this.detachedRoots.slice(this.detachedHead);
      this.detachedHead = 0;
    }
  }

  /**
   * Drop queue entries whose node was added again (its id now names a fresh node), keeping their
   * still-detached descendants queued, so moving nodes around does not hold old objects forever.
   */
  private compactDetachedRoots(): void {
    const kept: MNode[] = [];
    const held = (n: MNode): boolean => !n.live && this.nodes.get(n.id) === n;
    for (let i = this.detachedHead; i < this.detachedRoots.length; i++) {
      const root = this.detachedRoots[i];
      if (held(root)) {
        kept.push(root);
        continue;
      }
      const stack: MNode[] = [root];
      while (stack.length > 0) {
        const n = stack.pop() as MNode;
        if (n !== root && held(n)) {
          kept.push(n);
          continue;
        }
        if (n.live) continue;
        if (n.kids) for (const c of n.kids) stack.push(c);
        if (n.shadow) for (const c of n.shadow) stack.push(c);
        if (n.doc) stack.push(n.doc);
      }
    }
    this.detachedRoots = kept;
    this.detachedHead = 0;
  }

  // -------------------------------------------------------------------------------------------
  // Text and describe() helpers

  private elementNode(id: number): MNode | undefined {
    const n = this.nodes.get(id);
    if (!n) return undefined;
    if (n.type === NodeType.Element) return n;
    if (n.type === NodeType.Text || n.type === NodeType.Comment || n.type === NodeType.CDATA) {
      const p = n.parentNode;
      if (p && p.type === NodeType.Element) return p;
    }
    return undefined;
  }


  private summary(n: MNode): NodeSummary {
    return { nodeId: n.id, tag: n.tagName, attributes: publicAttributes(n) };
  }

}
