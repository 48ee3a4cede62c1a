/**
 * Which form a typed field belongs to (struggles.md, `form-abandon`): its `<form>` ancestor or,
 * where it has none (React and Vue apps often wrap an input and its button in a plain `div`),
 * the group of fields around it — its nearest ancestor that also holds a submit-like control:
 * a `button`, an `input` of type submit, button or image, or an element with `role=button`.
 * The walk stops below the page — `body` and the app root filling it (React's `div#root`, Vue's
 * `#app`, and their only-child wrappers): the whole page is not a group around one field — and
 * never looks into a `<form>` (its buttons are its own). A click settles the group its control belongs to
 * (`groupOfControl`).
 *
 * Finding the group searches each ancestor's subtree once, skipping the child it came from, so
 * the cost is the size of the group found (or of the page below `body` when there is none).
 */
import { NodeType } from '@rrweb/types';
import type { MirrorNode, NodeMirror } from '../recording/mirror';

export type FormKind = 'form' | 'group';

export interface FoundForm {
  id: number;
  kind: FormKind;
}

const SUBMIT_INPUTS = new Set(['submit', 'button', 'image']);
const TEXT_INPUT_TYPES = new Set(['', 'text', 'email', 'password', 'search', 'tel', 'url', 'number']);
const PAGE_TAGS = new Set(['body', 'html', 'head']);
const MAX_STEPS = 10_000;
const MAX_VISITS = 100_000;

/** A field the user types into: text-like inputs, textarea, contenteditable. */
export function isTextField(node: MirrorNode): boolean {
  if (node.type !== NodeType.Element) return false;
  const tag = node.tagName;
  const editable = node.attributes.contenteditable;
  return (
    tag === 'textarea' ||
    (tag === 'input' && TEXT_INPUT_TYPES.has((node.attributes.type ?? '').trim().toLowerCase())) ||
    (editable !== undefined && editable.toLowerCase() !== 'false')
  );
}

/** A submit-like control of a form-less group: `button` (not reset), `input[type=submit|button|image]`, `role=button`. */
export function isSubmitLike(node: MirrorNode): boolean {
  if (node.type !== NodeType.Element) return false;
  const attrs = node.attributes;
  if (attrs.hidden !== undefined) return false;
  const tag = node.tagName;
  if (tag === 'button') return (attrs.type ?? '').trim().toLowerCase() !== 'reset';
  if (tag === 'input') return SUBMIT_INPUTS.has((attrs.type ?? '').trim().toLowerCase());
  const role = attrs.role;
  return role !== undefined && role.trim().toLowerCase().split(/\s+/)[0] === 'button';
}

/**
 * Elements matching `want` in `rootId`'s subtree (shadow roots included) in document order, at
 * most `limit`, skipping `skipId`'s subtree, `<form>`s (their fields and buttons are theirs) and
 * nested documents.
 */
function findIn(mirror: NodeMirror, rootId: number, skipId: number | undefined, want: (node: MirrorNode) => boolean, limit = 1): number[] {
  const out: number[] = [];
  const stack: number[] = [rootId];
  for (let visits = 0; stack.length > 0 && visits < MAX_VISITS; visits++) {
    const id = stack.pop()!;
    if (id === skipId) continue;
    const node = mirror.getNode(id);
    if (!node) continue;
    if (id !== rootId) {
      if (want(node)) {
        out.push(id);
        if (out.length >= limit) break;
        continue;
      }
      if (node.tagName === 'form' || node.type === NodeType.Document) continue;
    }
    for (let i = node.shadowChildIds.length - 1; i >= 0; i--) stack.push(node.shadowChildIds[i]);
    for (let i = node.childIds.length - 1; i >= 0; i--) stack.push(node.childIds[i]);
  }
  return out;
}

/** Tags that are not part of the page's layout (an app root's only visible sibling stays "only"). */
const NON_LAYOUT_TAGS = new Set(['script', 'style', 'noscript', 'template', 'link', 'meta']);

/** Element children of a node that take part in the layout. */
function layoutChildCount(mirror: NodeMirror, node: MirrorNode): number {
  let count = 0;
  for (const childId of node.childIds) {
    const child = mirror.getNode(childId);
    if (child && child.type === NodeType.Element && !NON_LAYOUT_TAGS.has(child.tagName)) count++;
  }
  return count;
}

/**
 * The nearest ancestor of `id` holding an element matching `want` besides `id`'s own subtree,
 * below the page itself: `body`, and the app roots that fill it (`div#root` and the wrappers
 * inside it that are their parent's only element) are the whole page, not a group.
 */
function nearestHolding(mirror: NodeMirror, id: number, want: (node: MirrorNode) => boolean): number | undefined {
  const chain: MirrorNode[] = [];
  for (let cur = mirror.getNode(id)?.parentId, steps = 0; cur !== undefined && steps < MAX_STEPS; steps++) {
    const node = mirror.getNode(cur);
    if (!node || node.type !== NodeType.Element || node.tagName === 'form') break;
    if (PAGE_TAGS.has(node.tagName)) {
      // Drop the page wrappers: from body down, each ancestor that is its parent's only element.
      let parent = node;
      while (chain.length > 0 && layoutChildCount(mirror, parent) === 1) parent = chain.pop()!;
      break;
    }
    chain.push(node);
    cur = node.parentId;
  }
  let from = id;
  for (const node of chain) {
    if (findIn(mirror, node.id, from, want).length > 0) return node.id;
    from = node.id;
  }
  return undefined;
}

/** The `<form>` element `id` is in, if any. */
export function formElementOf(mirror: NodeMirror, id: number): number | undefined {
  let cur: number | undefined = id;
  for (let steps = 0; cur !== undefined && steps < MAX_STEPS; steps++) {
    const node = mirror.getNode(cur);
    if (!node || node.type === NodeType.Document) return undefined;
    if (node.tagName === 'form') return node.id;
    cur = node.parentId;
  }
  return undefined;
}

/** The `<form>` around the field, else its field group, else undefined. */
export function formOf(mirror: NodeMirror, fieldId: number): FoundForm | undefined {
  const form = formElementOf(mirror, fieldId);
  if (form !== undefined) return { id: form, kind: 'form' };
  const group = nearestHolding(mirror, fieldId, isSubmitLike);
  return group !== undefined ? { id: group, kind: 'group' } : undefined;
}

/**
 * The group a submit-like control (outside any `<form>`) belongs to: its nearest ancestor holding
 * a text field. A "show password" button beside the password belongs to the password's wrapper,
 * not to the login box around it; "Sign in" belongs to the login box.
 */
export function groupOfControl(mirror: NodeMirror, controlId: number): number | undefined {
  if (formElementOf(mirror, controlId) !== undefined) return undefined;
  return nearestHolding(mirror, controlId, isTextField);
}

/**
 * The control that submits a group (for evidence): the first submit-like control in it that
 * belongs to the group itself (`groupOfControl`), else the first one; at most `limit` looked at.
 */
export function ownControlOf(mirror: NodeMirror, groupId: number, limit = 20): number | undefined {
  const controls = findIn(mirror, groupId, undefined, isSubmitLike, limit);
  return controls.find((id) => groupOfControl(mirror, id) === groupId) ?? controls[0];
}

/** Is `id` inside `ancestorId`'s subtree (or the node itself)? */
export function isInside(mirror: NodeMirror, id: number, ancestorId: number): boolean {
  let cur: number | undefined = id;
  for (let steps = 0; cur !== undefined && steps < MAX_STEPS; steps++) {
    if (cur === ancestorId) return true;
    cur = mirror.getNode(cur)?.parentId;
  }
  return false;
}
