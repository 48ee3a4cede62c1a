/**
 * Resolving what a click was on. The interaction names the deepest node; the user meant the
 * nearest interactive ancestor (struggles.md → "Resolve the target"): `a[href]`, `button`, input
 * button types, `summary`, `label` (→ its control), elements with role button/link/tab/menuitem/
 * option/checkbox/switch, and elements with `onclick`, `tabindex ≥ 0` or `cursor: pointer`.
 *
 * The walk also stops at targets that can never be dead clicks (their response is not in the
 * DOM): text inputs, textarea, select, contenteditable, canvas, media, iframes, native pickers,
 * `a[download]`, `a[target=_blank]`, links to other origins or apps.
 */
import { NodeType } from '@rrweb/types';
import type { NodeSummary } from '../model';
import type { MirrorNode, NodeMirror } from '../recording/mirror';

export interface ResolvedTarget {
  /** The deepest element the event named. */
  deepestId: number;
  /** The interactive ancestor (or the deepest element when there is none). */
  nodeId: number;
  interactive: boolean;
  /** Why the target counts as interactive: `button`, `a[href]`, `role=tab`, `cursor:pointer`, … */
  why?: string;
  /** Set when a click on this target can never be a dead click, with the reason. */
  exclusion?: string;
  /** Text-entry targets (inputs, textarea, contenteditable): never rage clicks either. */
  textEntry: boolean;
  /** A label's control (by `for`, or nested). */
  controlId?: number;
  /**
   * The deepest element and all its ancestors, parent first (for ignore selectors). Attributes
   * are the mirror's raw ones (typed values included): never show them as they are.
   */
  chain: NodeSummary[];
  /** Index of the resolved target in `chain`. */
  index: number;
  /** Chain entries in the deepest element's own document / shadow root. */
  scope: number;
}

const ROLES = new Set(['button', 'link', 'tab', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'option', 'checkbox', 'radio', 'switch', 'treeitem']);
const BUTTON_INPUTS = new Set(['button', 'submit', 'reset', 'image']);
const CHECK_INPUTS = new Set(['checkbox', 'radio']);
const PICKER_INPUTS = new Set(['file', 'color', 'date', 'datetime-local', 'month', 'week', 'time', 'range']);
const STOP_TAGS = new Set(['body', 'html', 'head']);
const TABINDEX = /^\s*\d+\s*$/;
const CURSOR_POINTER = /cursor\s*:\s*pointer/i;
const OTHER_APP = /^(mailto|tel|sms|callto|facetime|skype|whatsapp|intent|market|itms-apps?):/i;
const ABSOLUTE = /^(https?:)?\/\//i;

/** What a single element is, seen alone. */
interface Kind {
  interactive: boolean;
  why?: string;
  exclusion?: string;
  textEntry?: boolean;
}

/** The page URL seen last and its origin (pages repeat from click to click). */
let lastOriginUrl: string | undefined;
let lastOrigin: string | undefined;

function originOf(url: string): string | undefined {
  if (url === lastOriginUrl) return lastOrigin;
  lastOrigin = parseOrigin(url);
  lastOriginUrl = url;
  return lastOrigin;
}

function parseOrigin(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

function classifyLink(attrs: Readonly<Record<string, string>>, pageUrl: string): Kind {
  const kind: Kind = { interactive: true, why: 'a[href]' };
  const href = attrs.href.trim();
  const target = (attrs.target ?? '').toLowerCase();
  if (attrs.download !== undefined) kind.exclusion = 'a[download]';
  else if (target && target !== '_self' && target !== '_parent' && target !== '_top') kind.exclusion = 'a[target=_blank]';
  else if (OTHER_APP.test(href)) kind.exclusion = 'link to another app';
  else if (ABSOLUTE.test(href)) {
    const base = originOf(pageUrl);
    // Most absolute links point at the page's own origin: no URL parse for those.
    const sameOrigin = base !== undefined && href.startsWith(base) && (href.length === base.length || '/?#'.includes(href[base.length]));
    if (!sameOrigin) {
      let linkOrigin: string | undefined;
      try {
        linkOrigin = new URL(href, base ?? 'http://invalid.invalid/').origin;
      } catch {
        linkOrigin = undefined;
      }
      if (base && linkOrigin && linkOrigin !== base) kind.exclusion = 'link to another origin';
    }
  }
  return kind;
}

function classify(node: MirrorNode, pageUrl: string): Kind | undefined {
  const tag = node.tagName;
  const attrs = node.attributes;
  const editable = attrs.contenteditable;
  if (editable !== undefined && editable.toLowerCase() !== 'false') {
    return { interactive: true, why: 'contenteditable', exclusion: 'contenteditable', textEntry: true };
  }
  switch (tag) {
    case 'textarea':
      return { interactive: true, why: 'textarea', exclusion: 'text input', textEntry: true };
    case 'select':
    case 'option':
    case 'datalist':
      return { interactive: true, why: 'select', exclusion: 'select' };
    case 'input': {
      const type = (attrs.type ?? 'text').toLowerCase();
      if (type === 'hidden') return undefined;
      if (BUTTON_INPUTS.has(type)) return { interactive: true, why: `input[type=${type}]` };
      if (CHECK_INPUTS.has(type)) return { interactive: true, why: `input[type=${type}]` };
      if (PICKER_INPUTS.has(type)) return { interactive: true, why: `input[type=${type}]`, exclusion: 'native picker' };
      return { interactive: true, why: 'input', exclusion: 'text input', textEntry: true };
    }
    case 'canvas':
      return { interactive: true, why: 'canvas', exclusion: 'canvas' };
    case 'video':
    case 'audio':
      return { interactive: true, why: tag, exclusion: 'media' };
    case 'iframe':
    case 'frame':
    case 'embed':
    case 'object':
      return { interactive: true, why: tag, exclusion: 'iframe' };
    case 'button':
      return { interactive: true, why: 'button' };
    case 'summary':
      return { interactive: true, why: 'summary' };
    case 'label':
      return { interactive: true, why: 'label' };
    case 'a':
    case 'area':
      if (attrs.href !== undefined) return classifyLink(attrs, pageUrl);
      break;
    default:
      break;
  }
  const role = attrs.role?.trim().toLowerCase();
  if (role && ROLES.has(role)) return { interactive: true, why: `role=${role}` };
  if (attrs.onclick !== undefined) return { interactive: true, why: 'onclick' };
  const tabindex = attrs.tabindex;
  if (tabindex !== undefined && TABINDEX.test(tabindex)) return { interactive: true, why: 'tabindex' };
  const style = attrs.style;
  if (style !== undefined && CURSOR_POINTER.test(style)) return { interactive: true, why: 'cursor:pointer' };
  return undefined;
}

/**
 * Resolve the element a click on `id` was meant for, as the mirror is now. Undefined when the
 * mirror does not know the node.
 */
export function resolveTarget(mirror: NodeMirror, id: number, pageUrl: string): ResolvedTarget | undefined {
  const deepestId = mirror.elementOf(id);
  if (deepestId === undefined) return undefined;
  const chain: NodeSummary[] = [];
  let found: { node: MirrorNode; kind: Kind } | undefined;
  let crossedDocument = false;
  let scope = -1;
  let cur = mirror.getNode(deepestId);
  for (let steps = 0; cur && steps < 10_000; steps++) {
    if (cur.type === NodeType.Element) {
      chain.push({ nodeId: cur.id, tag: cur.tagName, attributes: cur.attributes as Record<string, string> });
      if (cur.isShadow && scope < 0) scope = chain.length;
      if (!found && !crossedDocument && !STOP_TAGS.has(cur.tagName)) {
        const kind = classify(cur, pageUrl);
        if (kind) found = { node: cur, kind };
      }
    } else if (cur.type === NodeType.Document) {
      crossedDocument = true;
      if (scope < 0) scope = chain.length;
    }
    cur = cur.parentNode ?? undefined;
  }
  // A contenteditable ancestor makes everything inside it text entry.
  if (found && !found.kind.textEntry) {
    const at = chain.findIndex((s) => s.nodeId === found!.node.id);
    for (let i = at + 1; i < chain.length; i++) {
      const editable = chain[i].attributes.contenteditable;
      if (editable !== undefined && editable.toLowerCase() !== 'false') {
        found = { node: mirror.getNode(chain[i].nodeId)!, kind: { interactive: true, why: 'contenteditable', exclusion: 'contenteditable', textEntry: true } };
        break;
      }
    }
  }
  if (scope < 0) scope = chain.length;
  if (!found) return { deepestId, nodeId: deepestId, interactive: false, textEntry: false, chain, index: 0, scope };
  const foundId = found.node.id;
  const result: ResolvedTarget = {
    deepestId,
    nodeId: foundId,
    interactive: found.kind.interactive,
    textEntry: found.kind.textEntry === true,
    chain,
    index: Math.max(0, chain.findIndex((s) => s.nodeId === foundId)),
    scope,
  };
  if (found.kind.why) result.why = found.kind.why;
  if (found.kind.exclusion) result.exclusion = found.kind.exclusion;
  if (found.node.tagName === 'label') {
    const control = labelControl(mirror, found.node);
    if (control !== undefined) result.controlId = control;
  }
  return result;
}

const LABELABLE = new Set(['input', 'select', 'textarea', 'button', 'meter', 'output', 'progress']);

/** The control a label is for: its `for` attribute, else the first labelable descendant. */
export function labelControl(mirror: NodeMirror, label: MirrorNode): number | undefined {
  const forId = label.attributes.for;
  if (forId !== undefined && forId !== '') {
    const root = mirror.rootId;
    return root === undefined ? undefined : findElement(mirror, [root], (n) => n.attributes.id === forId);
  }
  return findElement(mirror, label.childIds, (n) => LABELABLE.has(n.tagName) && !(n.tagName === 'input' && n.attributes.type === 'hidden'));
}

function findElement(mirror: NodeMirror, start: readonly number[], test: (node: MirrorNode) => boolean): number | undefined {
  const stack = [...start].reverse();
  while (stack.length > 0) {
    const node = mirror.getNode(stack.pop() as number);
    if (!node || mirror.isDetached(node.id)) continue;
    if (node.type === NodeType.Element && test(node)) return node.id;
    for (let i = node.childIds.length - 1; i >= 0; i--) stack.push(node.childIds[i]);
    for (let i = node.shadowChildIds.length - 1; i >= 0; i--) stack.push(node.shadowChildIds[i]);
  }
  return undefined;
}

/** Is `id` the node or inside it (by the mirror's parent links)? */
export function isWithin(mirror: NodeMirror, id: number, ancestorId: number): boolean {
  let cur: number | undefined = id;
  for (let steps = 0; cur !== undefined && steps < 10_000; steps++) {
    if (cur === ancestorId) return true;
    cur = mirror.parentOf(cur);
  }
  return false;
}
