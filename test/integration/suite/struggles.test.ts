/**
 * The editor experience end to end, in the fixture workspace (test/fixtures: recordings/ and the
 * demo app's sources in app/src/): analyze, the Struggles view, Problems, CodeLens, hovers, the
 * replay at a struggle, error frames that open the source, links, reports.
 */
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import * as vscode from 'vscode';
import type { StruggleLensApi } from '../../../src/extension/extension';
import type { AnalyzeSummary } from '../../../src/extension/analysisService';
import type { StruggleRef } from '../../../src/extension/struggleIndex';
import {
  activeCustomEditor,
  clickInWebview,
  problemsPanelRows,
  readTreeItem,
  runCommand,
  screenshot,
  waitFor,
  waitForWebviewText,
  workbenchText,
} from '../workbench';

/** The README's screenshots come from these tests, refreshed only when asked (they are committed). */
function updateReadmeScreenshot(shot: string, name: string): void {
  if (process.env.STRUGGLE_LENS_UPDATE_SCREENSHOTS === '1') copyFileSync(shot, path.join(repoRoot, 'media', name));
}

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const recordingsDir = path.join(repoRoot, 'test', 'fixtures', 'recordings');
const VIEW = 'struggleLens.struggles';

interface TruthStruggle {
  kind: string;
  atMs: number;
  targetText?: string;
  sourceFile?: string;
  sourceLine?: number;
}
interface Truth {
  struggles: TruthStruggle[];
  errors: Array<{ sourceFile?: string; sourceLine?: number; sourceColumn?: number }>;
}

function truth(name: string): Truth {
  return JSON.parse(readFileSync(path.join(recordingsDir, `${name}.truth.json`), 'utf8')) as Truth;
}

function folder(): vscode.Uri {
  return vscode.workspace.workspaceFolders![0].uri;
}

/** Truth files name sources relative to the demo app (test/fixtures/app). */
function appSource(file: string): vscode.Uri {
  return vscode.Uri.joinPath(folder(), 'app', ...file.split('/'));
}

function recordingUri(name: string): vscode.Uri {
  return vscode.Uri.joinPath(folder(), 'recordings', name);
}

describe('struggles in the editor', function () {
  this.timeout(120_000);
  let api: StruggleLensApi;
  let summary: AnalyzeSummary;

  before(async () => {
    api = await vscode.extensions.getExtension<StruggleLensApi>('struggle-lens.struggle-lens')!.activate();
    summary = (await runCommand<AnalyzeSummary>('struggleLens.analyzeWorkspace'))!;
  });

  afterEach(async () => {
    await runCommand('workbench.action.closeAllEditors');
  });

  /** The ref of the struggle of `recording` whose kind and first source line match. */
  function refFor(recording: string, kind: string, file?: string, line?: number): StruggleRef {
    const analyzed = api.recordings().find((r) => r.relativePath === `recordings/${recording}`);
    assert.ok(analyzed, `${recording} was analyzed`);
    const session = analyzed.sessions[0];
    const struggle = session.struggles.find(
      (s) => s.kind === kind && (file === undefined || (s.sources[0]?.file === file && s.sources[0]?.line === line)),
    );
    assert.ok(struggle, `${recording} has a ${kind}${file ? ` linked to ${file}:${line}` : ''}: ${JSON.stringify(session.struggles.map((s) => [s.kind, s.sources[0]]))}`);
    return { recording: analyzed.uri, sessionId: session.id, struggleId: struggle.id };
  }

  it('analyzes every fixture recording in a worker', () => {
    const files = readdirSync(recordingsDir).filter((f) => /\.rrweb\.(json|jsonl|json\.gz)$/.test(f));
    assert.equal(summary.recordings, files.length, 'every recording in test/fixtures/recordings is found');
    assert.equal(summary.inputErrors, 0);
    assert.ok(summary.struggles > 0);
    assert.equal(api.analysisState(), 'done');
    console.log(`[suite] analyze workspace: ${summary.recordings} recordings, ${summary.struggles} struggles in ${summary.durationMs} ms; activation ${api.activationMs.toFixed(1)} ms`);
  });

  it('shows the sessions and their struggles in the Struggles view', async () => {
    const expected = truth('dead-click').struggles.filter((s) => s.kind === 'dead-click');
    const row = await waitFor('the dead-click recording in the Struggles view', () => readTreeItem(VIEW, 'dead-click.rrweb.json'));
    assert.match(row.description, new RegExp(`^${expected.length} struggles`), `the row counts its struggles: ${row.description}`);

    await api.revealRecording(recordingUri('dead-click.rrweb.json'));
    const struggleRow = await waitFor('a dead click row under the recording', () => readTreeItem(VIEW, 'Dead click'));
    const first = expected[0];
    assert.ok(
      struggleRow.description.includes(`${path.posix.basename(first.sourceFile!)}:${first.sourceLine}`),
      `the struggle row names its source: ${struggleRow.description}`,
    );
    assert.equal(struggleRow.level, 2, 'struggles are children of their recording');

    // The highest-severity recordings come first.
    const severities = api.recordings().map((r) => Math.max(0, ...r.sessions.flatMap((s) => s.struggles).map((s) => ({ high: 3, medium: 2, low: 1 })[s.severity])));
    assert.deepEqual(severities, [...severities].sort((a, b) => b - a));
  });

  it('puts the dead click on the exact source line, in the Problems panel too', async () => {
    const expected = truth('dead-click').struggles[0];
    const uri = appSource(expected.sourceFile!);
    const diagnostic = await waitFor('the dead-click diagnostic', () =>
      vscode.languages.getDiagnostics(uri).find((d) => d.source === 'Struggle Lens' && (d.code as { value: string }).value === 'dead-click'),
    );
    assert.equal(diagnostic.range.start.line, expected.sourceLine! - 1, 'on the line of the element');
    assert.ok(diagnostic.message.includes(expected.targetText!), `names what was clicked: ${diagnostic.message}`);
    const target = (diagnostic.code as { target: vscode.Uri }).target;
    assert.equal(target.authority, 'struggle-lens.struggle-lens');
    assert.equal(new URLSearchParams(target.query).get('file'), 'recordings/dead-click.rrweb.json');

    // The Problems panel's list is virtualized (only rows scrolled into view are drawn). With the
    // panel open, making the file active scrolls its rows into view (problems.autoReveal).
    await problemsPanelRows();
    const line = expected.sourceLine! - 1;
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { selection: new vscode.Range(line, 0, line, 0) });
    let drawn: string[] = [];
    const rows = await waitFor('the diagnostic in the Problems panel', async () => {
      drawn = await workbenchText('.markers-panel .monaco-list-row');
      return drawn.some((r) => r.includes(expected.targetText!)) ? drawn : undefined;
    }).catch(async (error: Error) => {
      await screenshot('problems-struggles-failed');
      throw new Error(`${error.message}; rows drawn: ${drawn.join(' | ')}`);
    });
    assert.ok(rows.some((r) => r.includes(path.posix.basename(expected.sourceFile!))), `the file row is drawn: ${rows.join(' | ')}`);
    const shot = await screenshot('problems-struggles');
    mkdirSync(path.join(repoRoot, 'media'), { recursive: true });
    updateReadmeScreenshot(shot, 'screenshot-problems.png');
    // Leave the panel scrolled to the top for the tests that read it next.
    await runCommand('workbench.panel.markers.view.focus');
    await runCommand('list.focusFirst');
    await runCommand('workbench.action.closePanel');
  });

  it('relates an error click to its stack frames and to the other sessions with it', () => {
    const error = truth('error-click').errors[0];
    const uri = appSource(error.sourceFile!);
    const diagnostics = vscode.languages.getDiagnostics(uri).filter((d) => (d.code as { value: string }).value === 'error-click' && d.range.start.line === error.sourceLine! - 1);
    assert.ok(diagnostics.length >= 2, `one diagnostic per session with the error click: ${diagnostics.length}`);
    const related = diagnostics[0].relatedInformation ?? [];
    assert.ok(related.some((r) => r.location.uri.toString() === uri.toString() && r.message.startsWith('Stack frame')), 'the mapped stack frame');
    assert.ok(related.some((r) => r.location.uri.path.endsWith('.rrweb.json') && r.message.startsWith('Same error click')), 'the other sessions');
  });

  it('shows a CodeLens and a hover on the struggle lines', async () => {
    const dead = truth('dead-click').struggles[0];
    const uri = appSource(dead.sourceFile!);
    // The CodeLens command needs the document's model (it does not load it).
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const lenses = await runCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const deadLens = lenses.find((l) => l.range.start.line === dead.sourceLine! - 1 && l.command?.title.includes('dead click'));
    assert.ok(deadLens, `a CodeLens on line ${dead.sourceLine}: ${lenses.map((l) => `${l.range.start.line + 1} ${l.command?.title}`).join(' | ')}`);
    assert.equal(deadLens.command!.title, '1 dead click in 1 session · Replay');
    assert.equal(deadLens.command!.command, 'struggleLens.replayStruggle');

    const rage = truth('rage-click').struggles[0];
    const rageLens = lenses.find((l) => l.range.start.line === rage.sourceLine! - 1 && l.command?.title.includes('rage'));
    assert.equal(rageLens?.command?.title, '2 rage clicks in 2 sessions · Replay', 'rage-click.rrweb.json and long-session.rrweb.json');

    const hovers = await runCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(dead.sourceLine! - 1, 8));
    const markdown = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
    assert.match(markdown, /Dead click/);
    assert.match(markdown, /\(command:struggleLens\.replayStruggle\?/);
    assert.ok(markdown.includes('View delivery options'), `the summary is in the hover: ${markdown}`);
    assert.equal(api.fileStruggleCount(uri) > 0, true, 'the status bar counts the file');
  });

  it('replays a struggle paused before it, showing the recorded page', async () => {
    const ref = refFor('dead-click.rrweb.json', 'dead-click', 'app/src/checkout.tsx', truth('dead-click').struggles[0].sourceLine);
    const struggle = api.recordings().flatMap((r) => r.sessions).flatMap((s) => s.struggles).find((s) => s.id === ref.struggleId)!;
    await runCommand('struggleLens.replayStruggle', ref);
    const editor = await waitFor('the replay editor', () => activeCustomEditor());
    assert.equal(editor.uri.toString(), ref.recording);
    const panel = await waitFor('the player to be shown', () => api.replayPanels().find((p) => p.uri.toString() === ref.recording && p.shown));
    const expectedStart = Math.max(0, struggle.atMs - 3000);
    assert.ok(Math.abs(panel.shown!.currentTimeMs - expectedStart) < 250, `paused 3 s before the struggle: ${panel.shown!.currentTimeMs} vs ${expectedStart}`);
    assert.equal(panel.analysisSent, true);
    const text = await waitForWebviewText('the checkout page in the replay', (t) => Boolean(t.replay?.includes('View delivery options')));
    assert.ok(text.webview.includes('Dead click') || /dead click/i.test(text.webview), 'the struggle list is drawn');
    const shot = await screenshot('replay-struggle');
    updateReadmeScreenshot(shot, 'screenshot-replay.png');
  });

  it('opens the throwing line when an error frame is clicked in the webview', async () => {
    const error = truth('error-click').errors[0];
    await runCommand('struggleLens.replayStruggle', refFor('error-click.rrweb.json', 'error-click'));
    await waitFor('the player to be shown', () => api.replayPanels().find((p) => p.shown && p.analysisSent));
    const clicked = await waitFor('an error frame link in the webview', () => clickInWebview('[data-testid="frame-link"]'));
    assert.ok(clicked.length > 0);
    const editor = await waitFor('the source editor', () => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.path.endsWith(`/app/${error.sourceFile}`) ? e : undefined;
    });
    assert.equal(editor.selection.active.line, error.sourceLine! - 1, 'at the throwing line');
    assert.equal(editor.selection.active.character, error.sourceColumn! - 1);
  });

  it('reveals a struggle\'s source', async () => {
    const rage = truth('rage-click').struggles[0];
    await runCommand('struggleLens.revealSource', refFor('rage-click.rrweb.json', 'rage-click'));
    const editor = await waitFor('the source editor', () => vscode.window.activeTextEditor);
    assert.ok(editor.document.uri.path.endsWith(`/app/${rage.sourceFile}`));
    assert.equal(editor.selection.active.line, rage.sourceLine! - 1);
  });

  it('copies a link to the moment and opens it through the URI handler', async () => {
    const ref = refFor('rage-click.rrweb.json', 'rage-click');
    const link = await runCommand<string>('struggleLens.copyLink', ref);
    assert.equal(await vscode.env.clipboard.readText(), link);
    const uri = vscode.Uri.parse(link);
    assert.equal(uri.scheme, vscode.env.uriScheme);
    assert.equal(uri.path, '/open');
    const params = new URLSearchParams(uri.query);
    assert.equal(params.get('file'), 'recordings/rage-click.rrweb.json');
    assert.equal(params.get('struggle'), ref.struggleId);

    await api.handleUri(uri);
    const panel = await waitFor('the linked replay', () => api.replayPanels().find((p) => p.uri.toString() === ref.recording && p.shown));
    assert.ok(Math.abs(panel.shown!.currentTimeMs - Number(params.get('t'))) < 250);
  });

  it('refuses links that leave the workspace', async () => {
    await runCommand('workbench.action.closeAllEditors');
    for (const query of ['file=../../etc/passwd&t=0', 'file=%2Fetc%2Fpasswd&t=0', 'file=recordings/dead-click.rrweb.json&t=-5', 'file=recordings/dead-click.rrweb.json&t=1e99']) {
      await api.handleUri(vscode.Uri.parse(`${vscode.env.uriScheme}://struggle-lens.struggle-lens/open?${query}`));
    }
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(api.replayPanels().length, 0, 'no replay opened');
  });

  it('analyzes a recording that appears in the workspace, and forgets it when deleted', async () => {
    // A folder of its own, so nothing else reading test/fixtures/recordings sees the copy.
    const dir = vscode.Uri.joinPath(folder(), 'watch-test.tmp');
    const copy = vscode.Uri.joinPath(dir, 'copied.rrweb.json');
    try {
      await vscode.workspace.fs.copy(recordingUri('rage-click.rrweb.json'), copy, { overwrite: true });
      const analyzed = await waitFor('the new recording to be analyzed', () => api.recordings().find((r) => r.uri === copy.toString()));
      assert.equal(analyzed.sessions[0].struggles.filter((s) => s.kind === 'rage-click').length, 1);
    } finally {
      await vscode.workspace.fs.delete(dir, { recursive: true, useTrash: false });
    }
    await waitFor('the deleted recording to leave the view', () => !api.recordings().some((r) => r.uri === copy.toString()));
  });

  it('exports the report as JSON (the analyze --json contract) and as Markdown', async () => {
    const dir = path.join(tmpdir(), `struggle-lens-export-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const jsonUri = await runCommand<vscode.Uri>('struggleLens.exportReport', 'json', vscode.Uri.file(path.join(dir, 'report.json')));
    const report = JSON.parse(readFileSync(jsonUri.fsPath, 'utf8')) as { sessions: unknown[] };
    const schema = JSON.parse(readFileSync(path.join(repoRoot, 'src', 'schema', 'analysis.schema.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    assert.ok(validate(report), JSON.stringify(validate.errors?.slice(0, 3)));
    assert.equal(report.sessions.length, summary.sessions);

    const mdUri = await runCommand<vscode.Uri>('struggleLens.exportReport', 'markdown', vscode.Uri.file(path.join(dir, 'report.md')));
    const markdown = readFileSync(mdUri.fsPath, 'utf8');
    assert.match(markdown, /^# Struggle Lens report/);
    assert.ok(markdown.replace(/\\/g, '').includes('recordings/dead-click.rrweb.json'), 'names the recordings (escaped)');
  });
});

describe('struggle settings', function () {
  this.timeout(120_000);
  const config = () => vscode.workspace.getConfiguration('struggleLens');

  after(async () => {
    await config().update('diagnostics.enabled', undefined, vscode.ConfigurationTarget.Global);
    await config().update('detect.rageClick.minClicks', undefined, vscode.ConfigurationTarget.Global);
    await config().update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Global);
  });

  it('turns diagnostics and CodeLens off and on', async () => {
    const checkout = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'app', 'src', 'checkout.tsx');
    const ours = () => vscode.languages.getDiagnostics(checkout).filter((d) => d.source === 'Struggle Lens');
    await waitFor('struggle diagnostics', () => ours().length > 0);
    await config().update('diagnostics.enabled', false, vscode.ConfigurationTarget.Global);
    await waitFor('no struggle diagnostics', () => ours().length === 0);
    await config().update('codeLens.enabled', false, vscode.ConfigurationTarget.Global);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(checkout));
    const lenses = await runCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', checkout);
    assert.equal(lenses.filter((l) => l.command?.command === 'struggleLens.replayStruggle').length, 0);
    await config().update('diagnostics.enabled', undefined, vscode.ConfigurationTarget.Global);
    await waitFor('struggle diagnostics again', () => ours().length > 0);
  });

  it('falls back to the default for an invalid detection setting and keeps analyzing', async () => {
    const api = await vscode.extensions.getExtension<StruggleLensApi>('struggle-lens.struggle-lens')!.activate();
    const before = (await runCommand<AnalyzeSummary>('struggleLens.analyzeWorkspace'))!.struggles;
    assert.ok(before > 0 && api.recordings().length > 0);
    await config().update('detect.rageClick.minClicks', 1, vscode.ConfigurationTarget.Global);
    const summary = (await runCommand<AnalyzeSummary>('struggleLens.analyzeWorkspace'))!;
    assert.equal(summary.struggles, before, 'minClicks 1 is below the minimum 2: the default 3 is used');
  });
});
