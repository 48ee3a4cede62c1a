/**
 * A small CSS selector matcher for the ignore settings, evaluated against the node mirror's view
 * of an element and its ancestors (no live DOM). Supports selector lists, type and universal
 * selectors, #id, .class, attribute selectors ([a], [a=v], ~= |= ^= $= *=, with an `i` flag),
 * and the descendant and child combinators. Pseudo-classes are rejected with a clear message.
 */
import type { NodeSummary } from '../model';

interface AttributeTest {
  name: string;
  op?: '=' | '~=' | '|=' | '^=' | '$=' | '*=';
  value?: string;
  insensitive?: boolean;
}

interface Compound {
  tag?: string;
  id?: string;
  classes: string[];
  attributes: AttributeTest[];
}

/** Compounds right to left; combinators[i] joins compounds[i] (right) to compounds[i + 1] (left). */
interface ComplexSelector {
  compounds: Compound[];
  combinators: ('descendant' | 'child')[];
}

export type SelectorList = ComplexSelector[];

const IDENT_CHAR = /[A-Za-z0-9_\-\u00a0-\uffff]/;

export function parseSelectorList(text: string): SelectorList {
  const parser = new Parser(text);
  const list: SelectorList = [];
  for (;;) {
    list.push(parser.complex());
    parser.skipSpace();
    if (parser.done()) break;
    parser.expect(',');
  }
  return list;
}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {
    if (!text.trim()) throw new Error('empty selector');
  }

  done(): boolean {
    return this.pos >= this.text.length;
  }

  skipSpace(): boolean {
    const start = this.pos;
    while (!this.done() && /\s/.test(this.text[this.pos])) this.pos++;
    return this.pos > start;
  }

  expect(char: string): void {
    if (this.text[this.pos] !== char) this.fail(`expected "${char}"`);
    this.pos++;
  }

  fail(problem: string): never {
    const at = this.done() ? 'at the end' : `at "${this.text.slice(this.pos, this.pos + 10)}"`;
    throw new Error(`${problem} ${at}`);
  }

  complex(): ComplexSelector {
    this.skipSpace();
    const leftToRight: Compound[] = [this.compound()];
    const combinators: ('descendant' | 'child')[] = [];
    for (;;) {
      const spaced = this.skipSpace();
      if (this.done() || this.text[this.pos] === ',') break;
      if (this.text[this.pos] === '>') {
        this.pos++;
        this.skipSpace();
        combinators.push('child');
      } else if (spaced) {
        combinators.push('descendant');
      } else {
        this.fail('unexpected character');
      }
      leftToRight.push(this.compound());
    }
    return { compounds: leftToRight.reverse(), combinators: combinators.reverse() };
  }

  compound(): Compound {
    const compound: Compound = { classes: [], attributes: [] };
    let any = false;
    if (this.text[this.pos] === '*') {
      this.pos++;
      any = true;
    } else if (!this.done() && IDENT_CHAR.test(this.text[this.pos])) {
      compound.tag = this.ident().toLowerCase();
      any = true;
    }
    for (;;) {
      const char = this.text[this.pos];
      if (char === '#') {
        this.pos++;
        compound.id = this.ident();
      } else if (char === '.') {
        this.pos++;
        compound.classes.push(this.ident());
      } else if (char === '[') {
        this.pos++;
        compound.attributes.push(this.attribute());
      } else if (char === ':') {
        this.fail('pseudo-classes are not supported');
      } else {
        break;
      }
      any = true;
    }
    if (!any) this.fail('expected a selector');
    return compound;
  }

  ident(): string {
    let out = '';
    while (!this.done()) {
      const char = this.text[this.pos];
      if (char === '\\' && this.pos + 1 < this.text.length) {
        out += this.text[this.pos + 1];
        this.pos += 2;
      } else if (IDENT_CHAR.test(char)) {
        out += char;
        this.pos++;
      } else {
        break;
      }
    }
    if (!out) this.fail('expected a name');
    return out;
  }

  attribute(): AttributeTest {
    this.skipSpace();
    const test: AttributeTest = { name: this.ident().toLowerCase() };
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return test;
    }
    const two = this.text.slice(this.pos, this.pos + 2);
    if (['~=', '|=', '^=', '$=', '*='].includes(two)) {
      test.op = two as AttributeTest['op'];
      this.pos += 2;
    } else if (this.text[this.pos] === '=') {
      test.op = '=';
      this.pos++;
    } else {
      this.fail('expected an attribute operator');
    }
    this.skipSpace();
    const quote = this.text[this.pos];
    if (quote === '"' || quote === "'") {
      this.pos++;
      const end = this.text.indexOf(quote, this.pos);
      if (end < 0) this.fail('unterminated string');
      test.value = this.text.slice(this.pos, end);
      this.pos = end + 1;
    } else {
      test.value = this.ident();
    }
    this.skipSpace();
    if (this.text[this.pos] === 'i' || this.text[this.pos] === 'I') {
      test.insensitive = true;
      this.pos++;
      this.skipSpace();
    }
    this.expect(']');
    return test;
  }
}

function matchesAttribute(node: NodeSummary, test: AttributeTest): boolean {
  const actual = node.attributes[test.name];
  if (actual === undefined) return false;
  if (test.op === undefined || test.value === undefined) return true;
  const a = test.insensitive ? actual.toLowerCase() : actual;
  const v = test.insensitive ? test.value.toLowerCase() : test.value;
  switch (test.op) {
    case '=':
      return a === v;
    case '~=':
      return a.split(/\s+/).includes(v);
    case '|=':
      return a === v || a.startsWith(`${v}-`);
    case '^=':
      return v !== '' && a.startsWith(v);
    case '$=':
      return v !== '' && a.endsWith(v);
    case '*=':
      return v !== '' && a.includes(v);
  }
}

function matchesCompound(node: NodeSummary, compound: Compound): boolean {
  if (compound.tag !== undefined && node.tag.toLowerCase() !== compound.tag) return false;
  if (compound.id !== undefined && node.attributes.id !== compound.id) return false;
  if (compound.classes.length) {
    const attr = node.attributes.class ?? '';
    // A class the attribute does not even contain as a substring is not one of its tokens.
    for (const cls of compound.classes) if (!attr.includes(cls)) return false;
    const classes = attr.split(/\s+/);
    for (const cls of compound.classes) if (!classes.includes(cls)) return false;
  }
  for (const test of compound.attributes) if (!matchesAttribute(node, test)) return false;
  return true;
}

/** chain[0] is the element, chain[1..] its ancestors parent first. */
function matchesComplex(chain: readonly NodeSummary[], start: number, selector: ComplexSelector, part: number): boolean {
  if (!matchesCompound(chain[start], selector.compounds[part])) return false;
  if (part === selector.compounds.length - 1) return true;
  if (selector.combinators[part] === 'child') {
    return start + 1 < chain.length && matchesComplex(chain, start + 1, selector, part + 1);
  }
  for (let i = start + 1; i < chain.length; i++) if (matchesComplex(chain, i, selector, part + 1)) return true;
  return false;
}

/** Does the element chain[0] match any selector of the list? */
export function matches(chain: readonly NodeSummary[], list: SelectorList): boolean {
  if (!chain.length) return false;
  for (const selector of list) if (matchesComplex(chain, 0, selector, 0)) return true;
  return false;
}

/** The first selector (as written) that matches the element or one of its ancestors. */
export class IgnoreMatcher {
  private readonly parsed: { text: string; list: SelectorList }[] = [];

  constructor(selectors: readonly string[]) {
    for (const text of selectors) {
      try {
        this.parsed.push({ text, list: parseSelectorList(text) });
      } catch {
        // parseDetectConfig rejects these with a message; programmatic configs just skip them.
      }
    }
  }

  get empty(): boolean {
    return this.parsed.length === 0;
  }

  /** chain: the element then its ancestors, parent first. */
  match(chain: readonly NodeSummary[]): string | undefined {
    // The same as matches(chain.slice(start), list) for each start, without the copies.
    for (let start = 0; start < chain.length; start++) {
      for (const { text, list } of this.parsed) {
        for (const selector of list) if (matchesComplex(chain, start, selector, 0)) return text;
      }
    }
    return undefined;
  }
}
