/**
 * The webview's pure helpers, in Node: the remote-resource scan on real fixture recordings and on
 * every kind of reference rrweb records, marker insertion, time formatting and metric ratings.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecordingEvent } from '../../src/core/model';
import type { SessionReport } from '../../src/core/report';
import { formatTime } from '../../webview/format';
import { withMarkers } from '../../webview/markers';
import { DEFAULT_BUDGETS, formatMetric, rate } from '../../webview/metricsPanel';
import { findRemoteResources } from '../../webview/remoteAssets';

const root = path.resolve(__dirname, '..', '..');
const recording = (name: string) => JSON.parse(readFileSync(path.join(root, 'test/fixtures/recordings', name), 'utf8')) as RecordingEvent[];

describe('findRemoteResources', () => {
  it('finds the recorded image of a real page, and not its (inert) script', () => {
    const found = [...findRemoteResources(recording('slow-load-network.rrweb.json'))];
    expect(found.some((u) => u.endsWith('/images/hero.svg'))).toBe(true);
    expect(found.some((u) => u.endsWith('.js'))).toBe(false);
  });

  it('covers snapshots, mutations, style rules, declarations, adopted sheets and fonts', () => {
    const el = (id: number, tagName: string, attributes: Record<string, unknown>, childNodes: unknown[] = []) => ({ type: 2, id, tagName, attributes, childNodes });
    const events: RecordingEvent[] = [
      {
        type: 2,
        timestamp: 1,
        data: {
          node: {
            type: 0,
            childNodes: [
              el(1, 'html', {}, [
                el(2, 'img', { src: 'https://a.invalid/1.png', srcset: 'https://a.invalid/2.png 2x, data:image/png;base64,AA 3x' }),
                el(3, 'link', { rel: 'stylesheet', href: '//a.invalid/3.css' }),
                el(4, 'link', { rel: 'stylesheet', href: 'https://a.invalid/inlined.css', _cssText: 'a{background:url("https://a.invalid/4.png")}' }),
                el(5, 'style', {}, [{ type: 3, id: 6, textContent: '@import "https://a.invalid/5.css"; b{}' }]),
                el(7, 'div', { style: 'background: url(https://a.invalid/6.png)' }),
                el(8, 'script', { src: 'https://a.invalid/never.js' }),
                el(9, 'a', { href: 'https://a.invalid/just-a-link' }),
                el(10, 'img', { src: 'data:image/png;base64,AA' }),
                el(11, 'link', { rel: 'canonical', href: 'https://a.invalid/canonical' }),
              ]),
            ],
          },
        },
      },
      { type: 3, timestamp: 2, data: { source: 0, adds: [{ parentId: 1, node: el(20, 'video', { poster: 'https://a.invalid/7.png' }) }], attributes: [{ id: 2, attributes: { src: 'https://a.invalid/8.png', style: { background: 'url(https://a.invalid/9.png)' } } }], removes: [], texts: [] } },
      { type: 3, timestamp: 3, data: { source: 8, id: 5, adds: [{ rule: '.x{background:url(https://a.invalid/10.png)}' }] } },
      { type: 3, timestamp: 4, data: { source: 13, id: 5, index: [0], set: { property: 'background', value: "url('https://a.invalid/11.png')" } } },
      { type: 3, timestamp: 5, data: { source: 15, id: 1, styleIds: [1], styles: [{ styleId: 1, rules: [{ rule: '@font-face{src:url(https://a.invalid/12.woff2)}' }] }] } },
      { type: 3, timestamp: 6, data: { source: 10, family: 'F', fontSource: 'https://a.invalid/13.woff2', buffer: false } },
    ];
    const found = [...findRemoteResources(events)].sort();
    const expected = ['https://a.invalid/1.png', 'https://a.invalid/2.png', '//a.invalid/3.css', 'https://a.invalid/4.png', 'https://a.invalid/5.css', 'https://a.invalid/6.png'];
    for (let i = 7; i <= 11; i++) expected.push(`https://a.invalid/${i}.png`);
    expected.push('https://a.invalid/12.woff2', 'https://a.invalid/13.woff2');
    expect(found).toEqual(expected.sort());
  });
});

describe('withMarkers', () => {
  it('adds a custom event per struggle and error at its time, in order, inside the recording', () => {
    const events: RecordingEvent[] = [
      { type: 4, timestamp: 1000, data: { href: 'x', width: 1, height: 1 } },
      { type: 2, timestamp: 1000, data: { node: { type: 0, childNodes: [] } } },
      { type: 3, timestamp: 3000, data: { source: 1 } },
      { type: 3, timestamp: 5000, data: { source: 1 } },
    ];
    const analysis = {
      struggles: [
        { id: 'b', kind: 'dead-click', atMs: 3500 },
        { id: 'a', kind: 'rage-click', atMs: 1500 },
        { id: 'late', kind: 'slow-load', atMs: 9000 },
      ],
      errors: [{ atMs: 2000 }],
    } as unknown as SessionReport;
    const { events: out, tags, markers } = withMarkers(events, analysis);
    expect(out.map((e) => e.timestamp)).toEqual([1000, 1000, 2500, 3000, 3000, 4500, 5000, 5000]);
    expect(out.filter((e) => e.type === 5).map((e) => e.data.tag)).toEqual(['struggle:rage-click', 'error', 'struggle:dead-click', 'struggle:slow-load']);
    expect(markers.map((m) => m.atMs)).toEqual([1500, 2000, 3500, 9000]);
    expect(tags['struggle:rage-click']).toContain('--vscode-charts-red');
    expect(tags.error).toContain('--vscode-errorForeground');
    // The input is untouched.
    expect(events).toHaveLength(4);
  });

  it('marks a caught (handled) error with its own tag and colour', () => {
    const events: RecordingEvent[] = [
      { type: 4, timestamp: 1000, data: { href: 'x', width: 1, height: 1 } },
      { type: 3, timestamp: 5000, data: { source: 1 } },
    ];
    const analysis = { struggles: [], errors: [{ atMs: 1000, handled: true }, { atMs: 2000 }] } as unknown as SessionReport;
    const { events: out, tags } = withMarkers(events, analysis);
    expect(out.filter((e) => e.type === 5).map((e) => e.data.tag)).toEqual(['error:handled', 'error']);
    expect(tags['error:handled']).toContain('--vscode-editorInfo-foreground');
  });
});

describe('formatting', () => {
  it('formats times as mm:ss.s and metrics with units', () => {
    expect(formatTime(0)).toBe('00:00.0');
    expect(formatTime(5385)).toBe('00:05.4');
    expect(formatTime(65_000)).toBe('01:05.0');
    expect(formatTime(3_600_000 + 61_250)).toBe('1:01:01.3');
    expect(formatMetric('ttfbMs', 812.4)).toBe('812 ms');
    expect(formatMetric('lcpMs', 4517.5)).toBe('4.52 s');
    expect(formatMetric('cls', 0.1234)).toBe('0.123');
  });

  it('rates metrics against the detection budgets', () => {
    expect(rate(2400, DEFAULT_BUDGETS.lcpMs)).toBe('good');
    expect(rate(3000, DEFAULT_BUDGETS.lcpMs)).toBe('needs-improvement');
    expect(rate(4100, DEFAULT_BUDGETS.lcpMs)).toBe('poor');
    expect(rate(5000, DEFAULT_BUDGETS.loadMs)).toBe('needs-improvement');
    expect(rate(100, undefined)).toBe('unrated');
  });
});
