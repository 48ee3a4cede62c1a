/**
 * Files that travel with a recording: `checkout.rrweb.json` → `checkout.har`,
 * `checkout.errors.json`, … The base name is the recording's file name without its recording
 * suffix; siblings are `<base><ext>` in the same folder.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { InputError } from './model';

/** Recording suffixes, longest first (the first that matches is removed). */
const RECORDING_SUFFIXES = [
  '.rrweb.json.gz',
  '.rrweb.jsonl.gz',
  '.rrweb.ndjson.gz',
  '.rrweb.json',
  '.rrweb.jsonl',
  '.rrweb.ndjson',
  '.rrweb.gz',
  '.rrweb',
  '.json.gz',
  '.jsonl.gz',
  '.ndjson.gz',
  '.json',
  '.jsonl',
  '.ndjson',
  '.gz',
];

/** `dir/checkout.rrweb.json.gz` → `checkout` (case-insensitive suffix match). */
export function recordingBaseName(recordingFile: string): string {
  const name = path.basename(recordingFile);
  const lower = name.toLowerCase();
  for (const suffix of RECORDING_SUFFIXES) {
    if (lower.endsWith(suffix) && lower.length > suffix.length) return name.slice(0, name.length - suffix.length);
  }
  return name;
}

/**
 * The existing files `<dir>/<base><ext>` for each ext (in the order of `exts`), never the
 * recording itself. `exts` include their leading dot: `['.har']`, `['.errors.json', '.errors.log']`.
 */
export async function findSiblingFiles(recordingFile: string, exts: readonly string[]): Promise<string[]> {
  const dir = path.dirname(recordingFile);
  const base = recordingBaseName(recordingFile);
  const self = path.resolve(recordingFile);
  const found: string[] = [];
  for (const ext of exts) {
    const candidate = path.join(dir, base + ext);
    if (path.resolve(candidate) === self) continue;
    try {
      const st = await fs.stat(candidate);
      if (st.isFile()) found.push(candidate);
    } catch {
      // not there: not a sibling
    }
  }
  return found;
}

/** Read a small text file (errors logs, HAR), gunzipping it when it starts with gzip's magic bytes. */
export async function readTextFile(file: string, maxBytes = 512 * 1024 * 1024): Promise<string> {
  let buf: Buffer;
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) throw new InputError(file, 'not a file');
    if (st.size > maxBytes) throw new InputError(file, `file is ${st.size} bytes, over the ${maxBytes}-byte limit`);
    buf = await fs.readFile(file);
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(file, code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? 'error'})`);
  }
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = gunzipSync(buf, { maxOutputLength: maxBytes });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new InputError(
        file,
        code === 'ERR_BUFFER_TOO_LARGE'
          ? `decompressed size is over the ${maxBytes}-byte limit`
          : 'starts like gzip but is not valid gzip data (truncated or corrupt)',
      );
    }
  }
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}
