/**
 * Separate error files (`--errors FILE`, or `checkout.errors.json|.jsonl|.log` beside
 * `checkout.rrweb.json`), format detected from content:
 *
 * - JSON events (jsonLog.ts): Sentry events or PostHog `$exception` events; one object, an
 *   array, `{results: [...]}` or JSON Lines.
 * - Plain text logs (textLog.ts): entries that start with an ISO-8601 timestamp.
 *
 * Problems throw InputError naming the file and the line or record.
 */
import { findSiblingFiles, readTextFile } from '../siblings';
import { InputError, type ErrorRecord } from '../model';
import { parseJsonLog } from './jsonLog';
import { EXPECTED, parseTextLog, TS_LINE } from './textLog';

/** Read an errors file; see the file comment for the formats. */
export async function loadErrorsFile(file: string): Promise<ErrorRecord[]> {
  const text = await readTextFile(file);
  return parseErrorsText(file, text);
}

/** Parse the text of an errors file (exported for tests and in-memory use). */
export function parseErrorsText(file: string, text: string): ErrorRecord[] {
  const trimmed = text.trim();
  if (!trimmed) throw new InputError(file, `empty file: ${EXPECTED}`);
  const first = trimmed[0];
  const firstLine = trimmed.slice(0, trimmed.search(/\r?\n|$/));
  // "[2026-11-22 21:16:03] ERROR …" starts with a bracket too.
  if ((first === '{' || first === '[') && !TS_LINE.test(firstLine)) return parseJsonLog(file, text, trimmed);
  return parseTextLog(file, text);
}

export const ERROR_SIBLING_EXTS = [
  '.errors.json',
  '.errors.jsonl',
  '.errors.ndjson',
  '.errors.log',
  '.errors.txt',
  '.errors.json.gz',
  '.errors.jsonl.gz',
] as const;

/** Error files beside a recording: `checkout.rrweb.json` → `checkout.errors.json|.jsonl|.log` (…). */
export function findErrorSiblings(recordingFile: string): Promise<string[]> {
  return findSiblingFiles(recordingFile, ERROR_SIBLING_EXTS);
}
