/**
 * The fuzz targets: every parser and entry point that takes input from outside, with the property
 * each must keep. `npm test` runs them with a fixed seed (test/unit/fuzz/fuzz.test.ts);
 * `npm run fuzz` (test/fuzz/run.mjs) runs them with many seeds.
 *
 * The property, for every target: no exception other than InputError escapes, an InputError names
 * the file it was given, and a result comes back (a session with warnings, or an error) within
 * a generous time bound (the per-case timeout in the runner).
 *
 * To add a target (a new format, a new entry point), append to TARGETS; to fuzz a new recording
 * shape, add it to SHAPES in arbitraries.ts and a fixture to FIXTURE_SEEDS.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { runCli } from '../../src/cli/main';
import { formatReport } from '../../src/cli/table';
import { analyzeInputs } from '../../src/core/analysis';
import { parseDetectConfig, SETTINGS, SETTINGS_PREFIX } from '../../src/core/detect/config';
import { attributeErrors, dedupeErrors, loadErrorsFile } from '../../src/core/errors';
import { SourceMapResolver } from '../../src/core/link';
import { InputError } from '../../src/core/model';
import { analysisReport } from '../../src/core/report';
import { loadHar } from '../../src/core/timing';
import { checkRelativePath, parseMomentQuery } from '../../src/extension/links';
import { commandLink, escapeMarkdown, markdownCode } from '../../src/extension/markdown';
import { reportMarkdown, type ReportWords } from '../../src/extension/reportMarkdown';
import * as protocol from '../../src/protocol';
import { confusedValue, hostileNumber, hostileText, mutate, mutations, recordingDocument, HOSTILE_TEXTS } from './arbitraries';

export interface FuzzContext {
  /** A fresh folder for this target's files. */
  dir: string;
}

export interface FuzzTarget<T = unknown> {
  name: string;
  /** Share of the total number of runs (cheap targets get more). */
  weight: number;
  arbitrary: (ctx: FuzzContext) => fc.Arbitrary<T>;
  /** Throws (or rejects) when the property does not hold. */
  check: (input: T, ctx: FuzzContext) => Promise<void> | void;
}

const ROOT = resolve(__dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/recordings');

/** Real recordings to mutate byte by byte (small ones: each case analyzes the whole file). */
export const FIXTURE_SEEDS = [
  'rage-click.rrweb.json',
  'error-click-sentry.rrweb.json',
  'thrashed-cursor.rrweb.jsonl',
  'background-activity.rrweb.json.gz',
  'form-abandon.rrweb.json',
  'slow-load-network.rrweb.json',
  'quick-back.rrweb.json',
  // The PostHog and Sentry shapes (test/fixtures/formats), relative to FIXTURES.
  '../formats/rage-click.posthog-lines.jsonl',
  '../formats/dead-click.posthog-events.jsonl',
  '../formats/form-abandon.posthog-api.json',
  '../formats/error-click.posthog-blocks.snappy',
  '../formats/slow-load-sentry.sentry-envelope.bin',
];

class PropertyError extends Error {}

function fail(message: string): never {
  throw new PropertyError(message);
}

/** Text shown to people must carry no control, bidi-override or invisible formatting characters. */
// eslint-disable-next-line no-control-regex
const UNSAFE_SHOWN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2066-\u2069]/;

/** Plain words for reportMarkdown in tests (the extension passes localized ones). */
export const WORDS: ReportWords = {
  title: 'Report',
  generated: (t, v) => `${t} ${v}`,
  summary: (s, n) => `${s} sessions, ${n} struggles`,
  session: (id) => `Session ${id}`,
  recordedAt: 'Recorded',
  duration: 'Duration',
  format: 'Format',
  struggles: 'Struggles',
  noStruggles: 'None',
  pages: 'Pages',
  errors: 'Errors',
  inputErrors: 'Unreadable',
  warnings: 'Warnings',
  columns: { time: 'Time', kind: 'Kind', severity: 'Severity', summary: 'Summary', source: 'Source', url: 'URL', metrics: 'Metrics', type: 'Type', message: 'Message', where: 'Where' },
  kind: (k) => k,
  severity: (s) => s,
};

/** A problem thrown by a loader must be an InputError naming the file. */
function expectInputError(error: unknown, file: string): void {
  if (!(error instanceof InputError)) fail(`threw ${error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error)}`);
  if (error.file !== file) fail(`InputError names ${error.file}, not ${file}`);
  if (!error.problem) fail('InputError without a problem');
}

/** Analyzes one recording file the way the CLI and the worker do; checks result and outputs. */
export async function checkRecordingFile(file: string, cwd: string): Promise<void> {
  const result = await analyzeInputs([file], { cwd, maxDecompressedBytes: 16 * 1024 * 1024, keepEvents: false });
  const shown = relative(cwd, file).split(sep).join('/');
  if (result.sessions.length + result.inputErrors.length === 0) fail('neither a session nor an error');
  for (const e of result.inputErrors) {
    if (e.file !== shown && !e.file.startsWith(shown.replace(/\.rrweb\..*$/, ''))) fail(`error names ${e.file}, not ${shown}`);
    if (!e.message) fail('error without a message');
    if (INTERNAL_ERROR.test(e.message)) fail(`an internal error reached the user: ${e.message}`);
  }
  for (const s of result.sessions) {
    if (!Number.isFinite(s.durationMs) || s.durationMs < 0) fail(`duration ${s.durationMs}`);
    for (const p of s.pages) if (!Number.isFinite(p.atMs) || !Number.isFinite(p.durationMs) || p.durationMs < 0) fail(`page times ${p.atMs} ${p.durationMs}`);
    for (const st of s.struggles) if (!Number.isFinite(st.atMs)) fail(`struggle at ${st.atMs}`);
  }
  const report = analysisReport(result.sessions, result.inputErrors);
  JSON.stringify(report);
  const text = formatReport(report);
  if (UNSAFE_SHOWN.test(text.replace(/\n/g, ''))) fail(`CLI output carries a control character: ${JSON.stringify(text.match(UNSAFE_SHOWN)?.[0])}`);
  const markdown = reportMarkdown(report, WORDS);
  if (UNSAFE_SHOWN.test(markdown.replace(/\n/g, ''))) fail('Markdown export carries a control character');
  if (/<(?!\/?br>)[a-z]/i.test(markdown)) fail('Markdown export carries HTML');
}

/** Messages of JavaScript's own errors: a user should never see one for a bad file. */
const INTERNAL_ERROR = /Maximum call stack|is not a function|Cannot read propert|Cannot convert|is not iterable|Invalid time value|Invalid array length|undefined|\[object /;

let counter = 0;
const caseFile = (dir: string, name: string): string => join(dir, `${++counter}-${name}`);

const recordingStructured: FuzzTarget<{ shape: string; text: string | Buffer; gzip: boolean }> = {
  name: 'recordings: structured events in every shape',
  weight: 30,
  arbitrary: () => fc.tuple(recordingDocument, fc.integer({ min: 0, max: 9 })).map(([doc, g]) => ({ ...doc, gzip: g === 0 })),
  async check({ text, gzip }, { dir }) {
    const file = caseFile(dir, gzip ? 'case.rrweb.json.gz' : 'case.rrweb.json');
    writeFileSync(file, gzip ? gzipSync(text) : text);
    await checkRecordingFile(file, dir);
  },
};

const recordingMutated: FuzzTarget<{ seed: string; mutations: Parameters<typeof mutate>[1]; regzip: boolean }> = {
  name: 'recordings: byte mutations of fixtures',
  weight: 20,
  arbitrary: () => fc.record({ seed: fc.constantFrom(...FIXTURE_SEEDS), mutations, regzip: fc.boolean() }),
  async check({ seed, mutations: ms, regzip }, { dir }) {
    const bytes = readFileSync(join(FIXTURES, seed));
    const gz = seed.endsWith('.gz');
    // A gzip fixture is mutated either as compressed bytes or as its JSON (then compressed again).
    const plain = gz && regzip ? (await import('node:zlib')).gunzipSync(bytes) : bytes;
    const mutated = mutate(plain, ms);
    const file = caseFile(dir, basename(seed));
    writeFileSync(file, gz && regzip ? gzipSync(mutated) : mutated);
    await checkRecordingFile(file, dir);
  },
};

const sentryFrame = fc.record({ filename: fc.oneof(hostileText, fc.constant('https://example.invalid/dist/app.js')), abs_path: fc.option(hostileText), function: fc.option(hostileText), lineno: fc.option(hostileNumber), colno: fc.option(hostileNumber), in_app: fc.option(fc.boolean()) });
const sentryEvent = fc.record({
  event_id: fc.option(hostileText),
  timestamp: fc.oneof(hostileNumber, hostileText, fc.constant('2026-11-22T21:16:03.123Z'), confusedValue),
  level: fc.option(fc.constantFrom('error', 'fatal', 'warning', 'info')),
  message: fc.option(confusedValue),
  exception: fc.option(fc.oneof(confusedValue, fc.record({ values: fc.oneof(confusedValue, fc.array(fc.record({ type: fc.option(confusedValue), value: fc.option(confusedValue), stacktrace: fc.option(fc.oneof(confusedValue, fc.record({ frames: fc.oneof(confusedValue, fc.array(sentryFrame, { maxLength: 4 })) }))) }), { maxLength: 3 })) }))),
  entries: fc.option(fc.array(fc.record({ type: fc.constantFrom('exception', 'breadcrumbs'), data: confusedValue }), { maxLength: 2 })),
});
const posthogException = fc.record({ event: fc.constant('$exception'), timestamp: fc.oneof(hostileNumber, hostileText, confusedValue), properties: fc.record({ $exception_list: fc.oneof(confusedValue, fc.array(fc.record({ type: confusedValue, value: confusedValue, stacktrace: fc.option(fc.record({ frames: fc.array(sentryFrame, { maxLength: 3 }) })) }), { maxLength: 2 })), $exception_message: confusedValue, $exception_type: confusedValue }) });
const textLogLine = fc.oneof(
  fc.tuple(fc.constantFrom('2026-11-22T21:16:03Z', '[2026-11-22 21:16:03]', '2026-13-45T99:99:99Z', '99999-01-01T00:00:00Z', '1970-01-01T00:00:00Z'), fc.constantFrom(' ERROR ', ' [error] ', ' info ', ' '), hostileText).map(([t, l, m]) => `${t}${l}TypeError: ${m}`),
  fc.tuple(hostileText, hostileNumber, hostileNumber).map(([f, l, c]) => `    at ${f} (https://example.invalid/app.js:${l}:${c})`),
  fc.tuple(hostileText, hostileNumber).map(([f, l]) => `${f}@https://example.invalid/app.js:${l}:1`),
  hostileText,
);

const errorLogs: FuzzTarget<string | Buffer> = {
  name: 'error logs: Sentry events, PostHog $exception, text logs, mutations',
  weight: 12,
  arbitrary: () =>
    fc.oneof(
      fc.array(fc.oneof(sentryEvent, posthogException), { maxLength: 4 }).map((evs) => JSON.stringify(evs)),
      fc.array(fc.oneof(sentryEvent, posthogException), { maxLength: 4 }).map((evs) => evs.map((e) => JSON.stringify(e)).join('\n')),
      fc.oneof(sentryEvent, posthogException).map((e) => JSON.stringify({ events: [e] })),
      fc.array(textLogLine, { maxLength: 12 }).map((ls) => ls.join('\n')),
      mutations.map((ms) => mutate(readFileSync(join(FIXTURES, 'error-click-sentry.errors.json')), ms)),
    ),
  async check(content, { dir }) {
    const file = caseFile(dir, 'case.errors.json');
    writeFileSync(file, content);
    let records;
    try {
      records = await loadErrorsFile(file);
    } catch (error) {
      expectInputError(error, file);
      return;
    }
    const session = { start: 1_700_000_000_000, end: 1_700_000_060_000, pages: [{ url: 'https://example.invalid/dist/app.js', at: 1_700_000_000_000 }] };
    const { bySession, unattached } = attributeErrors([{ errors: records }], [session]);
    for (const r of dedupeErrors([...bySession.flat(), ...unattached])) if (!Number.isFinite(r.atMs)) fail(`error at ${r.atMs}`);
  },
};

const harEntry = fc.record({
  startedDateTime: fc.oneof(fc.constant('2026-11-22T21:16:03.000Z'), hostileText, confusedValue),
  time: fc.option(hostileNumber),
  pageref: fc.option(confusedValue),
  request: fc.oneof(confusedValue, fc.record({ method: fc.option(confusedValue), url: fc.oneof(hostileText, confusedValue) })),
  response: fc.oneof(confusedValue, fc.record({ status: fc.option(hostileNumber), content: fc.option(fc.oneof(confusedValue, fc.record({ mimeType: confusedValue }))), redirectURL: fc.option(confusedValue) })),
  timings: fc.option(fc.oneof(confusedValue, fc.dictionary(fc.constantFrom('blocked', 'dns', 'connect', 'send', 'wait', 'receive', 'ssl', '_lcp'), hostileNumber))),
  _resourceType: fc.option(fc.constantFrom('document', 'script', 'fetch', 'xhr')),
});
const harDoc = fc.record({
  log: fc.oneof(
    confusedValue,
    fc.record({
      entries: fc.oneof(confusedValue, fc.array(harEntry, { maxLength: 5 })),
      pages: fc.option(fc.array(fc.record({ id: confusedValue, startedDateTime: fc.oneof(hostileText, confusedValue), title: confusedValue, pageTimings: fc.option(fc.dictionary(fc.constantFrom('onContentLoad', 'onLoad', '_fcp', '_lcp', '_firstContentfulPaint', '_largestContentfulPaint'), hostileNumber)) }), { maxLength: 2 })),
    }),
  ),
});

const har: FuzzTarget<string | Buffer> = {
  name: 'HAR files',
  weight: 8,
  arbitrary: () => fc.oneof(harDoc.map((d) => JSON.stringify(d)), mutations.map((ms) => mutate(readFileSync(join(FIXTURES, 'slow-load-har.har')), ms))),
  async check(content, { dir }) {
    const file = caseFile(dir, 'case.har');
    writeFileSync(file, content);
    try {
      await loadHar(file);
    } catch (error) {
      expectInputError(error, file);
    }
  },
};

const VLQ = fc.oneof(
  fc.constantFrom('AAAA', 'AAAA;AACA', 'AAAAA,CAAC;;EAAE', 'A', ';;;', '', '////', 'gggggggggggg', 'AAAA,AAAA,AAAA', '+/+/', '!!!!'),
  fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/,;'.split('')), maxLength: 40 }),
);
const SOURCE_PATHS = ['/etc/passwd', 'file:///etc/passwd', '\\\\server\\share\\x.ts', '../../../../etc/passwd', 'webpack:///./src/app.ts', 'webpack:///../../../etc/passwd', 'src/app.ts', 'C:\\Windows\\win.ini', '..\\..\\x', '%2e%2e/%2e%2e/etc/passwd', 'node_modules/lib/x.js', ''];
const sourceMapDoc = fc.record({
  version: fc.oneof(fc.constant(3), confusedValue),
  file: fc.option(confusedValue),
  sourceRoot: fc.option(fc.oneof(fc.constantFrom('', '/', '../..', 'file:///', 'webpack:///'), hostileText)),
  sources: fc.oneof(confusedValue, fc.array(fc.oneof(fc.constantFrom(...SOURCE_PATHS), hostileText, fc.constant(null)), { maxLength: 4 })),
  sourcesContent: fc.option(fc.oneof(confusedValue, fc.array(fc.oneof(hostileText, fc.constant(null)), { maxLength: 4 }))),
  names: fc.option(fc.oneof(confusedValue, fc.array(fc.oneof(hostileText, confusedValue), { maxLength: 3 }))),
  mappings: fc.oneof(VLQ, confusedValue),
  ignoreList: fc.option(fc.oneof(confusedValue, fc.array(hostileNumber, { maxLength: 2 }))),
});
const indexMap = fc.array(fc.record({ offset: fc.record({ line: hostileNumber, column: hostileNumber }), map: sourceMapDoc }), { maxLength: 3 }).map((sections) => ({ version: 3, sections }));

const sourceMaps: FuzzTarget<{ map: string; line: number; column: number; inline: boolean }> = {
  name: 'source maps (files and inline data: URLs)',
  weight: 8,
  arbitrary: () =>
    fc.record({
      map: fc.oneof(sourceMapDoc.map((m) => JSON.stringify(m)), indexMap.map((m) => JSON.stringify(m)), fc.string({ maxLength: 30 }), sourceMapDoc.chain((m) => mutations.map((ms) => mutate(Buffer.from(JSON.stringify(m)), ms).toString('latin1')))),
      line: fc.oneof(fc.integer({ min: 1, max: 4 }), hostileNumber),
      column: fc.oneof(fc.integer({ min: 1, max: 20 }), hostileNumber),
      inline: fc.boolean(),
    }),
  async check({ map, line, column, inline }, { dir }) {
    const ws = join(dir, `ws${++counter}`);
    mkdirSync(join(ws, 'dist'), { recursive: true });
    mkdirSync(join(ws, 'src'), { recursive: true });
    writeFileSync(join(ws, 'src/app.ts'), 'export const x = 1;\n');
    const comment = inline ? `data:application/json;base64,${Buffer.from(map, 'latin1').toString('base64')}` : 'app.js.map';
    writeFileSync(join(ws, 'dist/app.js'), `console.log(1);\n//# sourceMappingURL=${comment}\n`);
    if (!inline) writeFileSync(join(ws, 'dist/app.js.map'), map, 'latin1');
    const resolver = new SourceMapResolver(ws);
    const mapped = await resolver.mapFrame({ url: 'https://example.invalid/dist/app.js', line, column });
    if (mapped) {
      const abs = resolve(ws, mapped.file);
      if (!abs.startsWith(ws + sep) || checkRelativePath(mapped.file) !== mapped.file) fail(`mapped outside the workspace: ${mapped.file}`);
      if (!Number.isFinite(mapped.line) || !Number.isFinite(mapped.column)) fail(`mapped to ${mapped.line}:${mapped.column}`);
    }
  },
};

const settingKey = fc.oneof(fc.constantFrom(...SETTINGS.map((s) => s.key), `${SETTINGS_PREFIX}ignoreSelectors`, `${SETTINGS_PREFIX}nope`, 'other.key', '__proto__', 'constructor'), hostileText);
const configJson = fc.oneof(fc.dictionary(settingKey, fc.oneof(confusedValue, fc.array(hostileText, { maxLength: 3 }))), fc.jsonValue({ maxDepth: 3 }));

const config: FuzzTarget<unknown> = {
  name: '--config objects',
  weight: 10,
  arbitrary: () => configJson,
  check(json) {
    const file = '/tmp/struggle-lens-config.json';
    let parsed;
    try {
      parsed = parseDetectConfig(json, file);
    } catch (error) {
      expectInputError(error, file);
      return;
    }
    for (const s of SETTINGS) {
      if (!s.key.startsWith(SETTINGS_PREFIX)) continue;
      const value = s.key.slice(SETTINGS_PREFIX.length).split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], parsed);
      if ((s.type === 'number' || s.type === 'integer') && (typeof value !== 'number' || !Number.isFinite(value))) fail(`${s.key} parsed as ${String(value)}`);
    }
  },
};

const configFile: FuzzTarget<string | Buffer> = {
  name: '--config files through the CLI',
  weight: 2,
  arbitrary: () => fc.oneof(configJson.map((j) => JSON.stringify(j)), configJson.chain((j) => mutations.map((ms) => mutate(Buffer.from(JSON.stringify(j) ?? ''), ms)))),
  async check(content, { dir }) {
    const file = caseFile(dir, 'config.json');
    writeFileSync(file, content);
    const out: string[] = [];
    const code = await runCli(['analyze', '--config', file, join(FIXTURES, 'rage-click.rrweb.json')], { cwd: dir, stdout: (t) => out.push(t), stderr: (t) => out.push(t) });
    const text = out.join('');
    if (text.includes('unexpected error')) fail(text);
    if (code === 2 && !text.includes(file)) fail(`the config error does not name the file: ${text}`);
  },
};

const momentQuery: FuzzTarget<string> = {
  name: 'moment-link query (vscode://…/open?file=…&t=…)',
  weight: 10,
  arbitrary: () =>
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.record({ file: fc.option(fc.oneof(hostileText, fc.constantFrom('a/b.rrweb.json', '../x', '/etc/passwd', 'C:/x', 'a/../../b', './a', 'a//b', '%2e%2e/x'))), t: fc.option(fc.oneof(fc.constantFrom('0', '1e3', '-1', 'NaN', 'Infinity', '999999999999', '1.5', '0x10', ' 1'), hostileText)), struggle: fc.option(hostileText) }).map((r) => {
        const q = new URLSearchParams();
        for (const [k, v] of Object.entries(r)) if (v !== null) q.set(k, v);
        return q.toString();
      }),
    ),
  check(query) {
    const parsed = parseMomentQuery(query);
    if ('problem' in parsed) {
      if (typeof parsed.problem !== 'string' || !parsed.problem) fail('empty problem');
      return;
    }
    if (checkRelativePath(parsed.file) !== parsed.file || parsed.file.split('/').includes('..')) fail(`accepted file ${parsed.file}`);
    if (!Number.isFinite(parsed.atMs) || parsed.atMs < 0) fail(`accepted t ${parsed.atMs}`);
    if (parsed.struggleId !== undefined && !/^[\w.:-]+$/.test(parsed.struggleId)) fail(`accepted struggle ${parsed.struggleId}`);
  },
};

const MESSAGE_TYPES = (Object.values(protocol) as unknown[]).filter((v): v is protocol.IpcMessageType<unknown> => v instanceof protocol.IpcMessageType);

/** What each message's receiver relies on: field → check. Extra fields are ignored by receivers. */
const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const optional = (check: (v: unknown) => boolean) => (v: unknown) => v === undefined || check(v);
const isString = (v: unknown) => typeof v === 'string';
const isNumber = (v: unknown) => typeof v === 'number';
const PROMISES: Record<string, Record<string, (v: unknown) => boolean>> = {
  'webview/ready': {},
  'webview/playerShown': { totalTimeMs: isNumber, currentTimeMs: isNumber },
  'webview/error': { message: isString },
  'webview/openSource': { file: (v) => isString(v) && (v as string).length > 0, line: finite, column: finite },
  'webview/copyLink': { atMs: finite },
  'host/loadRecording': { fileName: isString, events: (v) => Array.isArray(v) && v.every((e) => e !== null && typeof e === 'object' && isNumber(e.type) && isNumber(e.timestamp)), allowRemoteAssets: (v) => typeof v === 'boolean', startAtMs: optional(finite), focusStruggleId: optional(isString) },
  'host/analysis': { analysis: (v) => v !== null && typeof v === 'object' },
  'host/seek': { atMs: finite, struggleId: optional(isString) },
  'host/loadFailed': { fileName: isString, message: isString },
};

const webviewMessages: FuzzTarget<unknown> = {
  name: 'webview messages (src/protocol.ts validators)',
  weight: 10,
  arbitrary: () =>
    fc.oneof(
      fc.anything({ maxDepth: 3 }),
      fc.record({ method: fc.constantFrom(...MESSAGE_TYPES.map((t) => t.method)), params: fc.anything({ maxDepth: 3 }) }),
      fc.record({ method: fc.constantFrom(...MESSAGE_TYPES.map((t) => t.method)), params: fc.dictionary(fc.constantFrom('atMs', 'file', 'line', 'column', 'message', 'fileName', 'events', 'analysis', 'allowRemoteAssets', 'totalTimeMs', 'currentTimeMs', 'struggleId', 'focusStruggleId', 'budgets', 'startAtMs'), confusedValue) }),
    ),
  check(message) {
    for (const type of MESSAGE_TYPES) {
      if (!type.is(message)) continue;
      const promises = PROMISES[type.method];
      if (!promises) fail(`no promises listed for ${type.method}`);
      const params = (message as protocol.IpcMessage<Record<string, unknown>>).params;
      for (const [key, holds] of Object.entries(promises)) if (!holds(params[key])) fail(`${type.method} accepted ${key}=${short(params[key])}`);
    }
    protocol.isReplayWebviewState(message);
  },
};

const short = (v: unknown): string => String(JSON.stringify(v)).slice(0, 80);

/** `$(name)` as VS Code's icon renderer sees it, before or after Markdown unescapes it. */
const THEME_ICON = /\$\([a-z0-9-]+(~[a-z0-9-]+)?\)/i;

const recordedText: FuzzTarget<string> = {
  name: 'recorded text in hovers, exports and the terminal',
  weight: 10,
  arbitrary: () => fc.oneof(hostileText, fc.array(fc.constantFrom(...HOSTILE_TEXTS), { maxLength: 4 }).map((a) => a.join(''))),
  async check(text) {
    for (const md of [escapeMarkdown(text), markdownCode(text)]) {
      if (UNSAFE_SHOWN.test(md)) fail(`Markdown keeps ${JSON.stringify(md.match(UNSAFE_SHOWN)?.[0])}`);
      if (THEME_ICON.test(md.replace(/\\/g, ''))) fail(`Markdown keeps a theme icon: ${md}`);
    }
    if (/[<>[\]]/.test(escapeMarkdown(text).replace(/\\[[\]]/g, ''))) fail(`escapeMarkdown leaves markup: ${escapeMarkdown(text)}`);
    if (!commandLink('x', [text]).startsWith('command:x?') || /[\s()'"<>]/.test(commandLink('x', [text]))) fail('command link breaks out');
    const { clean } = await import('../../src/cli/table');
    const cleaned = clean(text, 200);
    if (UNSAFE_SHOWN.test(cleaned) || cleaned.includes('\n')) fail(`clean keeps ${JSON.stringify(cleaned)}`);
  },
};

export const TARGETS: FuzzTarget<never>[] = [recordingStructured, recordingMutated, errorLogs, har, sourceMaps, config, configFile, momentQuery, webviewMessages, recordedText] as unknown as FuzzTarget<never>[];
