// Benchmark: the whole engine (load + single pass with node mirror, timing, errors, detectors)
// against the engine without detectors and the JSON.parse baseline of the same bytes, side by side in one run, on the largest
// fixture recording and on a generated ~100 MB recording. Each measurement runs in its own child
// process so its peak memory (maxRSS) is its own.
//
//   node test/bench/analyze.bench.mjs [--mb 100] [--runs 2]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const self = fileURLToPath(import.meta.url);

if (process.argv[2] === '--child') {
  const [, , , mode, file, bundle, repeat = '1'] = process.argv;
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  let detail = '';
  const { analyzeInputs, loadRecording, runPass, TimingCollector, ErrorCollector } = await import(pathToFileURL(bundle).href);
  for (let i = 0; i < Number(repeat); i++) {
    if (mode === 'json-parse') {
      detail = `${JSON.parse(readFileSync(file, 'utf8')).length} events`;
    } else if (mode === 'load') {
      detail = `${(await loadRecording(file)).events.length} events`;
    } else if (mode === 'no-detectors') {
      // The engine as it stood before detection: load, the pass with the node mirror, timing, errors.
      const rec = await loadRecording(file);
      const { pages } = runPass(rec.events, [new TimingCollector(), new ErrorCollector()]);
      detail = `${rec.events.length} events, ${pages.length} pages`;
    } else if (mode === 'analyze') {
      const result = await analyzeInputs([file], {});
      const s = result.sessions[0];
      detail = `${s.events.length} events, ${s.pages.length} pages, ${s.struggles.length} struggles`;
    }
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6 / Number(repeat);
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000 / Number(repeat), detail, maxRssKB: process.resourceUsage().maxRSS }));
  process.exit(0);
}

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(name) ? args[args.indexOf(name) + 1] : def);
const targetMB = Number(opt('--mb', '100'));
const runs = Number(opt('--runs', '2'));
const root = resolve(dirname(self), '../..');
const work = join(tmpdir(), 'struggle-lens-bench');
mkdirSync(work, { recursive: true });

const esbuild = await import('esbuild');
const bundle = join(work, 'analyze.bundle.mjs');
await esbuild.build({
  stdin: {
    contents: [
      "export { analyzeInputs } from './src/core/analysis';",
      "export { loadRecording } from './src/core/recording/load';",
      "export { runPass } from './src/core/recording/session';",
      "export { TimingCollector } from './src/core/timing';",
      "export { ErrorCollector } from './src/core/errors';",
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
});

const recordings = join(root, 'test/fixtures/recordings');
const largest = readdirSync(recordings)
  .filter((f) => f.endsWith('.rrweb.json'))
  .map((f) => join(recordings, f))
  .sort((a, b) => statSync(b).size - statSync(a).size)[0];

const { generateRecording } = await import(pathToFileURL(join(dirname(self), 'generate.mjs')).href);
const big = join(work, `recording-${targetMB}mb.json`);
if (!existsSync(big) || Math.abs(statSync(big).size - targetMB * 1048576) > 1048576) {
  const t0 = Date.now();
  await generateRecording(big, targetMB * 1048576);
  console.log(`generated ${big} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

const child = (mode, file, repeat) =>
  JSON.parse(execFileSync(process.execPath, ['--max-old-space-size=8192', self, '--child', mode, file, bundle, String(repeat)], { encoding: 'utf8' }));

for (const [label, file, repeat] of [
  [`largest fixture (${largest.split('/').pop()})`, largest, 20],
  [`generated ${targetMB} MB recording`, big, 1],
]) {
  const mb = statSync(file).size / 1048576;
  const modes = ['json-parse', 'load', 'no-detectors', 'analyze'];
  const samples = modes.map(() => []);
  for (let r = 0; r < runs; r++) modes.forEach((m, i) => samples[i].push(child(m, file, repeat)));
  const best = samples.map((list) => ({
    ms: Math.min(...list.map((x) => x.ms)),
    cpuMs: Math.min(...list.map((x) => x.cpuMs)),
    maxRssMB: Math.max(...list.map((x) => x.maxRssKB)) / 1024,
    detail: list[0].detail,
  }));
  console.log(`\n${label}: ${mb.toFixed(2)} MB; best of ${runs} runs${repeat > 1 ? `, ${repeat} repetitions each` : ''}`);
  console.log('method                  wall/run     MB/s  CPU/run     MB/s  peak RSS  result');
  modes.forEach((m, i) => {
    const r = best[i];
    console.log(
      `${m.padEnd(22)} ${r.ms.toFixed(0).padStart(7)} ms ${(mb / (r.ms / 1000)).toFixed(1).padStart(7)} ${r.cpuMs.toFixed(0).padStart(6)} ms ${(mb / (r.cpuMs / 1000)).toFixed(1).padStart(7)} ${r.maxRssMB.toFixed(0).padStart(6)} MB  ${r.detail}`,
    );
  });
  const [base, , foundation, full] = best;
  console.log(`analyze vs JSON.parse: ${(base.cpuMs / full.cpuMs).toFixed(2)}x speed (CPU), ${(full.maxRssMB / base.maxRssMB).toFixed(2)}x peak RSS`);
  console.log(`analyze vs the engine without detectors: ${(foundation.cpuMs / full.cpuMs).toFixed(2)}x speed (CPU), ${(full.maxRssMB / foundation.maxRssMB).toFixed(2)}x peak RSS`);
}
rmSync(bundle, { force: true });
