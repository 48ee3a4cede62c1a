import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnostics, problemsPanelRows, readTreeItem, runCommand, screenshot, waitFor, workbenchText } from '../workbench';

/** Checks the workbench helper itself against what VS Code draws. */
describe('workbench helper', () => {
  it('reads a tree item of a view by its label', async () => {
    const row = await waitFor('the sample recording in the Explorer', () => readTreeItem('workbench.explorer.fileView', 'sample.rrweb.json'));
    assert.equal(row.label, 'sample.rrweb.json');
    assert.equal(await readTreeItem('workbench.explorer.fileView', 'no-such-file.txt'), null);
  });

  it('reads diagnostics on the host side and the Problems panel as drawn', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const uri = vscode.Uri.joinPath(folder, 'sample.rrweb.json');
    const collection = vscode.languages.createDiagnosticCollection('workbench-helper-test');
    try {
      const diagnostic = new vscode.Diagnostic(new vscode.Range(2, 0, 2, 4), 'Helper check: a diagnostic', vscode.DiagnosticSeverity.Warning);
      diagnostic.source = 'Struggle Lens test';
      collection.set(uri, [diagnostic]);
      const [[, list]] = diagnostics(uri);
      assert.ok(list.some((d) => d.message === 'Helper check: a diagnostic'));
      const rows = await waitFor('the diagnostic in the Problems panel', async () => {
        const text = await problemsPanelRows();
        return text.some((r) => r.includes('Helper check: a diagnostic')) ? text : undefined;
      });
      assert.ok(rows.some((r) => r.includes('sample.rrweb.json')), `the file row is drawn: ${rows.join(' | ')}`);
      await screenshot('problems-panel');
    } finally {
      collection.dispose();
      await runCommand('workbench.action.closePanel');
    }
  });

  it('reads workbench text by selector', async () => {
    const titles = await waitFor('the status bar', async () => {
      const items = await workbenchText('.statusbar');
      return items.length > 0 ? items : undefined;
    });
    assert.equal(titles.length, 1);
  });
});
