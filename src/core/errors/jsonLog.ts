/**
 * Sentry events: one JSON object, an array of them (or `{events: [...]}`), or JSON Lines.
 * `timestamp` in seconds, ms or ISO-8601 (Sentry API exports: `dateCreated`);
 * `exception.values[]` (API exports: `entries[{type: "exception", data: {values}}]`) — the last
 * value is the error thrown (earlier ones are its causes); its `stacktrace.frames` are oldest
 * first and are reversed here (innermost first). Frames:
 * `{abs_path | filename, function, lineno, colno, in_app}`; `in_app: false` or a node_modules
 * path → `library: true`. Events without an exception use `message` / `logentry`.
 */
import { InputError, type ErrorRecord, type StackFrame } from '../model';
import { anyTimestampMs, describeJsonError, num } from '../timing/util';
import { clip, parseErrorMessage } from './message';
import { EXPECTED } from './textLog';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}


export function parseSentryJson(file: string, text: string, trimmed: string): ErrorRecord[] {
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

