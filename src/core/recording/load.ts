/**
 * Loading recordings: bytes on disk → one session's rrweb events, sorted by time.
 *
 * The format is detected from content, never from the name: gzip by its magic bytes, then the
 * JSON shape (see formats.ts). Files are read as streams and parsed element by element
 * (jsonStream.ts), so a 300 MB recording never becomes a 300 MB string.
 */
import { createReadStream, promises as fsp } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip, type Gunzip } from 'node:zlib';
import { EventType } from '@rrweb/types';
import { InputError, type LoadedRecording, type RecordingEvent, type RecordingFormat } from '../model';
import { EXPECTED_EVENTS, RecordingCollector } from './formats';
import { JsonSyntaxError, JsonValueStream } from './jsonStream';
import { clampTimeOutliers, MAX_EPOCH_MS } from './outliers';

export interface LoadOptions {
  /** Largest decompressed size accepted (setting struggleLens.maxRecordingSize). Default 2 GiB. */
  maxDecompressedBytes?: number;
  signal?: AbortSignal;
}

export const DEFAULT_MAX_DECOMPRESSED_BYTES = 2 * 1024 * 1024 * 1024;
export const NO_FULL_SNAPSHOT_WARNING = 'no FullSnapshot: replay is not possible; interactions are still analyzed';
const LIMIT_SETTING = 'struggleLens.maxRecordingSize';
/** Compressed bytes per read. */
const GZIP_READ_CHUNK = 64 * 1024;

/** The containers the reader descends into to stream their elements. */
function descend(path: readonly string[]): boolean {
  const key = path[path.length - 1];
  switch (path.length) {
    case 1:
      return key === 'events' || key === 'data' || key === 'snapshots';
    case 2:
      return path[0] === 'data' && (key === 'snapshots' || key === 'events' || key === 'snapshotsByWindowId');
    case 3:
      return path[0] === 'data' && path[1] === 'snapshotsByWindowId';
    default:
      return false;
  }
}

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

function isZlibError(err: unknown): err is Error & { code: string } {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'string' && code.startsWith('Z_');
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

async function readMagic(file: string): Promise<Buffer> {
  const handle = await fsp.open(file, 'r');
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await handle.read(buf, 0, 2, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
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
  const magic = await readMagic(file);
  const gzip = magic.length === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  if (magic.length === 2 && ((magic[0] === 0xff && magic[1] === 0xfe) || (magic[0] === 0xfe && magic[1] === 0xff))) {
    throw new InputError(file, `is UTF-16 text (byte order mark ${magic.toString('hex').replace(/(..)(..)/, '$1 $2')}); expected UTF-8 JSON`);
  }
  if (!gzip && size > max) {
    throw new InputError(file, `file size ${formatByteSize(size)} exceeds the ${formatByteSize(max)} limit (${LIMIT_SETTING})`);
  }

  let scanner: JsonValueStream | undefined;
  const collector = new RecordingCollector(file, () => (scanner?.lines ?? 1) > 1);
  scanner = new JsonValueStream({ descend, onValue: (v) => collector.add(v) });

  const raw = createReadStream(file, { highWaterMark: gzip ? GZIP_READ_CHUNK : 1024 * 1024 });
  let gunzip: Gunzip | undefined;
  let source: Readable = raw;
  if (gzip) {
    gunzip = createGunzip({ chunkSize: 256 * 1024 });
    raw.on('error', (err) => gunzip!.destroy(err));
    source = raw.pipe(gunzip);
  }
  let decompressed = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      signal?.throwIfAborted();
      decompressed += chunk.length;
      if (decompressed > max) {
        throw new InputError(file, `decompressed size exceeds the ${formatByteSize(max)} limit (${LIMIT_SETTING})`);
      }
      scanner.write(chunk);
    }
    scanner.end();
  } catch (err) {
    const ctx: ErrorContext = { gzip, gunzip, decompressed, size, scanner };
    if (gzip && isZlibError(err) && err.code !== 'Z_BUF_ERROR') {
      // Two more passes over the failing region: in 512-byte steps, then byte by byte.
      const near = await locateGzipError(file, gunzip?.bytesWritten ?? 0, 512).catch(() => undefined);
      ctx.corruptAt = near === undefined ? undefined : ((await locateGzipError(file, near, 1).catch(() => undefined)) ?? near);
    }
    throw translateError(err, file, ctx);
  } finally {
    raw.destroy();
    gunzip?.destroy();
  }

  if (scanner.valueCount === 0) {
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
    bytesRead: raw.bytesRead,
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
 * zlib reports no position and counts input per written chunk, so the first pass only knows the
 * 64 KiB chunk in which decompression failed. Decompress again, in `step`-byte writes from `from`
 * on, to find the write where zlib stops (the start of that write is returned).
 */
async function locateGzipError(file: string, from: number, step: number): Promise<number | undefined> {
  const gunzip = createGunzip();
  let failed = false;
  gunzip.on('error', () => {
    failed = true;
  });
  gunzip.resume(); // discard the output
  const write = (piece: Buffer): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        gunzip.off('error', done);
        resolve();
      };
      gunzip.once('error', done); // after an error, zlib never calls back
      gunzip.write(piece, done);
    });
  let offset = 0;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: GZIP_READ_CHUNK }) as AsyncIterable<Buffer>) {
      // Whole up to `from`, then in steps.
      let i = Math.min(chunk.length, Math.max(0, from - offset));
      if (i > 0) await write(chunk.subarray(0, i));
      if (failed) return offset;
      for (; i < chunk.length; i += step) {
        await write(chunk.subarray(i, i + step));
        if (failed) return offset + i;
      }
      offset += chunk.length;
    }
  } finally {
    gunzip.destroy();
  }
  return undefined;
}

interface ErrorContext {
  gzip: boolean;
  gunzip: Gunzip | undefined;
  decompressed: number;
  size: number;
  scanner: JsonValueStream;
  /** The byte at which zlib noticed the corruption (see locateGzipError). */
  corruptAt?: number;
}

function translateError(err: unknown, file: string, ctx: ErrorContext): unknown {
  if (err instanceof InputError) return err;
  if (err instanceof JsonSyntaxError) {
    const multiline = err.line > 1 || ctx.scanner.lines > 1;
    let problem = `not JSON: ${err.reason} at byte ${err.offset}${multiline ? ` (line ${err.line})` : ''}`;
    if (ctx.scanner.valueCount === 0 && err.offset <= 3) problem = `not JSON: ${err.reason} at byte ${err.offset}; ${EXPECTED_EVENTS}`;
    if (!ctx.gzip && /\.gz$/i.test(file)) {
      problem += '; the name ends in .gz but the file does not start with the gzip signature (1f 8b)';
    }
    return new InputError(file, problem);
  }
  if (ctx.gzip && isZlibError(err)) {
    const at = ctx.gunzip?.bytesWritten ?? 0;
    const reason = err.message;
    if (ctx.decompressed === 0 && (ctx.size < 18 || /header|compression method|flags/.test(reason))) {
      return new InputError(
        file,
        `starts with the gzip signature (1f 8b) but is not gzip data (${reason} at byte ${Math.max(at, 2)})`,
      );
    }
    if (err.code === 'Z_BUF_ERROR' || /unexpected end/.test(reason)) {
      return new InputError(file, `gzip data is truncated: unexpected end of file at byte ${ctx.size}`);
    }
    return new InputError(file, `gzip data is corrupt at byte ${ctx.corruptAt ?? at} (${reason})`);
  }
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new InputError(file, 'file not found');
  if (code === 'EISDIR') return new InputError(file, 'is a directory; expected a recording file');
  if (code === 'EACCES' || code === 'EPERM') return new InputError(file, 'cannot be read (permission denied)');
  return err;
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
