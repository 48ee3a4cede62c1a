/** Rounding shared by every stage that reports a number (metrics, confidences, durations). */

/** `value` rounded to `digits` decimal places. */
export function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A confidence: rounded to two places and held within 0‥1. */
export function clamp01(value: number): number {
  return Math.max(0, Math.min(1, round(value, 2)));
}
