/**
 * Privacy: analysis never reaches the network. The CLI and the extension's analysis worker run
 * over every fixture (hostile ones included) with test/harness/no-network.cjs preloaded, which
 * records and refuses every socket, request, DNS look-up and fetch; the log must stay empty.
 * Positive controls prove the trap catches an attempt, in the main thread and in a worker.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DETECT_CONFIG } from '../../../src/core/detect/detectors';

const root = join(__dirname, '..', '..', '..');
const preload = join(root, 'test/harness/no-network.cjs');
const dir = mkdtempSync(join(tmpdir(), 'struggle-lens-privacy-'));
const inputs = ['test/fixtures/recordings', 'test/fixtures/hostile'];

function runNode(args: string[], log: string) {
  return spawnSync(process.execPath, ['--require', preload, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, STRUGGLE_LENS_NETWORK_LOG: log }, maxBuffer: 64 * 1024 * 1024 });
}
const attempts = (log: string) => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : []);

beforeAll(() => {
  if (!existsSync(join(root, 'dist/cli.js')) || !existsSync(join(root, 'dist/analysisWorker.js'))) spawnSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root });
});

describe('no network during analysis', () => {
  it('the trap catches attempts (positive control), also in a worker thread', () => {
    const log = join(dir, 'control.log');
    const script = join(dir, 'control.cjs');
    writeFileSync(
      script,
      `const { Worker } = require('node:worker_threads');
       try { require('node:net').connect(9, '127.0.0.1'); } catch {}
       try { fetch('http://127.0.0.1:9/'); } catch {}
       new Worker("try { require('node:https').get('https://127.0.0.1:9/'); } catch {}", { eval: true }).on('exit', () => {});`,
    );
    runNode([script], log);
    expect(attempts(log)).toEqual(['net.connect', 'fetch', 'node:https.get']);
  });

  it('the CLI opens no socket (every fixture, linked to the workspace, JSON and table)', () => {
    for (const json of [true, false]) {
      const log = join(dir, `cli-${json}.log`);
      const r = runNode([join(root, 'dist/cli.js'), 'analyze', ...(json ? ['--json'] : []), '--workspace', 'test/fixtures/app', ...inputs], log);
      expect(r.status).toBe(0);
      expect(r.stderr).not.toContain('network access attempted');
      expect(attempts(log)).toEqual([]);
    }
  });

  it('the analysis workers open no socket (a pool task over every fixture, and the replay load job)', () => {
    const log = join(dir, 'worker.log');
    const files = inputs.flatMap((d) => readdirSync(join(root, d)).filter((f) => /\.rrweb\./.test(f)).map((f) => join(root, d, f)));
    const driver = join(dir, 'driver.cjs');
    writeFileSync(
      driver,
      `const { Worker } = require('node:worker_threads');
       const { DEFAULT_DETECT_CONFIG } = require(${JSON.stringify(join(dir, 'detect.cjs'))});
       const run = (job) => new Promise((resolve) => { const w = new Worker(${JSON.stringify(join(root, 'dist/analysisWorker.js'))}, { workerData: job });
         w.on('message', (m) => { if (m.kind !== 'progress') { resolve(m); w.terminate(); } }); w.on('error', (e) => resolve({ kind: 'error', message: String(e) })); });
       // The pool's task (dist/analysisTask.js) in a worker thread, as piscina runs it.
       const task = (files) => new Promise((resolve) => {
         const w = new Worker(\`require(\${JSON.stringify(${JSON.stringify(join(root, 'dist/analysisTask.js'))})}).default(require('node:worker_threads').workerData)
           .then((r) => require('node:worker_threads').parentPort.postMessage({ kind: 'analyzed', sessions: r.sessions }), (e) => require('node:worker_threads').parentPort.postMessage({ kind: 'failed', message: String(e) }))\`,
           { eval: true, workerData: { files, options: { cwd: ${JSON.stringify(root)}, workspace: ${JSON.stringify(root)}, detect: DEFAULT_DETECT_CONFIG, runId: 'privacy' } } });
         w.on('message', (m) => { resolve(m); w.terminate(); }); w.on('error', (e) => resolve({ kind: 'error', message: String(e) }));
       });
       (async () => {
         const a = await task(${JSON.stringify(files)});
         const l = await run({ kind: 'load', file: ${JSON.stringify(files[0])}, maxDecompressedBytes: 2 ** 31 });
         console.log(JSON.stringify({ analyze: a.kind, sessions: (a.sessions || []).length, load: l.kind }));
       })();`,
    );
    writeFileSync(join(dir, 'detect.cjs'), `module.exports = { DEFAULT_DETECT_CONFIG: ${JSON.stringify(DEFAULT_DETECT_CONFIG)} };`);
    const r = runNode([driver], log);
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toEqual({ analyze: 'analyzed', sessions: files.length, load: 'loaded' });
    expect(attempts(log)).toEqual([]);
  });
});

describe('no telemetry', () => {
  it('no source file uses a network or telemetry API', () => {
    const NETWORK = /\bfetch\(|XMLHttpRequest|WebSocket|sendBeacon|EventSource|node:(http|https|net|tls|dgram|dns)\b|from '(http|https|net|tls|dgram|dns)'|createTelemetryLogger|TelemetryReporter|env\.isTelemetryEnabled|applicationinsights/;
    const offenders: string[] = [];
    const walk = (d: string): void => {
      for (const entry of readdirSync(join(root, d), { withFileTypes: true })) {
        const rel = `${d}/${entry.name}`;
        if (entry.isDirectory()) walk(rel);
        else if (/\.(ts|mts|js)$/.test(entry.name) && NETWORK.test(readFileSync(join(root, rel), 'utf8'))) offenders.push(rel);
      }
    };
    walk('src');
    walk('webview');
    expect(offenders).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies).filter((d) => /telemetry|analytics|sentry|posthog|insights/i.test(d))).toEqual([]);
  });
});
