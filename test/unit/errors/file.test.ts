import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { findErrorSiblings, loadErrorsFile } from '../../../src/core/errors';
import { InputError } from '../../../src/core/model';
import { T0 } from '../timing/helpers';

const BUNDLE = 'https://shop.example/assets/index-4f1c.js';
const dir = mkdtempSync(path.join(tmpdir(), 'sl-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** A Sentry event as the SDK sends it: frames oldest first, the throwing frame last. */
function sentryEvent(timestamp: unknown, extra: Record<string, unknown> = {}) {
  return {
    event_id: 'a1b2',
    timestamp,
    platform: 'javascript',
    exception: {
      values: [
        { type: 'Error', value: 'the cause' },
        {
          type: 'TypeError',
          value: "Cannot read properties of null (reading 'id')",
          stacktrace: {
            frames: [
              { filename: 'https://shop.example/node_modules/react-dom/index.js', function: 'callCallback', lineno: 20, colno: 3, in_app: false },
              { filename: BUNDLE, abs_path: BUNDLE, function: 'onClick', lineno: 1, colno: 50100, in_app: true },
              { filename: BUNDLE, function: 'addLine', lineno: 1, colno: 48213, in_app: true },
            ],
          },
        },
      ],
    },
    ...extra,
  };
}

const EXPECTED_FRAMES = [
  { function: 'addLine', url: BUNDLE, line: 1, column: 48213 },
  { function: 'onClick', url: BUNDLE, line: 1, column: 50100 },
  { function: 'callCallback', url: 'https://shop.example/node_modules/react-dom/index.js', line: 20, column: 3, library: true },
];

describe('loadErrorsFile: Sentry events', () => {
  it('reads one object with a seconds timestamp and reverses the frames (innermost first)', async () => {
    const file = write('one.errors.json', JSON.stringify(sentryEvent((T0 + 9120) / 1000)));
    const [e, ...rest] = await loadErrorsFile(file);
    expect(rest).toEqual([]);
    expect(e).toEqual({
      atMs: 0,
      timestamp: T0 + 9120,
      type: 'TypeError',
      message: "Cannot read properties of null (reading 'id')",
      origin: 'errors-file',
      frames: EXPECTED_FRAMES,
      file,
    });
  });

  it('reads an array, {events}, JSON Lines and gzip; timestamps in seconds, ms and ISO', async () => {
    const events = [sentryEvent((T0 + 1000) / 1000), sentryEvent(T0 + 2000), sentryEvent(new Date(T0 + 3000).toISOString())];
    const files = [
      write('arr.errors.json', JSON.stringify(events, null, 2)),
      write('obj.errors.json', JSON.stringify({ events })),
      write('lines.errors.jsonl', events.map((e) => JSON.stringify(e)).join('\n') + '\n'),
      write('gz.errors.json.gz', gzipSync(JSON.stringify(events))),
    ];
    for (const file of files) {
      const errors = await loadErrorsFile(file);
      expect(errors.map((e) => e.timestamp - T0)).toEqual([1000, 2000, 3000]);
      expect(errors.every((e) => e.frames[0]!.function === 'addLine')).toBe(true);
    }
  });

  it('reads Sentry API exports (entries, camelCase frames, dateCreated) and message events', async () => {
    const api = {
      eventID: 'x',
      dateCreated: new Date(T0).toISOString(),
      entries: [
        {
          type: 'exception',
          data: {
            values: [
              {
                type: 'ReferenceError',
                value: 'cart is not defined',
                stacktrace: { frames: [{ absPath: BUNDLE, function: 'outer', lineNo: 2, colNo: 1, inApp: true }, { absPath: BUNDLE, function: 'inner', lineNo: 3, colNo: 4, inApp: true }] },
              },
            ],
          },
        },
      ],
    };
    const message = { timestamp: (T0 + 5) / 1000, message: 'Error: checkout timed out' };
    const errors = await loadErrorsFile(write('api.errors.json', JSON.stringify([api, message])));
    expect(errors.map((e) => [e.timestamp - T0, e.type, e.message, e.frames.map((f) => f.function)])).toEqual([
      [0, 'ReferenceError', 'cart is not defined', ['inner', 'outer']],
      [5, 'Error', 'checkout timed out', []],
    ]);
  });
});

describe('loadErrorsFile: text logs', () => {
  it('reads Chrome and Firefox stacks after ISO-timestamped lines, skipping non-error levels', async () => {
    const log = [
      `2025-11-22T21:16:12.240Z ERROR TypeError: Cannot read properties of null (reading 'id')`,
      `    at addLine (${BUNDLE}:1:48213)`,
      `    at onClick (${BUNDLE}:1:50100)`,
      '[2025-11-22 21:16:13,000] INFO user clicked buy',
      '2025-11-22T22:16:14.5+01:00 [error] InternalError: too much recursion',
      `addLine@${BUNDLE}:1:48213`,
      `@${BUNDLE}:1:9`,
      '2025-11-22T21:16:15Z Payment provider said no',
      '  (request id 77)',
      '',
    ].join('\n');
    const errors = await loadErrorsFile(write('app.errors.log', log));
    expect(errors.map((e) => [e.timestamp - T0, e.type, e.message, e.frames])).toEqual([
      [9120, 'TypeError', "Cannot read properties of null (reading 'id')", EXPECTED_FRAMES.slice(0, 2)],
      [11380, 'InternalError', 'too much recursion', [{ function: 'addLine', url: BUNDLE, line: 1, column: 48213 }, { url: BUNDLE, line: 1, column: 9 }]],
      [11880, 'Error', 'Payment provider said no\n(request id 77)', []],
    ]);
  });
});

describe('loadErrorsFile: text logs with bracketed timestamps and separators', () => {
  it('is not mistaken for JSON', async () => {
    const log = ['[2025-11-22 21:16:03.120] [ERROR] Error: first', '2025-11-22T21:16:04.120Z | TypeError: second', `    at f (${BUNDLE}:1:2)`].join('\n');
    const errors = await loadErrorsFile(write('bracket.errors.log', log));
    expect(errors.map((e) => [e.timestamp - T0, e.type, e.message, e.frames.length])).toEqual([
      [0, 'Error', 'first', 0],
      [1000, 'TypeError', 'second', 1],
    ]);
  });
});

describe('loadErrorsFile: bad files', () => {
  const cases: [string, string | Buffer, RegExp][] = [
    ['empty.errors.json', '\n  \n', /empty\.errors\.json: empty file: expected Sentry or PostHog \$exception events/],
    ['trunc.errors.json', '[\n  {"timestamp": 1, "exception": {"values": [', /trunc\.errors\.json: not valid JSON: unexpected end of JSON input at line 2, column 45/],
    ['comma.errors.json', '{"timestamp": 1763846163,\n "message": "x",}', /comma\.errors\.json: not valid JSON: expected double-quoted property name at line 2, column 17/],
    ['badline.errors.jsonl', '{"timestamp": 1763846163, "message": "a"}\n{"timestamp": 1763846164, "message": "b"}\n{"timestamp": oops}\n', /badline\.errors\.jsonl: line 3: not valid JSON/],
    ['nots.errors.json', JSON.stringify([{ timestamp: 1763846163, message: 'a' }, { exception: { values: [{ type: 'E', value: 'v' }] } }]), /nots\.errors\.json: record 2: no usable "timestamp"/],
    ['noexc.errors.json', JSON.stringify({ timestamp: 1763846163, level: 'error' }), /noexc\.errors\.json: the event: neither "exception\.values" nor "message" found/],
    ['notobj.errors.json', '[1, 2]', /notobj\.errors\.json: record 1: expected a Sentry event or a PostHog \$exception event/],
    ['har.errors.json', JSON.stringify({ log: { entries: [] } }), /har\.errors\.json: this is a HAR file, not an errors file/],
    ['none.errors.json', '[]', /none\.errors\.json: no events in the file/],
    ['text.errors.log', 'Something broke\n2025-11-22T21:16:15Z Error: x', /text\.errors\.log: line 1: expected an entry starting with an ISO-8601 timestamp/],
    ['date.errors.log', '2025-13-45T21:16:15Z Error: x', /date\.errors\.log: line 1: the timestamp is not a valid date/],
    ['gz.errors.json', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01]), /gz\.errors\.json: starts like gzip but is not valid gzip data/],
  ];
  it.each(cases)('%s', async (name, content, message) => {
    const file = write(name, content);
    const err = await loadErrorsFile(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).file).toBe(file);
    expect((err as Error).message).toMatch(message);
  });

  it('names a missing file', async () => {
    await expect(loadErrorsFile(path.join(dir, 'nope.errors.json'))).rejects.toThrow(/nope\.errors\.json: file not found/);
  });
});

describe('findErrorSiblings', () => {
  it('finds checkout.errors.json / .jsonl / .log beside checkout.rrweb.json', async () => {
    write('checkout.rrweb.json', '[]');
    write('checkout.errors.json', '{}');
    write('checkout.errors.log', '');
    write('checkout-2.errors.json', '{}');
    expect(await findErrorSiblings(path.join(dir, 'checkout.rrweb.json'))).toEqual([
      path.join(dir, 'checkout.errors.json'),
      path.join(dir, 'checkout.errors.log'),
    ]);
  });
});

describe('loadErrorsFile: PostHog $exception exports', () => {
  /** A `$exception` event as PostHog's error tracking stores it: frames oldest first. */
  const exception = (offset: number, extra: Record<string, unknown> = {}) => ({
    uuid: `0190-${offset}`,
    event: '$exception',
    timestamp: new Date(T0 + offset).toISOString(),
    distinct_id: 'u1',
    properties: {
      $session_id: '0190aaaa-session',
      $current_url: 'https://shop.example/checkout',
      $exception_list: [
        {
          type: 'TypeError',
          value: "Cannot read properties of null (reading 'id')",
          mechanism: { type: 'onerror', handled: false, synthetic: false },
          stacktrace: {
            type: 'resolved',
            frames: [
              { filename: 'https://shop.example/node_modules/react-dom/index.js', function: 'callCallback', lineno: 20, colno: 3, in_app: false },
              { filename: BUNDLE, function: 'onClick', lineno: 1, colno: 50100, in_app: true },
              { filename: BUNDLE, function: 'addLine', lineno: 1, colno: 48213, in_app: true },
            ],
          },
        },
      ],
      ...extra,
    },
  });

  it('reads one object, an array, {results}, query rows with columns, and JSON Lines', async () => {
    const one = await loadErrorsFile(write('one.json', JSON.stringify(exception(1000))));
    expect(one).toEqual([
      {
        atMs: 0,
        timestamp: T0 + 1000,
        type: 'TypeError',
        message: "Cannot read properties of null (reading 'id')",
        origin: 'errors-file',
        frames: EXPECTED_FRAMES,
        file: path.join(dir, 'one.json'),
        sessionId: '0190aaaa-session',
        url: 'https://shop.example/checkout',
      },
    ]);
    const shapes = [
      write('array.json', JSON.stringify([exception(1000), exception(2000)])),
      write('results.json', JSON.stringify({ next: null, results: [exception(1000), exception(2000)] })),
      write(
        'rows.json',
        JSON.stringify({
          columns: ['event', 'timestamp', 'properties'],
          results: [exception(1000), exception(2000)].map((e) => [e.event, e.timestamp, JSON.stringify(e.properties)]),
        }),
      ),
      write('lines.jsonl', `${JSON.stringify(exception(1000))}\n${JSON.stringify(exception(2000))}\n`),
    ];
    for (const file of shapes) {
      const errors = await loadErrorsFile(file);
      expect(errors.map((e) => [e.timestamp - T0, e.sessionId, e.frames[0]?.function])).toEqual([
        [1000, '0190aaaa-session', 'addLine'],
        [2000, '0190aaaa-session', 'addLine'],
      ]);
    }
  });

  it('reads handled exceptions (mechanism or $exception_handled) and older flat properties', async () => {
    const caught = exception(1000);
    (caught.properties.$exception_list[0] as { mechanism: { handled: boolean } }).mechanism.handled = true;
    const flat = { event: '$exception', timestamp: new Date(T0 + 3000).toISOString(), properties: { $exception_type: 'Error', $exception_message: 'old', $exception_handled: true } };
    const errors = await loadErrorsFile(write('handled.json', JSON.stringify([caught, exception(2000), flat])));
    expect(errors.map((e) => [e.type, e.handled])).toEqual([
      ['TypeError', true],
      ['TypeError', undefined],
      ['Error', true],
    ]);
  });
});

describe('loadErrorsFile: what a Sentry event says about itself', () => {
  it('reads replay ids (contexts or tags in every form), the page URL and mechanism.handled', async () => {
    const events = [
      sentryEvent(1763846163, { contexts: { replay: { replay_id: 'r1' } }, request: { url: 'https://shop.example/a' } }),
      sentryEvent(1763846164, { tags: [{ key: 'replayId', value: 'r2' }, { key: 'url', value: 'https://shop.example/b' }] }),
      sentryEvent(1763846165, { tags: [['replayId', 'r3']] }),
      sentryEvent(1763846166, { session_id: 's4' }),
    ];
    (events[0].exception.values[1] as Record<string, unknown>).mechanism = { type: 'generic', handled: true };
    const errors = await loadErrorsFile(write('ids.json', JSON.stringify(events)));
    expect(errors.map((e) => [e.sessionId, e.url, e.handled])).toEqual([
      ['r1', 'https://shop.example/a', true],
      ['r2', 'https://shop.example/b', undefined],
      ['r3', undefined, undefined],
      ['s4', undefined, undefined],
    ]);
  });
});
