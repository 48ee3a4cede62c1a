/**
 * The bad-input corpus (test/fixtures/bad): every file gets its exact message, naming the file,
 * from the CLI and from the extension's analysis worker (the code path of Analyze Workspace and
 * of opening a recording); the good recording beside them is still analyzed.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DETECT_CONFIG } from '../../../src/core/detect/detectors';
import { analyzeFilesInPool } from '../../../src/core/pool/analyzeMany';
import { AnalysisPool } from '../../../src/core/pool/pool';
import type { LoadJob, WorkerReply } from '../../../src/extension/workerProtocol';

const root = join(__dirname, '..', '..', '..');
const bad = join(root, 'test/fixtures/bad/recordings');
const expected = JSON.parse(readFileSync(join(root, 'test/fixtures/bad/expected.json'), 'utf8')) as Record<string, string>;
const good = join(root, 'test/fixtures/recordings/rage-click.rrweb.json');
const workerPath = join(root, "dist/analysisWorker.js");

function runWorker(job: LoadJob): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerPath, { workerData: job });
    worker.on('message', (reply: WorkerReply) => {
      if (reply.kind === 'progress') return;
      resolve(reply);
      void worker.terminate();
    });
    worker.on('error', reject);
  });
}

beforeAll(() => {
  if (!existsSync(workerPath) || !existsSync(join(root, 'dist/analysisTask.js')) || !existsSync(join(root, 'dist/cli.js'))) spawnSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root });
});

describe('bad-input corpus', () => {
  it('has at least 30 named files, each with its message', () => {
    expect(readdirSync(bad).sort()).toEqual(Object.keys(expected).sort());
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(30);
  });

  it('CLI: one line per bad file with its exact message; the good recording is still analyzed', () => {
    const folder = mkdtempSync(join(tmpdir(), 'struggle-lens-bad-'));
    copyFileSync(good, join(folder, 'good.rrweb.json'));
    const r = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'analyze', '--json', bad, join(folder, 'good.rrweb.json')], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual(Object.keys(expected).sort().map((f) => `struggle-lens: test/fixtures/bad/recordings/${f}: ${expected[f]}`));
    const report = JSON.parse(r.stdout);
    expect(report.sessions).toHaveLength(1);
    expect(report.sessions[0].struggles.map((s: { kind: string }) => s.kind)).toContain('rage-click');
    expect(report.inputErrors).toHaveLength(Object.keys(expected).length);
  });

  it('extension worker pool (Analyze Workspace): an error for each bad file only; the good one analyzes', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'struggle-lens-bad-ws-'));
    for (const f of Object.keys(expected)) copyFileSync(join(bad, f), join(folder, f));
    copyFileSync(good, join(folder, 'good.rrweb.json'));
    const files = [...Object.keys(expected), 'good.rrweb.json'].map((f) => join(folder, f));
    const pool = new AnalysisPool(join(root, 'dist/analysisTask.js'), { threads: 2 });
    const reply = await analyzeFilesInPool(files, { pool, cwd: folder, detect: DEFAULT_DETECT_CONFIG, assignErrors: () => new Map() }).finally(() => pool.destroy());
    expect(Object.fromEntries(reply.inputErrors.map((e) => [e.file, e.message]))).toEqual(expected);
    expect(reply.sessions.map((s) => s.file)).toEqual(['good.rrweb.json']);
    expect(reply.sessions[0].struggles.length).toBeGreaterThan(0);
  });

  it.each(Object.keys(expected))('extension worker, replay of %s: fails with its message', async (name) => {
    const reply = await runWorker({ kind: 'load', file: join(bad, name), maxDecompressedBytes: 2 ** 31 });
    expect(reply).toMatchObject({ kind: 'failed', inputError: true, problem: expected[name] });
  });
});
