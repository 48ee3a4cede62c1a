/**
 * A fast, forgiving scanner that finds the opening tags written in source files — JSX/TSX,
 * HTML, Vue/Svelte/Astro templates and server templates — with their attributes, literal text
 * children, and line/column. Not a parser: it tracks just enough JavaScript (strings, template
 * literals, comments, regex literals, braces) and markup (comments, raw-text elements, quoted
 * and `{…}` attribute values) to never mistake a `<` in code or text for a tag.
 */
import { extractLiterals } from './expressions';

export type SourceLanguage = 'JSX' | 'HTML' | 'Vue template' | 'Svelte markup' | 'Astro' | 'template' | 'HTML template literal';

export interface ScannedAttribute {
  /** As the DOM will name it: `className` → `class`, `htmlFor` → `for`, `:id` → `id`. */
  name: string;
  /** Possible literal values (one for `id="x"`, several for `id={a ? 'x' : 'y'}`). */
  values: string[];
  /** Template literals with holes (`\u0000`), e.g. `row-\u0000`. */
  patterns: string[];
  /** Class-like extras: object keys of `clsx({...})`, `styles.name` members. */
  keys: string[];
  members: string[];
}

export interface ScannedTag {
  /** As written: `button`, `Button`, `motion.div`, `my-widget`. */
  tag: string;
  /** Offsets of the `<` and of the end of the element (its closing tag, or the opening tag if none). */
  start: number;
  end: number;
  line: number; // 1-based
  column: number; // 1-based
  endLine: number;
  attributes: ScannedAttribute[];
  /** Literal text chunks directly inside the element (split at `{expressions}`), whitespace-collapsed. */
  texts: string[];
  /** All literal text inside the element, descendants included, whitespace-collapsed, ≤ 120 chars. */
  fullText: string;
  language: SourceLanguage;
}

export interface ComponentDefinition {
  name: string;
  line: number;
  start: number;
}

export interface ScanResult {
  tags: ScannedTag[];
  /** Capitalized function/class/const definitions (component candidates), in file order. */
  components: ComponentDefinition[];
}

export type FileKind = 'jsx' | 'ts' | 'html' | 'vue' | 'svelte' | 'astro' | 'template';

export function fileKindOf(file: string): FileKind | undefined {
  const m = /\.([a-z]+)$/i.exec(file);
  if (!m) return undefined;
  switch (m[1].toLowerCase()) {
    case 'tsx':
    case 'jsx':
    case 'js':
    case 'mjs':
      return 'jsx';
    case 'ts':
    case 'mts':
      return 'ts';
    case 'html':
    case 'htm':
      return 'html';
    case 'vue':
      return 'vue';
    case 'svelte':
      return 'svelte';
    case 'astro':
      return 'astro';
    case 'hbs':
    case 'handlebars':
    case 'ejs':
    case 'njk':
    case 'liquid':
    case 'erb':
    case 'php':
    case 'twig':
    case 'mustache':
      return 'template';
    default:
      return undefined;
  }
}

const VOID_ELEMENTS = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', '!doctype',
]);
const RAW_TEXT_ELEMENTS = new Set(['script', 'style', 'textarea', 'title', 'xmp']);
const JS_KEYWORDS_BEFORE_EXPRESSION = new Set([
  'return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await', 'instanceof', 'default',
]);
const COMPONENT_DEF = /(?:function\*?|class|const|let|var)\s+([A-Z][\w$]*)/y;

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '—', ndash: '–', hellip: '…', copy: '©' };

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return ENTITY[body.toLowerCase()] ?? whole;
  });
}

export function collapseWhitespace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function domAttributeName(raw: string): string {
  let name = raw;
  if (name.startsWith('v-bind:')) name = name.slice(7);
  else if (name.startsWith(':')) name = name.slice(1);
  if (name === 'className' || name === 'class:list') return 'class';
  if (name === 'htmlFor') return 'for';
  if (name === 'tabIndex') return 'tabindex';
  return name;
}

const isIdentStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
const isIdentChar = (c: number) => isIdentStart(c) || (c >= 48 && c <= 57);
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13 || c === 12;

type Sig = 'start' | 'punct' | 'keyword' | 'value';

class Scanner {
  private pos = 0;
  private sig: Sig = 'start';
  readonly tags: ScannedTag[] = [];
  readonly components: ComponentDefinition[] = [];
  private lineStarts: number[] | undefined;

  constructor(
    private readonly src: string,
    private readonly kind: FileKind,
  ) {}

  run(): ScanResult {
    const { src } = this;
    if (this.kind === 'jsx' || this.kind === 'ts') {
      this.scanJs(false, this.kind === 'jsx');
    } else {
      let from = 0;
      if (this.kind === 'astro') {
        const fm = /^\s*---\r?\n[\s\S]*?\r?\n---/.exec(src);
        if (fm) from = fm[0].length;
      }
      this.pos = from;
      this.scanMarkup(src.length, this.kind === 'html' || this.kind === 'template' ? 'HTML' : this.languageOfMarkup());
    }
    for (const t of this.tags) {
      const [line, column] = this.lineCol(t.start);
      t.line = line;
      t.column = column;
      t.endLine = t.end <= t.start ? line : this.lineCol(t.end)[0];
    }
    for (const c of this.components) c.line = this.lineCol(c.start)[0];
    this.tags.sort((a, b) => a.start - b.start);
    return { tags: this.tags, components: this.components };
  }

  private languageOfMarkup(): SourceLanguage {
    switch (this.kind) {
      case 'vue':
        return 'Vue template';
      case 'svelte':
        return 'Svelte markup';
      case 'astro':
        return 'Astro';
      case 'template':
        return 'template';
      default:
        return 'HTML';
    }
  }

  private lineCol(offset: number): [number, number] {
    if (!this.lineStarts) {
      const starts = [0];
      const { src } = this;
      for (let i = src.indexOf('\n'); i >= 0; i = src.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return [lo + 1, offset - starts[lo] + 1];
  }

  // ------------------------------------------------------------------------------------------
  // JavaScript

  /** Scans code until EOF, or until the `}` closing the current brace level when `untilBrace`. */
  private scanJs(untilBrace: boolean, jsx: boolean): void {
    const { src } = this;
    const len = src.length;
    let depth = 0;
    const savedSig = this.sig;
    this.sig = 'start';
    while (this.pos < len) {
      const c = src.charCodeAt(this.pos);
      if (isSpace(c)) {
        this.pos++;
        continue;
      }
      switch (c) {
        case 47: {
          // '/'
          const n = src.charCodeAt(this.pos + 1);
          if (n === 47) {
            const nl = src.indexOf('\n', this.pos);
            this.pos = nl < 0 ? len : nl;
          } else if (n === 42) {
            const end = src.indexOf('*/', this.pos + 2);
            this.pos = end < 0 ? len : end + 2;
          } else if (this.sig !== 'value') {
            this.skipRegex();
            this.sig = 'value';
          } else {
            this.pos++;
            this.sig = 'punct';
          }
          continue;
        }
        case 34: // "
        case 39: // '
          this.skipQuoted(c);
          this.sig = 'value';
          continue;
        case 96: // `
          this.scanTemplateLiteral(jsx);
          this.sig = 'value';
          continue;
        case 123: // {
          depth++;
          this.pos++;
          this.sig = 'punct';
          continue;
        case 125: // }
          this.pos++;
          if (depth === 0 && untilBrace) {
            this.sig = savedSig;
            return;
          }
          if (depth > 0) depth--;
          this.sig = 'punct';
          continue;
        case 41: // )
        case 93: // ]
          this.pos++;
          this.sig = 'value';
          continue;
        case 60: // <
          if (jsx && this.sig !== 'value' && this.tryJsxElement()) {
            this.sig = 'value';
            continue;
          }
          this.pos++;
          this.sig = 'punct';
          continue;
        default:
          break;
      }
      if (isIdentStart(c)) {
        const start = this.pos;
        let j = this.pos + 1;
        while (j < len && isIdentChar(src.charCodeAt(j))) j++;
        const word = src.slice(start, j);
        if (word === 'function' || word === 'class' || word === 'const' || word === 'let' || word === 'var') {
          COMPONENT_DEF.lastIndex = start;
          const m = COMPONENT_DEF.exec(src);
          if (m) this.components.push({ name: m[1], line: 0, start });
        }
        this.pos = j;
        this.sig = JS_KEYWORDS_BEFORE_EXPRESSION.has(word) ? 'keyword' : 'value';
        continue;
      }
      if (c >= 48 && c <= 57) {
        let j = this.pos + 1;
        while (j < len && (isIdentChar(src.charCodeAt(j)) || src.charCodeAt(j) === 46)) j++;
        this.pos = j;
        this.sig = 'value';
        continue;
      }
      // '+' and '-' twice in a row are postfix operators: the value stays a value.
      if ((c === 43 || c === 45) && src.charCodeAt(this.pos + 1) === c && this.sig === 'value') {
        this.pos += 2;
        continue;
      }
      this.pos++;
      this.sig = 'punct';
    }
    this.sig = savedSig;
  }

  private skipQuoted(quote: number): void {
    const { src } = this;
    let i = this.pos + 1;
    while (i < src.length) {
      const c = src.charCodeAt(i);
      if (c === 92) i += 2;
      else if (c === quote) {
        i++;
        break;
      } else if (c === 10) break; // unterminated string: stop at the line end
      else i++;
    }
    this.pos = i;
  }

  private skipRegex(): void {
    const { src } = this;
    let i = this.pos + 1;
    let inClass = false;
    while (i < src.length) {
      const c = src.charCodeAt(i);
      if (c === 92) {
        i += 2;
        continue;
      }
      if (c === 10) break; // not a regex after all; resume on the next line
      if (inClass) {
        if (c === 93) inClass = false;
      } else if (c === 91) inClass = true;
      else if (c === 47) {
        i++;
        while (i < src.length && isIdentChar(src.charCodeAt(i))) i++;
        break;
      }
      i++;
    }
    this.pos = i;
  }

  /** Skips a template literal; `html\`…\`` (lit) contents are scanned as markup. */
  private scanTemplateLiteral(jsx: boolean): void {
    const { src } = this;
    const isHtml = /\bhtml\s*$/.test(src.slice(Math.max(0, this.pos - 8), this.pos));
    this.pos++;
    let chunkStart = this.pos;
    while (this.pos < src.length) {
      const c = src.charCodeAt(this.pos);
      if (c === 92) {
        this.pos += 2;
      } else if (c === 96) {
        if (isHtml) this.scanMarkupRange(chunkStart, this.pos);
        this.pos++;
        return;
      } else if (c === 36 && src.charCodeAt(this.pos + 1) === 123) {
        if (isHtml) this.scanMarkupRange(chunkStart, this.pos);
        this.pos += 2;
        this.scanJs(true, jsx);
        chunkStart = this.pos;
      } else {
        this.pos++;
      }
    }
  }

  private scanMarkupRange(from: number, to: number): void {
    const saved = this.pos;
    this.pos = from;
    this.scanMarkup(to, 'HTML template literal');
    this.pos = saved;
  }

  // ------------------------------------------------------------------------------------------
  // JSX

  /** At a `<` where an expression may start: parse a JSX element, or restore and return false. */
  private tryJsxElement(): boolean {
    const start = this.pos;
    const tagCount = this.tags.length;
    const compCount = this.components.length;
    const ok = this.parseJsxElement() !== undefined;
    if (!ok) {
      this.pos = start;
      this.tags.length = tagCount;
      this.components.length = compCount;
    }
    return ok;
  }

  /** Returns the element's full literal text, or undefined when this is not a JSX element. */
  private parseJsxElement(): string | undefined {
    const { src } = this;
    const start = this.pos;
    this.pos++;
    if (src.charCodeAt(this.pos) === 62) {
      // fragment <>
      this.pos++;
      const children = this.parseJsxChildren();
      return children?.full;
    }
    if (!isLetter(src.charCodeAt(this.pos))) return undefined;
    let j = this.pos;
    while (j < src.length && /[\w$.:-]/.test(src[j])) j++;
    const tag = src.slice(this.pos, j);
    this.pos = j;
    // TSX generics: <T,>(…) and <T extends U>(…)
    if (/^[A-Z]$/.test(tag) && src[j] === ',') return undefined;
    if (/^\s+extends\s/.test(src.slice(j, j + 10))) return undefined;
    const record: ScannedTag = {
      tag,
      start,
      end: start,
      line: 0,
      column: 0,
      endLine: 0,
      attributes: [],
      texts: [],
      fullText: '',
      language: 'JSX',
    };
    this.tags.push(record);
    for (;;) {
      this.skipSpaceAndComments();
      if (this.pos >= src.length) return undefined;
      const c = src.charCodeAt(this.pos);
      if (c === 47 && src.charCodeAt(this.pos + 1) === 62) {
        this.pos += 2;
        record.end = this.pos;
        return '';
      }
      if (c === 62) {
        this.pos++;
        break;
      }
      if (c === 123) {
        // {...spread}
        this.pos++;
        this.scanJs(true, true);
        continue;
      }
      if (!isIdentStart(c)) return undefined;
      let k = this.pos;
      while (k < src.length && /[\w$:.-]/.test(src[k])) k++;
      const rawName = src.slice(this.pos, k);
      this.pos = k;
      this.skipSpaceAndComments();
      if (src.charCodeAt(this.pos) !== 61) {
        addAttribute(record, rawName, { strings: [''], patterns: [], keys: [], members: [], literalOnly: true });
        continue;
      }
      this.pos++;
      this.skipSpaceAndComments();
      const q = src.charCodeAt(this.pos);
      if (q === 34 || q === 39) {
        const end = src.indexOf(src[this.pos], this.pos + 1);
        if (end < 0) return undefined;
        addAttribute(record, rawName, {
          strings: [decodeEntities(src.slice(this.pos + 1, end))],
          patterns: [],
          keys: [],
          members: [],
          literalOnly: true,
        });
        this.pos = end + 1;
      } else if (q === 123) {
        this.pos++;
        const exprStart = this.pos;
        this.scanJs(true, true);
        addAttribute(record, rawName, extractLiterals(src.slice(exprStart, this.pos - 1)));
      } else if (q === 60) {
        if (this.parseJsxElement() === undefined) return undefined;
      } else {
        return undefined;
      }
    }
    const children = this.parseJsxChildren();
    if (!children) return undefined;
    record.texts = children.direct;
    record.fullText = children.full;
    record.end = this.pos;
    return children.full;
  }

  private skipSpaceAndComments(): void {
    const { src } = this;
    while (this.pos < src.length) {
      const c = src.charCodeAt(this.pos);
      if (isSpace(c)) this.pos++;
      else if (c === 47 && src.charCodeAt(this.pos + 1) === 42) {
        const end = src.indexOf('*/', this.pos + 2);
        this.pos = end < 0 ? src.length : end + 2;
      } else if (c === 47 && src.charCodeAt(this.pos + 1) === 47) {
        const nl = src.indexOf('\n', this.pos);
        this.pos = nl < 0 ? src.length : nl;
      } else break;
    }
  }

  /** JSX children up to the closing tag. Undefined when the file ends first with nothing closed. */
  private parseJsxChildren(): { direct: string[]; full: string } | undefined {
    const { src } = this;
    const direct: string[] = [];
    const full: string[] = [];
    let current = '';
    const flush = () => {
      const t = collapseWhitespace(decodeEntities(current));
      if (t) {
        direct.push(t);
        full.push(t);
      }
      current = '';
    };
    while (this.pos < src.length) {
      const c = src.charCodeAt(this.pos);
      if (c === 123) {
        this.pos++;
        const exprStart = this.pos;
        this.scanJs(true, true);
        const lit = extractLiterals(src.slice(exprStart, this.pos - 1));
        if (lit.literalOnly && lit.strings.length === 1) current += lit.strings[0];
        else if (/\S/.test(src.slice(exprStart, this.pos - 1).replace(/\/\*[\s\S]*?\*\//g, ''))) flush();
        continue;
      }
      if (c === 60) {
        const n = src.charCodeAt(this.pos + 1);
        if (n === 47) {
          flush();
          // A mismatched closing tag is tolerated: the source may be mid-edit.
          const close = src.indexOf('>', this.pos);
          this.pos = close < 0 ? src.length : close + 1;
          return { direct, full: truncate(full.join(' ')) };
        }
        if (isLetter(n) || n === 62) {
          flush();
          const childText = this.parseJsxElement();
          if (childText === undefined) return undefined;
          if (childText) full.push(childText);
          continue;
        }
      }
      current += src[this.pos];
      this.pos++;
    }
    return undefined; // the file ended inside the element: not JSX after all (or mid-edit)
  }

  // ------------------------------------------------------------------------------------------
  // Markup (HTML, Vue, Svelte, Astro, server templates)

  private scanMarkup(end: number, language: SourceLanguage): void {
    const { src } = this;
    const braces = this.kind === 'vue' || this.kind === 'svelte' || this.kind === 'astro';
    interface Open {
      record: ScannedTag;
      direct: string[];
      full: string[];
      current: string;
    }
    const stack: Open[] = [];
    const flush = () => {
      const top = stack[stack.length - 1];
      if (!top) return;
      const t = collapseWhitespace(decodeEntities(top.current));
      if (t) {
        top.direct.push(t);
        for (const o of stack) o.full.push(t);
      }
      top.current = '';
    };
    const close = (o: Open, at: number) => {
      o.record.texts = o.direct;
      o.record.fullText = truncate(o.full.join(' '));
      o.record.end = at;
    };
    while (this.pos < end) {
      const c = src.charCodeAt(this.pos);
      if (c === 60) {
        const n = src.charCodeAt(this.pos + 1);
        if (src.startsWith('<!--', this.pos)) {
          const e = src.indexOf('-->', this.pos + 4);
          this.pos = e < 0 || e >= end ? end : e + 3;
          continue;
        }
        if (n === 37 || n === 63) {
          // <% … %>  <? … ?>
          const e = src.indexOf(n === 37 ? '%>' : '?>', this.pos + 2);
          this.pos = e < 0 || e >= end ? end : e + 2;
          continue;
        }
        if (n === 33) {
          const e = src.indexOf('>', this.pos);
          this.pos = e < 0 || e >= end ? end : e + 1;
          continue;
        }
        if (n === 47) {
          flush();
          const e = src.indexOf('>', this.pos);
          const name = src.slice(this.pos + 2, e < 0 ? end : e).trim().toLowerCase();
          this.pos = e < 0 || e >= end ? end : e + 1;
          for (let i = stack.length - 1; i >= 0; i--) {
            if (stack[i].record.tag.toLowerCase() === name) {
              while (stack.length > i) close(stack.pop()!, this.pos);
              break;
            }
          }
          continue;
        }
        if (isLetter(n)) {
          flush();
          const tagStart = this.pos;
          const opened = this.parseMarkupTag(end, language, braces);
          if (!opened) {
            this.pos = tagStart + 1;
            continue;
          }
          const { record, selfClosing } = opened;
          const lower = record.tag.toLowerCase();
          if (RAW_TEXT_ELEMENTS.has(lower) && !selfClosing) {
            const closeAt = src.toLowerCase().indexOf('</' + lower, this.pos);
            const contentEnd = closeAt < 0 || closeAt >= end ? end : closeAt;
            if (lower === 'textarea' || lower === 'title') {
              const t = collapseWhitespace(decodeEntities(src.slice(this.pos, contentEnd)));
              if (t) {
                record.texts = [t];
                record.fullText = truncate(t);
                for (const o of stack) o.full.push(t);
              }
            }
            const gt = src.indexOf('>', contentEnd);
            this.pos = gt < 0 || gt >= end ? end : gt + 1;
            record.end = this.pos;
            continue;
          }
          if (selfClosing || VOID_ELEMENTS.has(lower)) {
            record.end = this.pos;
            continue;
          }
          stack.push({ record, direct: [], full: [], current: '' });
          continue;
        }
      }
      if (braces && c === 123) {
        flush();
        const n = src.charCodeAt(this.pos + 1);
        if (n === 35 || n === 58 || n === 47 || n === 64) this.skipBraced(end); // Svelte {#if} {:else} {/if} {@html}
        else {
          this.pos++;
          this.scanJs(true, this.kind !== 'vue');
        }
        continue;
      }
      if (stack.length > 0) stack[stack.length - 1].current += src[this.pos];
      this.pos++;
    }
    flush();
    while (stack.length > 0) close(stack.pop()!, end);
  }

  /** Skips a `{…}` block, counting nested braces and skipping quoted strings. */
  private skipBraced(end: number): void {
    const { src } = this;
    let depth = 0;
    while (this.pos < end) {
      const c = src.charCodeAt(this.pos);
      if (c === 34 || c === 39 || c === 96) {
        this.skipQuoted(c);
        continue;
      }
      this.pos++;
      if (c === 123) depth++;
      else if (c === 125 && --depth === 0) return;
    }
  }

  private parseMarkupTag(end: number, language: SourceLanguage, braces: boolean): { record: ScannedTag; selfClosing: boolean } | undefined {
    const { src } = this;
    const start = this.pos;
    let j = this.pos + 1;
    while (j < end && /[\w:.-]/.test(src[j])) j++;
    const tag = src.slice(start + 1, j);
    const record: ScannedTag = {
      tag: /[A-Z]/.test(tag[0]) || language !== 'HTML' ? tag : tag.toLowerCase(),
      start,
      end: start,
      line: 0,
      column: 0,
      endLine: 0,
      attributes: [],
      texts: [],
      fullText: '',
      language,
    };
    this.pos = j;
    while (this.pos < end) {
      const c = src.charCodeAt(this.pos);
      if (isSpace(c)) {
        this.pos++;
        continue;
      }
      if (c === 62) {
        this.pos++;
        this.tags.push(record);
        return { record, selfClosing: false };
      }
      if (c === 47 && src.charCodeAt(this.pos + 1) === 62) {
        this.pos += 2;
        this.tags.push(record);
        return { record, selfClosing: true };
      }
      if (c === 60 && (src.charCodeAt(this.pos + 1) === 37 || src.charCodeAt(this.pos + 1) === 63)) {
        const e = src.indexOf(src.charCodeAt(this.pos + 1) === 37 ? '%>' : '?>', this.pos + 2);
        this.pos = e < 0 || e >= end ? end : e + 2;
        continue;
      }
      if (c === 123 && src.charCodeAt(this.pos + 1) === 123) {
        // {{ … }} inside a tag (handlebars, nunjucks)
        const e = src.indexOf('}}', this.pos + 2);
        this.pos = e < 0 || e >= end ? end : e + 2;
        continue;
      }
      if (c === 123 && src.charCodeAt(this.pos + 1) === 37) {
        const e = src.indexOf('%}', this.pos + 2);
        this.pos = e < 0 || e >= end ? end : e + 2;
        continue;
      }
      if (braces && c === 123) {
        // Svelte/Astro {...spread} or {shorthand}
        this.pos++;
        const exprStart = this.pos;
        this.scanJs(true, false);
        const inner = src.slice(exprStart, this.pos - 1).trim();
        if (/^[A-Za-z_$][\w$]*$/.test(inner)) addAttribute(record, inner, { strings: [], patterns: [], keys: [], members: [], literalOnly: false });
        continue;
      }
      if (c === 60) return undefined; // a new tag started: this was not a tag
      let k = this.pos;
      while (k < end && !/[\s/>=]/.test(src[k])) k++;
      if (k === this.pos) {
        this.pos++;
        continue;
      }
      const rawName = src.slice(this.pos, k);
      this.pos = k;
      while (this.pos < end && isSpace(src.charCodeAt(this.pos))) this.pos++;
      if (src.charCodeAt(this.pos) !== 61) {
        addMarkupAttribute(record, rawName, undefined, language);
        continue;
      }
      this.pos++;
      while (this.pos < end && isSpace(src.charCodeAt(this.pos))) this.pos++;
      const q = src.charCodeAt(this.pos);
      if (q === 34 || q === 39) {
        const e = src.indexOf(src[this.pos], this.pos + 1);
        const valueEnd = e < 0 || e >= end ? end : e;
        addMarkupAttribute(record, rawName, { text: src.slice(this.pos + 1, valueEnd), quoted: true }, language);
        this.pos = valueEnd + 1;
      } else if (braces && q === 123) {
        this.pos++;
        const exprStart = this.pos;
        this.scanJs(true, this.kind !== 'vue');
        addAttribute(record, rawName, extractLiterals(src.slice(exprStart, this.pos - 1)));
      } else {
        let e = this.pos;
        while (e < end && !/[\s>]/.test(src[e]) && !(src[e] === '/' && src[e + 1] === '>')) e++;
        addMarkupAttribute(record, rawName, { text: src.slice(this.pos, e), quoted: false }, language);
        this.pos = e;
      }
    }
    return undefined;
  }
}

function truncate(s: string): string {
  return s.length > 120 ? s.slice(0, 120) : s;
}

const IGNORED_ATTRIBUTES = /^(on[A-Z:-]|on[a-z]+$|@|v-on:|v-(?!bind)|bind:|use:|transition:|in:|out:|animate:|let:|key$|ref$|style$|dangerouslySetInnerHTML$|children$|client:|set:|is:)/;

function addAttribute(record: ScannedTag, rawName: string, lit: ReturnType<typeof extractLiterals>): void {
  if (IGNORED_ATTRIBUTES.test(rawName)) return;
  // Svelte class:active={…} → class token "active"
  if (rawName.startsWith('class:') && rawName !== 'class:list') {
    record.attributes.push({ name: 'class', values: [rawName.slice(6)], patterns: [], keys: [], members: [] });
    return;
  }
  const name = domAttributeName(rawName);
  record.attributes.push({
    name,
    values: lit.strings,
    patterns: lit.patterns,
    keys: lit.keys,
    members: lit.members,
  });
}

/** A markup attribute: quoted or bare text, possibly with Vue bindings or `{…}` holes inside. */
function addMarkupAttribute(record: ScannedTag, rawName: string, value: { text: string; quoted: boolean } | undefined, language: SourceLanguage): void {
  if (value === undefined) {
    addAttribute(record, rawName, { strings: [''], patterns: [], keys: [], members: [], literalOnly: true });
    return;
  }
  if (language === 'Vue template' && (rawName.startsWith(':') || rawName.startsWith('v-bind:'))) {
    addAttribute(record, rawName, extractLiterals(value.text));
    return;
  }
  const text = value.text;
  // Svelte/Astro `class="btn {x ? 'on' : ''}"`, handlebars `{{…}}`, ejs `<%= %>`, php `<?= ?>`
  const holeRe = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|<%[\s\S]*?%>|<\?[\s\S]*?\?>|\$\{[\s\S]*?\}|\{[\s\S]*?\}/g;
  if (!holeRe.test(text)) {
    addAttribute(record, rawName, { strings: [decodeEntities(text)], patterns: [], keys: [], members: [], literalOnly: true });
    return;
  }
  holeRe.lastIndex = 0;
  const inner: string[] = [];
  const pattern = decodeEntities(
    text.replace(holeRe, (hole) => {
      if (hole.startsWith('{') && !hole.startsWith('{{') && !hole.startsWith('{%')) inner.push(hole.slice(1, -1));
      return '\u0000';
    }),
  );
  const lit = extractLiterals(inner.join(','));
  addAttribute(record, rawName, {
    strings: lit.strings,
    patterns: [pattern],
    keys: lit.keys,
    members: lit.members,
    literalOnly: false,
  });
}

export function scanSource(text: string, kind: FileKind): ScanResult {
  return new Scanner(text, kind).run();
}
