/**
 * PostHog specifics: compressed events (posthog-js since late 2024) and `$snapshot` events.
 *
 * A compressed event carries `"cv": "2024-10"`; parts of it are gzip bytes written as a latin-1
 * string (each byte one U+00XX code unit): a FullSnapshot's whole `data`, a Mutation's `texts`,
 * `attributes`, `removes` and `adds`, StyleSheetRule/AdoptedStyleSheet parts. Small events in the
 * same file stay uncompressed.
 */
import { gunzipSync } from 'node:zlib';

/** True for a string that starts with the gzip signature (1f 8b) as latin-1 code units. */
export function isGzipString(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 2 && value.charCodeAt(0) === 0x1f && value.charCodeAt(1) === 0x8b;
}

/** gunzip(Buffer.from(s, 'latin1')) → JSON. Throws when it is not gzip or not JSON. */
export function decodeGzipString(value: string): unknown {
  return JSON.parse(gunzipSync(Buffer.from(value, 'latin1')).toString('utf8'));
}

/**
 * Decodes a compressed event in place (drops its `cv`). Returns the name of the part that could
 * not be decoded, or undefined when all went well.
 */
export function decompressPostHogEvent(event: Record<string, unknown>): string | undefined {
  const data = event.data;
  if (typeof data === 'string') {
    if (isGzipString(data)) {
      try {
        event.data = decodeGzipString(data);
      } catch {
        return 'data';
      }
    }
  } else if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
    const d = data as Record<string, unknown>;
    for (const key of Object.keys(d)) {
      const part = d[key];
      if (!isGzipString(part)) continue;
      try {
        d[key] = decodeGzipString(part);
      } catch {
        return key;
      }
    }
  }
  delete event.cv;
  return undefined;
}
