// Benchmark: the whole analysis (`analyzeInputs`: load, the single pass with the node mirror,
// timing, errors, detection) side by side in one run with
// - the foundation engine: the same analysis from the code as it was when the foundation issue
//   closed (commit FOUNDATION_COMMIT, from git), with detection stubbed out;
// - today's engine with detection stubbed out;
// - loadRecording alone, and the JSON.parse baseline of the same bytes;
// on the largest fixture recording and on two generated ~100 MB recordings (generate.mjs): the
// realistic mix (a long shop session: a click every few seconds, big snapshots, a handful of
// struggles) and the stress mix (a click every few events, the cursor jumping, one ever-growing
// page). Each measurement runs in its own child process so its peak memory (maxRSS) is its own;
// the modes take turns, and the best of the runs is shown (timings on a shared machine vary by
// 10–20 % from run to run).
//
//   node test/bench/analyze.bench.mjs [--mb 100] [--runs 3] [--warm] [--only fixture,realistic,stress]
//
// The generated recordings are cached in os.tmpdir()/struggle-lens-bench as
// recording-<MB>mb-<mix>.json (delete them after changing generate.mjs).
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const self = fileURLToPath(import.meta.url);

if (process.argv[2] === '--child') {
  const [, , , mode, file, bundle, repeat = '1'] = process.argv;
  let detail = '';
  const { analyzeInputs, loadRecording } = await import(pathToFileURL(bundle).href);
  // "warm" modes: one untimed analysis first, as a long-lived process (the extension's analysis
  // worker, a CLI run over many files) has done before its next file.
  if (mode.endsWith(' warm')) await analyzeInputs([file], {});
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < Number(repeat); i++) {
    if (mode === 'json-parse') {
      detail = `${JSON.parse(readFileSync(file, 'utf8')).length} events`;
    } else if (mode === 'load') {
      detail = `${(await loadRecording(file)).events.length} events`;
    } else {
      // The whole analysis as the CLI runs it (siblings, timing, errors, and detection unless the
      // bundle stubs it out).
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
const runs = Number(opt('--runs', '3'));
/** --warm: also time a second analysis in the same process (foundation and analyze). */
const warm = args.includes('--warm');
/** --only fixture,realistic,stress: a subset of the inputs. */
const only = (opt('--only', '') ?? '').split(',').filter(Boolean);
const root = resolve(dirname(self), '../..');
const work = join(tmpdir(), 'struggle-lens-bench');
mkdirSync(work, { recursive: true });

const esbuild = await import('esbuild');

/** Replaces src/core/detect with no detectors: the engine as it would run without detection. */
const withoutDetection = {
  name: 'without-detection',
  setup(build) {
    build.onResolve({ filter: /^\.\/detect(\/detectors)?$/ }, (a) => (a.importer.endsWith('analysis.ts') ? { path: 'detect', namespace: 'no-detection' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'no-detection' }, () => ({
      contents: 'export const DEFAULT_DETECT_CONFIG = {}; export function createDetectors() { return { observers: [], release() {}, finish: () => [] }; }',
      loader: 'js',
    }));
  },
};

/** Bundles the engine's entry points from a source tree (`src` under `dir`). */
async function bundleEngine(dir, outfile, plugins = []) {
  await esbuild.build({
    stdin: {
      contents: ["export { analyzeInputs } from './src/core/analysis';", "export { loadRecording } from './src/core/recording/load';"].join('\n'),
      resolveDir: dir,
      loader: 'ts',
    },
    nodePaths: [join(root, 'node_modules')],
    plugins,
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  return outfile;
}

const bundles = {
  analyze: await bundleEngine(root, join(work, 'analyze.bundle.mjs')),
  'no-detectors': await bundleEngine(root, join(work, 'no-detectors.bundle.mjs'), [withoutDetection]),
};

// The engine as it was when the foundation issue (#2) was closed, built from git without its
// detection, so "keeps the throughput it had" is measured against that code in the same run.
// Without the git history (a shallow clone) the row is left out.
const FOUNDATION_COMMIT = '469931b';
const foundationDir = join(work, 'foundation');
try {
  rmSync(foundationDir, { recursive: true, force: true });
  mkdirSync(foundationDir, { recursive: true });
  execSync(`git -C "${root}" archive ${FOUNDATION_COMMIT} src | tar -x -C "${foundationDir}"`, { stdio: ['ignore', 'ignore', 'pipe'] });
  bundles.foundation = await bundleEngine(foundationDir, join(work, 'foundation.bundle.mjs'), [withoutDetection]);
} catch (error) {
  console.log(`(no foundation row: commit ${FOUNDATION_COMMIT} is not available here: ${String(error.message ?? error).split('\n')[0]})`);
}
bundles['json-parse'] = bundles.analyze;
bundles.load = bundles.analyze;
bundles['analyze warm'] = bundles.analyze;
if (bundles.foundation) bundles['foundation warm'] = bundles.foundation;

const recordings = join(root, 'test/fixtures/recordings');
const largest = readdirSync(recordings)
  .filter((f) => f.endsWith('.rrweb.json'))
  .map((f) => join(recordings, f))
  .sort((a, b) => statSync(b).size - statSync(a).size)[0];

const { generateRecording } = await import(pathToFileURL(join(dirname(self), 'generate.mjs')).href);
const generated = {};
for (const mix of ['realistic', 'stress']) {
  const file = join(work, `recording-${targetMB}mb-${mix}.json`);
  if (!existsSync(file) || Math.abs(statSync(file).size - targetMB * 1048576) > 1048576) {
    const t0 = Date.now();
    await generateRecording(file, targetMB * 1048576, { mix });
    console.log(`generated ${file} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  generated[mix] = file;
}

const child = (mode, file, repeat) =>
  JSON.parse(execFileSync(process.execPath, ['--max-old-space-size=8192', self, '--child', mode, file, bundles[mode], String(repeat)], { encoding: 'utf8' }));

const inputs = [
  ['fixture', `largest fixture (${largest.split('/').pop()})`, largest, 20],
  ['realistic', `generated ${targetMB} MB recording, realistic mix`, generated.realistic, 1],
  ['stress', `generated ${targetMB} MB recording, stress mix`, generated.stress, 1],
].filter(([name]) => only.length === 0 || only.includes(name));
for (const [, label, file, repeat] of inputs) {
  const mb = statSync(file).size / 1048576;
  const modes = ['json-parse', 'load', ...(bundles.foundation ? ['foundation'] : []), 'no-detectors', 'analyze'];
  if (warm) modes.push(...(bundles.foundation ? ['foundation warm'] : []), 'analyze warm');
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
  const row = (m) => best[modes.indexOf(m)];
  const full = row('analyze');
  const ratio = (other, name) =>
    console.log(
      `analyze vs ${name}: ${(other.ms / full.ms).toFixed(2)}x speed (wall), ${(other.cpuMs / full.cpuMs).toFixed(2)}x (CPU), ${(full.maxRssMB / other.maxRssMB).toFixed(2)}x peak RSS`,
    );
  ratio(row('json-parse'), 'JSON.parse');
  if (bundles.foundation) ratio(row('foundation'), `the foundation engine (${FOUNDATION_COMMIT}, without detection)`);
  ratio(row('no-detectors'), 'the engine without detectors');
  if (warm && bundles.foundation) {
    const a = row('analyze warm');
    const f = row('foundation warm');
    console.log(`analyze vs the foundation engine, both warm: ${(f.ms / a.ms).toFixed(2)}x speed (wall), ${(f.cpuMs / a.cpuMs).toFixed(2)}x (CPU)`);
  }
}
for (const file of new Set(Object.values(bundles))) rmSync(file, { force: true });
rmSync(foundationDir, { recursive: true, force: true });
