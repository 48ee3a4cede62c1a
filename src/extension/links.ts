/**
 * Shareable links to a moment of a recording, and the path checks shared by everything that
 * opens a file a webview or a link names. Free of `vscode` (unit-tested with plain Node).
 */

export const EXTENSION_ID = 'struggle-lens.struggle-lens';
export const OPEN_PATH = '/open';

export interface MomentLink {
  /** The recording, relative to a workspace folder, `/` separators. */
  file: string;
  /** Milliseconds from the start of the recording. */
  atMs: number;
  /** Select this struggle when the replay opens. */
  struggleId?: string;
}

/** `vscode://struggle-lens.struggle-lens/open?file=…&t=…` (scheme: `vscode.env.uriScheme`). */
export function buildMomentLink(scheme: string, link: MomentLink): string {
  const query = new URLSearchParams({ file: link.file, t: String(Math.max(0, Math.round(link.atMs))) });
  if (link.struggleId) query.set('struggle', link.struggleId);
  return `${scheme}://${EXTENSION_ID}${OPEN_PATH}?${query.toString()}`;
}

const STRUGGLE_ID = /^[\w.:-]{1,200}$/;
const MAX_TIME_MS = 1000 * 60 * 60 * 24 * 7;

/** Reads the query of a moment link; every parameter is checked, a problem is named. */
export function parseMomentQuery(query: string): MomentLink | { problem: string } {
  const params = new URLSearchParams(query);
  const rawFile = params.get('file');
  if (!rawFile) return { problem: 'the link names no recording (missing "file")' };
  const file = checkRelativePath(rawFile);
  if (!file) return { problem: 'the recording path must be relative to the workspace folder, without ".." (got an invalid "file")' };
  const rawTime = params.get('t') ?? '0';
  if (!/^\d{1,12}(\.\d+)?$/.test(rawTime)) return { problem: 'the moment "t" must be a number of milliseconds' };
  const atMs = Number(rawTime);
  if (!Number.isFinite(atMs) || atMs > MAX_TIME_MS) return { problem: 'the moment "t" is out of range' };
  const struggle = params.get('struggle');
  if (struggle !== null && !STRUGGLE_ID.test(struggle)) return { problem: 'the struggle id in the link is not valid' };
  return struggle ? { file, atMs, struggleId: struggle } : { file, atMs };
}

/**
 * A workspace-relative path as something outside the host (a webview, a link) gave it: returns
 * it normalized (`/` separators, no `.` segments) when it stays inside the folder, else
 * undefined. Refused: empty, absolute (`/x`, `C:\x`, `\\server`), URLs (`file:`), `..` anywhere,
 * NUL and other control characters, more than 1024 characters.
 */
export function checkRelativePath(input: string): string | undefined {
  if (typeof input !== 'string' || input.length === 0 || input.length > 1024) return undefined;
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001F\u007F]/.test(input)) return undefined;
  const slashed = input.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[a-zA-Z]:/.test(slashed) || /^[a-zA-Z][\w+.-]*:/.test(slashed)) return undefined;
  const segments = slashed.split('/').filter((s) => s.length > 0 && s !== '.');
  if (segments.length === 0 || segments.some((s) => s === '..')) return undefined;
  return segments.join('/');
}

/** "1:02.5" for 62 500 ms, "2:03:04.5" past an hour, "3d 2:03:04" past a day; "0:00.0" for negatives. */
export function formatMoment(ms: number): string {
  const tenths = Math.max(0, Math.round(ms / 100));
  const seconds = Math.floor((tenths % 600) / 10);
  const totalMinutes = Math.floor(tenths / 600);
  if (totalMinutes < 60) return `${totalMinutes}:${String(seconds).padStart(2, '0')}.${tenths % 10}`;
  const minutes = String(totalMinutes % 60).padStart(2, '0');
  const totalHours = Math.floor(totalMinutes / 60);
  if (totalHours < 24) return `${totalHours}:${minutes}:${String(seconds).padStart(2, '0')}.${tenths % 10}`;
  return `${Math.floor(totalHours / 24)}d ${totalHours % 24}:${minutes}:${String(seconds).padStart(2, '0')}`;
}
