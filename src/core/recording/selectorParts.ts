/**
 * Pieces of the readable, stable selectors the node mirror builds: CSS escaping (CSS.escape
 * semantics), attribute-value quoting, and the heuristics that tell hand-written ids and classes
 * from generated ones (React `useId`, Ember, UUIDs, CSS-in-JS hashes, CSS-module hashes, utility
 * classes).
 */

/** `CSS.escape` (CSSOM spec) for identifiers: ids, classes, tag names. */
export function cssEscape(value: string): string {
  const s = String(value);
  const len = s.length;
  if (len === 0) return '';
  const first = s.charCodeAt(0);
  if (len === 1 && first === 0x2d) return '\\-';
  let out = '';
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) {
      out += '\uFFFD';
    } else if (
      (c >= 0x01 && c <= 0x1f) ||
      c === 0x7f ||
      (i === 0 && c >= 0x30 && c <= 0x39) ||
      (i === 1 && c >= 0x30 && c <= 0x39 && first === 0x2d)
    ) {
      out += `\\${c.toString(16)} `;
    } else if (
      c >= 0x80 ||
      c === 0x2d ||
      c === 0x5f ||
      (c >= 0x30 && c <= 0x39) ||
      (c >= 0x41 && c <= 0x5a) ||
      (c >= 0x61 && c <= 0x7a)
    ) {
      out += s[i];
    } else {
      out += `\\${s[i]}`;
    }
  }
  return out;
}

/** A CSS string in double quotes: backslashes, quotes and control characters escaped. */
export function cssString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    const c = value.charCodeAt(i);
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c === 0) out += '\uFFFD';
    else if (c < 0x20 || c === 0x7f) out += `\\${c.toString(16)} `;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * Attributes that name an element for tests, in order of preference: the one list the selectors
 * (recording/, detect/) and the source index (link/) share.
 */
export const TEST_ID_ATTRIBUTES = ['data-testid', 'data-test-id', 'data-test', 'data-cy', 'data-qa', 'data-test-subj', 'data-e2e', 'data-automation-id'] as const;

const GENERATED_ID_PREFIX =
  /^(ember|ext-gen|ext-comp|yui_|yui-|gwt-uid-|mui-|react-select-|headlessui-|radix-|downshift-|rc-|tippy-|popover-|tooltip-|dialog-|__)/i;
const UUID = /[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}/i;

/** A token (part of an id or class between `-`/`_`) that looks like a hash: letters and digits mixed. */
function looksHashed(token: string): boolean {
  if (token.length < 5) return false;
  let digits = 0;
  let letters = 0;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) letters++;
  }
  if (digits === 0 || letters === 0) return false;
  if (digits >= 2) return true;
  // One digit: hashed when upper and lower case letters are mixed too (`aB3xYz`).
  return /[a-z]/.test(token) && /[A-Z]/.test(token) && !/^[A-Z][a-z]+\d$/.test(token);
}

/**
 * True for ids a framework or library generated (they change between renders or builds):
 * long digit runs (`input-12345`, `ember123`), React `useId` (`:r1:`, `«r1»`), UUIDs, hashes,
 * and library prefixes followed by a counter (`headlessui-menu-button-3`, `radix-:r2:`).
 */
export function isGeneratedId(id: string): boolean {
  if (id.length === 0 || id.length > 64) return true;
  if (/\s/.test(id)) return true;
  if (/[:«»]/.test(id)) return true;
  if (/\d{3,}/.test(id)) return true;
  if (/^\d/.test(id)) return true;
  if (UUID.test(id)) return true;
  if (GENERATED_ID_PREFIX.test(id) && /\d/.test(id)) return true;
  return id.split(/[-_.]+/).some(looksHashed);
}

/** How good a class is for a selector: 0 hand-written, 1 hashed but stable per build, 2 utility, -1 never. */
export type ClassTier = -1 | 0 | 1 | 2;

const CSS_IN_JS =
  /^(css-[a-z0-9]+(-[\w-]+)?|sc-[a-zA-Z0-9]+|jsx-\d+|jss\d+|svelte-[a-z0-9]+|astro-[a-z0-9]+|emotion-\d+|tw-[a-z0-9]{5,}|_?ngcontent-.*|_?nghost-.*|ng-(star-inserted|tns-.*|trigger.*|animating|untouched|touched|pristine|dirty|valid|invalid|pending))$/;
const STATE_CLASS =
  /^(is-|has-)?(active|focus|focused|focus-visible|hover|hovered|selected|open|opened|closed|visible|hidden|show|showing|in|fade|collapsing|loading|loaded|disabled|enabled|checked|current|expanded|collapsed|pressed|dragging|animated|animating)$/;
const UTILITY_CLASS =
  /^-?(p|px|py|pt|pb|pl|pr|ps|pe|m|mx|my|mt|mb|ml|mr|ms|me|w|h|size|min-w|max-w|min-h|max-h|gap|gap-x|gap-y|space-x|space-y|text|bg|border|border-[trblxy]|rounded|rounded-[trblse]{1,2}|shadow|font|leading|tracking|flex|grid|grid-cols|grid-rows|col|col-span|row|row-span|items|justify|content|self|place|inset|inset-x|inset-y|top|left|right|bottom|start|end|z|opacity|overflow|overflow-x|overflow-y|cursor|transition|duration|ease|delay|animate|translate-x|translate-y|scale|rotate|ring|ring-offset|outline|divide|divide-x|divide-y|fill|stroke|object|order|basis|grow|shrink|decoration|underline|no-underline|whitespace|break|truncate|sr-only|not-sr-only|hidden|block|inline|inline-block|inline-flex|contents|absolute|relative|fixed|sticky|static|visible|invisible|uppercase|lowercase|capitalize|italic|antialiased|aspect|pointer-events|select|resize|list|align|float|clear|d|g|gx|gy|fs|fw|lh|col-sm|col-md|col-lg|col-xl|offset|order-first|order-last|container|mx-auto)(-|$)/;

/** Classify a class name for selectors (see ClassTier). */
export function classTier(cls: string): ClassTier {
  if (cls.length === 0 || cls.length > 60) return -1;
  if (CSS_IN_JS.test(cls)) return -1;
  if (STATE_CLASS.test(cls)) return -1;
  if (/[:[\]/!.@%#()]/.test(cls)) return 2; // tailwind variants, arbitrary values, fractions
  if (UTILITY_CLASS.test(cls)) return 2;
  // CSS modules (`Button_btn__3xYz`, `styles-module__btn___a1B2c`) and other hashes.
  const moduleHash = /__([a-zA-Z0-9_-]{4,12})$/.exec(cls);
  if (moduleHash && /[0-9A-Z]/.test(moduleHash[1])) return 1;
  if (/\d{3,}/.test(cls)) return 1;
  if (cls.split(/[-_]+/).some(looksHashed)) return 1;
  return 0;
}

/**
 * Up to `max` classes that describe an element well: hand-written classes first; hashed classes only
 * when there is no hand-written one; utility classes only when there is nothing else.
 */
export function pickClasses(classAttr: string | undefined, max = 2): string[] {
  if (!classAttr) return [];
  const tiers: string[][] = [[], [], []];
  const seen = new Set<string>();
  for (const cls of classAttr.split(/[\t\n\f\r ]+/)) {
    if (!cls || seen.has(cls)) continue;
    seen.add(cls);
    const tier = classTier(cls);
    if (tier >= 0) tiers[tier].push(cls);
  }
  for (const tier of tiers) if (tier.length) return tier.slice(0, max);
  return [];
}

/** One compound selector (no combinators). */
export interface SelectorPart {
  tag?: string;
  id?: string;
  classes?: string[];
  attr?: [name: string, value: string];
  nth?: number;
}

/** Render a compound selector; always at least `*`. */
export function renderPart(part: SelectorPart): string {
  let out = part.tag ? cssEscape(part.tag) : '';
  if (part.id !== undefined) out += `#${cssEscape(part.id)}`;
  if (part.classes) for (const cls of part.classes) out += `.${cssEscape(cls)}`;
  if (part.attr) out += `[${cssEscape(part.attr[0])}=${cssString(part.attr[1])}]`;
  if (part.nth !== undefined) out += `:nth-of-type(${part.nth})`;
  return out || '*';
}

/** Render a chain of parts; `combinators[i]` joins `parts[i]` and `parts[i + 1]`. */
export function renderChain(parts: readonly SelectorPart[], combinators: readonly ('>' | ' ')[]): string {
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) out += combinators[i - 1] === '>' ? ' > ' : ' ';
    out += renderPart(parts[i]);
  }
  return out;
}
