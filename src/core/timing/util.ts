/**
 * Small helpers shared by timing/ and errors/: timestamps in seconds, milliseconds or ISO-8601,
 * URL comparison, and JSON parse errors described by line and column.
 */

/**
 * Sentry's rule for numeric timestamps: a value over 9,999,999,999 is epoch milliseconds,
 * otherwise epoch seconds (fractions allowed). Numeric strings are accepted too.
 */
export function epochMs(value: unknown): number | undefined {
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) value = Number(value);
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return undefined;
  return value > 9_999_999_999 ? value : value * 1000;
}

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * An ISO-8601 date-time (`2026-11-22T21:16:03.120Z`, `2026-11-22 21:16:03,120+01:00`) as epoch ms.
 * A time without a zone is taken as UTC (logs from servers usually are), not as local time,
 * so results do not depend on the machine running the analysis.
 */
export function parseIsoTimestamp(text: string): number | undefined {
  const m = ISO_RE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || (s !== undefined && Number(s) > 60)) return undefined;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), s ? Number(s) : 0, ms);
  if (Number.isNaN(t)) return undefined;
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = Number(digits.slice(0, 2)) * 60 + (digits.length > 2 ? Number(digits.slice(2)) : 0);
    t -= sign * offset * 60_000;
  }
  return t;
}

/** A timestamp that may be seconds, milliseconds or an ISO string, as epoch ms. */
export function anyTimestampMs(value: unknown): number | undefined {
  if (typeof value === 'string') {
    const iso = parseIsoTimestamp(value);
    if (iso !== undefined) return iso;
  }
  return epochMs(value);
}

/** A finite number (numeric strings accepted), else undefined. */
export function num(value: unknown): number | undefined {
  if (typeof value === 'string' && value.trim() !== '') value = Number(value);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A finite number > 0 (Performance API fields use 0 for "did not happen yet"). */
export function positive(value: unknown): number | undefined {
  const n = num(value);
  return n !== undefined && n > 0 ? n : undefined;
}

/**
 * URLs compared for "is this the same page": fragment dropped, default ports and a trailing
 * slash on the path ignored, scheme and host lower-cased. Non-URLs compare as trimmed text.
 */
export function normalizeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    let s = u.toString();
    if (u.search === '' && s.endsWith('/')) s = s.slice(0, -1);
    return s;
  } catch {
    return url.trim().replace(/#.*$/, '');
  }
}

/**
 * Describe a JSON.parse error without quoting the input (it may hold personal data):
 * `not valid JSON: expected ',' or ']' after array element at line 3, column 17`.
 */
export function describeJsonError(err: unknown, text: string, lineOffset = 0): string {
  const raw = err instanceof Error ? err.message : String(err);
  let what = raw
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/ at position \d+.*$/s, '');
  what = what.replace(/^Unexpected token '([\s\S])'/, (whole, ch: string) => {
    const code = ch.charCodeAt(0);
    return code < 0x21 || code > 0x7e ? `Unexpected character U+${code.toString(16).toUpperCase().padStart(4, '0')}` : whole;
  });
  what = what.charAt(0).toLowerCase() + what.slice(1);
  let pos: number | undefined;
  const m = /position (\d+)/.exec(raw);
  if (m) pos = Number(m[1]);
  else if (/unexpected end/i.test(raw)) pos = text.length;
  if (pos === undefined) return `not valid JSON: ${what}${lineOffset ? ` at line ${lineOffset}` : ''}`;
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `not valid JSON: ${what} at line ${line + (lineOffset ? lineOffset - 1 : 0)}, column ${column}`;
}
