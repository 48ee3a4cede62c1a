/**
 * The PostHog and Sentry shapes beyond plain events: `[windowId, event]` lines, events with their
 * own window id, length-prefixed snappy blocks, the older snapshots API page, Sentry envelopes
 * and per-segment files with compressed bodies; session ids from every format; and the errors
 * for each shape.
 */
import { join } from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import { compress } from 'snappyjs';
import { describe, expect, it } from 'vitest';
import { InputError, type RecordingEvent } from '../../../src/core/model';
import { loadRecording } from '../../../src/core/recording/load';
import { runPass } from '../../../src/core/recording/runPass';
import { click, full, meta, T, tempFiles } from './helpers';

const file = tempFiles('sl-shapes-');
const RECORDINGS = join(__dirname, '..', '..', 'fixtures', 'recordings');

const jsonl = (lines: unknown[]): string => lines.map((l) => JSON.stringify(l)).join('\n');

/** [4-byte big-endian length][raw snappy block] per text. */
function snappyBlocks(texts: string[]): Buffer {
  return Buffer.concat(
    texts.flatMap((text) => {
      const block = Buffer.from(compress(Buffer.from(text)));
      const prefix = Buffer.alloc(4);
      prefix.writeUInt32BE(block.length);
      return [prefix, block];
    }),
  );
}

const envelopeHeader = (id: string) => JSON.stringify({ event_id: id, sent_at: '2023-11-14T22:13:30.000Z', sdk: { name: 'sentry.javascript.browser', version: '8.47.0' } });
const replayEvent = (id: string, segment: number) =>
  JSON.stringify({ type: 'replay_event', replay_id: id, segment_id: segment, urls: ['https://shop.test/'], timestamp: T / 1000, replay_start_timestamp: T / 1000 });

/** A replay_recording item: header with the payload's length, then `{"segment_id":N}\n` + body. */
function recordingItem(segment: number, body: Buffer | string, withLength = true): Buffer {
  const payload = Buffer.concat([Buffer.from(`{"segment_id":${segment}}\n`), Buffer.from(body)]);
  const header = withLength ? { type: 'replay_recording', length: payload.length } : { type: 'replay_recording' };
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), payload]);
}

function envelope(id: string, segment: number, body: Buffer | string, extra = ''): Buffer {
  return Buffer.concat([
    Buffer.from(`${envelopeHeader(id)}\n{"type":"replay_event"}\n${replayEvent(id, segment)}\n${extra}`),
    recordingItem(segment, body),
  ]);
}

const seg0 = [meta(T), full(T + 1), click(T + 50)];
const seg1 = [click(T + 6000), click(T + 6100)];

/** Loads and returns the InputError's message (which starts with the file name). */
async function failure(path: string, opts?: Parameters<typeof loadRecording>[1]): Promise<string> {
  const err = await loadRecording(path, opts).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  expect((err as InputError).file).toBe(path);
  return (err as InputError).message;
}

describe('PostHog line shapes', () => {
  it('reads [windowId, event] lines, as snapshot storage writes them', async () => {
    const rec = await loadRecording(file('pairs.jsonl', jsonl(seg0.map((e) => ['w-1', e]))));
    expect(rec.format).toBe('posthog');
    expect(rec.events).toEqual(seg0.map((e) => ({ ...e, windowId: 'w-1' })));
    expect(rec.warnings).toEqual([]);
  });

  it('reads a JSON array of [windowId, event] pairs, and numbered windows', async () => {
    const rec = await loadRecording(file('pairs.json', JSON.stringify(seg0.map((e) => [1, e]))));
    expect(rec.events.map((e) => e.windowId)).toEqual(['1', '1', '1']);
  });

  it('still rejects an array of plain strings', async () => {
    const f = file('strings.json', '["a", "b"]');
    expect(await failure(f)).toContain('found a string at byte 1');
  });

  it('reads events that carry their own windowId (string or number), one per line', async () => {
    const lines = [{ ...meta(T), windowId: 'tab-a' }, { ...full(T + 1), windowId: 'tab-a' }, { ...click(T + 2), windowId: 7 }];
    const rec = await loadRecording(file('events-window.jsonl', jsonl(lines)));
    expect(rec.format).toBe('posthog');
    expect(rec.events.map((e) => e.windowId)).toEqual(['tab-a', 'tab-a', '7']);
  });

  it('drops a windowId that is not an id', async () => {
    const rec = await loadRecording(file('null-window.json', JSON.stringify([{ ...meta(T), windowId: null }, full(T + 1)])));
    expect(rec.events[0]).toEqual(meta(T));
    expect(rec.format).toBe('rrweb');
  });

  it('reads the older snapshots API page, also under result, and the long-term storage file', async () => {
    const byWindow = { a: [meta(T), full(T + 1)], b: [meta(T + 2, 'https://shop.test/b'), full(T + 3)] };
    for (const [name, doc] of [
      ['api-page.json', { snapshot_data_by_window_id: byWindow, next: 'https://app.posthog.com/api/…?offset=2' }],
      ['api-result.json', { result: { snapshot_data_by_window_id: byWindow, next: null } }],
      ['lts.json', { version: '2022-12-22', snapshot_data_by_window_id: byWindow }],
    ] as const) {
      const rec = await loadRecording(file(name, JSON.stringify(doc, null, 1)));
      expect(rec.format, name).toBe('posthog');
      expect(rec.events.map((e) => [e.timestamp - T, e.windowId]), name).toEqual([
        [0, 'a'],
        [1, 'a'],
        [2, 'b'],
        [3, 'b'],
      ]);
    }
  });

  it('streams a large snapshots API page window by window', async () => {
    const many: RecordingEvent[] = [meta(T), full(T + 1)];
    for (let i = 0; i < 3000; i++) many.push({ type: 3, data: { source: 1, positions: [{ x: i, y: i, id: 3, timeOffset: 0 }], pad: 'x'.repeat(1500) }, timestamp: T + 10 + i });
    const rec = await loadRecording(file('api-big.json', JSON.stringify({ snapshot_data_by_window_id: { w: many } })));
    expect(rec.events.length).toBe(many.length);
  });

  it('says which window of the API page is not a list of events', async () => {
    const f = file('api-bad.json', JSON.stringify({ snapshot_data_by_window_id: { w: { nope: 1 } } }));
    expect(await failure(f)).toContain('found an object with key "nope"');
  });
});

describe('PostHog snappy blocks', () => {
  const lines = (evs: RecordingEvent[], w: string) => evs.map((e) => JSON.stringify([w, e])).join('\n');

  it('reads length-prefixed snappy blocks of [windowId, event] lines, whatever the name', async () => {
    const rec = await loadRecording(file('blob.json', snappyBlocks([lines(seg0, 'w'), lines(seg1, 'w')])));
    expect(rec.format).toBe('posthog');
    expect(rec.events).toEqual([...seg0, ...seg1].map((e) => ({ ...e, windowId: 'w' })));
    expect(rec.bytesRead).toBeGreaterThan(0);
  });

  it('reads one raw snappy block without a length prefix', async () => {
    const rec = await loadRecording(file('raw.snappy', Buffer.from(compress(Buffer.from(lines(seg0, 'w'))))));
    expect(rec.events.length).toBe(3);
  });

  it('keeps two tabs apart: each window its own pages and node mirror (real recorded events)', async () => {
    const a = (await loadRecording(join(RECORDINGS, 'rage-click.rrweb.json'))).events;
    const b0 = (await loadRecording(join(RECORDINGS, 'dead-click.rrweb.json'))).events;
    // The second tab opens 2 s after the first and runs alongside it.
    const shift = a[0].timestamp + 2000 - b0[0].timestamp;
    const b = b0.map((e) => ({ ...e, timestamp: e.timestamp + shift }));
    const blob = snappyBlocks([lines(a.slice(0, 40), 'tab-1'), lines(b, 'tab-2'), lines(a.slice(40), 'tab-1')]);
    const rec = await loadRecording(file('two-tabs.snappy', blob));
    expect(rec.warnings).toEqual([]); // windows interleave, but each is in order
    expect(rec.events.length).toBe(a.length + b.length);
    expect(rec.events.filter((e) => e.windowId === 'tab-1').map((e) => e.timestamp)).toEqual(a.map((e) => e.timestamp));
    expect(rec.events.filter((e) => e.windowId === 'tab-2').map((e) => e.timestamp)).toEqual(b.map((e) => e.timestamp));
    const mirrorsByWindow = new Map<string | undefined, Set<unknown>>();
    const pass = runPass(rec.events, [{ onEvent: (_e, ctx) => mirrorsByWindow.set(ctx.windowId, (mirrorsByWindow.get(ctx.windowId) ?? new Set()).add(ctx.mirror)) }]);
    expect([...mirrorsByWindow.keys()].sort()).toEqual(['tab-1', 'tab-2']);
    const [one, two] = [...mirrorsByWindow.values()];
    expect(one.size).toBe(1);
    expect(two.size).toBe(1);
    expect([...one][0]).not.toBe([...two][0]);
    expect(pass.pages.map((p) => p.windowId)).toEqual(['tab-1', 'tab-2']);
  });

  it('a block cut off at the end names the block, its byte and the sizes', async () => {
    const blob = snappyBlocks([lines(seg0, 'w'), lines(seg1, 'w')]);
    const cut = blob.subarray(0, blob.length - 5);
    const f = file('cut.snappy', cut);
    const second = blob.readUInt32BE(0) + 4;
    const length = blob.readUInt32BE(second);
    expect(await failure(f)).toBe(`${f}: snappy block 2 (byte ${second}): truncated: the prefix says ${length} bytes but only ${length - 5} follow`);
  });

  it('a length prefix cut off at the end', async () => {
    const f = file('cut-prefix.snappy', Buffer.concat([snappyBlocks([lines(seg0, 'w')]), Buffer.from([0, 0])]));
    expect(await failure(f)).toMatch(/snappy block 2 \(byte \d+\): truncated: its 4-byte length prefix is cut off after 2 bytes$/);
  });

  it('a block that is not snappy data', async () => {
    const junk = Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02, 0x03]);
    const prefix = Buffer.alloc(4);
    prefix.writeUInt32BE(junk.length);
    const f = file('junk.snappy', Buffer.concat([snappyBlocks([lines(seg0, 'w')]), prefix, junk]));
    expect(await failure(f)).toMatch(/: snappy block 2 \(byte \d+\): not snappy-compressed data \(Invalid Snappy bitstream\)$/);
  });

  it('a block whose text is not JSON names the place in the decompressed text', async () => {
    const f = file('bad-json.snappy', snappyBlocks([lines(seg0, 'w'), '["w", {"type": 3,']));
    expect(await failure(f)).toMatch(/: not JSON: unexpected end of input at byte \d+ \(line 4\) of the decompressed snappy blocks$/);
  });

  it('an event without a timestamp inside a block names the block', async () => {
    const f = file('no-ts.snappy', snappyBlocks([lines(seg0, 'w'), '["w", {"type": 3, "data": {}}]']));
    expect(await failure(f)).toBe(`${f}: in snappy block 2: event 3 (line 4) has no numeric timestamp`);
  });

  it('decompressed blocks over the size limit', async () => {
    const big = lines([...seg0, { type: 5, timestamp: T + 5, data: { tag: 'x', payload: ' '.repeat(200_000) } }], 'w');
    const f = file('big.snappy', snappyBlocks([big]));
    expect(await failure(f, { maxDecompressedBytes: 64 * 1024 })).toBe(`${f}: decompressed size exceeds the 64 KB limit (struggleLens.maxRecordingSize)`);
  });
});

describe('Sentry envelopes', () => {
  const id = '0123456789abcdef0123456789abcdef';

  it('reads a saved envelope: replay_event names the replay, the zlib segment holds the events', async () => {
    const rec = await loadRecording(file('replay.envelope', envelope(id, 0, deflateSync(JSON.stringify(seg0)))));
    expect(rec.format).toBe('sentry');
    expect(rec.sessionId).toBe(id);
    expect(rec.events).toEqual(seg0);
    expect(rec.warnings).toEqual([]);
  });

  it('reads gzip and plain JSON segments, and items without a length header', async () => {
    const gz = await loadRecording(file('gzip.envelope', envelope(id, 0, gzipSync(JSON.stringify(seg0)))));
    expect(gz.events).toEqual(seg0);
    const plain = Buffer.concat([Buffer.from(`${envelopeHeader(id)}\n{"type":"replay_event"}\n${replayEvent(id, 0)}\n`), recordingItem(0, JSON.stringify(seg0), false)]);
    const rec = await loadRecording(file('plain.envelope', plain));
    expect(rec.events).toEqual(seg0);
    expect(rec.sessionId).toBe(id);
  });

  it('reads envelopes one after another (one per segment) as one replay, in time order', async () => {
    const both = Buffer.concat([envelope(id, 1, deflateSync(JSON.stringify(seg1))), Buffer.from('\n'), envelope(id, 0, deflateSync(JSON.stringify(seg0)))]);
    const rec = await loadRecording(file('segments.envelope', both));
    expect(rec.sessionId).toBe(id);
    expect(rec.events).toEqual([...seg0, ...seg1]);
    expect(rec.warnings).toEqual([]);
  });

  it('ignores item types that are not replay recordings, with a warning', async () => {
    const extra = `{"type":"client_report"}\n{"timestamp":1700000000,"discarded_events":[]}\n{"type":"replay_video","length":3}\nabc\n`;
    const rec = await loadRecording(file('mixed.envelope', envelope(id, 0, deflateSync(JSON.stringify(seg0)), extra)));
    expect(rec.events).toEqual(seg0);
    expect(rec.warnings).toEqual(['Sentry envelope items ignored (not replay recordings): "client_report", "replay_video"']);
  });

  it('reads a per-segment file whose events are zlib-compressed after the {"segment_id"} line', async () => {
    const f = file('segment-0', Buffer.concat([Buffer.from('{"segment_id":0}\n'), deflateSync(JSON.stringify(seg0))]));
    const rec = await loadRecording(f);
    expect(rec.format).toBe('sentry');
    expect(rec.events).toEqual(seg0);
  });

  it('reads a replay_event line beside segment lines (the replay id)', async () => {
    const rec = await loadRecording(file('event-and-seg.jsonl', `${replayEvent(id, 0)}\n{"segment_id":0}\n${JSON.stringify(seg0)}`));
    expect(rec.sessionId).toBe(id);
    expect(rec.format).toBe('sentry');
  });

  it('a payload cut short of its length', async () => {
    const whole = envelope(id, 0, deflateSync(JSON.stringify(seg0)));
    const f = file('cut.envelope', whole.subarray(0, whole.length - 10));
    expect(await failure(f)).toMatch(/: Sentry envelope item 2 \("replay_recording", byte \d+\): truncated: the header says \d+ bytes but only \d+ follow$/);
  });

  it('an envelope that ends after an item header', async () => {
    const f = file('no-payload.envelope', `${envelopeHeader(id)}\n{"type":"replay_event"}\n${replayEvent(id, 0)}\n{"type":"replay_recording","length":10}`);
    expect(await failure(f)).toMatch(/: Sentry envelope item 2 \("replay_recording", byte \d+\): truncated: the file ends after the item header$/);
  });

  it('an envelope without a replay_recording item', async () => {
    const f = file('event-only.envelope', `${envelopeHeader(id)}\n{"type":"replay_event"}\n${replayEvent(id, 0)}\n`);
    expect(await failure(f)).toBe(`${f}: Sentry envelope has no replay_recording item (items: replay_event)`);
  });

  it('corrupt zlib data in the segment', async () => {
    const z = deflateSync(JSON.stringify(seg0));
    for (let i = 4; i < 20; i++) z[i] ^= 0x55;
    const f = file('corrupt.envelope', envelope(id, 0, z));
    expect(await failure(f)).toMatch(/: Sentry envelope item 2 \("replay_recording", byte \d+\): the compressed events do not decompress \(.+\)$/);
  });

  it('decompressed events that are not JSON', async () => {
    const f = file('bad-json.envelope', envelope(id, 0, deflateSync('[{"type":4,')));
    expect(await failure(f)).toMatch(/: not JSON: unexpected end of input at byte 11 in the zlib-decompressed events of Sentry envelope item 2 \("replay_recording", byte \d+\)$/);
  });

  it('a replay_event that is not JSON', async () => {
    const f = file('bad-event.envelope', Buffer.concat([Buffer.from(`${envelopeHeader(id)}\n{"type":"replay_event"}\nnot json\n`), recordingItem(0, JSON.stringify(seg0))]));
    expect(await failure(f)).toBe(`${f}: Sentry envelope item 1 ("replay_event", byte ${envelopeHeader(id).length + 1}): the payload is not a JSON object`);
  });

  it('a zlib segment over the size limit', async () => {
    const big = [...seg0, { type: 5, timestamp: T + 5, data: { tag: 'x', payload: ' '.repeat(300_000) } }];
    const f = file('bomb.envelope', envelope(id, 0, deflateSync(JSON.stringify(big))));
    expect(await failure(f, { maxDecompressedBytes: 64 * 1024 })).toBe(`${f}: decompressed size exceeds the 64 KB limit (struggleLens.maxRecordingSize)`);
  });
});

describe('session ids from every format', () => {
  it('rrweb events with a sessionId field', async () => {
    const rec = await loadRecording(file('rrweb-sid.json', JSON.stringify(seg0.map((e) => ({ ...e, sessionId: 'rr-1' })))));
    expect(rec.sessionId).toBe('rr-1');
    expect(rec.format).toBe('rrweb');
  });

  it('PostHog $session_id on stored lines and the export data.id', async () => {
    const stored = await loadRecording(file('ph-sid.jsonl', jsonl([{ window_id: 'w', $session_id: 'ph-7', data: seg0 }])));
    expect(stored.sessionId).toBe('ph-7');
    const exported = await loadRecording(file('ph-export.json', JSON.stringify({ version: '2023-04-28', data: { id: 'ph-8', person: null, snapshots: seg0.map((e) => ({ ...e, windowId: 1 })) } })));
    expect(exported.sessionId).toBe('ph-8');
  });

  it('Sentry replay_id from the envelope replay_event', async () => {
    const rec = await loadRecording(file('sentry-sid.envelope', envelope('feedfacefeedfacefeedfacefeedface', 0, JSON.stringify(seg0))));
    expect(rec.sessionId).toBe('feedfacefeedfacefeedfacefeedface');
  });
});

describe('what is not an envelope', () => {
  it('Sentry error events, one per line, are not taken for an envelope', async () => {
    const lines = [
      { event_id: 'a'.repeat(32), timestamp: T / 1000, type: 'error', exception: { values: [] } },
      { event_id: 'b'.repeat(32), timestamp: T / 1000, type: 'error', exception: { values: [] } },
    ];
    const f = file('errors.jsonl', jsonl(lines));
    expect(await failure(f)).toContain('expected rrweb events (objects with type and timestamp) or a PostHog/Sentry export; found an object with keys "event_id"');
  });
});
