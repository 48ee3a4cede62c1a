import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { LoadedRecording, RecordingEvent } from '../../../src/core/model';
import {
  formatByteSize,
  loadRecording,
  loadSession,
  NO_FULL_SNAPSHOT_WARNING,
} from '../../../src/core/recording/load';
import { click, full, meta, move, T, tempFiles } from './helpers';

const file = tempFiles('sl-load-');
const events = [meta(T), full(T + 5), move(T + 100), click(T + 200)];

/** gzip bytes written as a latin-1 string, as posthog-js does. */
const gzipLatin1 = (value: unknown): string => gzipSync(Buffer.from(JSON.stringify(value))).toString('latin1');

describe('loadRecording: rrweb', () => {
  it('reads a JSON array of events', async () => {
    const f = file('array.json', JSON.stringify(events));
    const rec = await loadRecording(f);
    expect(rec).toEqual<LoadedRecording>({
      file: f,
      files: [f],
      format: 'rrweb',
      events,
      warnings: [],
      bytesRead: Buffer.byteLength(JSON.stringify(events)),
    });
  });

  it('reads {"events": [...]} (pretty-printed, with a BOM)', async () => {
    const f = file('obj.json', '\ufeff' + JSON.stringify({ name: 'x', events }, null, 2));
    const rec = await loadRecording(f);
    expect(rec.events).toEqual(events);
    expect(rec.format).toBe('rrweb');
    expect(rec.sessionId).toBeUndefined();
  });

  it('reads JSON Lines, one event per line (CRLF and blank lines allowed)', async () => {
    const f = file('lines.jsonl', events.map((e) => JSON.stringify(e)).join('\r\n') + '\n\n');
    expect((await loadRecording(f)).events).toEqual(events);
  });

  it('detects gzip by its magic bytes, not the name (array, {events}, JSONL)', async () => {
    const a = file('array.bin', gzipSync(JSON.stringify(events)));
    const o = file('obj.gz', gzipSync(JSON.stringify({ events })));
    const l = file('lines.json', gzipSync(events.map((e) => JSON.stringify(e)).join('\n')));
    for (const f of [a, o, l]) {
      const rec = await loadRecording(f);
      expect(rec.events).toEqual(events);
      expect(rec.warnings).toEqual([]);
    }
    const rec = await loadRecording(a);
    expect(rec.bytesRead).toBe(gzipSync(JSON.stringify(events)).length);
  });

  it('streams a recording larger than the whole-value limit, element by element', async () => {
    const many: RecordingEvent[] = [meta(T), full(T + 1)];
    for (let i = 0; i < 6000; i++) {
      many.push({ type: 3, data: { source: 0, texts: [{ id: 3, value: `\u00e9\u4e2d line ${i} ${'x'.repeat(900)}` }], attributes: [], removes: [], adds: [] }, timestamp: T + 2 + i });
    }
    const text = JSON.stringify({ events: many });
    expect(text.length).toBeGreaterThan(5_000_000);
    const plain = await loadRecording(file('big.json', text));
    expect(plain.events.length).toBe(many.length);
    expect(plain.events[5000]).toEqual(many[5000]);
    const gz = await loadRecording(file('big.json.gz', gzipSync(text)));
    expect(gz.events[5999]).toEqual(many[5999]);
  });
});

describe('loadRecording: PostHog', () => {
  it('reads an export file with snapshots as events and {windowId, data} wrappers', async () => {
    const doc = {
      version: '2023-04-28',
      data: {
        id: '0192-session',
        person: { name: 'p' },
        snapshots: [
          { ...meta(T), windowId: 'w1' },
          { windowId: 'w1', data: full(T + 5) },
          { windowId: 'w1', data: click(T + 200) },
        ],
      },
    };
    const rec = await loadRecording(file('posthog-export.json', JSON.stringify(doc)));
    expect(rec.format).toBe('posthog');
    expect(rec.sessionId).toBe('0192-session');
    expect(rec.events).toEqual([
      { ...meta(T), windowId: 'w1' },
      { ...full(T + 5), windowId: 'w1' },
      { ...click(T + 200), windowId: 'w1' },
    ]);
    expect(rec.warnings).toEqual([]);
  });

  it('reads the older export with snapshotsByWindowId', async () => {
    const doc = { version: '2022-12-02', data: { snapshotsByWindowId: { a: [meta(T), full(T + 1)], b: [meta(T + 2), full(T + 3)] } } };
    const rec = await loadRecording(file('posthog-old.json', JSON.stringify(doc)));
    expect(rec.events.map((e) => e.windowId)).toEqual(['a', 'a', 'b', 'b']);
  });

  it('reads stored JSONL with several windows and keeps them apart', async () => {
    const lines = [
      { window_id: 'tab-1', data: [meta(T), full(T + 1), click(T + 50)] },
      { window_id: 'tab-2', data: [meta(T + 10, 'https://shop.test/b'), full(T + 11), click(T + 40)] },
      { window_id: 'tab-1', data: [click(T + 100)] },
    ];
    const rec = await loadRecording(file('stored.jsonl', lines.map((l) => JSON.stringify(l)).join('\n')));
    expect(rec.format).toBe('posthog');
    // Windows interleave in time: sorted, but nothing was out of order within a window.
    expect(rec.warnings).toEqual([]);
    expect(rec.events.map((e) => [e.timestamp - T, e.windowId])).toEqual([
      [0, 'tab-1'],
      [1, 'tab-1'],
      [10, 'tab-2'],
      [11, 'tab-2'],
      [40, 'tab-2'],
      [50, 'tab-1'],
      [100, 'tab-1'],
    ]);
  });

  it('decodes compressed events (cv 2024-10) and leaves small ones alone', async () => {
    const snapshot = full(T + 1);
    const mutation = {
      source: 0,
      texts: [{ id: 3, value: 'Total: 42 \u20ac' }],
      attributes: [{ id: 2, attributes: { class: 'busy' } }],
      removes: [{ parentId: 2, id: 9 }],
      adds: [{ parentId: 2, nextId: null, node: { type: 3, id: 10, textContent: '\u00fcber' } }],
    };
    const sheet = { source: 8, id: 4, adds: [{ rule: 'a { color: red }', index: 0 }] };
    const compressed = [
      meta(T),
      { type: 2, cv: '2024-10', data: gzipLatin1(snapshot.data), timestamp: T + 1 },
      {
        type: 3,
        cv: '2024-10',
        data: {
          source: 0,
          texts: gzipLatin1(mutation.texts),
          attributes: gzipLatin1(mutation.attributes),
          removes: gzipLatin1(mutation.removes),
          adds: gzipLatin1(mutation.adds),
        },
        timestamp: T + 2,
      },
      { type: 3, cv: '2024-10', data: { source: 8, id: 4, adds: gzipLatin1(sheet.adds) }, timestamp: T + 3 },
      click(T + 4),
    ];
    const doc = { version: '2023-04-28', data: { id: 's1', snapshots: compressed.map((e) => ({ ...e, windowId: 'w' })) } };
    const rec = await loadRecording(file('posthog-cv.json', JSON.stringify(doc)));
    expect(rec.events).toEqual([
      { ...meta(T), windowId: 'w' },
      { ...snapshot, windowId: 'w' },
      { type: 3, data: mutation, timestamp: T + 2, windowId: 'w' },
      { type: 3, data: sheet, timestamp: T + 3, windowId: 'w' },
      { ...click(T + 4), windowId: 'w' },
    ]);
  });

  it('takes the session id from $session_id and reads $snapshot events', async () => {
    const lines = [
      { event: '$snapshot', properties: { $session_id: 'ph-1', $window_id: 'w', $snapshot_data: [meta(T), full(T + 1)] } },
      { event: '$snapshot', properties: { $session_id: 'ph-1', $window_id: 'w', $snapshot_data: click(T + 2) } },
    ];
    const rec = await loadRecording(file('snapshot-events.jsonl', lines.map((l) => JSON.stringify(l)).join('\n')));
    expect(rec.sessionId).toBe('ph-1');
    expect(rec.format).toBe('posthog');
    expect(rec.events.map((e) => [e.type, e.windowId])).toEqual([
      [4, 'w'],
      [2, 'w'],
      [3, 'w'],
    ]);
    const withId = await loadRecording(file('events-with-id.json', JSON.stringify({ $session_id: 'ph-2', events })));
    expect(withId.sessionId).toBe('ph-2');
  });
});

describe('loadRecording: Sentry', () => {
  const breadcrumb = { type: 5, timestamp: T + 201, data: { tag: 'breadcrumb', payload: { category: 'ui.click', timestamp: (T + 201) / 1000 } } };
  const span = {
    type: 5,
    timestamp: T + 300,
    data: { tag: 'performanceSpan', payload: { op: 'navigation.navigate', description: 'https://shop.test/', startTimestamp: T / 1000, endTimestamp: (T + 900) / 1000, data: { duration: 900 } } },
  };

  it('recognises a segment by its breadcrumb/performanceSpan custom events', async () => {
    const rec = await loadRecording(file('sentry-seg.json', JSON.stringify([...events, breadcrumb, span])));
    expect(rec.format).toBe('sentry');
    expect(rec.events.length).toBe(6);
  });

  it('reads the recording-segments download (an array of segments) and the replay id', async () => {
    const segs = [[meta(T), full(T + 1), span], [click(T + 200), breadcrumb]];
    const rec = await loadRecording(file('sentry-segments.json', JSON.stringify(segs)));
    expect(rec.events.map((e) => e.timestamp - T)).toEqual([0, 1, 200, 201, 300]);
    const withId = await loadRecording(file('sentry-id.json', JSON.stringify({ replay_id: 'abc123', events: [...events, breadcrumb] })));
    expect(withId.sessionId).toBe('abc123');
    expect(withId.format).toBe('sentry');
  });

  it('reads an envelope item: {"segment_id": N} header line, then the events', async () => {
    const rec = await loadRecording(file('sentry-envelope.txt', `{"segment_id":0}\n${JSON.stringify([meta(T), full(T + 1), breadcrumb])}`));
    expect(rec.format).toBe('sentry');
    expect(rec.events.length).toBe(3);
  });
});

describe('ordering, warnings and segments', () => {
  it('stable-sorts out-of-order events and says where the first one was', async () => {
    const a = click(T + 50, 1);
    const b = click(T + 50, 2);
    const list = [meta(T), full(T + 10), click(T + 100), a, b, click(T + 20)];
    const rec = await loadRecording(file('unsorted.json', JSON.stringify(list)));
    expect(rec.warnings).toEqual(['events out of order at index 3; sorted']);
    expect(rec.events.map((e) => e.timestamp - T)).toEqual([0, 10, 20, 50, 50, 100]);
    expect(rec.events[3]).toEqual(a); // stable: equal timestamps keep their order
    expect(rec.events[4]).toEqual(b);
  });

  it('warns (and still loads) when there is no FullSnapshot', async () => {
    const rec = await loadRecording(file('no-full.json', JSON.stringify([meta(T), click(T + 5)])));
    expect(rec.warnings).toEqual([NO_FULL_SNAPSHOT_WARNING]);
    expect(rec.warnings[0]).toBe('no FullSnapshot: replay is not possible; interactions are still analyzed');
    expect(rec.events.length).toBe(2);
  });

  it('loadSession merges segments in timestamp order, whatever order they are given in', async () => {
    const seg1 = file('seg1.json', JSON.stringify([meta(T), full(T + 1), click(T + 100)]));
    const seg2 = file('seg2.json', JSON.stringify([click(T + 5000), move(T + 150)])); // no FullSnapshot of its own
    const rec = await loadSession([seg2, seg1]);
    expect(rec.files).toEqual([seg1, seg2]);
    expect(rec.file).toBe(`${seg1} + ${seg2}`);
    expect(rec.events.map((e) => e.timestamp - T)).toEqual([0, 1, 100, 150, 5000]);
    // seg2's own out-of-order warning is kept and names the file; its missing FullSnapshot is not a problem.
    expect(rec.warnings).toEqual([`${seg2}: events out of order at index 1; sorted`]);
  });

  it('formats sizes for messages', () => {
    expect(formatByteSize(2147483648)).toBe('2 GB');
    expect(formatByteSize(1536)).toBe('1.5 KB');
    expect(formatByteSize(100)).toBe('100 bytes');
  });
});
