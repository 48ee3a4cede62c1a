/**
 * Sanity checks of the recorded fixtures (test/fixtures/recordings) and their ground truth: the
 * recordings are real rrweb sessions, the truth agrees with them, and its source lines point at
 * the elements and throwing lines it names. Plain fs/zlib on purpose: this checks the data, not
 * the loader.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';

const FIXTURES = join(__dirname, '../fixtures');
const RECORDINGS = join(FIXTURES, 'recordings');
const APP = join(FIXTURES, 'app');
const MAP_FILE = join(APP, 'dist/assets/app.js.map');

interface RawEvent {
  type: number;
  data: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  timestamp: number;
}

interface TruthStruggle {
  kind: string;
  atMs: number;
  target: string | null;
  targetText?: string;
  textOnly?: boolean;
  sourceFile?: string;
  sourceLine?: number;
  errorSourceFile?: string;
  errorSourceLine?: number;
  count?: number;
  lateResponseMs?: number;
  ambiguousWith?: { sourceFile: string; sourceLine: number }[];
}

interface Truth {
  description: string;
  recording: string;
  timingSource: 'none' | 'network' | 'sentry' | 'web-vitals' | 'har';
  consolePlugin: boolean;
  durationMs: number;
  firstEventTimestamp: number;
  pages: { url: string; atMs: number; metrics: Record<string, number>; reportedMetrics: string[] }[];
  errors: { type: string; message: string; atMs: number; sourceFile: string; sourceLine: number }[];
  struggles: TruthStruggle[];
  notStruggles: { what: string; atMs: number; target: string }[];
}

const KINDS = ['rage-click', 'dead-click', 'error-click', 'slow-load', 'error', 'thrashed-cursor', 'excessive-scroll', 'quick-back', 'form-abandon'];
const CLICK_KINDS = ['rage-click', 'dead-click', 'error-click'];

function loadEvents(file: string): RawEvent[] {
  let bytes = readFileSync(file);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const text = bytes.toString('utf8');
  if (file.endsWith('.jsonl')) {
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as RawEvent);
  }
  const parsed = JSON.parse(text) as unknown;
  if (Array.isArray(parsed)) return parsed as RawEvent[];
  const posthog = parsed as { version?: string; data?: { snapshots?: { windowId: string; data: RawEvent }[] } };
  if (posthog.version && posthog.data?.snapshots) return posthog.data.snapshots.map((s) => s.data);
  throw new Error(`${file}: neither an event array nor a PostHog export`);
}

const recordingFiles = readdirSync(RECORDINGS)
  .filter((name) => /\.rrweb\.(json|jsonl|json\.gz)$/.test(name))
  .sort();

const baseName = (name: string) => name.replace(/\.rrweb\.(json|jsonl|json\.gz)$/, '');
const sourceLines = (file: string) => readFileSync(join(APP, file), 'utf8').split('\n');
const traceMap = new TraceMap(readFileSync(MAP_FILE, 'utf8'));

/** `fn (http://host/assets/app.js:1:1987)` or `http://host/assets/app.js:1:1987` → line/column. */
function bundlePosition(frame: string): { line: number; column: number } | undefined {
  const m = /app\.js:(\d+):(\d+)\)?$/.exec(frame);
  return m ? { line: Number(m[1]), column: Number(m[2]) } : undefined;
}

/** Bundle line/column (1-based) → `src/…` file and line through the committed source map. */
function mapToSource(line: number, column: number): { file: string; line: number } | undefined {
  const pos = originalPositionFor(traceMap, { line, column: column - 1 });
  if (!pos.source || pos.line === null) return undefined;
  return { file: pos.source.replace(/^(\.\.\/)+/, ''), line: pos.line };
}

describe('fixture recordings', () => {
  it('covers every struggle kind, every format and every timing source', () => {
    expect(recordingFiles.length).toBeGreaterThanOrEqual(15);
    const truths = recordingFiles.map((f) => JSON.parse(readFileSync(join(RECORDINGS, `${baseName(f)}.truth.json`), 'utf8')) as Truth);
    const kinds = new Set(truths.flatMap((t) => t.struggles.map((s) => s.kind)));
    expect([...kinds].sort()).toEqual([...KINDS].sort());
    const sources = new Set(truths.map((t) => t.timingSource));
    expect([...sources].sort()).toEqual(['har', 'network', 'none', 'sentry', 'web-vitals']);
    expect(recordingFiles.some((f) => f.endsWith('.json.gz'))).toBe(true);
    expect(recordingFiles.some((f) => f.endsWith('.jsonl'))).toBe(true);
    const posthog = recordingFiles.filter((f) => f.endsWith('.rrweb.json') && !readFileSync(join(RECORDINGS, f), 'utf8').startsWith('['));
    expect(posthog.length).toBeGreaterThanOrEqual(1);
  });

  it('ships the demo app bundle with a source map that carries sourcesContent and relative sources', () => {
    const map = JSON.parse(readFileSync(MAP_FILE, 'utf8')) as { sources: string[]; sourcesContent?: string[] };
    expect(map.sources).toContain('../../src/cart.tsx');
    expect(map.sourcesContent?.length).toBe(map.sources.length);
    expect(readFileSync(join(APP, 'dist/assets/app.js'), 'utf8')).toMatch(/\/\/# sourceMappingURL=app\.js\.map\s*$/);
  });

  describe.each(recordingFiles)('%s', (name) => {
    const events = loadEvents(join(RECORDINGS, name));
    const truthFile = join(RECORDINGS, `${baseName(name)}.truth.json`);
    const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as Truth;
    const first = Math.min(...events.map((e) => e.timestamp));
    const last = Math.max(...events.map((e) => e.timestamp));
    const rel = (e: RawEvent) => e.timestamp - first;
    const metas = events.filter((e) => e.type === 4);
    const clicks = events.filter((e) => e.type === 3 && e.data?.source === 2 && e.data?.type === 2);

    it('is a real rrweb recording: events with timestamps, a Meta and a FullSnapshot per page', () => {
      expect(events.length).toBeGreaterThan(5);
      for (const e of events) {
        expect(typeof e.type).toBe('number');
        expect(Number.isFinite(e.timestamp)).toBe(true);
      }
      expect(metas.length).toBeGreaterThanOrEqual(1);
      expect(events.filter((e) => e.type === 2).length).toBe(metas.length);
      for (const meta of metas) {
        const next = events[events.indexOf(meta) + 1];
        expect(next?.type).toBe(2);
        expect(meta.data.href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      }
    });

    it('has a ground truth that agrees with the recording', () => {
      expect(truth.recording).toBe(name);
      expect(truth.firstEventTimestamp).toBe(first);
      expect(truth.durationMs).toBe(last - first);
      expect(truth.pages.map((p) => p.atMs)).toEqual(metas.map(rel));
      for (const at of [...truth.struggles, ...truth.notStruggles, ...truth.errors].map((x) => x.atMs)) {
        expect(at).toBeGreaterThanOrEqual(0);
        expect(at).toBeLessThanOrEqual(truth.durationMs);
      }
      for (const s of truth.struggles) expect(KINDS).toContain(s.kind);
    });

    it('states what the browser measured for each page as positive numbers', () => {
      for (const page of truth.pages) {
        for (const key of ['ttfbMs', 'fcpMs', 'lcpMs', 'domContentLoadedMs', 'loadMs']) {
          expect(typeof page.metrics[key], `${page.url} ${key}`).toBe('number');
          expect(page.metrics[key]).toBeGreaterThan(0);
        }
      }
    });

    it('has a real click at every click struggle and every deliberate non-struggle click', () => {
      for (const s of truth.struggles.filter((x) => CLICK_KINDS.includes(x.kind))) {
        const burst = clicks.filter((c) => rel(c) >= s.atMs && rel(c) <= s.atMs + 1000);
        expect(burst.length, `${s.kind} at ${s.atMs}`).toBeGreaterThanOrEqual(s.kind === 'rage-click' ? (s.count ?? 3) : 1);
      }
      for (const n of truth.notStruggles) {
        expect(clicks.some((c) => rel(c) >= n.atMs && rel(c) <= n.atMs + 1000), n.what).toBe(true);
      }
    });

    it("points each struggle's source line at its element", () => {
      for (const s of truth.struggles) {
        if (!s.sourceFile) continue;
        expect(existsSync(join(APP, s.sourceFile)), s.sourceFile).toBe(true);
        if (s.sourceLine === undefined) continue;
        const line = sourceLines(s.sourceFile)[s.sourceLine - 1];
        const testId = /data-testid="([^"]+)"/.exec(s.target ?? '')?.[1];
        if (testId) expect(line).toContain(`data-testid="${testId}"`);
        else if (s.targetText) expect(line).toContain(s.targetText);
        for (const alt of s.ambiguousWith ?? []) {
          expect(sourceLines(alt.sourceFile)[alt.sourceLine - 1]).toContain(s.targetText);
        }
      }
    });

    it('maps each recorded error through the source map to the line the truth names', () => {
      const consoleErrors = events.filter((e) => e.type === 6 && e.data.plugin === 'rrweb/console@1' && e.data.payload.level === 'error');
      if (truth.consolePlugin) expect(consoleErrors.length).toBe(truth.errors.length);
      truth.errors.forEach((error, i) => {
        expect(error.type).toBe('TypeError');
        if (!truth.consolePlugin) return;
        const top = bundlePosition(consoleErrors[i].data.payload.trace[0]);
        expect(top).toBeDefined();
        expect(mapToSource(top!.line, top!.column)).toEqual({ file: error.sourceFile, line: error.sourceLine });
      });
      const errorsFile = join(RECORDINGS, `${baseName(name)}.errors.json`);
      if (existsSync(errorsFile)) {
        const sentry = JSON.parse(readFileSync(errorsFile, 'utf8')) as {
          timestamp: number;
          exception: { values: { type: string; stacktrace: { frames: { filename: string; lineno: number; colno: number; in_app: boolean }[] } }[] };
        }[];
        expect(sentry.length).toBe(truth.errors.length);
        sentry.forEach((event, i) => {
          expect(event.timestamp).toBeLessThan(9_999_999_999); // seconds
          expect(Math.abs(event.timestamp * 1000 - (first + truth.errors[i].atMs))).toBeLessThan(5);
          const frames = event.exception.values[0].stacktrace.frames;
          const throwing = frames[frames.length - 1]; // oldest first: the throwing frame is last
          expect(mapToSource(throwing.lineno, throwing.colno)).toEqual({ file: truth.errors[i].sourceFile, line: truth.errors[i].sourceLine });
        });
      }
    });

    it('carries timing data that matches what the browser measured', () => {
      const slowest = truth.pages.reduce((a, b) => (b.metrics.ttfbMs > a.metrics.ttfbMs ? b : a));
      const within5 = (value: number | undefined, expected: number) => {
        expect(value).toBeDefined();
        expect(Math.abs(value! - expected) / expected).toBeLessThan(0.05);
      };
      const pageIndex = truth.pages.indexOf(slowest);
      const pageEvents = events.filter((e) => rel(e) >= slowest.atMs && (pageIndex + 1 >= truth.pages.length || rel(e) < truth.pages[pageIndex + 1].atMs));
      if (truth.timingSource === 'network') {
        const nav = pageEvents
          .filter((e) => e.type === 6 && e.data.plugin === 'rrweb/network@1')
          .flatMap((e) => e.data.payload.requests as { entryType: string; responseStart: number; loadEventEnd: number }[])
          .find((r) => r.entryType === 'navigation');
        within5(nav?.responseStart, slowest.metrics.ttfbMs);
        within5(nav?.loadEventEnd, slowest.metrics.loadMs);
      } else if (truth.timingSource === 'sentry') {
        const nav = pageEvents.find((e) => e.type === 5 && e.data.tag === 'performanceSpan' && String(e.data.payload.op).startsWith('navigation.'));
        expect(nav?.data.payload.startTimestamp).toBeLessThan(9_999_999_999); // seconds
        within5(nav?.data.payload.data.responseStart, slowest.metrics.ttfbMs);
        const lcp = pageEvents.find((e) => e.type === 5 && e.data.tag === 'performanceSpan' && e.data.payload.description === 'largest-contentful-paint');
        within5(lcp?.data.payload.data.value, slowest.metrics.lcpMs);
      } else if (truth.timingSource === 'web-vitals') {
        const vital = (metric: string) => pageEvents.find((e) => e.type === 5 && e.data.tag === 'web-vitals' && e.data.payload.name === metric)?.data.payload.value as number | undefined;
        within5(vital('TTFB'), slowest.metrics.ttfbMs);
        within5(vital('FCP'), slowest.metrics.fcpMs);
        within5(vital('LCP'), slowest.metrics.lcpMs);
      } else if (truth.timingSource === 'har') {
        const har = JSON.parse(readFileSync(join(RECORDINGS, `${baseName(name)}.har`), 'utf8')) as {
          log: { version: string; entries: { request: { url: string }; timings: Record<string, number> }[] };
        };
        expect(har.log.version).toBe('1.2');
        const doc = har.log.entries.find((e) => e.request.url === slowest.url);
        const t = doc!.timings;
        const ttfb = ['blocked', 'dns', 'connect', 'send', 'wait'].reduce((sum, k) => sum + Math.max(t[k] ?? 0, 0), 0);
        within5(ttfb, slowest.metrics.ttfbMs);
      } else {
        expect(events.some((e) => (e.type === 6 && e.data.plugin === 'rrweb/network@1') || (e.type === 5 && ['performanceSpan', 'web-vitals'].includes(e.data.tag)))).toBe(false);
      }
    });
  });
});
