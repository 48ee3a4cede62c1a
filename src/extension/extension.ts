import * as vscode from 'vscode';
import { REPLAY_VIEW_TYPE, ReplayEditorProvider, type ReplayPanelStatus } from './replayEditor';

/** What activate() returns; integration tests use it to observe the extension. */
export interface StruggleLensApi {
  replayPanels(): ReplayPanelStatus[];
}

export function activate(context: vscode.ExtensionContext): StruggleLensApi {
  const output = vscode.window.createOutputChannel('Struggle Lens', { log: true });
  context.subscriptions.push(output);
  const replay = ReplayEditorProvider.register(context, output);

  context.subscriptions.push(
    vscode.commands.registerCommand('struggleLens.openRecording', async (uri?: vscode.Uri) => {
      const target = uri instanceof vscode.Uri ? uri : await pickRecording();
      if (!target) return;
      await vscode.commands.executeCommand('vscode.openWith', target, REPLAY_VIEW_TYPE);
    }),
  );

  return { replayPanels: () => replay.panelStatuses() };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

async function pickRecording(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Open Recording',
    filters: { 'Session recordings': ['json', 'jsonl', 'gz'], 'All files': ['*'] },
  });
  return picked?.[0];
}
