/**
 * The spec's slow-load scenario: each metric source (network plugin, Sentry spans in seconds and
 * in ms, HAR, web-vitals events, no data) gives the same metric values for the same page load.
 */
import { describe, expect, it } from 'vitest';
import type { Page, PageMetrics, RecordingEvent } from '../../../src/core/model';
import { TimingCollector, applyHar, parseHar, type HarEntry } from '../../../src/core/timing';
import { T0, addMutation, click, custom, fullSnapshot, meta, pagesOf, plugin, runPass, textMutation } from './helpers';

const HOME = 'https://shop.example/';
const CATALOG = 'https://shop.example/catalog';

/** What the browser reported for the /catalog load (navigation start = T0). */
const REF: Required<PageMetrics> = {
  ttfbMs: 2210,
  fcpMs: 2400,
  lcpMs: 5120,
  domContentLoadedMs: 2630,
  loadMs: 5480,
  cls: 0.02,
  inpMs: 120,
};

function pick(keys: (keyof PageMetrics)[]): PageMetrics {
  return Object.fromEntries(keys.map((k) => [k, REF[k]]));
}

/**
 * The recording itself: the home page, a click on the /catalog link at the navigation start,
 * rrweb's DomContentLoaded before the new page's Meta (recordAfter: DOMContentLoaded), content
 * rendering until 5.12 s, rrweb's Load event at 5.48 s, and a clock ticking afterwards.
 */
function base(): RecordingEvent[] {
  const events: RecordingEvent[] = [
    meta(T0 - 5000, HOME),
    fullSnapshot(T0 - 4999),
    click(T0, 31),
    { type: 0, timestamp: T0 + REF.domContentLoadedMs, data: {} },
    meta(T0 + 2700, CATALOG),
    fullSnapshot(T0 + 2701),
    addMutation(T0 + 3000, 200),
    addMutation(T0 + 4000, 201),
    addMutation(T0 + REF.lcpMs, 202),
    { type: 1, timestamp: T0 + REF.loadMs, data: {} },
  ];
  for (let t = 7000; t <= 12000; t += 1000) events.push(textMutation(T0 + t));
  events.push(click(T0 + 12500, 55));
  return events;
}

function analyze(extra: RecordingEvent[], har?: HarEntry[]): { pages: Page[]; catalog: Page; home: Page } {
  const timing = new TimingCollector();
  const { events, start } = runPass([...base(), ...extra], timing);
  const pages = pagesOf(events, start);
  timing.applyTo(pages, start);
  if (har) applyHar(pages, har, start);
  timing.inferPageTimings(pages, start);
  expect(pages.map((p) => p.url)).toEqual([HOME, CATALOG]);
  return { pages, home: pages[0]!, catalog: pages[1]! };
}

const networkPlugin = (): RecordingEvent[] => [
  plugin(T0 + REF.loadMs + 100, 'rrweb/network@1', {
    requests: [
      {
        name: CATALOG,
        entryType: 'navigation',
        initiatorType: 'navigation',
        startTime: 0,
        duration: REF.loadMs + 2,
        responseStart: REF.ttfbMs,
        domContentLoadedEventEnd: REF.domContentLoadedMs,
        loadEventEnd: REF.loadMs,
        transferSize: 5120,
        responseStatus: 200,
        timeOrigin: T0,
        timestamp: T0,
        method: 'GET',
      },
      { name: 'first-paint', entryType: 'paint', startTime: 2390, timeOrigin: T0 },
      { name: 'first-contentful-paint', entryType: 'paint', startTime: REF.fcpMs, timeOrigin: T0 },
      { name: '', entryType: 'largest-contentful-paint', startTime: 3000, timeOrigin: T0 },
      { name: '', entryType: 'largest-contentful-paint', startTime: REF.lcpMs, timeOrigin: T0 },
    ],
  }),
];

function sentry(unit: 's' | 'ms', withTtfb: boolean): RecordingEvent[] {
  const t = (ms: number): number => (unit === 's' ? ms / 1000 : ms);
  const span = (startMs: number, endMs: number, op: string, description: string, data?: unknown): RecordingEvent =>
    custom(startMs, 'performanceSpan', { op, description, startTimestamp: t(startMs), endTimestamp: t(endMs), data });
  return [
    span(T0, T0 + REF.loadMs, 'navigation.navigate', CATALOG, {
      size: 5120,
      duration: REF.loadMs + 2,
      domInteractive: 2500,
      domContentLoadedEventStart: 2620,
      domContentLoadedEventEnd: REF.domContentLoadedMs,
      loadEventStart: 5470,
      loadEventEnd: REF.loadMs,
      domComplete: 5460,
      redirectCount: 0,
      ...(withTtfb ? { responseStart: REF.ttfbMs } : {}),
    }),
    span(T0 + REF.fcpMs, T0 + REF.fcpMs, 'paint', 'first-contentful-paint'),
    span(T0 + REF.lcpMs, T0 + REF.lcpMs, 'web-vital', 'largest-contentful-paint', {
      value: REF.lcpMs,
      size: REF.lcpMs,
      rating: 'poor',
      nodeIds: [42],
    }),
    span(T0 + REF.cls, T0 + REF.cls, 'web-vital', 'cumulative-layout-shift', { value: REF.cls, rating: 'good' }),
    span(T0 + REF.inpMs, T0 + REF.inpMs, 'web-vital', 'interaction-to-next-paint', {
      value: REF.inpMs,
      rating: 'good',
      nodeIds: [77],
    }),
    span(T0 + 2000, T0 + 2300, 'resource.script', 'https://shop.example/assets/index.js', { statusCode: 200, size: 1000 }),
  ];
}

const webVitals = (tag: string): RecordingEvent[] => [
  custom(T0 + 6000, tag, { name: 'TTFB', value: REF.ttfbMs, rating: 'needs-improvement' }),
  custom(T0 + 6001, tag, { name: 'FCP', value: REF.fcpMs }),
  custom(T0 + 6002, tag, { name: 'LCP', value: 3000 }),
  custom(T0 + 6003, tag, { name: 'LCP', value: REF.lcpMs }),
  custom(T0 + 6004, tag, { name: 'CLS', value: 0.01 }),
  custom(T0 + 6005, tag, { name: 'CLS', value: REF.cls }),
  custom(T0 + 6006, tag, { name: 'INP', value: REF.inpMs }),
];

const iso = (ms: number): string => new Date(ms).toISOString();

function har(redirect: boolean): HarEntry[] {
  const docStart = redirect ? T0 + 300 : T0;
  const entries: unknown[] = [
    {
      pageref: 'page_1',
      startedDateTime: iso(docStart),
      time: 2400,
      request: { method: 'GET', url: CATALOG },
      response: { status: 200, redirectURL: '', content: { mimeType: 'text/html; charset=utf-8' } },
      // ssl (60) is already part of connect in HAR 1.2.
      timings: { blocked: 10, dns: redirect ? -1 : 20, connect: 100, ssl: 60, send: 5, wait: redirect ? 1795 : 2075, receive: 190 },
      _resourceType: 'document',
    },
    {
      pageref: 'page_1',
      startedDateTime: iso(T0 + 2000),
      time: 300,
      request: { method: 'GET', url: 'https://shop.example/assets/index.js' },
      response: { status: 200, content: { mimeType: 'text/javascript' } },
      timings: { blocked: -1, dns: -1, connect: -1, send: 1, wait: 250, receive: 49 },
      _resourceType: 'script',
    },
  ];
  if (redirect) {
    entries.unshift({
      pageref: 'page_1',
      startedDateTime: iso(T0),
      time: 300,
      request: { method: 'GET', url: 'https://shop.example/catalog-old' },
      response: { status: 301, redirectURL: '/catalog', content: { mimeType: '' } },
      timings: { blocked: 5, dns: 20, connect: 100, send: 5, wait: 170, receive: 0 },
    });
  }
  return parseHar('checkout.har', {
    log: {
      version: '1.2',
      pages: [
        {
          id: 'page_1',
          title: CATALOG,
          startedDateTime: iso(T0),
          pageTimings: {
            onContentLoad: REF.domContentLoadedMs,
            onLoad: REF.loadMs,
            _firstContentfulPaint: REF.fcpMs,
            _largestContentfulPaint: REF.lcpMs,
          },
        },
      ],
      entries,
    },
  });
}

describe('slow load: every source gives the same metrics for the same page', () => {
  it('rrweb network plugin', () => {
    const { catalog, home } = analyze(networkPlugin());
    expect(catalog.metrics).toEqual(pick(['ttfbMs', 'fcpMs', 'lcpMs', 'domContentLoadedMs', 'loadMs']));
    expect(catalog.metricsSource).toBe('rrweb/network@1');
    expect(home.metrics).toEqual({});
  });

  it('Sentry performanceSpans with timestamps in seconds (the SDK sends no TTFB)', () => {
    const { catalog, home } = analyze(sentry('s', false));
    expect(catalog.metrics).toEqual(pick(['fcpMs', 'lcpMs', 'domContentLoadedMs', 'loadMs', 'cls', 'inpMs']));
    expect(catalog.metricsSource).toBe('sentry');
    expect(catalog.lcpNodeId).toBe(42);
    expect(catalog.inpNodeId).toBe(77);
    expect(home.metrics).toEqual({});
  });

  it('Sentry performanceSpans with timestamps in ms, with a responseStart', () => {
    const { catalog } = analyze(sentry('ms', true));
    expect(catalog.metrics).toEqual(pick(['ttfbMs', 'fcpMs', 'lcpMs', 'domContentLoadedMs', 'loadMs', 'cls', 'inpMs']));
    expect(catalog.metricsSource).toBe('sentry');
  });

  it('HAR beside the recording (standard timings + page timings)', () => {
    const { catalog, home } = analyze([], har(false));
    expect(catalog.metrics).toEqual(pick(['ttfbMs', 'fcpMs', 'lcpMs', 'domContentLoadedMs', 'loadMs']));
    expect(catalog.metricsSource).toBe('har');
    expect(home.metrics).toEqual({});
  });

  it('HAR with a redirect before the document (TTFB counts from the first request)', () => {
    const { catalog } = analyze([], har(true));
    expect(catalog.metrics).toEqual(pick(['ttfbMs', 'fcpMs', 'lcpMs', 'domContentLoadedMs', 'loadMs']));
  });

  it.each(['web-vitals', '$web_vitals'])('web-vitals custom events (tag %s)', (tag) => {
    const { catalog, home } = analyze(webVitals(tag));
    expect(catalog.metrics).toEqual(pick(['ttfbMs', 'fcpMs', 'lcpMs', 'cls', 'inpMs']));
    expect(catalog.metricsSource).toBe('web-vitals');
    expect(home.metrics).toEqual({});
  });

  it('no timing data: inferred from the click, rrweb load events and the end of rendering', () => {
    const { catalog, home } = analyze([]);
    expect(catalog.metrics).toEqual(pick(['domContentLoadedMs', 'loadMs', 'lcpMs']));
    expect(catalog.metricsSource).toBe('inferred');
    expect(home.metrics).toEqual({});
    expect(home.metricsSource).toBeUndefined();
  });

  it('every source agrees on every metric it reports', () => {
    const results = [
      analyze(networkPlugin()).catalog.metrics,
      analyze(sentry('s', false)).catalog.metrics,
      analyze(sentry('ms', true)).catalog.metrics,
      analyze([], har(false)).catalog.metrics,
      analyze(webVitals('web-vitals')).catalog.metrics,
      analyze([]).catalog.metrics,
    ];
    for (const key of Object.keys(REF) as (keyof PageMetrics)[]) {
      const values = new Set(results.map((m) => m[key]).filter((v) => v !== undefined));
      expect([...values], key).toEqual([REF[key]]);
    }
  });

  it('in-recording data wins over HAR; HAR only fills what is missing', () => {
    const { catalog } = analyze(webVitals('web-vitals'), har(false));
    // web-vitals gave ttfb/fcp/lcp/cls/inp; HAR added only dcl and load.
    expect(catalog.metrics).toEqual(REF);
    expect(catalog.metricsSource).toBe('web-vitals');
  });

  it('a source with different numbers is preferred in SOURCE_PRIORITY order, per metric', () => {
    const vitals = [custom(T0 + 6000, 'web-vitals', { name: 'LCP', value: 9999 }), custom(T0 + 6001, 'web-vitals', { name: 'CLS', value: 0.3 })];
    const { catalog } = analyze([...networkPlugin(), ...vitals]);
    expect(catalog.metrics.lcpMs).toBe(REF.lcpMs); // network plugin first
    expect(catalog.metrics.cls).toBe(0.3); // only web-vitals has CLS
    expect(catalog.metricsSource).toBe('rrweb/network@1');
  });
});
