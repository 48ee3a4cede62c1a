/**
 * fast-check arbitraries for the fuzz targets: hostile values, structurally valid rrweb events
 * carrying them, the container shapes of every recording format, and byte mutations of real
 * fixtures. To fuzz a new format, add its container to `recordingDocument` (and, for byte
 * mutations, its fixtures to `FIXTURE_SEEDS` in targets.ts).
 */
import { deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { compress as snappyCompress } from 'snappyjs';

// ---------------------------------------------------------------------------------------------
// Hostile values

/** Text recordings may carry that is made to break HTML, Markdown, command links or terminals. */
export const HOSTILE_TEXTS = [
  '$(alert)',
  '$(loading~spin) $(zap)',
  '\u202Edesrever\u202C',
  '\u2066isolate\u2069\u200F',
  'bell\u0007 esc\u001b[31mred\u001b[0m \u001b]8;;http://x\u0007link\u001b]8;;\u0007',
  '<table><tr><td>cell</td></tr></table>',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '[click](command:workbench.action.terminal.new)',
  '[x](https://example.invalid/steal)',
  '![i](https://example.invalid/p.png)',
  '`code` **bold** _em_ | pipe |',
  'javascript:alert(1)',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  '../../../../etc/passwd',
  'file:///etc/passwd',
  '\\\\server\\share\\x.js',
  'C:\\Windows\\win.ini',
  '\u0000nul',
  '\uD800 lone surrogate',
  'line\nbreak\r\nand\u2028sep',
  '%00%2e%2e%2f',
  'https://example.invalid/app.js',
  'webpack:///./src/../../../etc/passwd',
  '',
  ' ',
];

export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_TEXTS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_TEXTS).map((t) => t.repeat(400)) },
);

/** Numbers that are valid JSON but absurd: huge, negative, fractional, past Date's range. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -1, -0.5, 0.5, 1e20, -1e20, 8.64e15 + 1, Number.MAX_SAFE_INTEGER + 2, 1.7976931348623157e308, -1.7976931348623157e308, 5e-324, 2 ** 31, 2 ** 32 + 1),
  fc.integer({ min: -1000, max: 100_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Something that is usually not what the field should hold. */
export const confusedValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, {}, [], '1', 'NaN', [1], { type: 2 }),
  hostileText,
  hostileNumber,
);

/** A small id range makes duplicates, unknown ids and parent cycles common. */
const nodeId = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: -1, max: 24 }) }, { weight: 1, arbitrary: hostileNumber }, { weight: 1, arbitrary: confusedValue });

const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | unknown> => fc.oneof({ weight: 9, arbitrary: arb }, { weight: 1, arbitrary: confusedValue });

// ---------------------------------------------------------------------------------------------
// Serialized DOM nodes (rrweb-snapshot)

const TAGS = ['div', 'button', 'a', 'input', 'form', 'textarea', 'select', 'option', 'iframe', 'script', 'style', 'svg', 'img', 'span', 'html', 'body', 'head', 'meta', 'base', 'table'];

const attributes = fc.dictionary(
  fc.constantFrom('id', 'class', 'href', 'src', 'type', 'name', 'value', 'onclick', 'style', 'srcdoc', 'data-testid', 'aria-label', 'role', '_cssText', '__proto__', 'rr_dataURL'),
  maybe(hostileText),
  { maxKeys: 4 },
);

const { node: serializedNode } = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ type: fc.constant(3), textContent: maybe(hostileText), id: nodeId }),
    fc.record({
      type: maybe(fc.constant(2)),
      tagName: maybe(fc.constantFrom(...TAGS)),
      attributes: maybe(attributes),
      childNodes: maybe(fc.array(tie('node'), { maxLength: 4 })),
      id: nodeId,
      isSVG: fc.boolean(),
    }),
  ),
}));

const documentNode = fc.record({
  type: fc.constant(0),
  id: nodeId,
  childNodes: fc.array(serializedNode, { maxLength: 4 }),
});

// ---------------------------------------------------------------------------------------------
// rrweb events (type numbers from @rrweb/types)

const mutationData = fc.record({
  source: fc.constant(0),
  adds: maybe(fc.array(fc.record({ parentId: nodeId, nextId: fc.option(nodeId), previousId: fc.option(nodeId), node: serializedNode }), { maxLength: 4 })),
  removes: maybe(fc.array(fc.record({ parentId: nodeId, id: nodeId }), { maxLength: 4 })),
  texts: maybe(fc.array(fc.record({ id: nodeId, value: maybe(hostileText) }), { maxLength: 3 })),
  attributes: maybe(fc.array(fc.record({ id: nodeId, attributes }), { maxLength: 3 })),
});

const incrementalData = fc.oneof(
  { weight: 4, arbitrary: mutationData },
  { weight: 2, arbitrary: fc.record({ source: fc.constant(1), positions: maybe(fc.array(fc.record({ x: maybe(hostileNumber), y: maybe(hostileNumber), id: nodeId, timeOffset: maybe(hostileNumber) }), { maxLength: 4 })) }) },
  { weight: 4, arbitrary: fc.record({ source: fc.constant(2), type: maybe(fc.integer({ min: 0, max: 10 })), id: nodeId, x: maybe(hostileNumber), y: maybe(hostileNumber), pointerType: fc.option(fc.integer({ min: 0, max: 2 })) }) },
  { weight: 1, arbitrary: fc.record({ source: fc.constant(3), id: nodeId, x: maybe(hostileNumber), y: maybe(hostileNumber) }) },
  { weight: 1, arbitrary: fc.record({ source: fc.constant(4), width: maybe(hostileNumber), height: maybe(hostileNumber) }) },
  { weight: 2, arbitrary: fc.record({ source: fc.constant(5), id: nodeId, text: maybe(hostileText), isChecked: maybe(fc.boolean()), userTriggered: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ source: maybe(fc.integer({ min: 6, max: 20 })), id: nodeId }) },
);

const epochMs = fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 });
const spanTimes = fc.tuple(epochMs, fc.integer({ min: -5000, max: 60_000 })).map(([s, d]) => ({ start: s / 1000, end: (s + d) / 1000 }));

const customData = fc.oneof(
  fc.record({
    tag: fc.constant('breadcrumb'),
    payload: fc.record({ category: fc.constantFrom('navigation', 'console', 'ui.click', 'fetch'), message: maybe(hostileText), level: fc.constantFrom('error', 'warning', 'info'), timestamp: maybe(hostileNumber), data: maybe(fc.record({ to: maybe(hostileText), from: maybe(hostileText), arguments: fc.array(confusedValue, { maxLength: 3 }) })) }),
  }),
  spanTimes.chain(({ start, end }) =>
    fc.record({
      tag: fc.constant('performanceSpan'),
      payload: fc.record({
        op: fc.constantFrom('navigation.navigate', 'navigation.reload', 'paint', 'web-vital', 'largest-contentful-paint', 'resource.fetch', 'resource.script', 'memory'),
        description: maybe(fc.oneof(hostileText, fc.constantFrom('first-contentful-paint', 'largest-contentful-paint', 'cumulative-layout-shift', 'interaction-to-next-paint'))),
        startTimestamp: maybe(fc.constant(start)),
        endTimestamp: maybe(fc.constant(end)),
        data: maybe(fc.record({ value: maybe(hostileNumber), size: maybe(hostileNumber), nodeIds: maybe(fc.array(nodeId, { maxLength: 3 })), statusCode: maybe(hostileNumber) })),
      }),
    }),
  ),
  fc.record({ tag: fc.constantFrom('web-vitals', '$web_vitals'), payload: maybe(fc.record({ name: fc.constantFrom('LCP', 'FCP', 'CLS', 'INP', 'TTFB', 'x'), value: maybe(hostileNumber) })) }),
  fc.record({ tag: maybe(hostileText), payload: confusedValue }),
);

const stackLine = fc.tuple(hostileText, fc.constantFrom('https://example.invalid/dist/app.js', 'webpack:///src/x.ts', '../../etc/passwd', 'file:///etc/passwd'), hostileNumber, hostileNumber).map(
  ([fn, url, l, c]) => `    at ${fn} (${url}:${l}:${c})`,
);

const pluginData = fc.oneof(
  fc.record({
    plugin: fc.constantFrom('rrweb/console@1', 'posthog/console@1'),
    payload: fc.record({ level: fc.constantFrom('error', 'warn', 'log', 'assert'), payload: fc.array(fc.oneof(hostileText, stackLine.map((l) => JSON.stringify(`Error: x\n${l}`))), { maxLength: 3 }), trace: maybe(fc.array(hostileText, { maxLength: 2 })) }),
  }),
  fc.record({
    plugin: fc.constantFrom('rrweb/network@1', 'posthog/network@1'),
    payload: fc.record({
      requests: maybe(
        fc.array(
          fc.record({ name: maybe(hostileText), initiatorType: maybe(fc.constantFrom('navigation', 'fetch', 'xmlhttprequest', 'script')), entryType: maybe(fc.constantFrom('navigation', 'resource', 'paint', 'largest-contentful-paint')), startTime: maybe(hostileNumber), endTime: maybe(hostileNumber), responseStart: maybe(hostileNumber), timeOrigin: maybe(hostileNumber), responseStatus: maybe(hostileNumber), method: maybe(hostileText) }),
          { maxLength: 3 },
        ),
      ),
    }),
  }),
  fc.record({ plugin: maybe(hostileText), payload: confusedValue }),
);

/** One rrweb event at `timestamp`, of any type, with hostile values in its fields. */
const eventAt = (timestamp: unknown): fc.Arbitrary<Record<string, unknown>> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.record({ type: fc.constant(4), data: fc.record({ href: maybe(hostileText), width: maybe(hostileNumber), height: maybe(hostileNumber) }) }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant(2), data: fc.record({ node: maybe(documentNode), initialOffset: maybe(fc.record({ top: hostileNumber, left: hostileNumber })) }) }) },
    { weight: 10, arbitrary: fc.record({ type: fc.constant(3), data: incrementalData }) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant(5), data: customData }) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant(6), data: pluginData }) },
    { weight: 1, arbitrary: fc.record({ type: fc.oneof(fc.constantFrom(0, 1, 7, -1, 99), hostileNumber), data: confusedValue }) },
  ).map((e) => ({ ...e, timestamp }));

/**
 * Timestamps of a session: mostly increasing by small steps, with the occasional absurd one (an
 * extra digit, a huge gap, negative, fractional, out of order, not a number).
 */
const timeline = (count: number): fc.Arbitrary<unknown[]> =>
  fc.tuple(epochMs, fc.array(fc.integer({ min: -50, max: 3000 }), { minLength: count, maxLength: count }), fc.array(fc.tuple(fc.nat(count), fc.integer({ min: 0, max: 8 })), { maxLength: 3 })).map(
    ([start, steps, absurd]) => {
      const times: unknown[] = [];
      let t = start;
      for (const step of steps) times.push((t += step));
      for (const [i, kind] of absurd) {
        if (i >= times.length) continue;
        const v = times[i] as number;
        times[i] = [v * 10, v + 1e12, -v, v + 0.123, 1e20, null, String(v), v / 1000, -1e20][kind];
      }
      return times;
    },
  );

/** A list of hostile events opening with Meta + FullSnapshot (a replayable start) most of the time. */
export const rrwebEvents: fc.Arbitrary<Record<string, unknown>[]> = fc
  .integer({ min: 0, max: 30 })
  .chain((n) => timeline(n + 2))
  .chain((times) =>
    fc.tuple(
      fc.boolean(),
      eventAt(times[0]),
      fc.record({ type: fc.constant(2), data: fc.record({ node: documentNode, initialOffset: fc.constant({ top: 0, left: 0 }) }) }),
      fc.tuple(...times.slice(2).map(eventAt)),
    ).map(([startsWell, first, snapshot, rest]) => {
      const opening = startsWell ? [{ type: 4, data: { href: 'https://example.invalid/', width: 800, height: 600 }, timestamp: times[0] }, { ...snapshot, timestamp: times[1] }] : [first, { ...snapshot, timestamp: times[1] }];
      return [...opening, ...rest];
    }),
  );

// ---------------------------------------------------------------------------------------------
// Containers: every shape formats.ts reads

const latin1Gzip = (value: unknown): string => gzipSync(Buffer.from(JSON.stringify(value))).toString('latin1');

/** PostHog's compressed event form (`cv`), with valid, garbage or truncated gzip parts. */
const posthogCompress = (event: Record<string, unknown>, mode: number): Record<string, unknown> => {
  const bad = mode === 1 ? '\u001f\u008bnot gzip' : mode === 2 ? latin1Gzip(event.data).slice(0, 12) : undefined;
  if (event.type === 2) return { ...event, cv: '2024-10', data: bad ?? latin1Gzip(event.data) };
  const data = event.data as Record<string, unknown> | undefined;
  if (event.type === 3 && data && data.source === 0) {
    const out: Record<string, unknown> = { ...data };
    for (const k of ['adds', 'removes', 'texts', 'attributes']) if (out[k] !== undefined) out[k] = bad ?? latin1Gzip(out[k]);
    return { ...event, cv: '2024-10', data: out };
  }
  return { ...event, cv: '2024-10' };
};

export type Shape = (events: Record<string, unknown>[], pick: number, sessionId: string) => string | Buffer;

const jsonl = (values: unknown[]): string => values.map((v) => JSON.stringify(v)).join('\n');

/** PostHog's snapshot API (blob v2): [4-byte big-endian length][raw snappy block] per block; `pick` cuts the last one short. */
const snappyBlocks = (texts: string[], pick: number): Buffer => {
  const parts = texts.map((text) => {
    const block = Buffer.from(snappyCompress(Buffer.from(text, 'utf8')));
    const prefix = Buffer.alloc(4);
    prefix.writeUInt32BE(block.length);
    return Buffer.concat([prefix, block]);
  });
  const all = Buffer.concat(parts);
  return pick % 5 === 4 ? all.subarray(0, Math.max(1, all.length - 1 - (pick % 7))) : all;
};

/** A Sentry replay envelope: header, replay_event item, replay_recording item with a zlib, gzip or plain segment. */
const sentryEnvelope = (events: Record<string, unknown>[], pick: number, id: string): Buffer => {
  const body = JSON.stringify(events);
  const payload = pick % 3 === 0 ? deflateSync(body) : pick % 3 === 1 ? gzipSync(body) : Buffer.from(body);
  const recording = Buffer.concat([Buffer.from(`${JSON.stringify({ segment_id: pick % 4 })}\n`), payload]);
  // Sometimes a length that does not match what follows.
  const length = pick % 11 === 10 ? recording.length + 3 : recording.length;
  return Buffer.concat([
    Buffer.from(`${JSON.stringify({ event_id: id, sent_at: '2026-01-01T00:00:00Z' })}\n${JSON.stringify({ type: 'replay_event' })}\n`),
    Buffer.from(`${JSON.stringify({ type: 'replay_event', replay_id: id, segment_id: pick % 4, urls: [] })}\n`),
    Buffer.from(`${JSON.stringify({ type: 'replay_recording', ...(pick % 2 ? { length } : {}) })}\n`),
    recording,
  ]);
};

/** Every recording shape, each turning events into file text. */
export const SHAPES: Record<string, Shape> = {
  'rrweb array': (events) => JSON.stringify(events),
  'rrweb {events}': (events, _p, id) => JSON.stringify({ sessionId: id, events }),
  'rrweb JSONL': (events) => jsonl(events),
  'posthog export': (events, pick, id) => JSON.stringify({ version: '2023-04-28', data: { id, snapshots: pick % 2 ? events : events.map((data) => ({ windowId: 'w1', data })) } }),
  'posthog snapshotsByWindowId': (events, _p, id) => JSON.stringify({ data: { $session_id: id, snapshotsByWindowId: { w1: events.slice(0, events.length / 2), w2: events.slice(events.length / 2) } } }),
  'posthog stored lines': (events, _p, id) => jsonl([{ window_id: 'w1', session_id: id, data: events.slice(0, 3) }, { window_id: 'w2', data: events.slice(3) }]),
  'posthog $snapshot': (events, pick, id) => jsonl(events.map((e, i) => ({ event: '$snapshot', properties: { $session_id: id, $window_id: `w${(i + pick) % 2}`, $snapshot_data: pick % 3 ? [e] : e } }))),
  'posthog compressed': (events, pick, id) => JSON.stringify({ data: { $session_id: id, snapshots: events.map((e, i) => posthogCompress(e, i === pick % (events.length || 1) ? pick % 3 : 0)) } }),
  'sentry segment': (events, _p, id) => jsonl([{ segment_id: 0 }, events, { replay_id: id, segment_id: 1 }]),
  'sentry segments download': (events) => JSON.stringify([events.slice(0, 2), events.slice(2)]),
  'posthog [windowId, event] lines': (events, pick) => jsonl(events.map((e, i) => [pick % 2 ? `w${i % 2}` : i % 3, e])),
  'posthog events with windowId': (events, pick) => jsonl(events.map((e, i) => ({ ...e, windowId: pick % 2 ? `w${i % 2}` : i % 2 }))),
  'posthog snapshot_data_by_window_id': (events, pick, id) =>
    JSON.stringify({ ...(pick % 2 ? { result: { snapshot_data_by_window_id: { w1: events.slice(0, 2), w2: events.slice(2) } } } : { snapshot_data_by_window_id: { w1: events } }), session_id: id }),
  'posthog snappy blocks': (events, pick) => snappyBlocks([jsonl(events.slice(0, 3).map((e) => ['w1', e])), jsonl(events.slice(3).map((e) => ['w2', e]))], pick),
  'posthog raw snappy block': (events) => Buffer.from(snappyCompress(Buffer.from(jsonl(events.map((e) => ['w1', e])), 'utf8'))),
  'sentry envelope': (events, pick, id) => sentryEnvelope(events, pick, id),
};

export const recordingDocument: fc.Arbitrary<{ shape: string; text: string | Buffer }> = fc
  .tuple(fc.constantFrom(...Object.keys(SHAPES)), rrwebEvents, fc.nat(100), fc.oneof(fc.constant('s1'), hostileText))
  .map(([shape, events, pick, id]) => ({ shape, text: SHAPES[shape](events, pick, id) }));

// ---------------------------------------------------------------------------------------------
// Byte mutations

const SNIPPETS = ['{"type":', '"timestamp":', '1e999', '-1', 'null', '[]', '{}', '"\\u0000"', '"\\ud800"', ']', '}', ',', '"', '\\', '\n', '\u00ff', '\u001f\u008b', '[[[[[[[[', '{"a":{"b":{"c":'];

export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number };

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fraction }),
  fc.record({ kind: fc.constant('flip' as const), at: fraction, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fraction, text: fc.oneof(fc.constantFrom(...SNIPPETS), hostileText.map((t) => JSON.stringify(t))) }),
  fc.record({ kind: fc.constant('delete' as const), at: fraction, length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fraction, length: fc.integer({ min: 1, max: 400 }) }),
);

/** Applies mutations; `at` is a fraction of the current length. */
export function mutate(bytes: Buffer, mutations: readonly Mutation[]): Buffer {
  let out = bytes;
  for (const m of mutations) {
    const at = Math.min(out.length, Math.floor(m.at * out.length));
    switch (m.kind) {
      case 'truncate':
        out = out.subarray(0, at);
        break;
      case 'flip':
        if (out.length === 0) break;
        out = Buffer.from(out);
        out[Math.min(at, out.length - 1)] = m.byte;
        break;
      case 'insert':
        out = Buffer.concat([out.subarray(0, at), Buffer.from(m.text, 'latin1'), out.subarray(at)]);
        break;
      case 'delete':
        out = Buffer.concat([out.subarray(0, at), out.subarray(at + m.length)]);
        break;
      case 'duplicate':
        out = Buffer.concat([out.subarray(0, at + m.length), out.subarray(at)]);
        break;
    }
  }
  return out;
}

export const mutations = fc.array(mutation, { minLength: 1, maxLength: 4 });

/** Deep nesting and other extreme shapes, generated rather than stored. */
export const EXTREMES: Record<string, () => Buffer> = {
  'nesting 100k arrays': () => Buffer.from('['.repeat(100_000) + ']'.repeat(100_000)),
  'nesting 100k objects in an event': () => Buffer.from(`[{"type":3,"timestamp":1,"data":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}]`),
  'nesting 100k unclosed': () => Buffer.from('{"events":' + '['.repeat(100_000)),
  'deep DOM 20k': () => {
    let node = '{"type":3,"textContent":"x","id":20001}';
    for (let i = 20_000; i > 0; i--) node = `{"type":2,"tagName":"div","attributes":{},"childNodes":[${node}],"id":${i}}`;
    return Buffer.from(`[{"type":4,"timestamp":1700000000000,"data":{"href":"https://x.invalid/"}},{"type":2,"timestamp":1700000000001,"data":{"node":{"type":0,"id":0,"childNodes":[${node}]}}},{"type":3,"timestamp":1700000000500,"data":{"source":2,"type":2,"id":20001,"x":1,"y":1}}]`);
  },
  'parent cycle': () =>
    Buffer.from(
      JSON.stringify([
        { type: 4, timestamp: 1, data: { href: 'https://x.invalid/' } },
        { type: 2, timestamp: 2, data: { node: { type: 0, id: 1, childNodes: [{ type: 2, tagName: 'div', attributes: {}, childNodes: [], id: 2 }] } } },
        { type: 3, timestamp: 3, data: { source: 0, adds: [{ parentId: 2, node: { type: 2, tagName: 'a', attributes: {}, childNodes: [], id: 3 } }, { parentId: 3, node: { type: 2, tagName: 'b', attributes: {}, childNodes: [], id: 2 } }], removes: [], texts: [], attributes: [] } },
        { type: 3, timestamp: 4, data: { source: 2, type: 2, id: 3, x: 1, y: 1 } },
        { type: 3, timestamp: 5, data: { source: 2, type: 2, id: 2, x: 1, y: 1 } },
      ]),
    ),
  'gzip bomb 64 MB of zeros': () => gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)),
  'one 50 MB string': () => Buffer.from(`[{"type":4,"timestamp":1700000000000,"data":{"href":"${'x'.repeat(50 * 1024 * 1024)}"}}]`),
};
