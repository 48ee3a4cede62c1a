/**
 * A streaming JSON reader for recordings: feeds on byte chunks and never holds a big input as one
 * string.
 *
 * The input is a sequence of top-level JSON values (one value for a plain JSON file, one per line
 * for JSON Lines). A small byte-level scanner tracks string/escape state and bracket depth to find
 * the boundaries of *units*: the elements of every array the reader streams and the members of
 * every object it streams. Each unit's bytes are decoded and `JSON.parse`d on their own, then put
 * back together, so the result equals `JSON.parse` of the value while the largest string ever
 * built is the largest single unit (one event).
 *
 * Which containers are streamed: every top-level array or object, and nested ones for which
 * `descend(path)` says so (the loader uses this to reach `events`, `data.snapshots`, …). Elements
 * of arrays are never descended into.
 *
 * Small top-level values (up to `wholeValueLimit` bytes, e.g. a JSON Lines record) are parsed in
 * one `JSON.parse` call, which is faster than many small ones; when a value grows past the limit
 * the reader rescans its buffered bytes unit by unit and carries on streaming.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const NEWLINE = 0x0a;
const CR = 0x0d;
const TAB = 0x09;
const SPACE = 0x20;

/** What the scanner expects next at a streamed level. */
const enum Expect {
  TopValue, // a top-level value, or the end of the input
  Value, // after ':' or ',' in an array
  ValueOrClose, // right after '['
  CommaOrClose, // after a value inside a container
  Key, // after ',' in an object
  KeyOrClose, // right after '{'
  Colon, // after a key
}

/** What kind of token the scanner is inside of, if any. */
const enum Unit {
  None,
  Container, // an object/array that is not streamed: its bytes are one unit
  String,
  Literal, // number, true, false, null
  Key, // an object key at a streamed level
}

/** Byte offset (0-based) and line (1-based) of each element of a streamed array. */
export interface ElementPositions {
  offsets: number[];
  lines: number[];
}

export interface TopLevelValue {
  value: unknown;
  /** Byte offset of the value's first byte in the (decompressed) input. */
  offset: number;
  /** Line (1-based) of the value's first byte. */
  line: number;
  /** Positions of the elements of every array that was streamed, keyed by the array itself. */
  positions: Map<unknown[], ElementPositions>;
}

export interface JsonStreamOptions {
  /** Called with the keys from the top-level value down to a nested object/array: stream it? */
  descend?: (path: readonly string[]) => boolean;
  /** Top-level values up to this many bytes are parsed in one piece. Default 4 MiB. */
  wholeValueLimit?: number;
  onValue: (value: TopLevelValue) => void;
}

/** Malformed JSON: `reason` says what was wrong, `offset`/`line` where. */
export class JsonSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
    readonly line: number,
  ) {
    super(`${reason} at byte ${offset} (line ${line})`);
    this.name = 'JsonSyntaxError';
  }
}

interface Frame {
  isArray: boolean;
  path: string[];
  /** The container being rebuilt (only while streaming unit by unit). */
  value: unknown[] | Record<string, unknown> | undefined;
  /** The key of the member being read (objects). */
  key: string;
  positions: ElementPositions | undefined;
}

const EMPTY = Buffer.alloc(0);

export class JsonValueStream {
  private readonly descend: (path: readonly string[]) => boolean;
  private readonly wholeValueLimit: number;
  private readonly onValue: (value: TopLevelValue) => void;

  /** Absolute offset of the first byte of the chunk being scanned. */
  private base = 0;
  private line = 1;
  private expect = Expect.TopValue;
  private stack: Frame[] = [];

  private unit = Unit.None;
  private inString = false;
  private escape = false;
  private unitDepth = 0;
  private unitOffset = 0;
  private unitLine = 1;
  /** Where the current unit starts in the chunk being scanned (0 when it began in an earlier one). */
  private unitChunkStart = 0;
  private unitParts: Buffer[] = [];

  // The top-level value being read.
  private valueOpen = false;
  private valueOffset = 0;
  private valueLine = 1;
  private valueChunkStart = 0;
  /** True while the value is read unit by unit; false while it is buffered whole. */
  private immediate = false;
  private replaying = false;
  private wholeParts: Buffer[] = [];
  private wholeBytes = 0;
  private wholePositions = new Map<string, ElementPositions>();
  private positions = new Map<unknown[], ElementPositions>();

  private bomChecked = false;
  private head: Buffer = EMPTY;
  /** Number of top-level values seen so far. */
  valueCount = 0;

  constructor(options: JsonStreamOptions) {
    this.descend = options.descend ?? (() => false);
    this.wholeValueLimit = options.wholeValueLimit ?? 4 * 1024 * 1024;
    this.onValue = options.onValue;
  }

  /** Bytes consumed so far. */
  get bytes(): number {
    return this.base;
  }

  /** Lines seen so far (1 + newlines outside strings). */
  get lines(): number {
    return this.line;
  }

  write(chunk: Buffer): void {
    if (!this.bomChecked) {
      this.head = this.head.length ? Buffer.concat([this.head, chunk]) : chunk;
      if (this.head.length < 3) return;
      this.takeHead();
      return;
    }
    this.feed(chunk);
  }

  /** Ends the input; throws JsonSyntaxError when it stops inside a value. */
  end(): void {
    if (!this.bomChecked) this.takeHead();
    if (this.unit === Unit.Literal) {
      this.finishUnit(EMPTY, 0);
    }
    if (this.unit !== Unit.None || this.stack.length > 0) {
      throw new JsonSyntaxError('unexpected end of input', this.base, this.line);
    }
  }

  private takeHead(): void {
    this.bomChecked = true;
    let head = this.head;
    this.head = EMPTY;
    if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
      head = head.subarray(3);
      this.base = 3;
    }
    if (head.length) this.feed(head);
  }

  private feed(buf: Buffer): void {
    this.scan(buf);
    if (this.valueOpen && !this.immediate) {
      const part = buf.subarray(this.valueChunkStart);
      this.wholeParts.push(part);
      this.wholeBytes += part.length;
      this.valueChunkStart = 0;
      if (this.wholeBytes > this.wholeValueLimit) this.replayImmediate();
    }
  }

  /** The buffered value grew too big to parse whole: rescan its bytes unit by unit. */
  private replayImmediate(): void {
    const data = Buffer.concat(this.wholeParts);
    const end = this.base;
    this.wholeParts = [];
    this.wholeBytes = 0;
    this.wholePositions = new Map();
    this.base = this.valueOffset;
    this.line = this.valueLine;
    this.expect = Expect.TopValue;
    this.stack = [];
    this.unit = Unit.None;
    this.inString = false;
    this.escape = false;
    this.unitParts = [];
    this.valueOpen = false;
    this.replaying = true;
    try {
      this.scan(data);
    } finally {
      this.replaying = false;
    }
    if (this.base !== end) throw new Error('JsonValueStream: replay ended at a different offset');
  }

  private scan(buf: Buffer): void {
    const n = buf.length;
    let i = 0;
    while (i < n) {
      const unit = this.unit;
      if (unit !== Unit.None) {
        if (this.inString) {
          if (this.escape) {
            this.escape = false;
            i++;
          }
          for (; i < n; i++) {
            const c = buf[i];
            if (c === QUOTE) break;
            if (c === BACKSLASH) i++;
          }
          if (i >= n) {
            if (i > n) this.escape = true;
            break;
          }
          i++; // the closing quote
          this.inString = false;
          if (unit === Unit.String) {
            this.finishUnit(buf, i);
            continue;
          }
          if (unit === Unit.Key) {
            this.finishKey(buf, i);
            continue;
          }
        }
        if (unit === Unit.Container) {
          let depth = this.unitDepth;
          let line = this.line;
          for (; i < n; i++) {
            const c = buf[i];
            if (c === QUOTE) {
              // Strings inline: most of a recording is short strings, so stay in this loop.
              for (i++; i < n; i++) {
                const d = buf[i];
                if (d === QUOTE) break;
                if (d === BACKSLASH) i++;
              }
              if (i >= n) {
                this.inString = true;
                if (i > n) this.escape = true;
                break;
              }
              continue;
            }
            if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
            else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
              if (--depth === 0) break;
            } else if (c === NEWLINE) line++;
          }
          this.unitDepth = depth;
          this.line = line;
          if (i >= n) break;
          i++; // the closing bracket
          this.finishUnit(buf, i);
          continue;
        }
        if (unit === Unit.Literal) {
          for (; i < n; i++) {
            const c = buf[i];
            if (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE || c === SPACE || c === NEWLINE || c === CR || c === TAB) break;
          }
          if (i >= n) break;
          this.finishUnit(buf, i); // the delimiter is not part of the literal
          continue;
        }
      }

      // Between units: structure of the streamed levels.
      const c = buf[i];
      if (c === SPACE || c === NEWLINE || c === CR || c === TAB) {
        if (c === NEWLINE) this.line++;
        i++;
        continue;
      }
      const expect = this.expect;
      const frame = this.stack.length ? this.stack[this.stack.length - 1] : undefined;
      switch (expect) {
        case Expect.TopValue:
        case Expect.Value:
        case Expect.ValueOrClose:
          if (expect === Expect.ValueOrClose && c === CLOSE_BRACKET) {
            i++;
            this.closeFrame(buf, i);
            continue;
          }
          this.startValue(i, c);
          i++;
          continue;
        case Expect.Key:
        case Expect.KeyOrClose:
          if (c === QUOTE) {
            this.beginUnit(Unit.Key, i);
            this.inString = true;
            i++;
            continue;
          }
          if (c === CLOSE_BRACE && expect === Expect.KeyOrClose) {
            i++;
            this.closeFrame(buf, i);
            continue;
          }
          throw this.error(expect === Expect.Key ? 'expected a property name' : "expected a property name or '}'", i);
        case Expect.Colon:
          if (c === COLON) {
            this.expect = Expect.Value;
            i++;
            continue;
          }
          throw this.error("expected ':' after a property name", i);
        case Expect.CommaOrClose:
          if (c === COMMA) {
            this.expect = frame!.isArray ? Expect.Value : Expect.Key;
            i++;
            continue;
          }
          if (c === (frame!.isArray ? CLOSE_BRACKET : CLOSE_BRACE)) {
            i++;
            this.closeFrame(buf, i);
            continue;
          }
          throw this.error(frame!.isArray ? "expected ',' or ']'" : "expected ',' or '}'", i);
      }
    }
    // The chunk is used up: keep the bytes of a token that continues in the next chunk.
    if (this.unit !== Unit.None && (this.unit === Unit.Key || this.immediate)) {
      this.unitParts.push(buf.subarray(this.unitChunkStart));
      this.unitChunkStart = 0;
    }
    this.base += n;
  }

  private error(reason: string, index: number): JsonSyntaxError {
    return new JsonSyntaxError(reason, this.base + index, this.line);
  }

  /** A value starts at buf[i] (byte c) where one is expected. */
  private startValue(i: number, c: number): void {
    const frame = this.stack.length ? this.stack[this.stack.length - 1] : undefined;
    const container = c === OPEN_BRACE || c === OPEN_BRACKET;
    if (!container && c !== QUOTE && !(c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e)) {
      if (frame) throw this.error('expected a value', i);
      throw this.error(this.valueCount > 0 ? 'unexpected character after the end of the JSON value' : "expected a JSON value such as '[' or '{'", i);
    }
    if (!frame) {
      // A new top-level value.
      this.valueOpen = true;
      this.valueOffset = this.base + i;
      this.valueLine = this.line;
      this.valueChunkStart = i;
      this.immediate = this.replaying || this.wholeValueLimit <= 0;
      if (!this.replaying) this.valueCount++;
    } else if (frame.isArray && frame.positions) {
      frame.positions.offsets.push(this.base + i);
      frame.positions.lines.push(this.line);
    }
    if (container) {
      const isArray = c === OPEN_BRACKET;
      let path: string[] | undefined;
      if (!frame) path = [];
      else if (!frame.isArray) {
        const p = [...frame.path, frame.key];
        if (this.descend(p)) path = p;
      }
      if (path) {
        this.stack.push({
          isArray,
          path,
          value: this.immediate ? (isArray ? [] : {}) : undefined,
          key: '',
          positions: isArray ? { offsets: [], lines: [] } : undefined,
        });
        this.expect = isArray ? Expect.ValueOrClose : Expect.KeyOrClose;
        return;
      }
      this.beginUnit(Unit.Container, i);
      this.unitDepth = 1;
      return;
    }
    if (c === QUOTE) {
      this.beginUnit(Unit.String, i);
      this.inString = true;
      return;
    }
    this.beginUnit(Unit.Literal, i);
  }

  private beginUnit(kind: Unit, i: number): void {
    this.unit = kind;
    this.unitOffset = this.base + i;
    this.unitLine = this.line;
    this.unitChunkStart = i;
    this.unitParts = [];
  }

  private unitBytes(buf: Buffer, end: number): Buffer {
    const last = buf.subarray(this.unitChunkStart, end);
    if (this.unitParts.length === 0) return last;
    this.unitParts.push(last);
    const bytes = Buffer.concat(this.unitParts);
    this.unitParts = [];
    return bytes;
  }

  private finishKey(buf: Buffer, end: number): void {
    const bytes = this.unitBytes(buf, end);
    this.unit = Unit.None;
    const frame = this.stack[this.stack.length - 1];
    frame.key = parseJson(bytes, this.unitOffset, this.unitLine) as string;
    this.expect = Expect.Colon;
  }

  /** The unit ends before buf[end]. */
  private finishUnit(buf: Buffer, end: number): void {
    let value: unknown;
    if (this.immediate) {
      value = parseJson(this.unitBytes(buf, end), this.unitOffset, this.unitLine);
    } else {
      this.unitParts = [];
    }
    this.unit = Unit.None;
    this.addValue(value, buf, end);
  }

  private closeFrame(buf: Buffer, end: number): void {
    const frame = this.stack.pop()!;
    if (frame.positions) {
      if (this.immediate) this.positions.set(frame.value as unknown[], frame.positions);
      else this.wholePositions.set(frame.path.join('\u0000'), frame.positions);
    }
    this.addValue(frame.value, buf, end);
  }

  /** A complete value (unit or streamed container) ends before buf[end]. */
  private addValue(value: unknown, buf: Buffer, end: number): void {
    const frame = this.stack.length ? this.stack[this.stack.length - 1] : undefined;
    if (frame) {
      if (this.immediate) {
        if (frame.isArray) (frame.value as unknown[]).push(value);
        else setMember(frame.value as Record<string, unknown>, frame.key, value);
      }
      this.expect = Expect.CommaOrClose;
      return;
    }
    // The top-level value is complete.
    if (!this.immediate) {
      this.wholeParts.push(buf.subarray(this.valueChunkStart, end));
      const bytes = this.wholeParts.length === 1 ? this.wholeParts[0] : Buffer.concat(this.wholeParts);
      this.wholeParts = [];
      this.wholeBytes = 0;
      value = parseJson(bytes, this.valueOffset, this.valueLine);
      for (const [key, positions] of this.wholePositions) {
        const arr = walk(value, key === '' ? [] : key.split('\u0000'));
        if (Array.isArray(arr)) this.positions.set(arr, positions);
      }
      this.wholePositions = new Map();
    }
    const positions = this.positions;
    this.positions = new Map();
    this.valueOpen = false;
    this.expect = Expect.TopValue;
    this.onValue({ value, offset: this.valueOffset, line: this.valueLine, positions });
  }
}

function setMember(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

function walk(value: unknown, path: string[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** JSON.parse of one unit; on failure, a JsonSyntaxError pointing at the exact byte. */
export function parseJson(bytes: Buffer, offset: number, line: number): unknown {
  const text = bytes.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    const { index, reason } = findJsonError(text);
    const at = index < 0 ? 0 : index;
    const before = text.slice(0, at);
    let newlines = 0;
    for (let k = before.indexOf('\n'); k >= 0; k = before.indexOf('\n', k + 1)) newlines++;
    throw new JsonSyntaxError(reason, offset + Buffer.byteLength(before, 'utf8'), line + newlines);
  }
}

class JsonFault {
  constructor(
    readonly index: number,
    readonly reason: string,
  ) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Finds where JSON text first goes wrong (only called after JSON.parse failed, whose message
 * neither always says where nor may be shown: it quotes the input). Index is in UTF-16 units.
 */
export function findJsonError(text: string): { index: number; reason: string } {
  const n = text.length;
  let i = 0;
  const EOI = 'unexpected end of input';
  const fail = (reason: string): never => {
    throw new JsonFault(i, i >= n ? EOI : reason);
  };
  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
  };
  const str = (): void => {
    i++;
    for (;;) {
      if (i >= n) fail(EOI);
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 0x20) fail('control character inside a string');
      if (c === 92) {
        i++;
        if (i >= n) fail(EOI);
        const e = text[i];
        if ('"\\/bfnrt'.includes(e)) i++;
        else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) i += 5;
        else fail('invalid escape in a string');
      } else i++;
    }
  };
  const value = (): void => {
    ws();
    if (i >= n) fail(EOI);
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a property name');
        str();
        ws();
        if (text[i] !== ':') fail("expected ':' after a property name");
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail("expected ',' or ']'");
      }
    }
    if (c === '"') return str();
    if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(text)) fail('invalid number');
      i = NUMBER.lastIndex;
      return;
    }
    for (const lit of ['true', 'false', 'null']) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return;
      }
      if (lit.startsWith(text.slice(i)) && i < n) {
        i = n;
        fail(EOI);
      }
    }
    fail('unexpected character');
  };
  try {
    value();
    ws();
    if (i < n) fail('unexpected character after the end of the value');
  } catch (e) {
    if (e instanceof JsonFault) return { index: e.index, reason: e.reason };
    return { index: 0, reason: 'invalid JSON' }; // nesting too deep to walk
  }
  return { index: -1, reason: 'invalid JSON' };
}
