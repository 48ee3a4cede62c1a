/**
 * Plain text error logs: an entry starts with an ISO-8601 timestamp (optionally in brackets, a
 * zone-less time is UTC), optionally a level (`ERROR`, `[error]`), then the message
 * (`TypeError: …`); following lines are stack lines (Chrome or Firefox/Safari form) or, before
 * the first stack line, more message. Entries logged at info/debug/trace/log/notice/warn level
 * are not errors and are skipped.
 */
import { InputError, type ErrorRecord } from '../model';
import { parseIsoTimestamp } from '../timing/util';
import { clip, parseErrorMessage } from './message';
import { isStackLine, parseStack } from './stack';

export const EXPECTED =
  'expected Sentry or PostHog $exception events (a JSON object, an array, or JSON Lines) or a text log whose entries start with an ISO-8601 timestamp';


export const TS_LINE =
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

export function parseTextLog(file: string, text: string): ErrorRecord[] {
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

