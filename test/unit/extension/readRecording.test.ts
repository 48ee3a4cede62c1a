import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/model';
import { parseRecordingBytes } from '../../../src/extension/readRecording';

const encode = (text: string) => new TextEncoder().encode(text);
const meta = { type: 4, data: { href: 'http://localhost/', width: 800, height: 600 }, timestamp: 2 };
const full = { type: 2, data: { node: { type: 0, id: 1, childNodes: [] }, initialOffset: { top: 0, left: 0 } }, timestamp: 1 };

describe('parseRecordingBytes', () => {
  it('reads a JSON array and sorts events by time', () => {
    const events = parseRecordingBytes('a.rrweb.json', encode(JSON.stringify([meta, full])));
    expect(events.map((e) => e.timestamp)).toEqual([1, 2]);
  });

  it('reads an object with an events array, gzipped (by magic bytes)', () => {
    const events = parseRecordingBytes('a.rrweb.json.gz', gzipSync(encode(JSON.stringify({ events: [meta] }))));
    expect(events).toEqual([meta]);
  });

  it('reads JSON Lines', () => {
    const events = parseRecordingBytes('a.rrweb.jsonl', encode(`${JSON.stringify(meta)}\n\n${JSON.stringify(full)}\n`));
    expect(events).toHaveLength(2);
  });

  it('names the file and the problem, without quoting the content', () => {
    const secret = 'hunter2-typed-password';
    const attempt = () => parseRecordingBytes('bad.rrweb.json', encode(`[{"type":3,"timestamp":1,"data":{"text":"${secret}"}} oops]`));
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow(/^bad\.rrweb\.json: not valid JSON/);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
    }
    expect(() => parseRecordingBytes('x.rrweb.jsonl', encode(`${JSON.stringify(meta)}\n${secret} {`))).toThrow(
      /^x\.rrweb\.jsonl: line 2 is not valid JSON/,
    );
    expect(() => parseRecordingBytes('e.rrweb.json', encode('  '))).toThrow(/e\.rrweb\.json: the file is empty/);
    expect(() => parseRecordingBytes('n.rrweb.json', encode('[{"type":"x"}]'))).toThrow(/n\.rrweb\.json: event 1 is not an rrweb event/);
    expect(() => parseRecordingBytes('z.rrweb.json', new Uint8Array([0x1f, 0x8b, 1, 2, 3]))).toThrow(/z\.rrweb\.json: the file starts like gzip/);
  });
});
