/**
 * The extension host survives what recordings do to the analysis (issue 14): a recording that
 * exhausts its worker's memory, or runs past its time limit, costs only that file (an input
 * error naming it) and the pool goes on with a new worker; 500 recordings that appear at once
 * (a git checkout) are analyzed once, debounced, with nothing lost or duplicated in the view or
 * in Problems; a folder moved in with recordings inside is searched. The extension host's event loop delay during these analyses is logged (the bench
 * keeps the number; no test asserts time).
 */
import * as assert from 'node:assert/strict';
import { closeSync, copyFileSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { StruggleLensApi } from '../../../src/extension/extension';
import type { RecordingAnalysis } from '../../../src/extension/struggleIndex';
import { runCommand, waitFor } from '../workbench';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const rageClick = path.join(repoRoot, 'test', 'fixtures', 'recordings', 'rage-click.rrweb.json');

function workspaceDir(name: string): string {
  return path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, name);
}

/** A valid recording of about `bytes`: one page, then mouse moves (far more than a small heap once parsed). */
function writeBigRecording(file: string, bytes: number): void {
  const fd = openSync(file, 'w');
  const t0 = Date.UTC(2030, 0, 1);
  writeSync(fd, `[{"type":4,"data":{"href":"https://big.example/","width":1280,"height":720},"timestamp":${t0}},`);
  writeSync(fd, `{"type":2,"data":{"node":{"type":0,"id":1,"childNodes":[{"type":2,"id":2,"tagName":"html","attributes":{},"childNodes":[]}]},"initialOffset":{"top":0,"left":0}},"timestamp":${t0 + 1}}`);
  let written = 0;
  let t = t0 + 10;
  while (written < bytes) {
    const chunk: string[] = [];
    for (let i = 0; i < 1000; i++) {
      t += 10;
      chunk.push(`,{"type":3,"data":{"source":1,"positions":[{"x":${i % 800},"y":${(i * 7) % 600},"id":2,"timeOffset":0}]},"timestamp":${t}}`);
    }
    const text = chunk.join('');
    writeSync(fd, text);
    written += text.length;
  }
  writeSync(fd, ']');
  closeSync(fd);
}

describe('the extension host survives the analysis', function () {
  this.timeout(900_000);
  let api: StruggleLensApi;
  const config = () => vscode.workspace.getConfiguration('struggleLens');
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const delays: string[] = [];
  // STRUGGLE_LENS_CPU_PROF=DIR: a CPU profile of the extension host per measured run, into DIR
  // (open the .cpuprofile in Chrome DevTools): what blocked the event loop.
  const profileDir = process.env.STRUGGLE_LENS_CPU_PROF;
  const measure = async <T>(what: string, work: () => PromiseLike<T>): Promise<T> => {
    const profiler = profileDir ? new Session() : undefined;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    delay.reset();
    delay.enable();
    try {
      return await work();
    } finally {
      delay.disable();
      if (profiler) {
        const { profile } = await profiler.post('Profiler.stop');
        mkdirSync(profileDir!, { recursive: true });
        writeFileSync(path.join(profileDir!, `${what.replace(/\W+/g, '-')}.cpuprofile`), JSON.stringify(profile));
        profiler.disconnect();
      }
      delays.push(`${what}: max ${(delay.max / 1e6).toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms`);
    }
  };
  const ofDir = (dir: string) => api.recordings().filter((r) => r.relativePath.startsWith(`${dir}/`));

  before(async () => {
    api = await vscode.extensions.getExtension<StruggleLensApi>('struggle-lens.struggle-lens')!.activate();
    await runCommand('struggleLens.analyzeWorkspace');
  });

  after(async () => {
    for (const key of ['analysis.workerMemoryMb', 'analysis.timeoutSeconds', 'analysis.timeoutSecondsPerMb']) {
      await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    for (const dir of ['survival.tmp', 'many.tmp']) rmSync(workspaceDir(dir), { recursive: true, force: true });
    await runCommand('struggleLens.analyzeWorkspace');
    for (const line of delays) console.log(`[suite] extension host event loop delay, ${line}`);
  });

  it('a recording that exhausts its worker\'s memory costs only that file; the others analyze', async () => {
    await config().update('analysis.workerMemoryMb', 24, vscode.ConfigurationTarget.Global);
    const dir = workspaceDir('survival.tmp');
    mkdirSync(dir, { recursive: true });
    writeBigRecording(path.join(dir, 'big.rrweb.json'), 40e6);
    copyFileSync(rageClick, path.join(dir, 'good.rrweb.json'));
    await measure('out-of-memory run', () => runCommand('struggleLens.analyzeWorkspace'));
    const big = ofDir('survival.tmp').find((r) => r.relativePath === 'survival.tmp/big.rrweb.json');
    const good = ofDir('survival.tmp').find((r) => r.relativePath === 'survival.tmp/good.rrweb.json');
    assert.ok(big && good, 'both recordings are in the view');
    assert.deepEqual(big.inputErrors, [{ file: 'survival.tmp/big.rrweb.json', message: 'analysis ran out of memory (limit 24 MB per worker) and was stopped (the worker was restarted)' }]);
    assert.equal(big.sessions.length, 0);
    assert.ok(good.sessions[0].struggles.some((s) => s.kind === 'rage-click'), 'the good recording beside it is analyzed');
    // Every other recording of the workspace is still there and analyzed.
    assert.ok(api.recordings().filter((r) => r.relativePath.startsWith('recordings/')).every((r) => r.sessions.length > 0));
  });

  it('a recording past its time limit is stopped, reported once and not retried; the pool goes on', async () => {
    await config().update('analysis.workerMemoryMb', undefined, vscode.ConfigurationTarget.Global);
    await config().update('analysis.timeoutSeconds', 0.2, vscode.ConfigurationTarget.Global);
    await config().update('analysis.timeoutSecondsPerMb', 0, vscode.ConfigurationTarget.Global);
    const runsBefore = api.analysisRuns().length;
    await measure('time-limit run', () => runCommand('struggleLens.analyzeWorkspace'));
    const big = ofDir('survival.tmp').find((r) => r.relativePath === 'survival.tmp/big.rrweb.json')!;
    assert.deepEqual(big.inputErrors, [{ file: 'survival.tmp/big.rrweb.json', message: 'analysis did not finish within 0.2 s and was stopped (the worker was restarted)' }]);
    const runs = api.analysisRuns().slice(runsBefore);
    assert.equal(runs.flatMap((r) => r.files).filter((f) => f === 'survival.tmp/big.rrweb.json').length, 1, 'analyzed once: not retried');

    // With the limits back, the next analysis works in the restarted workers.
    await config().update('analysis.timeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    await config().update('analysis.timeoutSecondsPerMb', undefined, vscode.ConfigurationTarget.Global);
    rmSync(path.join(workspaceDir('survival.tmp'), 'big.rrweb.json'));
    await waitFor('the deleted recording to leave the view', () => !ofDir('survival.tmp').some((r) => r.relativePath.endsWith('big.rrweb.json')));
    const summary = await measure('workspace run', () => runCommand<{ inputErrors: number }>('struggleLens.analyzeWorkspace'));
    assert.equal(summary!.inputErrors, 0);
  });

  it('500 recordings that appear at once are analyzed once, with nothing lost or duplicated', async () => {
    const linked = (r: RecordingAnalysis) => r.sessions.flatMap((s) => s.struggles).filter((s) => s.sources.length > 0).length;
    const original = api.recordings().find((r) => r.relativePath === 'recordings/rage-click.rrweb.json')!;
    const perCopy = linked(original);
    assert.ok(perCopy > 0, 'the copied recording has linked struggles');
    const diagnosticsFrom = (prefix: string) =>
      vscode.languages
        .getDiagnostics()
        .flatMap(([, list]) => list)
        .filter((d) => d.source === 'Struggle Lens')
        .map((d) => new URLSearchParams((d.code as { target: vscode.Uri }).target.query).get('file') ?? '')
        .filter((f) => f.startsWith(prefix));
    const perCopyDiagnostics = diagnosticsFrom('recordings/rage-click.rrweb.json').length;
    assert.ok(perCopyDiagnostics > 0);

    const runsBefore = api.analysisRuns().length;
    const dir = workspaceDir('many.tmp');
    // As a git checkout does: 500 files written in a burst (synchronously: the test's own time on
    // the event loop, left out of the measurement).
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 500; i++) copyFileSync(rageClick, path.join(dir, `copy-${String(i).padStart(3, '0')}.rrweb.json`));
    await measure('500 recordings changed at once', async () => {
      await waitFor('the 500 recordings to be analyzed', () => ofDir('many.tmp').length === 500 && api.analysisState() === 'done', 600_000);
      // Quiet: no late batch arrives.
      await new Promise((r) => setTimeout(r, 3000));
    });
    const copies = ofDir('many.tmp');
    assert.equal(new Set(copies.map((r) => r.uri)).size, 500, 'each recording once in the view');
    assert.ok(copies.every((r) => r.inputErrors.length === 0 && linked(r) === perCopy), 'each analyzed in full');
    const runs = api.analysisRuns().slice(runsBefore);
    assert.equal(runs.length, 1, `one debounced run: ${JSON.stringify(runs)}`);
    assert.equal(runs[0].files.length, 500);
    assert.equal(new Set(runs[0].files).size, 500);

    const fromCopies = await waitFor('the copies\' diagnostics', () => {
      const list = diagnosticsFrom('many.tmp/');
      return list.length >= 500 * perCopyDiagnostics ? list : undefined;
    });
    assert.equal(fromCopies.length, 500 * perCopyDiagnostics, 'no diagnostic lost or duplicated');
    assert.equal(new Set(fromCopies).size, 500);

    rmSync(dir, { recursive: true, force: true });
    await waitFor('the deleted recordings to leave the view', () => ofDir('many.tmp').length === 0, 60_000);
    await waitFor('their diagnostics to leave Problems', () => diagnosticsFrom('many.tmp/').length === 0, 60_000);
  });

  it('a folder moved into the workspace with recordings inside is analyzed, though only the folder is reported', async () => {
    // A move (an unpacked archive, `mv`) reports only the folder: the recordings inside it never
    // produce an event of their own.
    const staging = path.join(path.dirname(vscode.workspace.workspaceFolders![0].uri.fsPath), 'moved-in.staging.tmp');
    rmSync(staging, { recursive: true, force: true });
    rmSync(workspaceDir('moved.tmp'), { recursive: true, force: true });
    mkdirSync(path.join(staging, 'nested'), { recursive: true });
    for (let i = 0; i < 5; i++) copyFileSync(rageClick, path.join(staging, i < 3 ? '' : 'nested', `moved-${i}.rrweb.json`));
    const runsBefore = api.analysisRuns().length;
    renameSync(staging, workspaceDir('moved.tmp'));
    await waitFor('the moved recordings to be analyzed', () => ofDir('moved.tmp').length === 5 && api.analysisState() === 'done', 120_000);
    assert.deepEqual(
      ofDir('moved.tmp').map((r) => r.relativePath).sort(),
      ['moved.tmp/moved-0.rrweb.json', 'moved.tmp/moved-1.rrweb.json', 'moved.tmp/moved-2.rrweb.json', 'moved.tmp/nested/moved-3.rrweb.json', 'moved.tmp/nested/moved-4.rrweb.json'],
    );
    assert.ok(ofDir('moved.tmp').every((r) => r.inputErrors.length === 0 && r.sessions.length > 0));
    assert.equal(api.analysisRuns().slice(runsBefore).flatMap((r) => r.files).filter((f) => f.startsWith('moved.tmp/')).length, 5, 'each analyzed once');
    rmSync(workspaceDir('moved.tmp'), { recursive: true, force: true });
    await waitFor('the moved recordings to leave the view', () => ofDir('moved.tmp').length === 0, 60_000);
  });
});
