import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, type Page, type RecordingEvent } from '../../../src/core/model';
import { findSiblingFiles, recordingBaseName } from '../../../src/core/siblings';
import {
  TimingCollector,
  applyHar,
  epochMs,
  findHarSiblings,
  loadHar,
  parseIsoTimestamp,
  type TimingCollectorOptions,
} from '../../../src/core/timing';
import { T0, addMutation, click, custom, fullSnapshot, meta, pagesOf, plugin, runPass, textMutation } from './helpers';

const A = 'https://shop.example/a';
const B = 'https://shop.example/b';

function analyze(events: RecordingEvent[], options?: TimingCollectorOptions) {
  const timing = new TimingCollector(options);
  const { events: sorted, start } = runPass(events, timing);
  const pages = pagesOf(sorted, start);
  const requests = timing.applyTo(pages, start);
  const inferred = timing.inferPageTimings(pages, start);
  return { pages, requests, inferred, start };
}

function navEntry(url: string, navStart: number, ttfb: number, extra: Record<string, unknown> = {}) {
  return {
    name: url,
    entryType: 'navigation',
    startTime: 0,
    responseStart: ttfb,
    domContentLoadedEventEnd: ttfb + 100,
    loadEventEnd: ttfb + 500,
    timeOrigin: navStart,
    timestamp: navStart,
    ...extra,
  };
}

describe('timestamps', () => {
  it('applies the seconds/ms rule', () => {
    expect(epochMs(1_763_846_163.12)).toBeCloseTo(1_763_846_163_120, 3);
    expect(epochMs(1_763_846_163_120)).toBe(1_763_846_163_120);
    expect(epochMs(9_999_999_999)).toBe(9_999_999_999_000);
    expect(epochMs(10_000_000_000)).toBe(10_000_000_000);
    expect(epochMs('1763846163.5')).toBe(1_763_846_163_500);
    expect(epochMs(undefined)).toBeUndefined();
    expect(epochMs(-5)).toBeUndefined();
  });

  it('parses ISO-8601 with zones, comma fractions and no zone (UTC)', () => {
    expect(parseIsoTimestamp('2025-11-22T21:16:03.120Z')).toBe(T0);
    expect(parseIsoTimestamp('2025-11-22T22:16:03.120+01:00')).toBe(T0);
    expect(parseIsoTimestamp('2025-11-22T16:16:03.120-0500')).toBe(T0);
    expect(parseIsoTimestamp('2025-11-22 21:16:03,120')).toBe(T0);
    expect(parseIsoTimestamp('2025-11-22T21:16:03.120456Z')).toBe(T0);
    expect(parseIsoTimestamp('2025-13-22T21:16:03Z')).toBeUndefined();
    expect(parseIsoTimestamp('yesterday')).toBeUndefined();
  });
});

describe('matching observations to pages', () => {
  it('a reload of the same URL: each navigation goes to its own page; a checkout of the same document gets none', () => {
    const { pages } = analyze([
      meta(T0 + 500, A),
      fullSnapshot(T0 + 501),
      plugin(T0 + 1000, 'rrweb/network@1', { requests: [navEntry(A, T0, 300)] }),
      // rrweb checkout: new Meta + FullSnapshot, same document.
      meta(T0 + 60_000, A),
      fullSnapshot(T0 + 60_001),
      // reload
      meta(T0 + 90_800, A),
      fullSnapshot(T0 + 90_801),
      plugin(T0 + 91_000, 'posthog/network@1', { requests: [navEntry(A, T0 + 90_000, 700)] }),
    ]);
    expect(pages.map((p) => p.metrics.ttfbMs)).toEqual([300, undefined, 700]);
    expect(pages.map((p) => p.metricsSource)).toEqual(['rrweb/network@1', undefined, 'rrweb/network@1']);
    expect(pages[2]!.metrics).toEqual({ ttfbMs: 700, domContentLoadedMs: 800, loadMs: 1200 });
  });

  it('a Sentry navigation span stamped before its page Meta goes to the page with that URL', () => {
    const span = (start: number, url: string, dcl: number) =>
      custom(start, 'performanceSpan', {
        op: 'navigation.navigate',
        description: url,
        startTimestamp: start / 1000,
        endTimestamp: (start + 2000) / 1000,
        data: { domContentLoadedEventEnd: dcl, loadEventEnd: dcl + 50, duration: dcl + 60 },
      });
    const { pages } = analyze([
      span(T0, A, 400),
      meta(T0 + 450, A),
      fullSnapshot(T0 + 451),
      click(T0 + 3000),
      span(T0 + 3010, B, 900),
      meta(T0 + 3950, B),
      fullSnapshot(T0 + 3951),
    ]);
    expect(pages.map((p) => p.metrics.domContentLoadedMs)).toEqual([400, 900]);
    expect(pages.map((p) => p.metricsSource)).toEqual(['sentry', 'sentry']);
  });

  it('keeps windows apart: web-vitals go to the page current in their own window', () => {
    const events = [
      meta(T0, A, 'w1'),
      fullSnapshot(T0 + 1, 'w1'),
      meta(T0 + 100, B, 'w2'),
      fullSnapshot(T0 + 101, 'w2'),
      { ...custom(T0 + 2000, 'web-vitals', { name: 'LCP', value: 1500 }), windowId: 'w1' },
      { ...custom(T0 + 2100, 'web-vitals', { name: 'LCP', value: 3500 }), windowId: 'w2' },
    ];
    const { pages } = analyze(events);
    expect(pages.map((p) => [p.url, p.windowId, p.metrics.lcpMs])).toEqual([
      [A, 'w1', 1500],
      [B, 'w2', 3500],
    ]);
  });

  it('reads PostHog entries that have a timestamp but no timeOrigin, and PostHog property-style web vitals', () => {
    const { pages } = analyze([
      meta(T0 + 700, A),
      fullSnapshot(T0 + 701),
      plugin(T0 + 2000, 'rrweb/network@1', {
        requests: [
          { name: A, entryType: 'navigation', startTime: 0, timestamp: T0, responseStart: 250, loadEventEnd: 0 },
          { name: 'first-contentful-paint', entryType: 'paint', startTime: 900, timestamp: T0 + 900 },
        ],
      }),
      custom(T0 + 3000, '$web_vitals', { $web_vitals_INP_value: 180, $web_vitals_CLS_value: 0.12 }),
    ]);
    // loadEventEnd 0 means "not yet": no load metric.
    expect(pages[0]!.metrics).toEqual({ ttfbMs: 250, fcpMs: 900, inpMs: 180, cls: 0.12 });
    expect(pages[0]!.metricsSource).toBe('rrweb/network@1');
  });

  it('reads the older Sentry largest-contentful-paint op with data.nodeId', () => {
    const { pages } = analyze([
      meta(T0 + 300, A),
      fullSnapshot(T0 + 301),
      custom(T0 + 2600, 'performanceSpan', {
        op: 'largest-contentful-paint',
        description: 'largest-contentful-paint',
        startTimestamp: (T0 + 2600) / 1000,
        endTimestamp: (T0 + 2600) / 1000,
        data: { value: 2600, size: 2600, nodeId: 12 },
      }),
    ]);
    expect(pages[0]!.metrics).toEqual({ lcpMs: 2600 });
    expect(pages[0]!.lcpNodeId).toBe(12);
  });
});

describe('network requests', () => {
  it('collects network plugin resources and Sentry resource spans with absolute starts', () => {
    const { requests } = analyze([
      meta(T0 + 300, A),
      fullSnapshot(T0 + 301),
      plugin(T0 + 5000, 'rrweb/network@1', {
        requests: [
          navEntry(A, T0, 200, { responseStatus: 200, method: 'GET' }),
          { name: 'https://api.example/cart', entryType: 'resource', initiatorType: 'fetch', startTime: 4000, duration: 120, timeOrigin: T0, method: 'POST', status: 500 },
          { name: 'https://api.example/ping', entryType: 'resource', initiatorType: 'fetch', startTime: 4100, endTime: 4150, timeOrigin: T0, method: 'GET', status: 0 },
          { name: 'https://cdn.example/font.woff2', entryType: 'resource', initiatorType: 'css', startTime: 1000, duration: 30, timeOrigin: T0, responseStatus: 0 },
        ],
      }),
      custom(T0 + 4500, 'performanceSpan', {
        op: 'resource.xhr',
        description: 'https://api.example/order',
        startTimestamp: (T0 + 4500) / 1000,
        endTimestamp: (T0 + 4800) / 1000,
        data: { method: 'POST', statusCode: 422 },
      }),
    ]);
    expect(requests.map((r) => [r.url, r.startTimestamp - T0, r.status, r.method, r.initiatorType])).toEqual([
      [A, 0, 200, 'GET', 'navigation'],
      ['https://cdn.example/font.woff2', 1000, undefined, undefined, 'css'], // RT's 0 = opaque, not failed
      ['https://api.example/cart', 4000, 500, 'POST', 'fetch'],
      ['https://api.example/ping', 4100, 0, 'GET', 'fetch'],
      ['https://api.example/order', 4500, 422, 'POST', 'xhr'],
    ]);
    expect(requests[2]!.durationMs).toBe(120);
    const rrwebOwn = analyze([
      meta(T0, A),
      plugin(T0 + 5000, 'rrweb/network@1', { requests: [{ url: 'https://api.example/x', method: 'GET', initiatorType: 'fetch', status: 404, startTime: 3000, endTime: 3400 }] }),
    ]).requests;
    expect(rrwebOwn).toEqual([{ url: 'https://api.example/x', method: 'GET', status: 404, startTimestamp: T0 + 4600, durationMs: 400, initiatorType: 'fetch' }]);
    expect(requests[3]!.durationMs).toBe(50);
    expect(Math.round(requests[4]!.durationMs!)).toBe(300);
  });
});

describe('inferred timings', () => {
  const nav = (extra: RecordingEvent[] = []): RecordingEvent[] => [
    meta(T0 - 4000, A),
    fullSnapshot(T0 - 3999),
    click(T0, 31),
    meta(T0 + 1800, B),
    fullSnapshot(T0 + 1801),
    addMutation(T0 + 2500, 300),
    textMutation(T0 + 3000),
    // a quiet gap of more than 1.5 s ends the rendering burst
    addMutation(T0 + 6000, 301),
    ...extra,
  ];

  it('measures click → first snapshot and click → end of rendering', () => {
    const { pages, inferred } = analyze(nav());
    expect(pages[1]!.metrics).toEqual({ loadMs: 1801, lcpMs: 2500 });
    expect(pages[1]!.metricsSource).toBe('inferred');
    expect(inferred).toHaveLength(1);
    expect(inferred[0]!).toMatchObject({ clickIndex: 2, firstSnapshotMs: 1801, settledMs: 2500 });
    expect(pages[0]!.metricsSource).toBeUndefined();
  });

  it('a countdown replacing its text every second does not keep the page "rendering"', () => {
    const swap = (ts: number, from: number, to: number): RecordingEvent => ({
      type: 3,
      timestamp: ts,
      data: { source: 0, texts: [], attributes: [], removes: [{ parentId: 1, id: from }], adds: [{ parentId: 1, nextId: null, node: { type: 3, id: to, textContent: `0:0${to - 300}` } }] },
    });
    const ticks = [1, 2, 3, 4, 5, 6].map((n) => swap(T0 + 2500 + n * 1000, 300 + n - 1, 300 + n));
    const { pages } = analyze([meta(T0 - 4000, A), fullSnapshot(T0 - 3999), click(T0, 31), meta(T0 + 1800, B), fullSnapshot(T0 + 1801), addMutation(T0 + 2500, 300), ...ticks]);
    expect(pages[1]!.metrics).toEqual({ loadMs: 1801, lcpMs: 2500 });
  });

  it('does not infer for an rrweb checkout (same URL, no load events)', () => {
    const { pages } = analyze([meta(T0 - 4000, A), fullSnapshot(T0 - 3999), click(T0), meta(T0 + 1000, A), fullSnapshot(T0 + 1001)]);
    expect(pages[1]!.metrics).toEqual({});
  });

  it('does infer for a reload of the same URL when rrweb load events show a fresh recorder', () => {
    const { pages } = analyze([
      meta(T0 - 4000, A),
      fullSnapshot(T0 - 3999),
      click(T0),
      { type: 0, timestamp: T0 + 900, data: {} },
      { type: 1, timestamp: T0 + 1500, data: {} },
      meta(T0 + 1510, A),
      fullSnapshot(T0 + 1511),
    ]);
    expect(pages[1]!.metrics).toEqual({ domContentLoadedMs: 900, loadMs: 1500, lcpMs: 1511 });
  });

  it('needs a click within 30 s before the page, and one the predicate accepts', () => {
    const late = analyze([meta(T0 - 40_000, A), fullSnapshot(T0 - 39_999), click(T0 - 31_000), meta(T0, B), fullSnapshot(T0 + 1)]);
    expect(late.pages[1]!.metrics).toEqual({});
    const rejected = analyze(nav(), { isNavigationClick: () => false });
    expect(rejected.pages[1]!.metrics).toEqual({});
  });

  it('never replaces metrics from a timing source', () => {
    const { pages } = analyze(nav([custom(T0 + 7000, 'web-vitals', { name: 'LCP', value: 4000 })]));
    expect(pages[1]!.metrics).toEqual({ lcpMs: 4000 });
    expect(pages[1]!.metricsSource).toBe('web-vitals');
  });
});

describe('HAR files and siblings', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sl-timing-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const harDoc = {
    log: {
      version: '1.2',
      pages: [{ id: 'p', startedDateTime: new Date(T0).toISOString(), pageTimings: { onContentLoad: 1200, onLoad: -1 } }],
      entries: [
        {
          pageref: 'p',
          startedDateTime: new Date(T0).toISOString(),
          time: 900,
          request: { method: 'GET', url: A },
          response: { status: 200, content: { mimeType: 'text/html' } },
          timings: { blocked: -1, dns: 10, connect: 30, ssl: 20, send: 1, wait: 400, receive: 50 },
        },
      ],
    },
  };

  it('loads a HAR (also gzipped) and fills the page it describes', async () => {
    writeFileSync(path.join(dir, 'checkout.har'), JSON.stringify(harDoc));
    writeFileSync(path.join(dir, 'gz.har'), gzipSync(JSON.stringify(harDoc)));
    for (const name of ['checkout.har', 'gz.har']) {
      const entries = await loadHar(path.join(dir, name));
      const pages: Page[] = [{ url: A + '#top', atMs: 0, durationMs: 1000, metrics: {}, eventIndex: 0 }];
      const requests = applyHar(pages, entries, T0 + 600);
      expect(pages[0]!.metrics).toEqual({ ttfbMs: 441, domContentLoadedMs: 1200 });
      expect(pages[0]!.metricsSource).toBe('har');
      expect(requests).toEqual([{ url: A, method: 'GET', status: 200, startTimestamp: T0, durationMs: 900 }]);
    }
  });

  it('rejects bad HAR files with the file and the problem', async () => {
    const bad = (name: string, text: string | Buffer) => {
      writeFileSync(path.join(dir, name), text);
      return loadHar(path.join(dir, name));
    };
    await expect(bad('trunc.har', '{"log": {"entries": [')).rejects.toThrow(/trunc\.har: not valid JSON: unexpected end of JSON input at line 1, column 22/);
    await expect(bad('ctl.har', '\u0001{}')).rejects.toThrow(/ctl\.har: not valid JSON: unexpected character U\+0001/);
    await expect(bad('other.har', '{"events": []}')).rejects.toThrow(/other\.har: not a HAR file/);
    await expect(bad('empty.har', '  ')).rejects.toThrow(/empty\.har: empty file/);
    await expect(
      bad('date.har', JSON.stringify({ log: { entries: [{ startedDateTime: 'soon', request: { url: A } }] } })),
    ).rejects.toThrow(/date\.har: log\.entries\[0\]: startedDateTime is missing or not an ISO-8601 date/);
    await expect(loadHar(path.join(dir, 'missing.har'))).rejects.toThrow(InputError);
    await expect(bad('fake.har', Buffer.from([0x1f, 0x8b, 0x6e, 0x6f, 0x74]))).rejects.toThrow(/fake\.har: starts like gzip but is not valid gzip/);
  });

  it('finds siblings by the recording base name', async () => {
    writeFileSync(path.join(dir, 'order.rrweb.json.gz'), '');
    writeFileSync(path.join(dir, 'order.har'), '{}');
    writeFileSync(path.join(dir, 'order.errors.log'), '');
    expect(recordingBaseName('/x/order.rrweb.json.gz')).toBe('order');
    expect(recordingBaseName('/x/order.rrweb.jsonl')).toBe('order');
    expect(recordingBaseName('/x/session-7.json')).toBe('session-7');
    expect(recordingBaseName('/x/plain')).toBe('plain');
    expect(await findHarSiblings(path.join(dir, 'order.rrweb.json.gz'))).toEqual([path.join(dir, 'order.har')]);
    expect(await findSiblingFiles(path.join(dir, 'order.rrweb.json.gz'), ['.errors.json', '.errors.log'])).toEqual([
      path.join(dir, 'order.errors.log'),
    ]);
    expect(await findHarSiblings(path.join(dir, 'nothing.rrweb.json'))).toEqual([]);
  });
});
