// Benchmark: loading a ~100 MB rrweb recording (plain and gzipped) with loadRecording() against
// the JSON.parse baseline, side by side in one run. Each measurement runs in its own child process
// so peak memory (maxRSS) is that measurement's alone.
//
//   node test/bench/load.bench.mjs [--mb 100] [--runs 2] [--keep]
//
// Bundles src/core/recording/load.ts on the fly with esbuild, generates the recording (the
// realistic mix of test/bench/generate.mjs) into os.tmpdir() as recording-<MB>mb-realistic.json —
// the same file analyze.bench.mjs uses — and prints MB/s, ratio and peak RSS.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';

const self = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------------------------------------
// Child: one measurement. argv: --child MODE FILE [BUNDLE]
if (process.argv[2] === '--child') {
  const [, , , mode, file, bundle] = process.argv;
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  let events;
  if (mode === 'json-parse') {
    events = JSON.parse(readFileSync(file, 'utf8')).length;
  } else if (mode === 'json-parse-gz') {
    events = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')).length;
  } else if (mode === 'load') {
    const { loadRecording } = await import(pathToFileURL(bundle).href);
    const rec = await loadRecording(file);
    events = rec.events.length;
  } else if (mode === 'idle') {
    events = 0;
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(JSON.stringify({ ms, cpuMs, events, maxRssKB: process.resourceUsage().maxRSS }));
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// Parent
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const targetMB = Number(opt('--mb', '100'));
const runs = Number(opt('--runs', '2'));
const root = resolve(dirname(self), '../..');

const work = join(tmpdir(), 'struggle-lens-bench');
mkdirSync(work, { recursive: true });

// Bundle the loader.
const esbuild = await import('esbuild');
const bundle = join(work, 'load.bundle.mjs');
await esbuild.build({
  entryPoints: [join(root, 'src/core/recording/load.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});

// Generate (or reuse) the recording and its gzipped copy.
const { generateRecording, gzipFile } = await import(pathToFileURL(join(dirname(self), 'generate.mjs')).href);
const file = join(work, `recording-${targetMB}mb-realistic.json`);
const gz = `${file}.gz`;
if (!existsSync(file) || Math.abs(statSync(file).size - targetMB * 1048576) > 1048576) {
  const t0 = Date.now();
  const { events } = await generateRecording(file, targetMB * 1048576, { mix: 'realistic' });
  console.log(`generated ${file} (${events} events) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  rmSync(gz, { force: true });
}
if (!existsSync(gz)) await gzipFile(file, gz);
const plainBytes = statSync(file).size;
const gzBytes = statSync(gz).size;

function runChild(mode, input) {
  const out = execFileSync(process.execPath, ['--max-old-space-size=8192', self, '--child', mode, input, bundle], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out);
}

// Runs are interleaved (A B C D A B C D …) so load from other processes hits all alike. Reported:
// best wall time and best CPU time (user+system, less sensitive to a busy machine), peak RSS max.
const plan = [
  ['plain', 'JSON.parse(readFileSync)', 'json-parse', file],
  ['plain', 'loadRecording', 'load', file],
  ['gzip', 'JSON.parse(gunzipSync)', 'json-parse-gz', gz],
  ['gzip', 'loadRecording', 'load', gz],
];
const samples = plan.map(() => []);
for (let r = 0; r < runs; r++) plan.forEach(([, , mode, input], i) => samples[i].push(runChild(mode, input)));
const summarize = (list) => ({
  ms: Math.min(...list.map((x) => x.ms)),
  cpuMs: Math.min(...list.map((x) => x.cpuMs)),
  events: list[0].events,
  maxRssMB: Math.max(...list.map((x) => x.maxRssKB)) / 1024,
});
const idle = summarize([runChild('idle', file)]);
const rows = plan.map(([input, method], i) => [input, method, summarize(samples[i])]);

const mb = plainBytes / 1048576;
console.log(`\nrecording: ${mb.toFixed(1)} MB uncompressed (${(gzBytes / 1048576).toFixed(1)} MB gzipped), ${rows[0][2].events} events; best of ${runs} runs; node ${process.version}`);
console.log(`idle node process peak RSS: ${idle.maxRssMB.toFixed(0)} MB\n`);
console.log('input  method                      wall       MB/s    CPU time     MB/s   peak RSS');
for (const [input, method, r] of rows) {
  console.log(
    `${input.padEnd(6)} ${method.padEnd(27)} ${(r.ms / 1000).toFixed(2).padStart(6)} s ${(mb / (r.ms / 1000)).toFixed(0).padStart(6)} ${(r.cpuMs / 1000).toFixed(2).padStart(8)} s ${(mb / (r.cpuMs / 1000)).toFixed(0).padStart(6)} ${r.maxRssMB.toFixed(0).padStart(7)} MB`,
  );
}
console.log('(MB/s of uncompressed JSON for both inputs)');
for (const [i, label] of [[0, 'plain'], [2, 'gzip']]) {
  const base = rows[i][2];
  const ours = rows[i + 1][2];
  if (base.events !== ours.events) console.log(`!! ${label}: event counts differ (${base.events} vs ${ours.events})`);
  console.log(
    `${label}: loadRecording/JSON.parse speed ${(base.ms / ours.ms).toFixed(2)}x wall, ${(base.cpuMs / ours.cpuMs).toFixed(2)}x CPU; peak RSS ${(ours.maxRssMB / base.maxRssMB).toFixed(2)}x`,
  );
}
if (!args.includes('--keep')) rmSync(bundle, { force: true });
