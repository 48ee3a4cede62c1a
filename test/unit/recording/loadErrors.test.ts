import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/model';
import { loadRecording } from '../../../src/core/recording/load';

const dir = mkdtempSync(join(tmpdir(), 'sl-load-err-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Loads and returns the InputError's message (which starts with the file name). */
async function failure(path: string, opts?: Parameters<typeof loadRecording>[1]): Promise<string> {
  try {
    await loadRecording(path, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).file).toBe(path);
    expect((e as InputError).message.startsWith(`${path}: `)).toBe(true);
    return (e as InputError).message;
  }
  throw new Error(`${path} loaded without an error`);
}

const T = 1_700_000_000_000;
const ev = (type: number, t: number, data: object = {}) => ({ type, data, timestamp: t });
const good = [ev(4, T, { href: 'https://a.test/', width: 1, height: 1 }), ev(2, T + 1, { node: { type: 0, id: 1, childNodes: [] } })];
for (let i = 0; i < 40; i++) good.push(ev(3, T + 10 + i, { source: 2, type: 2, id: 1, x: i, y: i }));
const goodText = JSON.stringify(good);

describe('loadRecording: bad input', () => {
  it('empty file', async () => {
    const f = file('empty.json', '');
    expect(await failure(f)).toBe(
      `${f}: file is empty (0 bytes); expected rrweb events (objects with type and timestamp) or a PostHog/Sentry export`,
    );
  });

  it('only whitespace', async () => {
    const f = file('blank.json', ' \n\t\n');
    expect(await failure(f)).toContain(`${f}: contains only whitespace; expected rrweb events`);
  });

  it('truncated JSON: unexpected end of input at the byte where it stops', async () => {
    const cut = goodText.slice(0, 1022);
    const f = file('truncated.json', cut);
    expect(await failure(f)).toBe(`${f}: not JSON: unexpected end of input at byte 1022`);
  });

  it('truncated pretty-printed JSON also gives the line', async () => {
    const text = JSON.stringify(good, null, 2);
    const cut = text.slice(0, text.length - 40);
    const lines = cut.split('\n').length;
    const f = file('truncated-pretty.json', cut);
    expect(await failure(f)).toBe(`${f}: not JSON: unexpected end of input at byte ${Buffer.byteLength(cut)} (line ${lines})`);
  });

  it('a syntax error between events names the byte', async () => {
    const f = file('missing-comma.json', '[{"type":4,"data":{},"timestamp":1} {"type":2}]');
    expect(await failure(f)).toBe(`${f}: not JSON: expected ',' or ']' at byte 36`);
  });

  it('a syntax error inside an event names the byte and line, and never quotes the input', async () => {
    const text = `[\n${JSON.stringify(good[0])},\n{"type":3,"data":{"source":5,"text":"secret-typed-value"  "id":1},"timestamp":5}\n]`;
    const f = file('bad-event.json', text);
    const at = Buffer.byteLength(text.slice(0, text.indexOf('  "id"') + 2));
    const message = await failure(f);
    expect(message).toBe(`${f}: not JSON: expected ',' or '}' at byte ${at} (line 3)`);
    expect(message).not.toContain('secret');
  });

  it('a text file that is not JSON at all', async () => {
    const f = file('notes.txt', 'hello, this is not a recording\n');
    expect(await failure(f)).toBe(
      `${f}: not JSON: expected a JSON value such as '[' or '{' at byte 0; expected rrweb events (objects with type and timestamp) or a PostHog/Sentry export`,
    );
  });

  it('JSON that is not events: an object with other keys', async () => {
    const f = file('other.json', JSON.stringify({ foo: 1, bar: [1, 2] }));
    expect(await failure(f)).toBe(
      `${f}: expected rrweb events (objects with type and timestamp) or a PostHog/Sentry export; found an object with keys "foo", "bar" at byte 0`,
    );
  });

  it('JSON that is not events: an array of strings, with the element position', async () => {
    const f = file('strings.json', '["a", "b"]');
    expect(await failure(f)).toBe(
      `${f}: expected rrweb events (objects with type and timestamp) or a PostHog/Sentry export; found a string at byte 1`,
    );
  });

  it('JSON that is not events: a number', async () => {
    const f = file('number.json', '42\n');
    expect(await failure(f)).toContain(`${f}: expected rrweb events (objects with type and timestamp) or a PostHog/Sentry export; found a number`);
  });

  it('an empty events list', async () => {
    const f = file('no-events.json', '{"events": []}');
    expect(await failure(f)).toBe(`${f}: contains no events (the events list is empty)`);
  });

  it('events without timestamps (JSON Lines: event index and line)', async () => {
    const lines = [good[0], good[1], good[2], { type: 3, data: { source: 1 } }].map((e) => JSON.stringify(e));
    const f = file('no-ts.jsonl', lines.join('\n'));
    expect(await failure(f)).toBe(`${f}: event 3 (line 4) has no numeric timestamp`);
  });

  it('events without timestamps (one-line array: event index and byte)', async () => {
    const text = `[${JSON.stringify(good[0])},{"type":2,"data":{},"timestamp":"yesterday"}]`;
    const f = file('string-ts.json', text);
    expect(await failure(f)).toBe(`${f}: event 1 (byte ${text.indexOf('{"type":2')}) has no numeric timestamp`);
  });

  it('gzip signature but not gzip data', async () => {
    const f = file('fake.json.gz', Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('this is not gzip at all, just text')]));
    expect(await failure(f)).toBe(`${f}: starts with the gzip signature (1f 8b) but is not gzip data (unknown compression method at byte 2)`);
  });

  it('corrupt gzip data names the byte', async () => {
    const gz = gzipSync(JSON.stringify([...good, ...good.map((e) => ({ ...e, timestamp: e.timestamp + 100 }))]), { level: 1 });
    for (let i = 30; i < 60; i++) gz[i] ^= 0x5a;
    const f = file('corrupt.json.gz', gz);
    const message = await failure(f);
    const m = new RegExp(`^${escape(f)}: gzip data is corrupt at byte (\\d+) \\(.+\\)$`).exec(message);
    expect(m, message).not.toBeNull();
    // zlib notices the damage at or after its first corrupted byte, within the file.
    const at = Number(m![1]);
    expect(at).toBeGreaterThanOrEqual(30);
    expect(at).toBeLessThan(gz.length);
  });

  it('truncated gzip', async () => {
    const gz = gzipSync(goodText);
    const cut = gz.subarray(0, gz.length - 30);
    const f = file('cut.json.gz', cut);
    expect(await failure(f)).toBe(`${f}: gzip data is truncated: unexpected end of file at byte ${cut.length}`);
  });

  it('named .gz but not gzip and not JSON', async () => {
    const f = file('plain.json.gz', 'not a recording');
    expect(await failure(f)).toContain('; the name ends in .gz but the file does not start with the gzip signature (1f 8b)');
  });

  it('decompressed size over the limit', async () => {
    const f = file('bomb.json.gz', gzipSync(JSON.stringify([...good, { type: 5, timestamp: T, data: { pad: ' '.repeat(100_000) } }])));
    expect(await failure(f, { maxDecompressedBytes: 64 * 1024 })).toBe(
      `${f}: decompressed size exceeds the 64 KB limit (struggleLens.maxRecordingSize)`,
    );
  });

  it('an uncompressed file over the limit is refused before reading', async () => {
    const f = file('huge.json', goodText);
    expect(await failure(f, { maxDecompressedBytes: 1024 })).toBe(
      `${f}: file size ${(Buffer.byteLength(goodText) / 1024).toFixed(1).replace(/\.0$/, '')} KB exceeds the 1 KB limit (struggleLens.maxRecordingSize)`,
    );
  });

  it('the default limit is 2 GB', async () => {
    // Not exceeded by a normal file; the message would say "2 GB".
    const rec = await loadRecording(file('ok.json', goodText));
    expect(rec.events.length).toBe(good.length);
  });

  it('file not found', async () => {
    const f = join(dir, 'missing.json');
    expect(await failure(f)).toBe(`${f}: file not found`);
  });

  it('a directory', async () => {
    const d = join(dir, 'folder.json');
    mkdirSync(d);
    expect(await failure(d)).toBe(`${d}: is a directory; expected a recording file`);
  });

  it('PostHog compressed part that is not gzip', async () => {
    const bad = '\u001f\u008bnot really gzip';
    const text = JSON.stringify([good[0], { type: 3, cv: '2024-10', data: { source: 0, adds: bad, texts: [], attributes: [], removes: [] }, timestamp: T + 3 }]);
    const f = file('posthog-bad-cv.json', text);
    expect(await failure(f)).toBe(
      `${f}: event 1 (byte ${text.indexOf('{"type":3')}): PostHog compressed "adds" is not gzip-compressed JSON`,
    );
  });

  it('an aborted load stops with the abort reason', async () => {
    const controller = new AbortController();
    controller.abort(new Error('user cancelled'));
    await expect(loadRecording(file('abort.json', goodText), { signal: controller.signal })).rejects.toThrow('user cancelled');
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
