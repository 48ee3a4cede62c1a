/**
 * Reading JSON text into the streaming reader: a file (gzipped or not) streamed from disk, with
 * zlib and JSON errors turned into messages that name the byte (and line) where it went wrong;
 * and the same for text decompressed from a container (snappy blocks, an envelope item).
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip, type Gunzip } from 'node:zlib';
import { InputError } from '../model';
import { EXPECTED_EVENTS } from './formats';
import { JsonSyntaxError, type JsonValueStream } from './jsonStream';

/** Compressed bytes per read. */
const GZIP_READ_CHUNK = 64 * 1024;
const BY_WINDOW_KEY = 'snapshot_data_by_window_id';

/** The containers the reader descends into to stream their elements. */
export function descend(path: readonly string[]): boolean {
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

function isZlibError(err: unknown): err is Error & { code: string } {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'string' && code.startsWith('Z_');
}

/** Streams a JSON (or gzipped JSON) file into the scanner. Returns the bytes read from disk. */
export async function streamJson(
  file: string,
  gzip: boolean,
  size: number,
  opts: { max: number; tooBig: () => InputError; scanner: JsonValueStream; signal?: AbortSignal },
): Promise<number> {
  const { max, scanner, signal } = opts;
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
      if (decompressed > max) throw opts.tooBig();
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
export function decodedTextError(file: string, err: unknown, where: string, suffix: string, scanner: JsonValueStream): unknown {
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

