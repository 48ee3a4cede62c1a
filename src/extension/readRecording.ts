/**
 * Reads a recording file into rrweb events for the replay editor.
 *
 * Kept to one function on purpose: the engine's loader (src/core/recording) decodes every
 * supported format; when it offers a bytes-based entry point, `parseRecordingBytes` is the one
 * place to switch over to it.
 */
import { gunzipSync } from 'node:zlib';
import { InputError, type RecordingEvent } from '../core/model';

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Decodes a recording: gzip (by its magic bytes), then a JSON array of events, an object with an
 * `events` array, or JSON Lines with one event per line. Events are returned sorted by time.
 * Throws `InputError(fileName, problem)` for anything else.
 */
export function parseRecordingBytes(fileName: string, bytes: Uint8Array): RecordingEvent[] {
  let data = bytes;
  if (data.length >= 2 && data[0] === GZIP_MAGIC[0] && data[1] === GZIP_MAGIC[1]) {
    try {
      data = gunzipSync(data);
    } catch (error) {
      throw new InputError(fileName, `the file starts like gzip but does not decompress (${(error as Error).message})`);
    }
  }
  const text = new TextDecoder('utf-8').decode(data).replace(/^\uFEFF/, '');
  const trimmed = text.trimStart();
  if (trimmed.length === 0) throw new InputError(fileName, 'the file is empty; expected rrweb events as JSON');

  let candidates: unknown[];
  if (trimmed.startsWith('[')) {
    candidates = parseJsonArray(fileName, text);
  } else {
    candidates = parseObjectOrLines(fileName, text);
  }

  const events: RecordingEvent[] = [];
  candidates.forEach((event, index) => {
    if (!isEvent(event)) {
      throw new InputError(fileName, `event ${index + 1} is not an rrweb event (expected an object with numeric "type" and "timestamp")`);
    }
    events.push(event);
  });
  if (events.length === 0) throw new InputError(fileName, 'the recording contains no events');
  return events.sort((a, b) => a.timestamp - b.timestamp);
}

function parseJsonArray(fileName: string, text: string): unknown[] {
  try {
    return JSON.parse(text) as unknown[];
  } catch (error) {
    throw new InputError(fileName, `not valid JSON${jsonErrorPosition(error)}`);
  }
}

function parseObjectOrLines(fileName: string, text: string): unknown[] {
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch {
    return parseJsonLines(fileName, text);
  }
  if (typeof whole === 'object' && whole !== null && Array.isArray((whole as { events?: unknown }).events)) {
    return (whole as { events: unknown[] }).events;
  }
  if (isEvent(whole)) return [whole];
  throw new InputError(fileName, 'expected a JSON array of rrweb events, an object with an "events" array, or JSON Lines');
}

function parseJsonLines(fileName: string, text: string): unknown[] {
  const events: unknown[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line.length === 0) continue;
    try {
      events.push(JSON.parse(line));
    } catch (error) {
      throw new InputError(fileName, `line ${i + 1} is not valid JSON${jsonErrorPosition(error)}`);
    }
  }
  return events;
}

/**
 * Where JSON.parse stopped, without its excerpt of the input: recordings hold what people typed,
 * and error messages must not repeat it.
 */
function jsonErrorPosition(error: unknown): string {
  const match = /at position (\d+)(?: \(line (\d+) column (\d+)\))?/.exec((error as Error)?.message ?? '');
  if (!match) return '';
  return match[2] ? ` (line ${match[2]}, column ${match[3]})` : ` (at character ${Number(match[1]) + 1})`;
}

function isEvent(value: unknown): value is RecordingEvent {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { type?: unknown; timestamp?: unknown };
  return typeof candidate.type === 'number' && typeof candidate.timestamp === 'number';
}
