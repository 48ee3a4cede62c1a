/**
 * Absurd but parseable timestamps: one event whose timestamp gained or lost a digit sorts to the
 * far end of the session and turns an 8-second recording into one of 198 days. Such an event is
 * found by the gap it leaves (far beyond the span of the rest of the session), moved to the edge
 * of the rest (clamped, so a snapshot it carries still replays) and named in a warning.
 */
import type { RecordingEvent } from '../model';

/** A gap is absurd only when longer than this… */
export const OUTLIER_MIN_GAP_MS = 24 * 60 * 60 * 1000;
/** …and this many times longer than the rest of the session (at least one second of it). */
export const OUTLIER_GAP_RATIO = 100;
/** At most this many events on the far side of the gap (and at most a quarter of all). */
const MAX_ISOLATED = 3;
/** Epoch milliseconds a JavaScript Date can hold (±8.64e15). */
export const MAX_EPOCH_MS = 8.64e15;

/** "198 days", "5.2 hours", "8 s" — for warnings. */
export function describeSpan(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= 365.25 * 86_400_000 * 1000) return `${(ms / (365.25 * 86_400_000)).toExponential(1)} years`;
  if (abs >= 2 * 86_400_000) return `${Math.round(ms / 86_400_000)} days`;
  if (abs >= 3_600_000) return `${(ms / 3_600_000).toFixed(1).replace(/\.0$/, '')} hours`;
  if (abs >= 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 1000)} s`;
}

/**
 * Clamps outlying events of a time-sorted list in place; returns one warning per event.
 * `fileIndex` gives an event's position in the file, for the warning.
 */
export function clampTimeOutliers(events: RecordingEvent[], fileIndex: (event: RecordingEvent) => number): string[] {
  const warnings: string[] = [];
  const n = events.length;
  if (n < 3) return warnings;
  const limit = Math.max(1, Math.min(MAX_ISOLATED, Math.floor(n / 4)));
  let lo = 0;
  let hi = n - 1;
  // Leading and trailing groups, a few events at a time, up to `limit` on each side.
  for (let round = 0; round < 2 * limit && hi - lo >= 2; round++) {
    const head = findIsolated(events, lo, hi, limit, 'head');
    const tail = findIsolated(events, lo, hi, limit, 'tail');
    if (!head && !tail) break;
    if (head) {
      for (let i = lo; i < lo + head; i++) warnings.push(clampWarning(events[i], fileIndex(events[i]), events[lo + head].timestamp - events[i].timestamp, 'before'));
      for (let i = lo; i < lo + head; i++) events[i].timestamp = events[lo + head].timestamp;
      lo += head;
    }
    if (tail) {
      for (let i = hi - tail + 1; i <= hi; i++) warnings.push(clampWarning(events[i], fileIndex(events[i]), events[i].timestamp - events[hi - tail].timestamp, 'after'));
      for (let i = hi - tail + 1; i <= hi; i++) events[i].timestamp = events[hi - tail].timestamp;
      hi -= tail;
    }
  }
  return warnings;
}

/** How many events at the head (or tail) of [lo, hi] sit beyond an absurd gap; 0 when none. */
function findIsolated(events: RecordingEvent[], lo: number, hi: number, limit: number, side: 'head' | 'tail'): number {
  for (let k = 1; k <= limit && hi - lo + 1 - k >= 2; k++) {
    const gap = side === 'head' ? events[lo + k].timestamp - events[lo + k - 1].timestamp : events[hi - k + 1].timestamp - events[hi - k].timestamp;
    const rest = side === 'head' ? events[hi].timestamp - events[lo + k].timestamp : events[hi - k].timestamp - events[lo].timestamp;
    if (gap > OUTLIER_MIN_GAP_MS && gap > OUTLIER_GAP_RATIO * Math.max(rest, 1000)) return k;
  }
  return 0;
}

function clampWarning(event: RecordingEvent, index: number, gapMs: number, where: 'before' | 'after'): string {
  return (
    `event ${index} (type ${event.type}) has timestamp ${event.timestamp}, ${describeSpan(gapMs)} ${where} the rest of the session; ` +
    `treated as a bad timestamp and moved to the ${where === 'before' ? 'first' : 'last'} good event's time`
  );
}
