import { describe, expect, it, vi } from 'vitest';
import { findJsonError, JsonSyntaxError, JsonValueStream, type TopLevelValue } from '../../../src/core/recording/jsonStream';

/** Feeds `bytes` in chunks of the given sizes (cycling) and returns the top-level values. */
function scan(
  bytes: Buffer,
  sizes: number[],
  opts: { wholeValueLimit?: number; descend?: (p: readonly string[]) => boolean } = {},
): { values: TopLevelValue[]; stream: JsonValueStream } {
  const values: TopLevelValue[] = [];
  const stream = new JsonValueStream({ ...opts, onValue: (v) => values.push(v) });
  let i = 0;
  let k = 0;
  while (i < bytes.length) {
    const size = sizes[k++ % sizes.length];
    // Copy, so a chunk never shares memory with the next one (like a real stream).
    stream.write(Buffer.from(bytes.subarray(i, i + size)));
    i += size;
  }
  stream.end();
  return { values, stream };
}

const tricky = [
  { type: 2, data: { node: { id: 1, text: 'caf\u00e9 \u2603 \u{1F600} \u4e2d\u6587', childNodes: [{ id: 2 }, [], {}] } }, timestamp: 1 },
  { type: 3, data: { s: 'quote " backslash \\ end\\', t: '\\"', u: '\\\\', v: '[{\n\t}]', w: '\u0000\u001f' }, timestamp: 2 },
  { type: 5, data: { tag: 'x', payload: { a: [1, -2.5e3, true, false, null, 'x'] } }, timestamp: 3.5 },
  { type: 4, data: { href: 'https://ex.test/\u00fc\u00f6\u00e4' }, timestamp: 4 },
];

const modes = [
  { name: 'whole values', opts: {} },
  { name: 'unit by unit', opts: { wholeValueLimit: 0 } },
  { name: 'switching mid-value', opts: { wholeValueLimit: 40 } },
];

describe('JsonValueStream chunk robustness', () => {
  const arrayText = Buffer.from(JSON.stringify(tricky));
  const pretty = Buffer.from('\ufeff' + JSON.stringify({ meta: { v: '\u00e9' }, events: tricky }, null, 2) + '\n');
  const lines = Buffer.from(tricky.map((e) => JSON.stringify(e)).join('\r\n') + '\n\n');

  for (const mode of modes) {
    for (let size = 1; size <= 7; size++) {
      it(`${mode.name}, ${size}-byte chunks: array, object with BOM, JSON Lines`, () => {
        const a = scan(arrayText, [size], mode.opts);
        expect(a.values.map((v) => v.value)).toEqual([tricky]);

        const o = scan(pretty, [size], { ...mode.opts, descend: (p) => p.length === 1 && p[0] === 'events' });
        expect(o.values.map((v) => v.value)).toEqual([{ meta: { v: '\u00e9' }, events: tricky }]);
        expect(o.values[0].offset).toBe(3); // after the BOM

        const l = scan(lines, [size], mode.opts);
        expect(l.values.map((v) => v.value)).toEqual(tricky);
        expect(l.values.map((v) => v.line)).toEqual([1, 2, 3, 4]);
      });
    }
  }

  it('handles uneven chunk sizes that split multi-byte characters and escapes', () => {
    for (const mode of modes) {
      const { values } = scan(arrayText, [3, 1, 2, 7, 5], mode.opts);
      expect(values[0].value).toEqual(tricky);
    }
  });

  it('reports the byte offset and line of every element of a streamed array', () => {
    const text = '[\n  {"a": 1},\n  "x\u00e9",\n  [1, 2],\n  42\n]';
    const bytes = Buffer.from(text);
    for (const mode of modes) {
      const { values } = scan(bytes, [2], mode.opts);
      const arr = values[0].value as unknown[];
      const pos = values[0].positions.get(arr)!;
      expect(pos.lines).toEqual([2, 3, 4, 5]);
      expect(pos.offsets).toEqual([
        bytes.indexOf('{'),
        bytes.indexOf('"x'),
        bytes.indexOf('[1'),
        bytes.indexOf('42'),
      ]);
    }
  });

  it('descends only into the containers it is told to, and keeps positions for them', () => {
    const doc = { version: '1', data: { id: 's', snapshots: [{ a: 1 }, { b: [2] }] }, other: [1, 2] };
    const bytes = Buffer.from(JSON.stringify(doc));
    const seen: string[] = [];
    const descend = (p: readonly string[]): boolean => {
      seen.push(p.join('.'));
      return (p.length === 1 && p[0] === 'data') || p.join('.') === 'data.snapshots';
    };
    const { values } = scan(bytes, [5], { wholeValueLimit: 0, descend });
    expect(values[0].value).toEqual(doc);
    expect(seen).toEqual(['data', 'data.snapshots', 'other']);
    const snaps = (values[0].value as typeof doc).data.snapshots;
    expect(values[0].positions.get(snaps)!.offsets).toEqual([bytes.indexOf('{"a"'), bytes.indexOf('{"b"')]);
  });

  it('reads top-level scalars and several values on one line', () => {
    expect(scan(Buffer.from('42'), [1]).values.map((v) => v.value)).toEqual([42]);
    expect(scan(Buffer.from('"a\u00e9" true {} []'), [2]).values.map((v) => v.value)).toEqual(['a\u00e9', true, {}, []]);
  });

  it('parses no string larger than one element once a value passes the whole-value limit', () => {
    // 200 elements of ~1 KB each (200 KB) through a 4 KB whole-value limit.
    const big = Array.from({ length: 200 }, (_, i) => ({ type: 3, timestamp: i, data: { s: 'y'.repeat(1000) } }));
    const bytes = Buffer.from(JSON.stringify(big));
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const { values } = scan(bytes, [4096], { wholeValueLimit: 4096 });
      const longest = Math.max(...parse.mock.calls.map((c) => String(c[0]).length));
      expect(longest).toBeLessThan(1100);
      expect(values[0].value).toEqual(big);
    } finally {
      parse.mockRestore();
    }
  });
});

describe('JsonValueStream syntax errors', () => {
  function errorOf(text: string, opts: { wholeValueLimit?: number } = {}, size = 3): JsonSyntaxError {
    try {
      scan(Buffer.from(text), [size], opts);
    } catch (e) {
      expect(e).toBeInstanceOf(JsonSyntaxError);
      return e as JsonSyntaxError;
    }
    throw new Error('no error');
  }

  for (const mode of modes) {
    it(`points at the exact byte (${mode.name})`, () => {
      let e = errorOf('[{"a":1} {"b":2}]', mode.opts);
      expect(e.reason).toBe("expected ',' or ']'");
      expect(e.offset).toBe(9);

      e = errorOf('[{"a":1},{"b":2}', mode.opts);
      expect(e.reason).toBe('unexpected end of input');
      expect(e.offset).toBe(16);

      e = errorOf('[{"a":"\u00e9\u00e9", "b":tru}]', mode.opts);
      expect(e.reason).toBe('unexpected character');
      expect(e.offset).toBe(Buffer.byteLength('[{"a":"\u00e9\u00e9", "b":'));

      e = errorOf('{"a" 1}', mode.opts);
      expect(e.reason).toBe("expected ':' after a property name");
      expect(e.offset).toBe(5);

      e = errorOf('[1,2]\n]', mode.opts);
      expect(e.reason).toBe('unexpected character after the end of the JSON value');
      expect(e.offset).toBe(6);
      expect(e.line).toBe(2);

      e = errorOf('<html>', mode.opts);
      expect(e.offset).toBe(0);
    });
  }

  it('finds the error position in a unit from line 3 on', () => {
    const e = errorOf('[\n{"a":1},\n{"b":\n  [1,,2]}]', { wholeValueLimit: 0 }, 4);
    expect(e.line).toBe(4);
    expect(e.offset).toBe('[\n{"a":1},\n{"b":\n  [1,'.length);
  });

  it('findJsonError names the problem without quoting the input', () => {
    expect(findJsonError('{"secret": "hunter2" x}')).toEqual({ index: 21, reason: "expected ',' or '}'" });
    expect(findJsonError('["abc')).toEqual({ index: 5, reason: 'unexpected end of input' });
    expect(findJsonError('[1, "a\\q"]')).toEqual({ index: 7, reason: 'invalid escape in a string' });
    expect(findJsonError('[1, nul')).toEqual({ index: 7, reason: 'unexpected end of input' });
  });
});
