/**
 * Error messages as browsers print them: `Uncaught TypeError: x is null`,
 * `Uncaught (in promise) Error: boom`, Firefox's `uncaught exception: boom`, an Error object's
 * stack (`TypeError: x\n    at fn (…)`) — split into type, message and frames.
 */
import type { ErrorRecord, StackFrame } from '../model';
import { isStackLine, parseStack } from './stack';

export const MAX_MESSAGE_LENGTH = 2000;

const TYPE_RE = /^([A-Z][\w$.]*(?:Error|Exception)|Error)(?:\s*\[[^\]]*\])?(?::\s*([\s\S]*))?$/;

export interface ParsedMessage {
  type?: string;
  message: string;
  /** True for "Uncaught …" / "uncaught exception: …" (thrown and not caught). */
  uncaught: boolean;
  /** True for "Uncaught (in promise) …". */
  rejection: boolean;
}

/** `Uncaught TypeError: boom` → {type: 'TypeError', message: 'boom', uncaught: true}. */
export function parseErrorMessage(text: string): ParsedMessage {
  let t = text.trim();
  let uncaught = false;
  let rejection = false;
  const prefix = /^Uncaught(?:\s+\(in promise\))?(?:\s+|:\s*|$)/.exec(t);
  if (prefix) {
    uncaught = true;
    rejection = prefix[0].includes('(in promise)');
    t = t.slice(prefix[0].length).trim();
  } else {
    const ff = /^uncaught (?:exception|error):\s*/i.exec(t);
    if (ff) {
      uncaught = true;
      t = t.slice(ff[0].length).trim();
    }
  }
  const m = TYPE_RE.exec(t);
  if (m) return { type: m[1]!, message: clip((m[2] ?? '').trim()), uncaught, rejection };
  return { message: clip(t), uncaught, rejection };
}

export function clip(text: string): string {
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : text;
}

/** Split `TypeError: x\n    at fn (…)\n…` into the header lines and the parsed frames. */
export function splitStack(text: string): { header: string; frames: StackFrame[] } {
  const lines = text.replace(/\nEnd of stack for Error object\s*$/, '').split(/\r?\n/);
  const first = lines.findIndex((l, i) => i > 0 && isStackLine(l));
  if (first < 0) return { header: text.replace(/\nEnd of stack for Error object\s*$/, ''), frames: [] };
  return { header: lines.slice(0, first).join('\n'), frames: parseStack(lines.slice(first)) };
}

/** A key for "the same error": type plus whitespace-collapsed message. */
function sameError(a: ErrorRecord, b: ErrorRecord): boolean {
  const norm = (r: ErrorRecord): string => r.message.replace(/\s+/g, ' ').trim();
  const ma = norm(a);
  const mb = norm(b);
  const typeA = a.type === 'console.error' ? undefined : a.type;
  const typeB = b.type === 'console.error' ? undefined : b.type;
  if (typeA && typeB && typeA !== typeB) return false;
  if (ma === mb) return true;
  const [short, long] = ma.length <= mb.length ? [ma, mb] : [mb, ma];
  return short.length >= 10 && long.startsWith(short);
}

export const DEDUPE_WINDOW_MS = 1000;

const ORIGIN_RANK: Record<ErrorRecord['origin'], number> = {
  'errors-file': 0,
  'console-plugin': 1,
  'sentry-breadcrumb': 2,
};

/**
 * One error reported by several channels becomes one record: records from *different* origins
 * (console plugin, Sentry breadcrumb, errors file) within 1 s of each other with the same type
 * and message (or one message a prefix of the other) are merged. The record kept is the one
 * with the most frames, ties going to errors-file, then console-plugin, then breadcrumb; its
 * timestamp stays. Two reports from the same origin are never merged (a user can really cause
 * the same error twice). A group is handled when any of its records says so. Returns the records
 * sorted by timestamp.
 */
export function dedupeErrors(records: readonly ErrorRecord[]): ErrorRecord[] {
  const sorted = [...records].sort((a, b) => a.timestamp - b.timestamp);
  const groups: ErrorRecord[][] = [];
  for (const r of sorted) {
    let group: ErrorRecord[] | undefined;
    // Groups start in time order: only the recent ones can be within the window.
    for (let i = groups.length - 1; i >= 0 && groups[i]![0]!.timestamp >= r.timestamp - DEDUPE_WINDOW_MS; i--) {
      const g = groups[i]!;
      if (!g.some((x) => x.origin === r.origin) && g.some((x) => r.timestamp - x.timestamp <= DEDUPE_WINDOW_MS && sameError(x, r))) {
        group = g;
        break;
      }
    }
    if (group) group.push(r);
    else groups.push([r]);
  }
  return groups
    .map((g) => {
      const kept = g.reduce((best, r) =>
        r.frames.length > best.frames.length ||
        (r.frames.length === best.frames.length && ORIGIN_RANK[r.origin] < ORIGIN_RANK[best.origin])
          ? r
          : best,
      );
      // An error log that says the error was caught knows more than the console that saw it.
      return !kept.handled && g.some((r) => r.handled) ? { ...kept, handled: true } : kept;
    })
    .sort((a, b) => a.timestamp - b.timestamp);
}
