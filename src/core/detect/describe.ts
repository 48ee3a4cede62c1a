/**
 * A cheap element description for the moment of an interaction. `NodeMirror.describe` builds a
 * selector that is unique in the whole page, which walks the page: too slow to do for every click
 * of a long session. The detectors take this quick description (tag, public attributes, text,
 * ancestors, and a selector from the element's own test id / id / name / aria-label, or its tag
 * and classes under the nearest anchored ancestor) at the click, and ask the mirror for the exact
 * description only for clicks that may become struggles (see clicks.ts).
 */
import { NodeType } from '@rrweb/types';
import type { ElementInfo, NodeSummary } from '../model';
import { publicAttributes, type MirrorNode, type NodeMirror } from '../recording/mirror';
import { TEST_ID_ATTRIBUTES, isGeneratedId, pickClasses, renderPart, type SelectorPart } from '../recording/selectorParts';

function anchorOf(node: { tagName: string; attributes: Readonly<Record<string, string>> }): SelectorPart | undefined {
  const a = node.attributes;
  for (const name of TEST_ID_ATTRIBUTES) {
    const v = a[name];
    if (v !== undefined && v.trim() && v.length <= 100) return { attr: [name, v] };
  }
  if (a.id && !isGeneratedId(a.id)) return { id: a.id };
  if (a.name && a.name.length <= 100) return { tag: node.tagName, attr: ['name', a.name] };
  const label = a['aria-label'];
  if (label && label.length <= 100) return { tag: node.tagName, attr: ['aria-label', label] };
  return undefined;
}

function plainPart(node: { tagName: string; attributes: Readonly<Record<string, string>> }): SelectorPart {
  const classes = pickClasses(node.attributes.class);
  return classes.length ? { tag: node.tagName, classes } : { tag: node.tagName };
}

/** Rendered plain parts by tag and class attribute (they repeat across a page); bounded. */
const plainCache = new Map<string, string>();
const PLAIN_CACHE_MAX = 4096;

/** `renderPart(plainPart(node))`, cached. */
function plainSelector(node: { tagName: string; attributes: Readonly<Record<string, string>> }): string {
  const key = `${node.tagName}\u0000${node.attributes.class ?? ''}`;
  let out = plainCache.get(key);
  if (out === undefined) {
    out = renderPart(plainPart(node));
    if (plainCache.size >= PLAIN_CACHE_MAX) plainCache.clear();
    plainCache.set(key, out);
  }
  return out;
}

/**
 * The element an event names (text nodes: their parent), described from its own ancestry. With
 * `withText: false` the text is left empty (it walks the element's subtree).
 */
export function quickDescribe(mirror: NodeMirror, id: number, withText = true): ElementInfo | undefined {
  const elId = mirror.elementOf(id);
  if (elId === undefined) return undefined;
  const el = mirror.getNode(elId);
  if (!el) return undefined;
  const ancestors: NodeSummary[] = [];
  let anchored: SelectorPart | undefined;
  let inScope = true;
  let inShadowRoot = el.isShadow;
  let inIframe = false;
  let cur: MirrorNode = el;
  for (let steps = 0; steps < 10_000; steps++) {
    const parent = cur.parentNode;
    if (!parent) break;
    if (cur.isShadow) {
      inShadowRoot = true;
      inScope = false;
    }
    if (parent.type === NodeType.Element) {
      if (cur.type === NodeType.Document) {
        inIframe = true;
        inScope = false;
      }
      ancestors.push({ nodeId: parent.id, tag: parent.tagName, attributes: publicAttributes(parent) });
      if (inScope && !anchored) anchored = anchorOf(parent);
    }
    cur = parent;
  }
  const own = anchorOf(el);
  const selector = own ? renderPart(own) : anchored ? `${renderPart(anchored)} ${plainSelector(el)}` : plainSelector(el);
  const info: ElementInfo = {
    nodeId: el.id,
    tag: el.tagName,
    attributes: publicAttributes(el),
    selector,
    text: withText ? mirror.textOf(el.id, 80) : '',
    ancestors,
  };
  if (inShadowRoot) info.inShadowRoot = true;
  if (inIframe) info.inIframe = true;
  return info;
}

/**
 * Only the selector of `quickDescribe(mirror, id, false)` (same result), without building the
 * ancestors' summaries: for evidence that needs nothing else.
 */
export function quickSelector(mirror: NodeMirror, id: number): string | undefined {
  const elId = mirror.elementOf(id);
  if (elId === undefined) return undefined;
  const el = mirror.getNode(elId);
  if (!el) return undefined;
  const own = anchorOf(el);
  if (own) return renderPart(own);
  let anchored: SelectorPart | undefined;
  let cur: MirrorNode = el;
  for (let steps = 0; steps < 10_000; steps++) {
    const parent = cur.parentNode;
    if (!parent) break;
    // Leaving the element's shadow root or iframe document: no anchor beyond it.
    if (cur.isShadow) break;
    if (parent.type === NodeType.Element) {
      if (cur.type === NodeType.Document) break;
      anchored = anchorOf(parent);
      if (anchored) break;
    }
    cur = parent;
  }
  return anchored ? `${renderPart(anchored)} ${plainSelector(el)}` : plainSelector(el);
}

/**
 * The same quick description from a chain captured at the click (the element, then its ancestors
 * parent first, as resolveTarget records them; the mirror never modifies attribute objects it has
 * handed out, so the chain is the state at that moment). `scope` is how many chain entries share
 * the element's document or shadow root.
 */
export function describeFromChain(chain: readonly NodeSummary[], index: number, scope: number, text: string): ElementInfo {
  const el = chain[index];
  const asNode = (s: NodeSummary) => ({ tagName: s.tag, attributes: s.attributes });
  let anchored: SelectorPart | undefined;
  for (let i = index + 1; i < Math.min(scope, chain.length) && !anchored; i++) anchored = anchorOf(asNode(chain[i]));
  const own = anchorOf(asNode(el));
  const selector = own ? renderPart(own) : anchored ? `${renderPart(anchored)} ${plainSelector(asNode(el))}` : plainSelector(asNode(el));
  return {
    nodeId: el.nodeId,
    tag: el.tag,
    attributes: publicAttributes(asNode(el)),
    selector,
    text,
    ancestors: chain.slice(index + 1).map((s) => ({ nodeId: s.nodeId, tag: s.tag, attributes: publicAttributes(asNode(s)) })),
  };
}
