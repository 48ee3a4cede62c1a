/**
 * The visible text of a mirrored node, as a reader of the page sees it: hidden elements, scripts
 * and styles skipped, block elements separating words, white space collapsed, cut to a length.
 */
import { NodeType } from '@rrweb/types';
import type { MNode } from './mirror';

/** The attributes textOfNode reads (hiding an element, a button input's label). */
const TEXT_ATTRIBUTES = new Set(['hidden', 'aria-hidden', 'style', 'type', 'value']);

/** Does an attribute mutation touch what textOfNode reads? */
export function changesText(changed: Record<string, unknown>): boolean {
  for (const name in changed) if (TEXT_ATTRIBUTES.has(name)) return true;
  return false;
}

/** Tags whose content is never visible text. */
const NO_TEXT_TAGS = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'head', 'title', 'iframe', 'object', 'svg', 'canvas']);
/** Tags that do not separate words when their text is joined. */
const INLINE_TAGS = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'dfn', 'em', 'font', 'i', 'kbd', 'mark', 'q', 's',
  'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr',
]);
const BUTTON_INPUT_TYPES = new Set(['button', 'submit', 'reset']);

const DISPLAY_NONE = /display\s*:\s*none/i;

/** Is the UTF-16 code unit whitespace as RegExp `\s` and String.prototype.trim see it? */
function isSpace(c: number): boolean {
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** `text.replace(/\s+/g, ' ').trim()`, without the regex (hot: text of every clicked target). */
function collapse(text: string): string {
  const n = text.length;
  let out = '';
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isSpace(text.charCodeAt(i))) i++;
    out = out === '' ? text.slice(start, i) : `${out} ${text.slice(start, i)}`;
  }
  return out;
}

function truncate(text: string, maxLen: number): string {
  if (text.length <= maxLen) return text;
  if (maxLen <= 1) return text.slice(0, Math.max(0, maxLen));
  return `${text.slice(0, maxLen - 1).trimEnd()}…`;
}

export function textOfNode(start: MNode, maxLen: number): string {
  if (start.type === NodeType.Text) {
    const p = start.parentNode;
    if (p && p.type === NodeType.Element && NO_TEXT_TAGS.has(p.tagName)) return '';
    return truncate(collapse(start.text ?? ''), maxLen);
  }
  if (start.type !== NodeType.Element && start.type !== NodeType.Document) return '';
  let out = '';
  const budget = maxLen * 4 + 256;
  // null marks a word break (the edge of a block element).
  const stack: Array<MNode | null> = [start];
  while (stack.length > 0) {
    const n = stack.pop() as MNode | null;
    if (n === null) {
      out += ' ';
      continue;
    }
    if (n.type === NodeType.Text) {
      out += n.text ?? '';
      if (out.length > budget) {
        out = collapse(out);
        if (out.length > maxLen) break;
      }
      continue;
    }
    if (n.type !== NodeType.Element && n.type !== NodeType.Document) continue;
    if (n.type === NodeType.Element) {
      if (NO_TEXT_TAGS.has(n.tagName)) continue;
      const a = n.attributes;
      if (n !== start && (a.hidden !== undefined || a['aria-hidden'] === 'true' || (a.style !== undefined && DISPLAY_NONE.test(a.style)))) continue;
      if (n.tagName === 'br') {
        out += ' ';
        continue;
      }
      if (n.tagName === 'input') {
        if (BUTTON_INPUT_TYPES.has((a.type ?? '').toLowerCase()) && a.value) out += ` ${a.value} `;
        continue;
      }
    }
    const block = n.type === NodeType.Element && !INLINE_TAGS.has(n.tagName);
    if (block) stack.push(null);
    if (n.kids) for (let i = n.kids.length - 1; i >= 0; i--) stack.push(n.kids[i]);
    if (n.shadow) for (let i = n.shadow.length - 1; i >= 0; i--) stack.push(n.shadow[i]);
    if (block) stack.push(null);
  }
  return truncate(collapse(out), maxLen);
}
