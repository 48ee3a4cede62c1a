/**
 * The identifying evidence of an element, written the same way for a tag in source and for an
 * element the recording saw, so the index can look one up by the other. Keys are
 * `a:<attribute>=<value>`, `c:<class token>` and `t:<lowercased text>`.
 */
import type { ScannedTag } from './scanMarkup';
import { PATTERN_HOLE } from './expressions';
import { collapseWhitespace } from './scanMarkup';
import { TEST_ID_ATTRIBUTES } from '../recording/selectorParts';

const TEST_ID_ATTRIBUTE_SET: ReadonlySet<string> = new Set(TEST_ID_ATTRIBUTES);

/** How much one matching piece of evidence of this kind is worth when it is unique. */
export function attributeWeight(name: string): number {
  if (TEST_ID_ATTRIBUTE_SET.has(name)) return 3;
  switch (name) {
    case 'id':
      return 2.5;
    case 'data-component':
    case 'data-sentry-component':
      return 2;
    case 'name':
    case 'aria-label':
      return 1.5;
    case 'placeholder':
      return 1.2;
    case 'for':
    case 'title':
    case 'alt':
    case 'href':
    case 'action':
    case 'form':
      return 1;
    case 'src':
      return 0.8;
    case 'role':
      return 0.5;
    case 'type':
    case 'method':
      return 0.3;
    default:
      if (name.startsWith('data-')) return 1.2;
      if (name.startsWith('aria-')) return 0.8;
      return 0;
  }
}

export const CLASS_WEIGHT = 0.8;
export const TEXT_WEIGHT = 1.5;

export function isIndexedAttribute(name: string): boolean {
  return attributeWeight(name) > 0 && name !== 'data-sentry-source-file' && name !== 'data-sentry-element';
}

export function isTestIdAttribute(name: string): boolean {
  return TEST_ID_ATTRIBUTE_SET.has(name);
}

const MAX_VALUE_LENGTH = 200;

export function attrKey(name: string, value: string): string {
  return `a:${name}=${value}`;
}
export function classKey(token: string): string {
  return `c:${token}`;
}
export function textKey(text: string): string {
  return `t:${text}`;
}

export function normalizeText(text: string): string {
  return collapseWhitespace(text).toLowerCase();
}

const CLASS_TOKEN = /^-?[A-Za-z_][\w\-:/.[\]&>*%#!@()]*$/;

export function classTokens(value: string): string[] {
  return value.split(/\s+/).filter((t) => t.length > 0 && t.length <= 100 && CLASS_TOKEN.test(t) && !/[{}<>$"'`]/.test(t));
}

/**
 * The local name of a CSS-modules class as it reaches the DOM: `Button_primary__3xYz1`
 * (css-loader/Next.js) and `_primary_1a2b3_12` (Vite) → `primary`.
 */
export function cssModuleLocalName(token: string): string | undefined {
  const webpack = /^[A-Za-z0-9-]+_([A-Za-z][\w-]*?)__[\w-]{5,}$/.exec(token);
  if (webpack) return webpack[1];
  const vite = /^_([A-Za-z][\w-]*?)_[a-z0-9]{5,}(?:_\d+)?$/.exec(token);
  return vite ? vite[1] : undefined;
}

export interface TagPattern {
  attribute: string;
  /** Literal pieces between holes. */
  pieces: string[];
  staticLength: number;
}

export interface TagKeys {
  keys: string[];
  patterns: TagPattern[];
}

/** Keys of a tag found in source. */
export function keysOfScannedTag(tag: ScannedTag): TagKeys {
  const keys = new Set<string>();
  const patterns: TagPattern[] = [];
  for (const attr of tag.attributes) {
    if (attr.name === 'class') {
      for (const v of attr.values) for (const t of classTokens(v)) keys.add(classKey(t));
      for (const k of attr.keys) for (const t of classTokens(k)) keys.add(classKey(t));
      for (const m of attr.members) if (CLASS_TOKEN.test(m)) keys.add(classKey(m));
      for (const p of attr.patterns) {
        // Only whole tokens not touching a hole are certain.
        const pieces = p.split(PATTERN_HOLE);
        pieces.forEach((piece, pi) => {
          const parts = piece.split(/\s+/);
          parts.forEach((part, i) => {
            const touchesPrevHole = i === 0 && pi > 0;
            const touchesNextHole = i === parts.length - 1 && pi < pieces.length - 1;
            if (!touchesPrevHole && !touchesNextHole) for (const t of classTokens(part)) keys.add(classKey(t));
          });
        });
      }
      continue;
    }
    if (!isIndexedAttribute(attr.name)) continue;
    for (const v of attr.values) {
      const value = v.trim();
      if (value && value.length <= MAX_VALUE_LENGTH) keys.add(attrKey(attr.name, value));
    }
    for (const p of attr.patterns) {
      const pieces = p.split(PATTERN_HOLE);
      const staticLength = pieces.reduce((n, s) => n + s.length, 0);
      if (staticLength >= 2 && p.length <= MAX_VALUE_LENGTH) patterns.push({ attribute: attr.name, pieces, staticLength });
    }
  }
  for (const text of tag.texts) {
    const t = normalizeText(text);
    if (t.length >= 2) keys.add(textKey(t));
  }
  const full = normalizeText(tag.fullText);
  if (full.length >= 2) keys.add(textKey(full));
  return { keys: [...keys], patterns };
}

/** Does a runtime value match a source pattern (`row-\0` ~ `row-42`)? */
export function matchesPattern(pattern: TagPattern, value: string): boolean {
  const { pieces } = pattern;
  if (!value.startsWith(pieces[0])) return false;
  let at = pieces[0].length;
  for (let i = 1; i < pieces.length; i++) {
    const piece = pieces[i];
    if (i === pieces.length - 1) {
      return value.length - piece.length > at && value.endsWith(piece);
    }
    const found = value.indexOf(piece, at + 1);
    if (found < 0) return false;
    at = found + piece.length;
  }
  return at === value.length;
}

export interface RuntimeKey {
  key: string;
  /** Attribute name, `class` or `text`. */
  kind: string;
  weight: number;
  /** How the evidence reads in a reason: `data-testid="place-order"`. */
  label: string;
}

function quoteForReason(value: string): string {
  const v = value.length > 40 ? value.slice(0, 39) + '…' : value;
  return `"${v.replace(/"/g, '\\"')}"`;
}

/** Keys of an element as the recording saw it (attributes of the DOM node, its visible text). */
export function keysOfRuntimeElement(attributes: Record<string, string>, text: string | undefined, withText: boolean): RuntimeKey[] {
  const out: RuntimeKey[] = [];
  for (const [name, raw] of Object.entries(attributes)) {
    if (typeof raw !== 'string') continue;
    if (name === 'class') {
      for (const token of classTokens(raw)) {
        out.push({ key: classKey(token), kind: 'class', weight: CLASS_WEIGHT, label: `class ${quoteForReason(token)}` });
        const local = cssModuleLocalName(token);
        if (local) out.push({ key: classKey(local), kind: 'class', weight: CLASS_WEIGHT, label: `CSS module class ${quoteForReason(local)}` });
      }
      continue;
    }
    if (!isIndexedAttribute(name)) continue;
    const value = raw.trim();
    if (!value || value.length > MAX_VALUE_LENGTH) continue;
    out.push({ key: attrKey(name, value), kind: name, weight: attributeWeight(name), label: `${name}=${quoteForReason(value)}` });
  }
  if (withText && text) {
    const t = normalizeText(text);
    if (t.length >= 2) out.push({ key: textKey(t), kind: 'text', weight: TEXT_WEIGHT, label: `text ${quoteForReason(collapseWhitespace(text))}` });
  }
  return out;
}
