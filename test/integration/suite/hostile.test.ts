/**
 * Hostile recordings in the real VS Code (test/fixtures/hostile): recorded text made to break
 * HTML, Markdown, theme icons, bidi and terminals shows literally in the Struggles view, the
 * diagnostics and the Problems panel, hovers and the Markdown/JSON exports; a page made to run
 * script and reach the network replays in the replay editor with no hit on a local listener.
 */
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { StruggleLensApi } from '../../../src/extension/extension';
import { problemsPanelRows, readTreeItem, runCommand, waitFor, waitForWebviewText, workbenchText } from '../workbench';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const hostileDir = path.join(repoRoot, 'test', 'fixtures', 'hostile');
const VIEW = 'struggleLens.struggles';
/** Characters that change how text reads or behaves (bidi overrides, BEL, ESC). */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** Text as read: inertText breaks theme-icon syntax with an invisible word joiner after `$`. */
const visible = (text: string) => text.replace(/\u2060/g, '');
/** What the recording's text reads as once inert. */
const LITERAL = '$(alert) $(loading~spin) evil RED <table>';

describe('hostile recordings in the editor', function () {
  this.timeout(180_000);
  let api: StruggleLensApi;
  const dir = () => path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'hostile.tmp');
  const recording = () => vscode.Uri.file(path.join(dir(), 'hostile-text.rrweb.json'));

  before(async () => {
    api = await vscode.extensions.getExtension<StruggleLensApi>('struggle-lens.struggle-lens')!.activate();
    mkdirSync(dir(), { recursive: true });
    copyFileSync(path.join(hostileDir, 'hostile-text.rrweb.json'), recording().fsPath);
  });

  after(async () => {
    await runCommand('workbench.action.closeAllEditors');
    rmSync(dir(), { recursive: true, force: true });
    await runCommand('struggleLens.analyzeWorkspace');
  });

  it('shows recorded text literally in the Struggles view', async () => {
    await runCommand('struggleLens.analyzeWorkspace');
    const analyzed = api.recordings().find((r) => r.uri === recording().toString());
    assert.ok(analyzed && analyzed.sessions[0].struggles.some((s) => s.kind === 'error-click'), 'the hostile recording has its error click');
    await api.revealRecording(recording());
    const row = await waitFor('the error click row', () => readTreeItem(VIEW, 'Error click'));
    assert.ok(!UNSAFE.test(row.text) && !UNSAFE.test(row.ariaLabel ?? ''), `no control or bidi characters: ${JSON.stringify(row)}`);
    // Drawn as text: a theme icon would leave no "$(alert)" in the row's text.
    assert.ok(visible(row.description).includes('$(alert) $(loading~spin) evil'), `the target text as written: ${row.description}`);
  });

  it('shows it literally in diagnostics, the Problems panel, hovers and exports', async () => {
    // A source with the recorded button's id, so the struggle links to it.
    const source = path.join(dir(), 'src', 'Buy.tsx');
    mkdirSync(path.dirname(source), { recursive: true });
    writeFileSync(source, 'export function Buy() {\n  return <button id="buy">Buy</button>;\n}\n');
    await runCommand('struggleLens.analyzeWorkspace');
    const uri = vscode.Uri.file(source);
    const diagnostic = await waitFor('the error-click diagnostic on the button', () =>
      vscode.languages.getDiagnostics(uri).find((d) => d.source === 'Struggle Lens' && (d.code as { value: string }).value === 'error-click'),
    );
    assert.equal(diagnostic.range.start.line, 1);
    assert.ok(!UNSAFE.test(diagnostic.message), JSON.stringify(diagnostic.message));
    assert.ok(visible(diagnostic.message).includes(LITERAL), diagnostic.message);

    // The Problems panel's list is virtualized: with the panel open, making the file active
    // scrolls its rows into view (problems.autoReveal).
    await problemsPanelRows();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { selection: new vscode.Range(1, 0, 1, 0) });
    let drawn: string[] = [];
    const rows = await waitFor('the diagnostic drawn in the Problems panel', async () => {
      drawn = await workbenchText('.markers-panel .monaco-list-row');
      return drawn.some((r) => visible(r).includes('$(alert) $(loading~spin) evil')) ? drawn : undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message}; rows drawn: ${drawn.join(' | ')}`);
    });
    const drawnRow = rows.find((r) => visible(r).includes('$(alert)'))!;
    assert.ok(!UNSAFE.test(drawnRow), drawnRow);
    assert.ok(drawnRow.includes('<table>'), `markup drawn as text, not rendered: ${drawnRow}`);
    await runCommand('workbench.action.closePanel');

    const hovers = await runCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(1, 12));
    const markdown = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
    assert.match(markdown, /Error click/);
    assert.ok(!UNSAFE.test(markdown), markdown);
    assert.ok(!/(?<!\\)\$\(alert\)/.test(markdown), `theme icons escaped: ${markdown}`);
    assert.ok(!/<(img|table)/i.test(markdown), `no HTML: ${markdown}`);
    assert.ok(!markdown.includes('(command:workbench.action.terminal.new)'), `no recorded command link: ${markdown}`);

    const out = path.join(tmpdir(), `struggle-lens-hostile-${process.pid}`);
    mkdirSync(out, { recursive: true });
    try {
      const md = readFileSync((await runCommand<vscode.Uri>('struggleLens.exportReport', 'markdown', vscode.Uri.file(path.join(out, 'r.md')))).fsPath, 'utf8');
      assert.ok(!UNSAFE.test(md) && !/<[a-z/]/i.test(md), 'Markdown export: no control characters, no HTML');
      assert.ok(md.includes('&lt;table&gt;'), 'the markup is escaped text');
      const json = readFileSync((await runCommand<vscode.Uri>('struggleLens.exportReport', 'json', vscode.Uri.file(path.join(out, 'r.json')))).fsPath, 'utf8');
      const report = JSON.parse(json) as { sessions: { file: string; struggles: { kind: string; target?: { text?: string } }[] }[] };
      const texts = report.sessions.filter((s) => s.file.includes('hostile-text')).flatMap((s) => s.struggles.map((t) => t.target?.text ?? ''));
      assert.ok(texts.some((t) => visible(t).includes('$(alert)') && t.includes('<table>')), 'the JSON keeps the text as data');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('replays a page made to run script and reach the network: no script runs, no request leaves', async () => {
    const hits: string[] = [];
    const listener: Server = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' }).end('hit');
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
    try {
      await new Promise<void>((resolve, reject) => get(`${origin}/control`, (res) => res.resume().on('end', resolve)).on('error', reject));
      assert.deepEqual(hits, ['/control'], 'the listener counts hits (positive control)');
      hits.length = 0;
      const page = vscode.Uri.file(path.join(dir(), 'hostile-page.rrweb.json'));
      writeFileSync(page.fsPath, readFileSync(path.join(hostileDir, 'hostile-page.rrweb.json'), 'utf8').replaceAll('__LISTENER__', origin));
      await runCommand('struggleLens.openRecording', page);
      await waitFor('the player to be shown', () => api.replayPanels().find((p) => p.uri.toString() === page.toString() && p.shown));
      const text = await waitForWebviewText('the hostile page in the replay', (t) => Boolean(t.replay?.includes('js link')));
      assert.ok(!text.replay!.includes('pwned'));
      await new Promise((r) => setTimeout(r, 2000));
      assert.deepEqual(hits, [], 'no request reached the listener: no recorded script ran, no resource loaded');
    } finally {
      listener.closeAllConnections();
      await new Promise((resolve) => listener.close(resolve));
    }
  });
});
