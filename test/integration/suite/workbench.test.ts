import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnostics, problemsPanelRows, readTreeItem, runCommand, screenshot, waitFor, workbenchText } from '../workbench';

/** Checks the workbench helper itself against what VS Code draws. */
describe('workbench helper', () => {
  it('reads a tree item of a view by its label', async () => {
    // Earlier tests open sources deep in app/, which the Explorer reveals; its rows are
    // virtualized, so close the editors and collapse the folders to have the top-level ones drawn.
    await runCommand('workbench.action.closeAllEditors');
    await runCommand('workbench.files.action.collapseExplorerFolders');
    const row = await waitFor('the recordings folder in the Explorer', () => readTreeItem('workbench.explorer.fileView', 'recordings'));
    assert.equal(row.label, 'recordings');
    assert.equal(await readTreeItem('workbench.explorer.fileView', 'no-such-file.txt'), null);
  });

  it('reads diagnostics on the host side and the Problems panel as drawn', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const uri = vscode.Uri.joinPath(folder, 'helper-check.txt');
    const collection = vscode.languages.createDiagnosticCollection('workbench-helper-test');
    try {
      // An error sorts first in the Problems panel, whose rows are virtualized (only drawn when
      // scrolled into view): the fixture workspace has many struggle warnings of its own.
      const diagnostic = new vscode.Diagnostic(new vscode.Range(2, 0, 2, 4), 'Helper check: a diagnostic', vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'Struggle Lens test';
      collection.set(uri, [diagnostic]);
      const [[, list]] = diagnostics(uri);
      assert.ok(list.some((d) => d.message === 'Helper check: a diagnostic'));
      const rows = await waitFor('the diagnostic in the Problems panel', async () => {
        const text = await problemsPanelRows();
        return text.some((r) => r.includes('Helper check: a diagnostic')) ? text : undefined;
      });
      assert.ok(rows.some((r) => r.includes('helper-check.txt')), `the file row is drawn: ${rows.join(' | ')}`);
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
