/**
 * Every fuzz target (test/fuzz/targets.ts) with a fixed seed: a few thousand cases in `npm test`.
 * `npm run fuzz` runs the same file with FUZZ_RUNS (total cases) and FUZZ_SEED set by
 * test/fuzz/run.mjs; FUZZ_REPORT names a file the counts are written to, FUZZ_ONLY picks targets
 * by name, FUZZ_TRACE names a file each case is written to before it runs (to find a case that
 * kills the process).
 */
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { EXTREMES } from '../../fuzz/arbitraries';
import { checkRecordingFile, TARGETS } from '../../fuzz/targets';

const TOTAL = Number(process.env.FUZZ_RUNS ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
/** Generous per-case bound (ms): a case is a small file; anything near this is a hang. */
const CASE_TIMEOUT_MS = Number(process.env.FUZZ_CASE_TIMEOUT_MS ?? 20_000);
const WEIGHTS = TARGETS.reduce((n, t) => n + t.weight, 0);
const ONLY = process.env.FUZZ_ONLY;
const TRACE = process.env.FUZZ_TRACE;

const dir = mkdtempSync(join(tmpdir(), 'struggle-lens-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const short = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 1500 ? `${text.slice(0, 1500)}… (${text.length} characters)` : text;
};

describe('fuzz', () => {
  for (const [i, target] of TARGETS.entries()) {
    if (ONLY && !target.name.includes(ONLY)) continue;
    const numRuns = Math.max(20, Math.round((TOTAL * target.weight) / WEIGHTS));
    it(`${target.name} (${numRuns} cases)`, async () => {
      const ctx = { dir };
      const started = Date.now();
      await fc.assert(
        fc.asyncProperty(target.arbitrary(ctx), async (input) => {
          if (TRACE) writeFileSync(TRACE, JSON.stringify({ target: target.name, input: Buffer.isBuffer(input) ? (input as Buffer).toString('latin1') : input }));
          await target.check(input, ctx);
        }),
        {
          numRuns,
          seed: SEED + i,
          timeout: CASE_TIMEOUT_MS,
          endOnFailure: process.env.FUZZ_SHRINK !== '1',
          asyncReporter: async (details) => {
            if (!details.failed) return;
            const failure = join(tmpdir(), `struggle-lens-fuzz-failure-${SEED + i}.json`);
            writeFileSync(failure, JSON.stringify({ target: target.name, seed: details.seed, path: details.counterexamplePath, counterexample: details.counterexample }));
            const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
            throw new Error(`${target.name}: ${cause.slice(0, 2000)}\nseed ${details.seed}, path ${details.counterexamplePath}; full counterexample in ${failure}\n${short(details.counterexample)}`);
          },
        },
      );
      if (process.env.FUZZ_REPORT) appendFileSync(process.env.FUZZ_REPORT, `${JSON.stringify({ target: target.name, cases: numRuns, ms: Date.now() - started, seed: SEED + i })}\n`);
    }, Math.max(120_000, numRuns * 200));
  }
});

/** Generated extremes; the 50 MB string and the 64 MB gzip run in `npm run fuzz` only. */
const HEAVY = new Set(['one 50 MB string', 'gzip bomb 64 MB of zeros']);

describe('extreme inputs', () => {
  for (const [name, make] of Object.entries(EXTREMES)) {
    const run = HEAVY.has(name) && !process.env.FUZZ_RUNS ? it.skip : it;
    run(name, async () => {
      const file = join(dir, `${name.replace(/\W+/g, '-')}.rrweb.json`);
      writeFileSync(file, make());
      await checkRecordingFile(file, dir);
    });
  }
});
