/**
 * Loading recordings: bytes on disk → one session's rrweb events, sorted by time.
 *
 * The format is detected from content, never from the name: gzip by its magic bytes, PostHog's
 * length-prefixed snappy blocks (snappy.ts), a Sentry replay envelope (envelope.ts), then the
 * JSON shape (see formats.ts). Files are read as streams and parsed element by element
 * (jsonStream.ts), so a 300 MB recording never becomes a 300 MB string; snappy files are read a
 * block at a time, envelopes (one replay segment each) whole.
 */
import { promises as fsp } from 'node:fs';
import { EventType } from '@rrweb/types';
import { InputError, type LoadedRecording, type RecordingEvent, type RecordingFormat } from '../model';
import { readEnvelopeFile, sniffSentry } from './envelope';
import { EXPECTED_EVENTS, RecordingCollector } from './formats';
import { JsonValueStream } from './jsonStream';
import { clampTimeOutliers, MAX_EPOCH_MS } from './outliers';
import { decodedTextError, descend, streamJson } from './readJson';
import { couldBeRawSnappy, looksLikeSnappyBlocks, rawSnappyJson, readSnappyBlocks, startsLikeJson } from './snappy';

export interface LoadOptions {
  /** Largest decompressed size accepted (setting struggleLens.maxRecordingSize). Default 2 GiB. */
  maxDecompressedBytes?: number;
  signal?: AbortSignal;
}

export const DEFAULT_MAX_DECOMPRESSED_BYTES = 2 * 1024 * 1024 * 1024;
export const NO_FULL_SNAPSHOT_WARNING = 'no FullSnapshot: replay is not possible; interactions are still analyzed';
const LIMIT_SETTING = 'struggleLens.maxRecordingSize';
/** Bytes read up front to tell the formats apart (an envelope's first two lines fit). */
const HEAD_BYTES = 64 * 1024;

/** "2 GB", "512 MB", "1.5 KB", "100 bytes" (binary units). */
export function formatByteSize(bytes: number): string {
  const units = ['GB', 'MB', 'KB'];
  for (let i = 0; i < units.length; i++) {
    const size = 1024 ** (3 - i);
    if (bytes >= size) {
      const value = bytes / size;
      return `${Number.isInteger(value) ? value : value.toFixed(1).replace(/\.0$/, '')} ${units[i]}`;
    }
  }
  return `${bytes} bytes`;
}

async function statInput(file: string): Promise<number> {
  let stat;
  try {
    stat = await fsp.stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(file, 'file not found');
    if (code === 'EACCES' || code === 'EPERM') throw new InputError(file, 'cannot be read (permission denied)');
    if (code === 'ENOTDIR') throw new InputError(file, 'file not found (a parent is not a folder)');
    throw new InputError(file, `cannot be read (${code ?? 'unknown error'})`);
  }
  if (stat.isDirectory()) throw new InputError(file, 'is a directory; expected a recording file');
  if (!stat.isFile()) throw new InputError(file, 'is not a regular file; expected a recording file');
  return stat.size;
}

async function readHead(file: string): Promise<Buffer> {
  const handle = await fsp.open(file, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** How a file is read: streamed JSON (maybe gzipped), snappy blocks, one raw snappy block, a Sentry envelope or segment. */
type Container = 'json' | 'gzip' | 'snappy-blocks' | 'raw-snappy' | 'envelope' | 'segment';

function sniff(head: Buffer): Container {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (looksLikeSnappyBlocks(head)) return 'snappy-blocks';
  const sentry = sniffSentry(head);
  if (sentry) return sentry;
  return startsLikeJson(head) ? 'json' : 'raw-snappy';
}

/** Loads one recording file. Throws InputError (naming the file, the problem and where). */
export async function loadRecording(file: string, opts: LoadOptions = {}): Promise<LoadedRecording> {
  const max = opts.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  const signal = opts.signal;
  signal?.throwIfAborted();
  const size = await statInput(file);
  if (size === 0) {
    throw new InputError(file, `file is empty (0 bytes); ${EXPECTED_EVENTS}`);
  }
  const head = await readHead(file);
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) {
    throw new InputError(file, `is UTF-16 text (byte order mark ${head.subarray(0, 2).toString('hex').replace(/(..)(..)/, '$1 $2')}); expected UTF-8 JSON`);
  }
  let container = sniff(head);
  const gzip = container === 'gzip';
  if (!gzip && size > max) {
    throw new InputError(file, `file size ${formatByteSize(size)} exceeds the ${formatByteSize(max)} limit (${LIMIT_SETTING})`);
  }

  // The reader being fed; the collector gives places as lines when its input has several.
  let current: JsonValueStream | undefined;
  const collector = new RecordingCollector(file, () => (current?.lines ?? 1) > 1);
  const newReader = (): JsonValueStream => (current = new JsonValueStream({ descend, onValue: (v) => collector.add(v) }));
  const reader = newReader();
  const tooBig = (): InputError => new InputError(file, `decompressed size exceeds the ${formatByteSize(max)} limit (${LIMIT_SETTING})`);

  let bytesRead = size;
  let whole: Buffer | undefined;
  if (container === 'raw-snappy') {
    // Not JSON, not gzip: maybe one raw snappy block; if not, the JSON reader says what is wrong.
    whole = couldBeRawSnappy(head, size) ? rawSnappyJson(await fsp.readFile(file), max) : undefined;
    if (!whole) container = 'json';
  }
  if (container === 'snappy-blocks') {
    let block = 0;
    try {
      await readSnappyBlocks(file, size, {
        max,
        tooBig,
        signal,
        onText: (text, at) => {
          block = at.block;
          reader.write(text);
        },
      });
      reader.end();
    } catch (err) {
      throw decodedTextError(file, err, `in snappy block ${block || 1}`, ' of the decompressed snappy blocks', reader);
    }
  } else if (container === 'raw-snappy') {
    try {
      reader.write(whole!);
      reader.end();
    } catch (err) {
      throw decodedTextError(file, err, 'in the snappy block', ' of the decompressed snappy block', reader);
    }
  } else if (container === 'envelope' || container === 'segment') {
    readEnvelopeFile(file, await fsp.readFile(file), container, collector, { max, tooBig, newReader });
  } else {
    bytesRead = await streamJson(file, gzip, size, { max, tooBig, scanner: reader, signal });
  }
  if (current === reader && reader.valueCount === 0) {
    throw new InputError(
      file,
      gzip ? `decompresses to no data; ${EXPECTED_EVENTS}` : `contains only whitespace; ${EXPECTED_EVENTS}`,
    );
  }
  if (collector.events.length === 0) {
    throw new InputError(file, 'contains no events (the events list is empty)');
  }
  const recording: LoadedRecording = {
    file,
    files: [file],
    format: collector.format,
    events: collector.events,
    warnings: [...collector.warnings],
    bytesRead,
  };
  if (collector.sessionId !== undefined) recording.sessionId = collector.sessionId;
  const inFileOrder = recording.events.slice();
  const outOfOrder = sortByTime(recording.events);
  if (outOfOrder >= 0) recording.warnings.push(`events out of order at index ${outOfOrder}; sorted`);
  recording.warnings.push(...clampTimeOutliers(recording.events, (e) => inFileOrder.indexOf(e)));
  const outOfRange = recording.events.find((e) => Math.abs(e.timestamp) > MAX_EPOCH_MS);
  if (outOfRange) {
    throw new InputError(file, `event ${inFileOrder.indexOf(outOfRange)} has timestamp ${outOfRange.timestamp}, beyond any date; expected epoch milliseconds`);
  }
  if (!hasFullSnapshot(recording.events)) recording.warnings.push(NO_FULL_SNAPSHOT_WARNING);
  return recording;
}

/**
 * Stable-sorts by timestamp. Returns the index of the first event that is earlier than the one
 * before it in the same window, or -1. Windows (PostHog tabs) stored one after another interleave
 * in time without being out of order, so they are sorted silently.
 */
function sortByTime(events: RecordingEvent[]): number {
  let sorted = true;
  for (let i = 1; i < events.length; i++) {
    if (events[i].timestamp < events[i - 1].timestamp) {
      sorted = false;
      break;
    }
  }
  if (sorted) return -1;
  let first = -1;
  const last = new Map<string | undefined, number>();
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const prev = last.get(e.windowId);
    if (prev !== undefined && e.timestamp < prev) {
      first = i;
      break;
    }
    last.set(e.windowId, e.timestamp);
  }
  events.sort((a, b) => a.timestamp - b.timestamp);
  return first;
}

function hasFullSnapshot(events: RecordingEvent[]): boolean {
  for (const e of events) if (e.type === EventType.FullSnapshot) return true;
  return false;
}

const FORMAT_RANK: Record<RecordingFormat, number> = { rrweb: 0, posthog: 1, sentry: 2 };

/**
 * Merges segments of one session into one recording: events in timestamp order, `files` listing
 * every file. Warnings of each segment are kept, prefixed with its file.
 */
export function mergeRecordings(recordings: LoadedRecording[]): LoadedRecording {
  if (recordings.length === 0) throw new RangeError('mergeRecordings: nothing to merge');
  if (recordings.length === 1) return recordings[0];
  const ordered = [...recordings].sort((a, b) => (a.events[0]?.timestamp ?? 0) - (b.events[0]?.timestamp ?? 0));
  const events: RecordingEvent[] = [];
  const warnings: string[] = [];
  const files: string[] = [];
  const sessionIds: string[] = [];
  let format: RecordingFormat = 'rrweb';
  let bytesRead = 0;
  for (const rec of ordered) {
    for (const e of rec.events) events.push(e);
    for (const w of rec.warnings) if (w !== NO_FULL_SNAPSHOT_WARNING) warnings.push(`${rec.file}: ${w}`);
    files.push(...rec.files);
    if (rec.sessionId !== undefined && !sessionIds.includes(rec.sessionId)) sessionIds.push(rec.sessionId);
    if (FORMAT_RANK[rec.format] > FORMAT_RANK[format]) format = rec.format;
    bytesRead += rec.bytesRead;
  }
  sortByTime(events); // segments may overlap; that is not worth a warning
  if (sessionIds.length > 1) {
    warnings.push(`segments carry different session ids (${sessionIds.join(', ')}); merged as one session`);
  }
  if (!hasFullSnapshot(events)) warnings.push(NO_FULL_SNAPSHOT_WARNING);
  const merged: LoadedRecording = { file: files.join(' + '), files, format, events, warnings, bytesRead };
  if (sessionIds.length) merged.sessionId = sessionIds[0];
  return merged;
}

/** Loads several files as the segments of one session (`--session`), merged in time order. */
export async function loadSession(files: string[], opts: LoadOptions = {}): Promise<LoadedRecording> {
  if (files.length === 0) throw new RangeError('loadSession: no files given');
  const recordings: LoadedRecording[] = [];
  for (const file of files) recordings.push(await loadRecording(file, opts));
  return mergeRecordings(recordings);
}
