/**
 * Separate error files (`--errors FILE`, or `checkout.errors.json|.jsonl|.log` beside
 * `checkout.rrweb.json`), format detected from content:
 *
 * - Sentry events: one JSON object, an array of them (or `{events: [...]}`), or JSON Lines.
 *   `timestamp` in seconds, ms or ISO-8601 (Sentry API exports: `dateCreated`);
 *   `exception.values[]` (API exports: `entries[{type: "exception", data: {values}}]`) — the
 *   last value is the error thrown (earlier ones are its causes); its `stacktrace.frames` are
 *   oldest first and are reversed here (innermost first). Frames:
 *   `{abs_path | filename, function, lineno, colno, in_app}`; `in_app: false` or a
 *   node_modules path → `library: true`. Events without an exception use `message` /
 *   `logentry`.
 * - Plain text logs: an entry starts with an ISO-8601 timestamp (optionally in brackets, a zone-
 *   less time is UTC), optionally a level (`ERROR`, `[error]`), then the message
 *   (`TypeError: …`); following lines are stack lines (Chrome or Firefox/Safari form) or, before
 *   the first stack line, more message. Entries logged at info/debug/trace/log/notice/warn
 *   level are not errors and are skipped.
 *
 * Problems throw InputError naming the file and the line or record.
 */
import { findSiblingFiles, readTextFile } from '../siblings';
import { InputError, type ErrorRecord, type StackFrame } from '../model';
import { anyTimestampMs, describeJsonError, num, parseIsoTimestamp } from '../timing/util';
import { clip, parseErrorMessage } from './message';
import { isStackLine, parseStack } from './stack';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const EXPECTED =
  'expected Sentry events (a JSON object, an array, or JSON Lines) or a text log whose entries start with an ISO-8601 timestamp';

/** Read an errors file; see the file comment for the formats. */
export async function loadErrorsFile(file: string): Promise<ErrorRecord[]> {
  const text = await readTextFile(file);
  return parseErrorsText(file, text);
}

/** Parse the text of an errors file (exported for tests and in-memory use). */
export function parseErrorsText(file: string, text: string): ErrorRecord[] {
  const trimmed = text.trim();
  if (!trimmed) throw new InputError(file, `empty file: ${EXPECTED}`);
  const first = trimmed[0];
  const firstLine = trimmed.slice(0, trimmed.search(/\r?\n|$/));
  // "[2026-11-22 21:16:03] ERROR …" starts with a bracket too.
  if ((first === '{' || first === '[') && !TS_LINE.test(firstLine)) return parseSentryJson(file, text, trimmed);
  return parseTextLog(file, text);
}

// ---------------------------------------------------------------------------------------------
// Sentry JSON

function parseSentryJson(file: string, text: string, trimmed: string): ErrorRecord[] {
  let doc: unknown;
  try {
    doc = JSON.parse(trimmed);
  } catch (err) {
    const lines = text.split(/\r?\n/);
    const firstLineIdx = lines.findIndex((l) => l.trim() !== '');
    let firstLineIsJson = false;
    try {
      JSON.parse(lines[firstLineIdx]!);
      firstLineIsJson = true;
    } catch {
      firstLineIsJson = false;
    }
    if (!firstLineIsJson) {
      const leading = text.length - text.trimStart().length;
      throw new InputError(file, `${describeJsonError(err, text.slice(0, leading) + trimmed)} (${EXPECTED})`);
    }
    // JSON Lines.
    const out: ErrorRecord[] = [];
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (lineErr) {
        throw new InputError(file, `line ${i + 1}: ${describeJsonError(lineErr, line).replace(/ at line 1, /, ' at ')}`);
      }
      out.push(sentryEvent(file, value, `line ${i + 1}`));
    });
    return out;
  }
  let events: unknown[];
  let label: (i: number) => string;
  if (Array.isArray(doc)) {
    events = doc;
    label = (i) => `record ${i + 1}`;
  } else if (isObject(doc) && Array.isArray(doc['events'])) {
    events = doc['events'];
    label = (i) => `events[${i}]`;
  } else if (isObject(doc) && isObject(doc['log']) && Array.isArray(doc['log']['entries'])) {
    throw new InputError(file, `this is a HAR file, not an errors file (${EXPECTED})`);
  } else {
    events = [doc];
    label = () => 'the event';
  }
  if (!events.length) throw new InputError(file, `no events in the file (${EXPECTED})`);
  return events.map((e, i) => sentryEvent(file, e, label(i)));
}

function sentryFrame(raw: unknown): StackFrame | undefined {
  if (!isObject(raw)) return undefined;
  const f: StackFrame = {};
  const url = raw['abs_path'] ?? raw['absPath'] ?? raw['filename'];
  if (typeof url === 'string' && url) f.url = url;
  if (typeof raw['function'] === 'string' && raw['function'] && raw['function'] !== '?') f.function = raw['function'];
  const line = num(raw['lineno'] ?? raw['lineNo']);
  const column = num(raw['colno'] ?? raw['colNo']);
  if (line !== undefined) f.line = line;
  if (column !== undefined) f.column = column;
  const inApp = raw['in_app'] ?? raw['inApp'];
  if (inApp === false || (f.url && /[\\/]node_modules[\\/]/.test(f.url))) f.library = true;
  return f.url || f.function ? f : undefined;
}

function exceptionValues(ev: Record<string, unknown>): Record<string, unknown>[] {
  const exc = ev['exception'];
  let values: unknown;
  if (isObject(exc)) values = exc['values'];
  else if (Array.isArray(exc)) values = exc;
  if (!Array.isArray(values) && Array.isArray(ev['entries'])) {
    const entry = ev['entries'].find((x) => isObject(x) && x['type'] === 'exception');
    if (isObject(entry) && isObject(entry['data'])) values = entry['data']['values'];
  }
  return Array.isArray(values) ? values.filter(isObject) : [];
}

function sentryEvent(file: string, ev: unknown, where: string): ErrorRecord {
  if (!isObject(ev)) throw new InputError(file, `${where}: expected a Sentry event object (${EXPECTED})`);
  const timestamp =
    anyTimestampMs(ev['timestamp']) ??
    anyTimestampMs(ev['dateCreated']) ??
    anyTimestampMs(ev['datetime']) ??
    anyTimestampMs(ev['received']);
  if (timestamp === undefined) {
    throw new InputError(file, `${where}: no usable "timestamp" (expected seconds, milliseconds or an ISO-8601 date)`);
  }
  const values = exceptionValues(ev);
  if (values.length) {
    const main = values[values.length - 1]!;
    const st = isObject(main['stacktrace']) ? main['stacktrace'] : isObject(main['rawStacktrace']) ? main['rawStacktrace'] : undefined;
    const rawFrames = st && Array.isArray(st['frames']) ? st['frames'] : [];
    const frames = rawFrames
      .map(sentryFrame)
      .filter((f): f is StackFrame => f !== undefined)
      .reverse();
    const type = typeof main['type'] === 'string' && main['type'] ? main['type'] : 'Error';
    const message = typeof main['value'] === 'string' ? main['value'] : '';
    return { atMs: 0, timestamp, type, message: clip(message), origin: 'errors-file', frames, file };
  }
  const msg = ev['message'];
  const logentry = isObject(ev['logentry']) ? ev['logentry'] : undefined;
  const text =
    typeof msg === 'string'
      ? msg
      : isObject(msg) && typeof msg['formatted'] === 'string'
        ? msg['formatted']
        : logentry && typeof logentry['formatted'] === 'string'
          ? logentry['formatted']
          : logentry && typeof logentry['message'] === 'string'
            ? logentry['message']
            : undefined;
  if (text === undefined) {
    throw new InputError(file, `${where}: neither "exception.values" nor "message" found (${EXPECTED})`);
  }
  const parsed = parseErrorMessage(text);
  return { atMs: 0, timestamp, type: parsed.type ?? 'Error', message: parsed.message, origin: 'errors-file', frames: [], file };
}

// ---------------------------------------------------------------------------------------------
// Text logs

const TS_LINE =
  /^\s*\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?\s*(?:Z|z|[+-]\d{2}(?::?\d{2})?)?)\]?(?:\s*[|:]\s*|\s+|$)(.*)$/;
const LEVEL_WORDS = new Set([
  'trace', 'debug', 'info', 'notice', 'log', 'warn', 'warning',
  'error', 'err', 'fatal', 'critical', 'crit', 'severe', 'alert', 'emerg',
]);
const NON_ERROR_LEVELS = new Set(['trace', 'debug', 'info', 'notice', 'log', 'warn', 'warning']);

/** A leading level token: `[error]`, `<ERROR>`, `ERROR`, `level=error` (not `Error: …`). */
function stripLevel(rest: string): { level?: string; text: string } {
  const m =
    /^(?:\[(\w+)\]|<(\w+)>|level=(\w+)|([A-Z]{3,8}))(?=\s|:|$)\s*(?:[:|-]\s+)?/.exec(rest) ?? undefined;
  if (!m) return { text: rest };
  const word = (m[1] ?? m[2] ?? m[3] ?? m[4])!.toLowerCase();
  if (!LEVEL_WORDS.has(word)) return { text: rest };
  // "ERROR: x" is a level; "Error: x" never reaches here (not all caps).
  return { level: word, text: rest.slice(m[0].length) };
}

interface TextEntry {
  line: number;
  timestamp: number;
  level?: string;
  header: string;
  more: string[];
  stack: string[];
}

function parseTextLog(file: string, text: string): ErrorRecord[] {
  const lines = text.split(/\r?\n/);
  const entries: TextEntry[] = [];
  let current: TextEntry | undefined;
  lines.forEach((line, i) => {
    const m = TS_LINE.exec(line);
    if (m) {
      const timestamp = parseIsoTimestamp(m[1]!);
      if (timestamp === undefined) throw new InputError(file, `line ${i + 1}: the timestamp is not a valid date`);
      const { level, text: rest } = stripLevel(m[2] ?? '');
      current = { line: i + 1, timestamp, header: rest.trim(), more: [], stack: [] };
      if (level) current.level = level;
      entries.push(current);
      return;
    }
    if (!line.trim()) return;
    if (!current) {
      throw new InputError(
        file,
        `line ${i + 1}: expected an entry starting with an ISO-8601 timestamp, e.g. "2026-11-22T21:16:03.120Z TypeError: …" (${EXPECTED})`,
      );
    }
    if (isStackLine(line)) current.stack.push(line);
    else if (!current.stack.length) current.more.push(line.trim());
  });
  const out: ErrorRecord[] = [];
  for (const e of entries) {
    if (e.level && NON_ERROR_LEVELS.has(e.level)) continue;
    const parsed = parseErrorMessage(e.header);
    const message = [parsed.message, ...e.more].filter((s) => s !== '').join('\n');
    out.push({
      atMs: 0,
      timestamp: e.timestamp,
      type: parsed.type ?? 'Error',
      message: clip(message),
      origin: 'errors-file',
      frames: parseStack(e.stack),
      file,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Attaching to sessions

export const ATTACH_SLACK_MS = 60_000;

/**
 * The errors whose timestamp lies within the session span ± 60 s, with `atMs` measured from
 * sessionStart and clamped to the session (an error 20 s before the first event shows at 0),
 * in time order.
 */
export function attachErrors(sessionStart: number, sessionEnd: number, errors: readonly ErrorRecord[]): ErrorRecord[] {
  const duration = Math.max(0, sessionEnd - sessionStart);
  return errors
    .filter((e) => e.timestamp >= sessionStart - ATTACH_SLACK_MS && e.timestamp <= sessionEnd + ATTACH_SLACK_MS)
    .map((e) => ({ ...e, atMs: Math.min(duration, Math.max(0, e.timestamp - sessionStart)) }))
    .sort((a, b) => a.timestamp - b.timestamp);
}

export const ERROR_SIBLING_EXTS = [
  '.errors.json',
  '.errors.jsonl',
  '.errors.ndjson',
  '.errors.log',
  '.errors.txt',
  '.errors.json.gz',
  '.errors.jsonl.gz',
] as const;

/** Error files beside a recording: `checkout.rrweb.json` → `checkout.errors.json|.jsonl|.log` (…). */
export function findErrorSiblings(recordingFile: string): Promise<string[]> {
  return findSiblingFiles(recordingFile, ERROR_SIBLING_EXTS);
}
