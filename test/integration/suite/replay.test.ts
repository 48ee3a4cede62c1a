import * as assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { StruggleLensApi } from '../../../src/extension/extension';
import { activeCustomEditor, screenshot, waitFor, waitForWebviewText } from '../workbench';

// Compiled to out/test/integration/suite/: the repository is four levels up.
const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

/** A recorded fixture when the recorder has produced some, else the workspace's own sample. */
function recordingToOpen(): { uri: vscode.Uri; expectedText: string | undefined } {
  const fixtures = path.join(repoRoot, 'test', 'fixtures', 'recordings');
  const recorded = existsSync(fixtures) ? readdirSync(fixtures).filter((f) => f.endsWith('.rrweb.json')).sort() : [];
  if (recorded.length > 0) return { uri: vscode.Uri.file(path.join(fixtures, recorded[0])), expectedText: undefined };
  return { uri: vscode.Uri.file(path.join(repoRoot, 'test', 'integration', 'workspace', 'sample.rrweb.json')), expectedText: 'Struggle Lens sample page' };
}

describe('replay editor', () => {
  let api: StruggleLensApi;

  before(async () => {
    api = await vscode.extensions.getExtension<StruggleLensApi>('struggle-lens.struggle-lens')!.activate();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a recording in the replay webview, which shows the recorded page', async () => {
    const { uri, expectedText } = recordingToOpen();
    await vscode.commands.executeCommand('struggleLens.openRecording', uri);

    const editor = await waitFor('the replay editor tab', () => activeCustomEditor());
    assert.equal(editor.viewType, 'struggleLens.replay');
    assert.equal(editor.uri.toString(), uri.toString());

    const shown = await waitFor('the player to report it is shown', () => api.replayPanels().find((p) => p.shown)?.shown);
    assert.ok(shown.totalTimeMs > 0, 'the replay has a length');

    const text = await waitForWebviewText('the replayed page in the webview', (t) => Boolean(t.replay?.trim()));
    assert.match(text.webview, /skip inactive/, 'the player controls are drawn');
    if (expectedText) assert.ok(text.replay!.includes(expectedText), `the replay shows "${expectedText}": ${text.replay}`);
    await screenshot('replay-editor');
  });

  it('opens *.rrweb.json files with the replay editor by default', async () => {
    const { uri } = recordingToOpen();
    await vscode.commands.executeCommand('vscode.open', uri);
    const editor = await waitFor('the replay editor tab', () => activeCustomEditor());
    assert.equal(editor.viewType, 'struggleLens.replay');
  });

  it('shows a clear message for a file that is not a recording', async () => {
    const broken = vscode.Uri.file(path.join(repoRoot, 'test', 'integration', 'workspace', 'broken.rrweb.json'));
    await vscode.commands.executeCommand('struggleLens.openRecording', broken);
    const text = await waitForWebviewText('the error message in the webview', (t) => t.webview.includes('broken.rrweb.json'));
    assert.match(text.webview, /broken\.rrweb\.json: .*JSON/);
    assert.equal(text.replay, null);
  });
});
