// `npm run fuzz`: every fuzz target with a fresh seed and many cases, then the counts and time.
// FUZZ_RUNS (default 120000) is the total across targets, shared out by weight; FUZZ_SEED
// (default: the clock) makes a run repeatable; FUZZ_ONLY picks targets by name.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = process.env.FUZZ_RUNS ?? '120000';
const seed = process.env.FUZZ_SEED ?? String(Date.now() % 2 ** 31);
const dir = mkdtempSync(join(tmpdir(), 'struggle-lens-fuzz-report-'));
const report = join(dir, 'report.jsonl');
console.log(`fuzz: ${runs} cases, seed ${seed}`);
const started = Date.now();
const result = spawnSync(process.execPath, [join('node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/unit/fuzz', '--testTimeout=0'], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: runs, FUZZ_SEED: seed, FUZZ_REPORT: report },
});
const seconds = ((Date.now() - started) / 1000).toFixed(1);
let lines = [];
try {
  lines = readFileSync(report, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
} catch {
  // no target finished
}
rmSync(dir, { recursive: true, force: true });
const total = lines.reduce((n, l) => n + l.cases, 0);
for (const l of lines) console.log(`  ${String(l.cases).padStart(7)} cases  ${(l.ms / 1000).toFixed(1).padStart(6)} s  seed ${l.seed}  ${l.target}`);
console.log(`fuzz: ${total} cases passed in ${seconds} s (seed ${seed})${result.status === 0 ? '' : '; FAILURES above'}`);
process.exit(result.status ?? 1);
