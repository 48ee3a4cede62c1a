/**
 * The bad-input corpus (test/fixtures/bad) in the real VS Code: copied into a folder of the
 * workspace beside one good recording, Analyze Workspace gives each bad file exactly its
 * expected message as an input error for that file only, and the good one still analyzes.
 */
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { StruggleLensApi } from '../../../src/extension/extension';
import { runCommand } from '../workbench';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const bad = path.join(repoRoot, 'test', 'fixtures', 'bad');

describe('the bad-input corpus in the editor', function () {
  this.timeout(180_000);
  const dir = () => path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'bad-corpus.tmp');

  after(async () => {
    rmSync(dir(), { recursive: true, force: true });
    await runCommand('struggleLens.analyzeWorkspace');
  });

  it('gives each bad file its own message and still analyzes the good one', async () => {
    const api = await vscode.extensions.getExtension<StruggleLensApi>('struggle-lens.struggle-lens')!.activate();
    const expected = JSON.parse(readFileSync(path.join(bad, 'expected.json'), 'utf8')) as Record<string, string>;
    mkdirSync(dir(), { recursive: true });
    for (const name of readdirSync(path.join(bad, 'recordings'))) copyFileSync(path.join(bad, 'recordings', name), path.join(dir(), name));
    copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'recordings', 'rage-click.rrweb.json'), path.join(dir(), 'good.rrweb.json'));
    await runCommand('struggleLens.analyzeWorkspace');

    const mine = api.recordings().filter((r) => r.relativePath.startsWith('bad-corpus.tmp/'));
    const got = Object.fromEntries(mine.filter((r) => r.relativePath !== 'bad-corpus.tmp/good.rrweb.json').map((r) => [path.posix.basename(r.relativePath), r.inputErrors]));
    assert.deepEqual(Object.keys(got).sort(), Object.keys(expected).sort(), 'every bad file is in the view');
    for (const [name, message] of Object.entries(expected)) {
      assert.deepEqual(got[name], [{ file: `bad-corpus.tmp/${name}`, message }], name);
    }
    const good = mine.find((r) => r.relativePath === 'bad-corpus.tmp/good.rrweb.json');
    assert.ok(good && good.inputErrors.length === 0 && good.sessions[0].struggles.some((s) => s.kind === 'rage-click'), 'the good recording analyzes');
    // The other recordings are untouched.
    assert.ok(api.recordings().filter((r) => r.relativePath.startsWith('recordings/')).every((r) => r.inputErrors.length === 0));
  });
});
