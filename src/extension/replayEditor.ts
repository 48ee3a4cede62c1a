/**
 * The replay editor: a read-only custom editor that shows a recording in rrweb-player.
 *
 * The webview posts `ready` when its script has loaded (again after every reload, since the
 * webview is not kept alive while hidden); the host answers with the events. The webview keeps
 * its playback position with getState/setState.
 */
import * as vscode from 'vscode';
import { InputError, type RecordingEvent } from '../core/model';
import {
  LoadFailedMessage,
  LoadRecordingMessage,
  PlayerShownMessage,
  ReadyMessage,
  WebviewErrorMessage,
  type IpcMessage,
  type PlayerShownParams,
} from '../protocol';
import { parseRecordingBytes } from './readRecording';
import { renderReplayHtml } from './webviewHtml';

export const REPLAY_VIEW_TYPE = 'struggleLens.replay';

class RecordingDocument implements vscode.CustomDocument {
  constructor(
    readonly uri: vscode.Uri,
    readonly result: { events: RecordingEvent[] } | { error: string },
  ) {}

  dispose(): void {
    // Nothing held beyond the events in memory.
  }
}

/** What a replay panel last reported; read by tests and, later, by commands. */
export interface ReplayPanelStatus {
  uri: vscode.Uri;
  shown?: PlayerShownParams;
  error?: string;
}

export class ReplayEditorProvider implements vscode.CustomReadonlyEditorProvider<RecordingDocument> {
  private readonly statuses = new Map<vscode.WebviewPanel, ReplayPanelStatus>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  static register(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): ReplayEditorProvider {
    const provider = new ReplayEditorProvider(context.extensionUri, output);
    context.subscriptions.push(
      vscode.window.registerCustomEditorProvider(REPLAY_VIEW_TYPE, provider, {
        supportsMultipleEditorsPerDocument: true,
        // Deliberately no retainContextWhenHidden: the webview restores its state on reload.
      }),
    );
    return provider;
  }

  /** Status of every open replay panel. */
  panelStatuses(): ReplayPanelStatus[] {
    return [...this.statuses.values()];
  }

  async openCustomDocument(uri: vscode.Uri): Promise<RecordingDocument> {
    const name = fileNameOf(uri);
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      return new RecordingDocument(uri, { events: parseRecordingBytes(name, bytes) });
    } catch (error) {
      const message = error instanceof InputError ? error.message : `${name}: ${(error as Error).message}`;
      this.output.error(`Cannot open recording: ${message}`);
      return new RecordingDocument(uri, { error: message });
    }
  }

  resolveCustomEditor(document: RecordingDocument, panel: vscode.WebviewPanel): void {
    const webviewRoot = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [webviewRoot, vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
    panel.webview.html = renderReplayHtml(panel.webview, webviewRoot, fileNameOf(document.uri));

    const status: ReplayPanelStatus = { uri: document.uri };
    this.statuses.set(panel, status);
    panel.onDidDispose(() => this.statuses.delete(panel));

    panel.webview.onDidReceiveMessage((message: unknown) => {
      if (ReadyMessage.is(message)) {
        void panel.webview.postMessage(this.recordingMessage(document));
      } else if (PlayerShownMessage.is(message)) {
        status.shown = message.params;
        status.error = undefined;
      } else if (WebviewErrorMessage.is(message)) {
        status.error = message.params.message;
        this.output.error(`Replay of ${fileNameOf(document.uri)}: ${message.params.message}`);
      } else {
        this.output.warn('Ignored an unexpected message from the replay webview');
      }
    });
  }

  private recordingMessage(document: RecordingDocument): IpcMessage {
    const fileName = fileNameOf(document.uri);
    if ('error' in document.result) {
      return LoadFailedMessage.create({ fileName, message: document.result.error });
    }
    return LoadRecordingMessage.create({ fileName, events: document.result.events, allowRemoteAssets: false });
  }
}

function fileNameOf(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}
