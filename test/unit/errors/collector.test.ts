import { describe, expect, it } from 'vitest';
import { ErrorCollector, dedupeErrors } from '../../../src/core/errors';
import type { ErrorRecord, RecordingEvent } from '../../../src/core/model';
import { T0, custom, fullSnapshot, meta, plugin, runPass } from '../timing/helpers';

const BUNDLE = 'https://shop.example/assets/index-4f1c.js';
const j = (v: unknown): string => JSON.stringify(v);

function consoleEvent(ts: number, level: string, payload: unknown[], trace: string[] = []): RecordingEvent {
  return plugin(ts, 'rrweb/console@1', { level, trace, payload: payload.map(j) });
}

function breadcrumb(ts: number, crumb: Record<string, unknown>): RecordingEvent {
  return custom(ts, 'breadcrumb', { type: 'default', category: 'console', ...crumb });
}

function collect(events: RecordingEvent[]): ErrorRecord[] {
  const c = new ErrorCollector();
  const { start } = runPass([meta(T0, 'https://shop.example/cart'), fullSnapshot(T0 + 1), ...events], c);
  return c.errors(start);
}

describe('ErrorCollector: rrweb console plugin', () => {
  it('reads an uncaught error with its trace', () => {
    const errors = collect([
      consoleEvent(T0 + 9120, 'error', ["Uncaught TypeError: Cannot read properties of null (reading 'id')"], [
        `addLine (${BUNDLE}:1:48213)`,
        `HTMLButtonElement.onClick (${BUNDLE}:1:50100)`,
      ]),
    ]);
    expect(errors).toEqual([
      {
        atMs: 9120,
        timestamp: T0 + 9120,
        type: 'TypeError',
        message: "Cannot read properties of null (reading 'id')",
        origin: 'console-plugin',
        frames: [
          { function: 'addLine', url: BUNDLE, line: 1, column: 48213 },
          { function: 'HTMLButtonElement.onClick', url: BUNDLE, line: 1, column: 50100 },
        ],
      },
    ]);
  });

  it('reads console.error(new Error(...)) using the error\'s own stack', () => {
    const [e] = collect([
      consoleEvent(
        T0 + 500,
        'error',
        ['Checkout failed:', `RangeError: quantity out of range\n    at validate (${BUNDLE}:3:14)\n    at submit (${BUNDLE}:3:90)\nEnd of stack for Error object`],
        [`report (${BUNDLE}:9:9)`],
      ),
    ]);
    expect(e).toMatchObject({ type: 'console.error', message: 'Checkout failed: RangeError: quantity out of range' });
    expect(e!.frames.map((f) => f.function)).toEqual(['validate', 'submit']);

    const [only] = collect([
      consoleEvent(T0 + 500, 'error', [`RangeError: out of range\n    at validate (${BUNDLE}:3:14)\nEnd of stack for Error object`], [`report (${BUNDLE}:9:9)`]),
    ]);
    expect(only).toMatchObject({ type: 'RangeError', message: 'out of range', frames: [{ function: 'validate', line: 3, column: 14 }] });
  });

  it('reads unhandled rejections; a non-Error reason gets no frames (the trace is the recorder\'s)', () => {
    const errors = collect([
      consoleEvent(T0 + 100, 'error', ['Uncaught (in promise) Error: payment declined'], [`pay (${BUNDLE}:5:5)`]),
      consoleEvent(T0 + 200, 'error', ['Uncaught (in promise)', { code: 42 }], ['https://cdn.example/recorder.js:1:1']),
    ]);
    expect(errors.map((e) => [e.type, e.message, e.frames.length])).toEqual([
      ['Error', 'payment declined', 1],
      ['Error', '{"code":42}', 0],
    ]);
  });

  it('keeps plain console.error calls and ignores other levels; reads rrweb 1 Log events', () => {
    const errors = collect([
      consoleEvent(T0 + 100, 'log', ['hello']),
      consoleEvent(T0 + 150, 'warn', ['careful']),
      consoleEvent(T0 + 200, 'error', ['Failed to load cart', 3], [`load (${BUNDLE}:7:7)`]),
      { type: 3, timestamp: T0 + 300, data: { source: 11, level: 'error', trace: [`old (${BUNDLE}:8:8)`], payload: [j('Uncaught ReferenceError: x is not defined')] } },
    ]);
    expect(errors.map((e) => [e.type, e.message, e.frames[0]?.function])).toEqual([
      ['console.error', 'Failed to load cart 3', 'load'],
      ['ReferenceError', 'x is not defined', 'old'],
    ]);
  });
});

describe('ErrorCollector: Sentry breadcrumbs', () => {
  it('reads console breadcrumbs at level error with seconds or ms timestamps', () => {
    const errors = collect([
      breadcrumb(T0 + 1000, { level: 'error', message: 'TypeError: a is undefined', timestamp: (T0 + 1234.5) / 1000 }),
      breadcrumb(T0 + 2000, { level: 'error', message: 'Error: boom', timestamp: T0 + 2001 }),
      breadcrumb(T0 + 3000, { level: 'log', message: 'just logging', timestamp: (T0 + 3000) / 1000 }),
      custom(T0 + 3500, 'breadcrumb', { category: 'ui.click', message: 'button#buy' }),
      breadcrumb(T0 + 3800, { level: 'error', message: 'Save failed [object Object]', data: { arguments: ['Save failed', { stack: `Error: y\n    at keep (${BUNDLE}:4:4)` }] } }),
      breadcrumb(T0 + 4000, { level: 'error', data: { arguments: ['Save failed', { stack: `Error: x\n    at save (${BUNDLE}:2:2)` }] } }),
    ]);
    expect(errors.map((e) => [e.atMs, e.type, e.message, e.origin, e.frames.length])).toEqual([
      [1234.5, 'TypeError', 'a is undefined', 'sentry-breadcrumb', 0],
      [2001, 'Error', 'boom', 'sentry-breadcrumb', 0],
      [3800, 'console.error', 'Save failed [object Object]', 'sentry-breadcrumb', 1],
      [4000, 'console.error', 'Save failed Error: x', 'sentry-breadcrumb', 1],
    ]);
  });
});

describe('deduplication', () => {
  it('merges the same error reported by the console plugin and a Sentry breadcrumb, keeping the framed one', () => {
    const errors = collect([
      breadcrumb(T0 + 5000, { level: 'error', message: 'TypeError: a is undefined', timestamp: (T0 + 5003) / 1000 }),
      consoleEvent(T0 + 5001, 'error', ['Uncaught TypeError: a is undefined'], [`f (${BUNDLE}:1:1)`]),
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ origin: 'console-plugin', type: 'TypeError', atMs: 5001 });
  });

  it('keeps two reports from one origin, and reports far apart or with other messages', () => {
    const errors = collect([
      consoleEvent(T0 + 100, 'error', ['Uncaught TypeError: a is undefined'], [`f (${BUNDLE}:1:1)`]),
      consoleEvent(T0 + 300, 'error', ['Uncaught TypeError: a is undefined'], [`f (${BUNDLE}:1:1)`]),
      breadcrumb(T0 + 5000, { level: 'error', message: 'TypeError: a is undefined', timestamp: (T0 + 5000) / 1000 }),
      breadcrumb(T0 + 300, { level: 'error', message: 'TypeError: b is undefined', timestamp: (T0 + 300) / 1000 }),
    ]);
    expect(errors.map((e) => [e.atMs, e.origin, e.message])).toEqual([
      [100, 'console-plugin', 'a is undefined'],
      [300, 'console-plugin', 'a is undefined'],
      [300, 'sentry-breadcrumb', 'b is undefined'],
      [5000, 'sentry-breadcrumb', 'a is undefined'],
    ]);
  });

  it('merges an errors-file record with the recording\'s report of the same error', () => {
    const base = { atMs: 0, frames: [], type: 'TypeError', message: 'a is undefined' };
    const merged = dedupeErrors([
      { ...base, timestamp: T0, origin: 'console-plugin', frames: [{ function: 'f' }] },
      { ...base, timestamp: T0 + 20, origin: 'errors-file', frames: [{ function: 'f', library: false }], file: 'x.errors.json' },
    ]);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.origin).toBe('errors-file');
  });
});

describe('ErrorCollector on payloads captured from the real rrweb console plugin (Chromium)', () => {
  // Captured with rrweb 2.2 + @rrweb/rrweb-plugin-console-record in headless Chromium.
  const H = 'http://127.0.0.1:40009';
  const captured = [
    { level: 'error', trace: [`addLine (${H}/assets/app.js:1:37)`, `HTMLButtonElement.onBuy (${H}/assets/app.js:2:19)`], payload: ['"Uncaught TypeError: Cannot read properties of null (reading \'id\')"'] },
    { level: 'error', trace: [`HTMLButtonElement.<anonymous> (${H}/assets/app.js:5:70)`], payload: [`"RangeError: quantity out of range\\n    at HTMLButtonElement.<anonymous> (${H}/assets/app.js:5:76)\\nEnd of stack for Error object"`] },
    { level: 'error', trace: [`pay (${H}/assets/app.js:3:29)`, `HTMLButtonElement.<anonymous> (${H}/assets/app.js:6:64)`], payload: ['"Uncaught (in promise) Error: payment declined"'] },
    { level: 'error', trace: [`unhandledrejectionHandler (${H}/console.js:420:17)`], payload: ['"Uncaught (in promise)"', '{"code":42}'] },
  ];

  it('turns each into a typed error with frames', () => {
    const errors = collect(captured.map((p, i) => plugin(T0 + 1000 * (i + 1), 'rrweb/console@1', p)));
    expect(errors.map((e) => [e.type, e.message, e.frames.map((f) => `${f.function ?? ''}@${f.line}:${f.column}`)])).toEqual([
      ['TypeError', "Cannot read properties of null (reading 'id')", ['addLine@1:37', 'HTMLButtonElement.onBuy@2:19']],
      ['RangeError', 'quantity out of range', ['HTMLButtonElement.<anonymous>@5:76']],
      ['Error', 'payment declined', ['pay@3:29', 'HTMLButtonElement.<anonymous>@6:64']],
      ['Error', '{"code":42}', []],
    ]);
  });
});
