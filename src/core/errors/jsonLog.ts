/**
 * Error events as JSON: one object, an array, `{events: [...]}`, `{results: [...]}` (PostHog's
 * query API page, rows as objects or as arrays named by `columns`), or JSON Lines. Each record is
 * a Sentry event or a PostHog `$exception` event:
 *
 * - Sentry: `timestamp` in seconds, ms or ISO-8601 (API exports: `dateCreated`);
 *   `exception.values[]` (API exports: `entries[{type: "exception", data: {values}}]`) — the last
 *   value is the error thrown (earlier ones are its causes). `mechanism.handled: true` is a caught
 *   error. Ids: `contexts.replay.replay_id`, tag `replayId`, a `sessionId`/`session_id` field; the
 *   page: `request.url` (or tag `url`).
 * - PostHog: `event: "$exception"`, `properties.$exception_list[]` (the first is the error thrown;
 *   `mechanism.handled`, or `properties.$exception_handled`), `properties.$session_id`,
 *   `properties.$current_url`, `timestamp` ISO. Older events: `$exception_type` /
 *   `$exception_message`.
 *
 * Stack frames of both are oldest first and are reversed here (innermost first):
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

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
}

export function parseJsonLog(file: string, text: string, trimmed: string): ErrorRecord[] {
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
      out.push(errorEvent(file, value, `line ${i + 1}`));
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
  } else if (isObject(doc) && Array.isArray(doc['results'])) {
    events = queryRows(doc['results'], doc['columns']);
    label = (i) => `results[${i}]`;
  } else if (isObject(doc) && isObject(doc['log']) && Array.isArray(doc['log']['entries'])) {
    throw new InputError(file, `this is a HAR file, not an errors file (${EXPECTED})`);
  } else {
    events = [doc];
    label = () => 'the event';
  }
  if (!events.length) throw new InputError(file, `no events in the file (${EXPECTED})`);
  return events.map((e, i) => errorEvent(file, e, label(i)));
}

/** PostHog query rows: objects, or arrays named by `columns` (`properties` may be a JSON string). */
function queryRows(results: unknown[], columns: unknown): unknown[] {
  const names = Array.isArray(columns) ? columns.map((c) => String(c).replace(/^.*\./, '')) : undefined;
  return results.map((row) => {
    if (!Array.isArray(row) || !names) return row;
    const out: Record<string, unknown> = {};
    names.forEach((name, i) => (out[name] = row[i]));
    return out;
  });
}

function errorEvent(file: string, ev: unknown, where: string): ErrorRecord {
  if (!isObject(ev)) throw new InputError(file, `${where}: expected a Sentry event or a PostHog $exception event (${EXPECTED})`);
  let props = ev['properties'];
  if (typeof props === 'string') {
    try {
      props = JSON.parse(props);
    } catch {
      props = undefined;
    }
  }
  if (ev['event'] === '$exception' || (isObject(props) && Array.isArray(props['$exception_list']))) {
    return posthogEvent(file, ev, isObject(props) ? props : {}, where);
  }
  return sentryEvent(file, ev, where);
}

function frameOf(raw: unknown): StackFrame | undefined {
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

/** One exception value (Sentry `exception.values[i]`, PostHog `$exception_list[i]`), frames innermost first. */
function fromException(value: Record<string, unknown>): Pick<ErrorRecord, 'type' | 'message' | 'frames'> {
  const st = isObject(value['stacktrace']) ? value['stacktrace'] : isObject(value['rawStacktrace']) ? value['rawStacktrace'] : undefined;
  const rawFrames = st && Array.isArray(st['frames']) ? st['frames'] : [];
  const frames = rawFrames
    .map(frameOf)
    .filter((f): f is StackFrame => f !== undefined)
    .reverse();
  const type = typeof value['type'] === 'string' && value['type'] ? value['type'] : 'Error';
  const message = typeof value['value'] === 'string' ? value['value'] : '';
  return { type, message: clip(message), frames };
}

/** `mechanism.handled` of the thrown value (else of any value that says). */
function handledOf(main: Record<string, unknown>, values: readonly Record<string, unknown>[]): boolean | undefined {
  const of = (v: Record<string, unknown>): boolean | undefined => {
    const m = v['mechanism'];
    return isObject(m) && typeof m['handled'] === 'boolean' ? m['handled'] : undefined;
  };
  return of(main) ?? values.map(of).find((h) => h !== undefined);
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

/** A Sentry tag: `tags: {key: value}`, `tags: [{key, value}]` or `tags: [[key, value]]`. */
function tagOf(ev: Record<string, unknown>, key: string): string | undefined {
  const tags = ev['tags'];
  if (isObject(tags)) return str(tags[key]);
  if (!Array.isArray(tags)) return undefined;
  for (const t of tags) {
    if (isObject(t) && t['key'] === key) return str(t['value']);
    if (Array.isArray(t) && t[0] === key) return str(t[1]);
  }
  return undefined;
}

function timestampOf(file: string, ev: Record<string, unknown>, where: string): number {
  const timestamp =
    anyTimestampMs(ev['timestamp']) ??
    anyTimestampMs(ev['dateCreated']) ??
    anyTimestampMs(ev['datetime']) ??
    anyTimestampMs(ev['received']);
  if (timestamp === undefined) {
    throw new InputError(file, `${where}: no usable "timestamp" (expected seconds, milliseconds or an ISO-8601 date)`);
  }
  return timestamp;
}

/** Where the error says it came from: the session it names and its page. */
function context(sessionId: string | undefined, url: string | undefined, handled: boolean | undefined): Partial<ErrorRecord> {
  return {
    ...(handled ? { handled: true } : {}),
    ...(sessionId ? { sessionId } : {}),
    ...(url ? { url } : {}),
  };
}

function sentryEvent(file: string, ev: Record<string, unknown>, where: string): ErrorRecord {
  const timestamp = timestampOf(file, ev, where);
  const contexts = isObject(ev['contexts']) ? ev['contexts'] : undefined;
  const replay = contexts && isObject(contexts['replay']) ? contexts['replay'] : undefined;
  const sessionId = str(replay?.['replay_id']) ?? tagOf(ev, 'replayId') ?? str(ev['sessionId']) ?? str(ev['session_id']);
  const request = isObject(ev['request']) ? ev['request'] : undefined;
  const url = str(request?.['url']) ?? tagOf(ev, 'url');
  const values = exceptionValues(ev);
  if (values.length) {
    const main = values[values.length - 1]!;
    return { atMs: 0, timestamp, ...fromException(main), origin: 'errors-file', file, ...context(sessionId, url, handledOf(main, values)) };
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
  return { atMs: 0, timestamp, type: parsed.type ?? 'Error', message: parsed.message, origin: 'errors-file', frames: [], file, ...context(sessionId, url, undefined) };
}

function posthogEvent(file: string, ev: Record<string, unknown>, props: Record<string, unknown>, where: string): ErrorRecord {
  const timestamp = timestampOf(file, ev, where);
  const sessionId = str(props['$session_id']) ?? str(ev['$session_id']) ?? str(props['sessionId']) ?? str(ev['session_id']) ?? str(ev['sessionId']);
  const url = str(props['$current_url']) ?? str(ev['$current_url']);
  const list = Array.isArray(props['$exception_list']) ? props['$exception_list'].filter(isObject) : [];
  const flag = props['$exception_handled'];
  if (list.length) {
    const main = list[0]!;
    const handled = handledOf(main, list) ?? (typeof flag === 'boolean' ? flag : undefined);
    return { atMs: 0, timestamp, ...fromException(main), origin: 'errors-file', file, ...context(sessionId, url, handled) };
  }
  const type = str(props['$exception_type']) ?? (Array.isArray(props['$exception_types']) ? str(props['$exception_types'][0]) : undefined);
  const message = str(props['$exception_message']) ?? (Array.isArray(props['$exception_values']) ? str(props['$exception_values'][0]) : undefined);
  if (type === undefined && message === undefined) {
    throw new InputError(file, `${where}: a PostHog $exception event without "properties.$exception_list" (${EXPECTED})`);
  }
  return {
    atMs: 0,
    timestamp,
    type: type ?? 'Error',
    message: clip(message ?? ''),
    origin: 'errors-file',
    frames: [],
    file,
    ...context(sessionId, url, typeof flag === 'boolean' ? flag : undefined),
  };
}
