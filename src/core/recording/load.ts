/**
 * Loading recordings: bytes on disk → one session's rrweb events, sorted by time.
 *
 * The format is detected from content, never from the name: gzip by its magic bytes, PostHog's
 * length-prefixed snappy blocks (snappy.ts), a Sentry replay envelope (envelope.ts), then the
 * JSON shape (see formats.ts). Files are read as streams and parsed element by element
 * (jsonStream.ts), so a 300 MB recording never becomes a 300 MB string; snappy files are read a
 * block at a time, envelopes (one replay segment each) whole.
 */
import { createReadStream, promises as fsp } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip, type Gunzip } from 'node:zlib';
import { EventType } from '@rrweb/types';
import { InputError, type LoadedRecording, type RecordingEvent, type RecordingFormat } from '../model';
import { decodeRecordingPayload, envelopeItems, parseReplayEvent, sniffSentry, type RecordingPayload } from './envelope';
import { EXPECTED_EVENTS, RecordingCollector } from './formats';
import { JsonSyntaxError, JsonValueStream } from './jsonStream';
import { looksLikeSnappyBlocks, rawSnappyJson, readSnappyBlocks, startsLikeJson } from './snappy';

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
/** Bytes read up front to tell the formats apart (an envelope's first two lines fit). */
const HEAD_BYTES = 64 * 1024;
const BY_WINDOW_KEY = 'snapshot_data_by_window_id';
/** A file that is neither JSON nor gzip is tried as one raw snappy block only up to this size. */
const RAW_SNAPPY_MAX_FILE = 256 * 1024 * 1024;

/** The containers the reader descends into to stream their elements. */
function descend(path: readonly string[]): boolean {
  const key = path[path.length - 1];
  switch (path.length) {
    case 1:
      return key === 'events' || key === 'data' || key === 'snapshots' || key === BY_WINDOW_KEY || key === 'result';
    case 2:
      return (
        (path[0] === 'data' && (key === 'snapshots' || key === 'events' || key === 'snapshotsByWindowId')) ||
        path[0] === BY_WINDOW_KEY ||
        (path[0] === 'result' && key === BY_WINDOW_KEY)
      );
    case 3:
      return (path[0] === 'data' && path[1] === 'snapshotsByWindowId') || (path[0] === 'result' && path[1] === BY_WINDOW_KEY);
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
    whole = size <= RAW_SNAPPY_MAX_FILE ? rawSnappyJson(await fsp.readFile(file), max) : undefined;
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
      throw inside(file, err, `in snappy block ${block || 1}`, ' of the decompressed snappy blocks', reader);
    }
  } else if (container === 'raw-snappy') {
    try {
      reader.write(whole!);
      reader.end();
    } catch (err) {
      throw inside(file, err, 'in the snappy block', ' of the decompressed snappy block', reader);
    }
  } else if (container === 'envelope' || container === 'segment') {
    readSentry(file, await fsp.readFile(file), container, collector, { max, tooBig, newReader });
  } else {
    bytesRead = await streamJson(file, gzip, size, max, reader, signal);
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
  const outOfOrder = sortByTime(recording.events);
  if (outOfOrder >= 0) recording.warnings.push(`events out of order at index ${outOfOrder}; sorted`);
  if (!hasFullSnapshot(recording.events)) recording.warnings.push(NO_FULL_SNAPSHOT_WARNING);
  return recording;
}

/** Streams a JSON (or gzipped JSON) file into the scanner. Returns the bytes read from disk. */
async function streamJson(file: string, gzip: boolean, size: number, max: number, scanner: JsonValueStream, signal?: AbortSignal): Promise<number> {
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
  return raw.bytesRead;
}

/**
 * An error while reading decompressed data (snappy blocks, an envelope item): JSON syntax errors
 * name the byte and line of the decompressed text, `suffix` says which; the collector's own
 * messages get `where` in front.
 */
function inside(file: string, err: unknown, where: string, suffix: string, scanner: JsonValueStream): unknown {
  if (err instanceof JsonSyntaxError) {
    const multiline = err.line > 1 || scanner.lines > 1;
    return new InputError(file, `not JSON: ${err.reason} at byte ${err.offset}${multiline ? ` (line ${err.line})` : ''}${suffix}`);
  }
  if (err instanceof InputError && err.file === file && !/^(snappy block|decompressed size|Sentry envelope)/.test(err.problem)) {
    return new InputError(file, `${where}: ${err.problem}`);
  }
  return err;
}

/**
 * A Sentry envelope (or a per-segment file with a compressed body), read whole: the replay_event
 * names the replay, each replay_recording's events go through the JSON reader, other items are
 * ignored with a warning.
 */
function readSentry(
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
      throw inside(file, err, where, ` in the ${compression === 'none' ? '' : `${compression}-decompressed `}events of ${where}`, scanner);
    }
  }
  if (recordings.length === 0) {
    throw new InputError(file, `Sentry envelope has no replay_recording item${items.length ? ` (items: ${[...new Set(items.map((i) => i.type))].join(', ')})` : ''}`);
  }
  if (ignored.length) collector.warnings.push(`Sentry envelope items ignored (not replay recordings): ${ignored.map((t) => JSON.stringify(t.slice(0, 40))).join(', ')}`);
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
