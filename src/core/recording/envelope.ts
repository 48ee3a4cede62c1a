/**
 * Sentry replay envelopes, as the SDK sends them and as they are saved from the network panel or
 * a relay: an envelope header line, then items, each a header line followed by its payload.
 *
 * ```
 * {"event_id":"…","sent_at":"…","sdk":{…}}
 * {"type":"replay_event"}
 * {"type":"replay_event","replay_id":"…","segment_id":0,"urls":[…],…}
 * {"type":"replay_recording","length":1234}
 * {"segment_id":0}
 * <the events: a JSON array, or zlib/gzip-compressed bytes of one>
 * ```
 *
 * An item header's `length` counts the payload's bytes (binary payloads need it); without one the
 * payload runs to the end of its line (a recording's: to the end of the line after its
 * `{"segment_id"}` line). Several envelopes may follow one another (one per segment).
 * A per-segment file, `{"segment_id":N}` then compressed events, is the same recording payload
 * without an envelope around it.
 */
import { gunzipSync, inflateSync } from 'node:zlib';
import { InputError } from '../model';
import type { RecordingCollector } from './formats';
import type { JsonValueStream } from './jsonStream';
import { decodedTextError } from './readJson';

type Obj = Record<string, unknown>;

export interface EnvelopeItem {
  /** 1-based, counted over the whole file. */
  index: number;
  type: string;
  /** Byte offset of the item header. */
  offset: number;
  payload: Buffer;
}

const NEWLINE = 0x0a;
/** Header keys of an envelope (the first line). */
const ENVELOPE_HEADER_KEYS = ['event_id', 'sent_at', 'dsn', 'sdk'];

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function parseLine(buf: Buffer, start: number, end: number): unknown {
  try {
    return JSON.parse(buf.toString('utf8', start, end));
  } catch {
    return undefined;
  }
}

function lineEnd(buf: Buffer, from: number): number {
  const i = buf.indexOf(NEWLINE, from);
  return i < 0 ? buf.length : i;
}

/** An envelope header names the envelope (`event_id`, `sent_at`, …); an event (with its `timestamp`) is not one. */
function isEnvelopeHeader(v: unknown): boolean {
  return isObj(v) && !('type' in v) && !('timestamp' in v) && !('exception' in v) && ENVELOPE_HEADER_KEYS.some((k) => k in v);
}

function isItemHeader(v: unknown): v is Obj & { type: string } {
  return isObj(v) && typeof v.type === 'string';
}

/** `{"segment_id": N}`, the header of a recording payload. */
export function isSegmentHeader(v: unknown): boolean {
  return isObj(v) && typeof v.segment_id === 'number' && Object.keys(v).length <= 2;
}

function isZlib(b: Buffer, at: number): boolean {
  return b.length >= at + 2 && (b[at] & 0x0f) === 8 && ((b[at] << 8) | b[at + 1]) % 31 === 0;
}

function isGzip(b: Buffer, at: number): boolean {
  return b.length >= at + 2 && b[at] === 0x1f && b[at + 1] === 0x8b;
}

/**
 * What a file's first bytes say: a Sentry envelope (a header line, then an item header), a
 * per-segment file with a compressed body, or neither (plain JSON goes to the JSON reader).
 */
export function sniffSentry(head: Buffer): 'envelope' | 'segment' | undefined {
  const first = lineEnd(head, 0);
  if (first >= head.length) return undefined;
  const header = parseLine(head, 0, first);
  if (isSegmentHeader(header)) return isZlib(head, first + 1) || isGzip(head, first + 1) ? 'segment' : undefined;
  if (!isEnvelopeHeader(header)) return undefined;
  const second = lineEnd(head, first + 1);
  return isItemHeader(parseLine(head, first + 1, second)) ? 'envelope' : undefined;
}

/** Splits a whole envelope file into its items. Throws InputError for a truncated or malformed one. */
export function envelopeItems(file: string, buf: Buffer): EnvelopeItem[] {
  const items: EnvelopeItem[] = [];
  let pos = 0;
  let inEnvelope = false;
  while (pos < buf.length) {
    const end = lineEnd(buf, pos);
    if (buf.toString('utf8', pos, end).trim() === '') {
      pos = end + 1;
      continue;
    }
    const header = parseLine(buf, pos, end);
    if (!inEnvelope || !isItemHeader(header)) {
      // An envelope header: the first line, or the start of the next envelope.
      if (!isEnvelopeHeader(header)) {
        const what = inEnvelope ? `the header of envelope item ${items.length + 1}` : 'the envelope header';
        throw new InputError(file, `Sentry envelope: ${what} at byte ${pos} is not a JSON object with a "type"`);
      }
      inEnvelope = true;
      pos = end + 1;
      continue;
    }
    const index = items.length + 1;
    const offset = pos;
    const where = `Sentry envelope item ${index} ("${header.type.slice(0, 40)}", byte ${pos})`;
    const start = end + 1;
    if (end >= buf.length) throw new InputError(file, `${where}: truncated: the file ends after the item header`);
    let payloadEnd: number;
    if (header.length !== undefined) {
      const length = header.length;
      if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) {
        throw new InputError(file, `${where}: "length" is not a byte count`);
      }
      if (start + length > buf.length) {
        throw new InputError(file, `${where}: truncated: the header says ${length} bytes but only ${buf.length - start} follow`);
      }
      payloadEnd = start + length;
      pos = payloadEnd < buf.length && buf[payloadEnd] === NEWLINE ? payloadEnd + 1 : payloadEnd;
    } else {
      payloadEnd = lineEnd(buf, start);
      // A recording without a length: its `{"segment_id"}` line, then the events on the next line.
      if (header.type === 'replay_recording' && isSegmentHeader(parseLine(buf, start, payloadEnd))) payloadEnd = lineEnd(buf, payloadEnd + 1);
      pos = payloadEnd + 1;
    }
    items.push({ index, type: header.type, offset, payload: buf.subarray(start, payloadEnd) });
  }
  return items;
}

export interface RecordingPayload {
  segmentId: number | undefined;
  /** The events as JSON text. */
  json: Buffer;
  compression: 'zlib' | 'gzip' | 'none';
}

/**
 * A replay_recording payload: `{"segment_id":N}`, a newline, then the events as JSON or as
 * zlib/gzip-compressed JSON. `maxOutputLength` bounds decompression (a RangeError with code
 * ERR_BUFFER_TOO_LARGE beyond it); zlib errors (code Z_…) for corrupt data.
 */
export function decodeRecordingPayload(payload: Buffer, maxOutputLength: number): RecordingPayload {
  const end = lineEnd(payload, 0);
  const header = end < payload.length ? parseLine(payload, 0, end) : undefined;
  const hasHeader = isSegmentHeader(header);
  const body = hasHeader ? payload.subarray(end + 1) : payload;
  const segmentId = hasHeader ? ((header as Obj).segment_id as number) : undefined;
  if (isZlib(body, 0)) return { segmentId, json: inflateSync(body, { maxOutputLength }), compression: 'zlib' };
  if (isGzip(body, 0)) return { segmentId, json: gunzipSync(body, { maxOutputLength }), compression: 'gzip' };
  return { segmentId, json: body, compression: 'none' };
}

/** The replay_event payload, or undefined when it is not a JSON object. */
export function parseReplayEvent(payload: Buffer): Obj | undefined {
  const v = parseLine(payload, 0, payload.length);
  return isObj(v) ? v : undefined;
}

/**
 * A Sentry envelope (or a per-segment file with a compressed body), read whole: the replay_event
 * names the replay, each replay_recording's events go through the JSON reader, other items are
 * ignored with a warning.
 */
export function readEnvelopeFile(
  file: string,
  buf: Buffer,
  kind: 'envelope' | 'segment',
  collector: RecordingCollector,
  opts: { max: number; tooBig: () => InputError; newReader: () => JsonValueStream },
): void {
  const { max, tooBig } = opts;
  collector.sentry = true;
  const items = kind === 'segment' ? [{ index: 0, type: 'replay_recording', offset: 0, payload: buf }] : envelopeItems(file, buf);
  const ignored: string[] = [];
  const recordings: (RecordingPayload & { where: string; order: number })[] = [];
  let decompressed = 0;
  for (const item of items) {
    const where = kind === 'segment' ? 'the segment' : `Sentry envelope item ${item.index} ("${item.type}", byte ${item.offset})`;
    if (item.type === 'replay_event') {
      const event = parseReplayEvent(item.payload);
      if (!event) throw new InputError(file, `${where}: the payload is not a JSON object`);
      collector.replayEvent(event);
      continue;
    }
    if (item.type !== 'replay_recording') {
      if (!ignored.includes(item.type)) ignored.push(item.type);
      continue;
    }
    let decoded;
    try {
      decoded = decodeRecordingPayload(item.payload, Math.max(1, max - decompressed));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooBig();
      throw new InputError(file, `${where}: the compressed events do not decompress (${(err as Error).message})`);
    }
    decompressed += decoded.json.length;
    if (decompressed > max) throw tooBig();
    recordings.push({ ...decoded, where, order: recordings.length });
  }
  // Segments in segment order, whatever order the envelopes were saved in.
  recordings.sort((a, b) => (a.segmentId ?? a.order) - (b.segmentId ?? b.order) || a.order - b.order);
  for (const { json, compression, where } of recordings) {
    const scanner = opts.newReader();
    try {
      scanner.write(json);
      scanner.end();
    } catch (err) {
      throw decodedTextError(file, err, where, ` in the ${compression === 'none' ? '' : `${compression}-decompressed `}events of ${where}`, scanner);
    }
  }
  if (recordings.length === 0) {
    throw new InputError(file, `Sentry envelope has no replay_recording item${items.length ? ` (items: ${[...new Set(items.map((i) => i.type))].join(', ')})` : ''}`);
  }
  if (ignored.length) collector.warnings.push(`Sentry envelope items ignored (not replay recordings): ${ignored.map((t) => JSON.stringify(t.slice(0, 40))).join(', ')}`);
}
