/**
 * Long loops on the extension host's event loop in slices: `await slice()` inside the loop
 * yields to the event loop (setImmediate) once the current slice has run for `budgetMs`, so
 * input, timers and other extensions get their turn between batches (never a 50 ms block).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

export function timeSlicer(budgetMs = 15): () => Promise<void> | undefined {
  let started = performance.now();
  return () => {
    if (performance.now() - started < budgetMs) return undefined;
    return nextTurn().then(() => {
      started = performance.now();
    });
  };
}
