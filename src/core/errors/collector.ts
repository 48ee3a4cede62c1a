/**
 * Errors inside a recording.
 *
 * - rrweb console plugin (`rrweb/console@1` plugin events; rrweb 1's Log incremental source 11
 *   has the same `{level, trace, payload}` shape): every entry at level `error` is an error.
 *   That covers uncaught errors and unhandled rejections (payload "Uncaught TypeError: …",
 *   "Uncaught (in promise) …", trace = the error's stack) and `console.error(...)` calls
 *   (trace = the call site; an Error object among the arguments arrives as its stack text,
 *   whose frames are used instead since they point where it was created). Both are kept and
 *   not told apart, as the spec asks. Payload items are JSON-stringified; they are decoded
 *   and joined with spaces like the console does. `type` is the error's class
 *   ("TypeError") when the message names one, else "Error" for uncaught throws of non-Errors
 *   and rejections, else "console.error". A rejection with a non-Error reason carries no
 *   frames (the plugin's trace then points into the recorder itself).
 * - Sentry breadcrumbs (custom events, tag "breadcrumb") with category "console" and level
 *   "error" (or "fatal"): message parsed the same way; the breadcrumb's own timestamp (seconds
 *   or ms) is used; frames only when the message or an argument holds a stack.
 *
 * `errors(sessionStart)` merges the same error reported by both channels (dedupeErrors).
 */
import { EventType, IncrementalSource } from '@rrweb/types';
import type { ErrorOrigin, ErrorRecord, RecordingEvent, StackFrame } from '../model';
import type { EventObserver, PassContext } from '../recording/observer';
import { epochMs } from '../timing/util';
import { clip, dedupeErrors, parseErrorMessage, splitStack } from './message';
import { parseStack } from './stack';

export const CONSOLE_PLUGINS = new Set(['rrweb/console@1', 'posthog/console@1']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A console plugin payload item: JSON-stringified; decode to text. */
function decodeArg(item: unknown): string {
  if (typeof item !== 'string') return item === undefined ? 'undefined' : JSON.stringify(item) ?? String(item);
  try {
    const value: unknown = JSON.parse(item);
    if (typeof value === 'string') return value;
    return JSON.stringify(value) ?? item;
  } catch {
    return item;
  }
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Build type/message/frames from console arguments and an optional call-site trace. */
export function errorFromConsoleArgs(
  args: readonly string[],
  trace: readonly string[] | undefined,
): { type: string; message: string; frames: StackFrame[] } {
  let frames: StackFrame[] = [];
  const parts: string[] = [];
  for (const text of args) {
    const split = frames.length === 0 ? splitStack(text) : { header: text, frames: [] };
    if (split.frames.length) {
      frames = split.frames;
      parts.push(split.header);
    } else parts.push(text);
  }
  const text = parts.join(' ').trim();
  const parsed = parseErrorMessage(text);
  const nonErrorRejection = parsed.rejection && !parsed.type;
  if (!frames.length && trace && !nonErrorRejection) frames = parseStack(trace);
  const type = parsed.type ?? (parsed.uncaught ? 'Error' : 'console.error');
  return { type, message: clip(parsed.message), frames };
}

export class ErrorCollector implements EventObserver {
  private readonly records: ErrorRecord[] = [];

  onEvent(event: RecordingEvent, _ctx: PassContext): void {
    const data = event.data;
    if (!isObject(data)) return;
    if (event.type === EventType.Plugin) {
      if (typeof data['plugin'] === 'string' && CONSOLE_PLUGINS.has(data['plugin']) && isObject(data['payload'])) {
        this.console(data['payload'], event.timestamp);
      }
    } else if (event.type === EventType.IncrementalSnapshot) {
      if (data['source'] === IncrementalSource.Log) this.console(data, event.timestamp);
    } else if (event.type === EventType.Custom) {
      if (data['tag'] === 'breadcrumb' && isObject(data['payload'])) this.breadcrumb(data['payload'], event.timestamp);
    }
  }

  private push(origin: ErrorOrigin, timestamp: number, e: { type: string; message: string; frames: StackFrame[] }): void {
    this.records.push({ atMs: 0, timestamp, type: e.type, message: e.message, origin, frames: e.frames });
  }

  private console(payload: Record<string, unknown>, timestamp: number): void {
    if (payload['level'] !== 'error') return;
    const args = Array.isArray(payload['payload']) ? payload['payload'].map(decodeArg) : [];
    const trace = Array.isArray(payload['trace']) ? payload['trace'].map((t) => String(t)) : [];
    this.push('console-plugin', timestamp, errorFromConsoleArgs(args, trace));
  }

  private breadcrumb(crumb: Record<string, unknown>, eventTimestamp: number): void {
    if (crumb['category'] !== 'console') return;
    const level = crumb['level'];
    if (level !== 'error' && level !== 'fatal') return;
    const data = isObject(crumb['data']) ? crumb['data'] : undefined;
    const argsRaw = data && Array.isArray(data['arguments']) ? data['arguments'] : undefined;
    const args =
      typeof crumb['message'] === 'string' && crumb['message'] !== ''
        ? [crumb['message']]
        : argsRaw
          ? argsRaw.map((a) => (isObject(a) && typeof a['stack'] === 'string' ? a['stack'] : asText(a)))
          : [];
    const e = errorFromConsoleArgs(args, undefined);
    if (!e.frames.length && argsRaw) {
      // console.error(err): Sentry keeps the argument (a serialized Error may carry its stack).
      for (const a of argsRaw) {
        const stack = isObject(a) && typeof a['stack'] === 'string' ? a['stack'] : typeof a === 'string' ? a : undefined;
        if (stack) {
          const split = splitStack(stack);
          if (split.frames.length) {
            e.frames = split.frames;
            break;
          }
        }
      }
    }
    this.push('sentry-breadcrumb', epochMs(crumb['timestamp']) ?? eventTimestamp, e);
  }

  /** The errors seen, `atMs` set from sessionStart (never negative), duplicates merged, in time order. */
  errors(sessionStart: number): ErrorRecord[] {
    return dedupeErrors(this.records.map((r) => ({ ...r, atMs: Math.max(0, r.timestamp - sessionStart) })));
  }
}
