// Benchmark: a pile of recordings over the worker pool (core/pool): `struggle-lens analyze DIR`
// on 200 recordings of about 1 MB (the realistic mix of generate.mjs, ten seeds), with 1 worker
// thread and with 2, side by side in one run (the modes take turns; the best of the runs is
// shown), and the main thread's longest event-loop delay during the 2-thread run (the pool's
// host: the extension host runs the same scheduling; the integration suite logs the extension
// host's own number, "extension host event loop delay").
//
//   node test/bench/pool.bench.mjs [--files 200] [--mb 1] [--runs 3]
//
// The recordings are cached in os.tmpdir()/struggle-lens-bench/pool-<files>x<MB>mb/.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateRecording } from './generate.mjs';

const self = fileURLToPath(import.meta.url);
const root = resolve(dirname(self), '../..');
const cli = join(root, 'dist', 'cli.js');

if (process.argv[2] === '--child') {
  // The CLI in this process, with the event loop watched (10 ms resolution).
  const [, , , threads, dir] = process.argv;
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const start = process.hrtime.bigint();
  process.argv = [process.argv[0], cli, 'analyze', '--json', '--threads', threads, dir];
  // Until the report is written: the analysis, not the printing of its JSON.
  let analyzed;
  process.stdout.write = () => {
    if (!analyzed) {
      delay.disable();
      analyzed = { ms: Number(process.hrtime.bigint() - start) / 1e6, maxDelayMs: delay.max / 1e6 };
    }
    return true;
  };
  process.on('exit', () => process.stderr.write(`\n@@${JSON.stringify({ ...analyzed, maxRssKB: process.resourceUsage().maxRSS })}\n`));
  await import(pathToFileURL(cli).href);
} else {
  const args = process.argv.slice(2);
  const opt = (name, def) => (args.includes(name) ? args[args.indexOf(name) + 1] : def);
  const files = Number(opt('--files', '200'));
  const mb = Number(opt('--mb', '1'));
  const runs = Number(opt('--runs', '3'));
  const dir = join(tmpdir(), 'struggle-lens-bench', `pool-${files}x${mb}mb`);
  if (!existsSync(dir) || readdirSync(dir).length < files) {
    mkdirSync(dir, { recursive: true });
    const seeds = Math.min(10, files);
    for (let s = 0; s < seeds; s++) await generateRecording(join(dir, `seed-${s}.rrweb.json`), mb * 1e6, { seed: 100 + s });
    for (let i = seeds; i < files; i++) copyFileSync(join(dir, `seed-${i % seeds}.rrweb.json`), join(dir, `copy-${i}.rrweb.json`));
  }
  const measure = (threads) => {
    const child = spawnSync(process.execPath, [self, '--child', String(threads), dir], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    return JSON.parse(child.stderr.split('@@').pop());
  };
  const best = { 1: Infinity, 2: Infinity };
  const delays = [];
  for (let r = 0; r < runs; r++) {
    for (const threads of [1, 2]) {
      const result = measure(threads);
      best[threads] = Math.min(best[threads], result.ms);
      if (threads === 2) delays.push(result.maxDelayMs);
    }
  }
  console.log(`${files} recordings of ~${mb} MB, ${availableParallelism()} cores available, best of ${runs}:`);
  console.log(`  1 worker thread   ${(best[1] / 1000).toFixed(2)} s`);
  console.log(`  2 worker threads  ${(best[2] / 1000).toFixed(2)} s   (${(best[1] / best[2]).toFixed(2)}× faster; target ≥ 1.7×)`);
  console.log(`  main thread event loop, longest delay during the 2-thread runs: ${Math.max(...delays).toFixed(1)} ms (target ≤ 50 ms)`);
}
