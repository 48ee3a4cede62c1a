/**
 * PostHog's snapshot storage: snappy-compressed blocks of JSON Lines.
 *
 * PostHog's blob ingestion (session recording v2) compresses each session's events as one raw
 * snappy block whose text is JSON Lines of `[windowId, event]`; its API hands several blocks over
 * back to back, each prefixed by its length as a 4-byte big-endian integer. PostHog's player
 * reads that framing, and falls back to one unprefixed raw snappy block. So do we: blocks are
 * decompressed one at a time (snappyjs) and their text, joined by newlines, goes to the JSON
 * reader, so the largest piece in memory is one block.
 */
import { promises as fsp } from 'node:fs';
import { uncompress } from 'snappyjs';
import { InputError } from '../model';

const PREFIX_BYTES = 4;
const NEWLINE = Buffer.from('\n');

/** True for a byte that can start a JSON text (after a BOM): whitespace, `{`, `[`, `"`, a number or literal. */
export function startsLikeJson(head: Uint8Array): boolean {
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
  if (i >= head.length) return true;
  const b = head[i];
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x7b || b === 0x5b || b === 0x22 || b === 0x2d || (b >= 0x30 && b <= 0x39) || b === 0x74 || b === 0x66 || b === 0x6e;
}

/**
 * Whether the file starts like length-prefixed snappy blocks: a first byte no JSON text starts
 * with, and a first length that is not zero. (A block under 16 MiB puts a zero byte first.)
 */
export function looksLikeSnappyBlocks(head: Uint8Array): boolean {
  if (head.length < PREFIX_BYTES + 1 || startsLikeJson(head)) return false;
  return head[0] < 0x20 && (head[0] | head[1] | head[2] | head[3]) !== 0;
}

/**
 * Whether a file of `size` bytes could be one raw snappy block: the block starts with its
 * uncompressed length (a little-endian base-128 varint), and snappy never grows data by more
 * than a sixth plus 32 bytes. Keeps a big text file from being read whole to find that out.
 */
export function couldBeRawSnappy(head: Uint8Array, size: number): boolean {
  let length = 0;
  for (let i = 0; i < 5 && i < head.length; i++) {
    length += (head[i] & 0x7f) * 2 ** (7 * i);
    if ((head[i] & 0x80) === 0) return length > 0 && size <= length + length / 6 + 32;
  }
  return false;
}

/** One raw snappy block (no length prefix) that decompresses to JSON text, or undefined. */
export function rawSnappyJson(bytes: Uint8Array, max: number): Buffer | undefined {
  try {
    const out = Buffer.from(uncompress(bytes, max));
    return out.length > 0 && startsLikeJson(out) ? out : undefined;
  } catch {
    return undefined;
  }
}

export interface SnappyBlockReader {
  /** Blocks read so far; the one being decoded while `onText` runs. */
  block: number;
  /** Byte offset of that block's length prefix. */
  offset: number;
}

export interface SnappyReadOptions {
  /** Largest decompressed total. */
  max: number;
  /** The error for output over `max`. */
  tooBig: () => Error;
  /** Each block's text, and a newline between blocks. */
  onText: (text: Buffer, at: SnappyBlockReader) => void;
  signal?: AbortSignal;
}

/**
 * Reads length-prefixed snappy blocks from `file` (of `size` bytes). Throws InputError for a
 * cut-off prefix or block or a block that is not snappy data. Returns the decompressed size.
 */
export async function readSnappyBlocks(file: string, size: number, opts: SnappyReadOptions): Promise<number> {
  const { max, onText, signal } = opts;
  const handle = await fsp.open(file, 'r');
  const at: SnappyBlockReader = { block: 0, offset: 0 };
  let decompressed = 0;
  try {
    const prefix = Buffer.alloc(PREFIX_BYTES);
    while (at.offset < size) {
      signal?.throwIfAborted();
      at.block++;
      const where = `snappy block ${at.block} (byte ${at.offset})`;
      if (at.offset + PREFIX_BYTES > size) {
        throw new InputError(file, `${where}: truncated: its 4-byte length prefix is cut off after ${size - at.offset} bytes`);
      }
      await handle.read(prefix, 0, PREFIX_BYTES, at.offset);
      const length = prefix.readUInt32BE(0);
      const available = size - at.offset - PREFIX_BYTES;
      if (length === 0) throw new InputError(file, `${where}: has length 0; expected snappy-compressed JSON Lines`);
      if (length > available) {
        throw new InputError(file, `${where}: truncated: the prefix says ${length} bytes but only ${available} follow`);
      }
      const compressed = Buffer.alloc(length);
      await handle.read(compressed, 0, length, at.offset + PREFIX_BYTES);
      let text: Buffer;
      try {
        text = Buffer.from(uncompress(compressed, max - decompressed));
      } catch (err) {
        if (/too big/.test((err as Error).message)) throw opts.tooBig();
        throw new InputError(file, `${where}: not snappy-compressed data (${(err as Error).message})`);
      }
      decompressed += text.length;
      if (at.block > 1) onText(NEWLINE, at);
      onText(text, at);
      at.offset += PREFIX_BYTES + length;
    }
  } finally {
    await handle.close();
  }
  return decompressed;
}
