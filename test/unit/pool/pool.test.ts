/**
 * The analysis pool (core/pool) with the built task file: the same result as analyzing in one
 * thread, segments of one session merged, --errors attributed once across every session; and a
 * recording that exhausts its worker's memory or its time limit costs only itself, is reported
 * by name, and the pool goes on with a new worker.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeInputs } from '../../../src/core/analysis';
import { analyzeFilesInPool, analyzeInputsInPool } from '../../../src/core/pool/analyzeMany';
import { AnalysisPool } from '../../../src/core/pool/pool';
import { analysisReport } from '../../../src/core/report';
// @ts-expect-error: the bench's generator is plain JavaScript
import { generateRecording } from '../../bench/generate.mjs';

const root = join(__dirname, '..', '..', '..');
const taskFile = join(root, 'dist/analysisTask.js');
const recordings = join(root, 'test/fixtures/recordings');
const good = join(recordings, 'rage-click.rrweb.json');
let folder: string;
let big: string;

/** Reports without their time of making. */
const comparable = (r: Awaited<ReturnType<typeof analyzeInputs>>) => {
  const { generatedAt: _g, ...rest } = analysisReport(r.sessions, r.inputErrors, r.unattachedErrors) as unknown as Record<string, unknown>;
  return rest;
};

beforeAll(async () => {
  if (!existsSync(taskFile)) spawnSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root });
  folder = mkdtempSync(join(tmpdir(), 'struggle-lens-pool-'));
  big = join(folder, 'big.rrweb.json');
  // About 40 MB of events: parsed, far more than a 24 MB heap.
  await generateRecording(big, 40e6, { seed: 7 });
  copyFileSync(good, join(folder, 'good.rrweb.json'));
}, 120_000);

describe('analysis pool', () => {
  const pools: AnalysisPool[] = [];
  const pool = (settings: ConstructorParameters<typeof AnalysisPool>[1]) => {
    const p = new AnalysisPool(taskFile, settings);
    pools.push(p);
    return p;
  };
  afterAll(() => Promise.all(pools.map((p) => p.destroy())));

  it('gives the same report as one thread, with --errors and a workspace to link to', async () => {
    const options = { cwd: root, workspace: join(root, 'test/fixtures/app'), errorsFiles: [join(recordings, 'error-click-sentry.errors.json')] };
    const single = await analyzeInputs([recordings], options);
    const pooled = await analyzeInputsInPool([recordings], { ...options, pool: pool({ threads: 2 }) });
    expect(comparable(pooled)).toEqual(comparable(single));
    expect(pooled.sessions.some((s) => s.errors.some((e) => e.file?.endsWith('error-click-sentry.errors.json')))).toBe(true);
  });

  it('merges recordings that are segments of one session', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'struggle-lens-segments-'));
    const meta = (t: number) => ({ type: 4, data: { href: 'https://shop.example/', width: 800, height: 600 }, timestamp: t });
    const snapshot = (t: number) => ({ type: 2, data: { node: { type: 0, id: 1, childNodes: [] }, initialOffset: { top: 0, left: 0 } }, timestamp: t });
    writeFileSync(join(dir, 'a.rrweb.json'), JSON.stringify({ sessionId: 's-1', events: [meta(1000), snapshot(1001)] }));
    writeFileSync(join(dir, 'b.rrweb.json'), JSON.stringify({ sessionId: 's-1', events: [meta(5000), snapshot(5001)] }));
    writeFileSync(join(dir, 'c.rrweb.json'), JSON.stringify([meta(9000), snapshot(9001)]));
    const single = await analyzeInputs([dir], { cwd: dir });
    const pooled = await analyzeInputsInPool([dir], { cwd: dir, pool: pool({ threads: 2 }) });
    expect(comparable(pooled)).toEqual(comparable(single));
    expect(pooled.sessions.map((s) => s.file)).toEqual(single.sessions.map((s) => s.file));
  });

  it('a recording that runs its worker out of memory costs only that file; the next task gets a new worker', async () => {
    const p = pool({ threads: 1, memoryMb: 24 });
    const files = [big, join(folder, 'good.rrweb.json')];
    const result = await analyzeFilesInPool(files, { cwd: folder, pool: p });
    expect(result.inputErrors).toEqual([{ file: 'big.rrweb.json', message: 'analysis ran out of memory (limit 24 MB per worker) and was stopped (the worker was restarted)' }]);
    expect(result.sessions.map((s) => s.file)).toEqual(['good.rrweb.json']);
    expect(result.sessions[0].struggles.some((s) => s.kind === 'rage-click')).toBe(true);
  }, 120_000);

  it('a recording past its time limit is stopped and reported once, not retried', async () => {
    const p = pool({ threads: 1, timeoutSeconds: 0.2, timeoutSecondsPerMb: 0 });
    const progress: string[] = [];
    const result = await analyzeFilesInPool([big], { cwd: folder, pool: p, onProgress: (e) => progress.push(e.file) });
    expect(result.inputErrors).toEqual([{ file: 'big.rrweb.json', message: 'analysis did not finish within 0.2 s and was stopped (the worker was restarted)' }]);
    expect(progress.filter((f) => f === 'big.rrweb.json')).toHaveLength(1);
    // The same pool analyzes again afterwards, in a new worker.
    const again = await analyzeFilesInPool([good], { cwd: root, pool: pool({ threads: 1 }) });
    expect(again.sessions).toHaveLength(1);
  }, 120_000);

  it('cancels: the run rejects and no task is left running', async () => {
    const p = pool({ threads: 1 });
    const controller = new AbortController();
    const run = analyzeFilesInPool([big, good], { cwd: folder, pool: p, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('cancelled by the test')), 50);
    await expect(run).rejects.toThrow();
  }, 60_000);
});
