/**
 * The replay editor: a read-only custom editor that shows a recording in rrweb-player.
 *
 * The webview posts `ready` when its script has loaded (again after every reload, since the
 * webview is not kept alive while hidden); the host answers with the events and, when known, the
 * analysis. A moment to open at (Replay Struggle, a shared link) is sent with the first answer
 * only: after a reload the webview restores its own position (getState/setState).
 *
 * Recordings are read through the engine's loader in the analysis worker for files on disk
 * (every supported format, off the extension host's thread), and through `workspace.fs` for
 * other schemes (remote and virtual workspaces).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { InputError, type RecordingEvent } from '../core/model';
import type { SessionReport } from '../core/report';
import {
  AnalysisMessage,
  CopyLinkMessage,
  LoadFailedMessage,
  LoadRecordingMessage,
  OpenSourceMessage,
  PlayerShownMessage,
  ReadyMessage,
  SeekMessage,
  WebviewErrorMessage,
  isIpcMessage,
  type IpcMessage,
  type PlayerShownParams,
} from '../protocol';
import type { AnalysisService } from './analysisService';
import { buildMomentLink } from './links';
import { openSourceLocation, type SourceContentProvider } from './openSource';
import { parseRecordingBytes } from './readRecording';
import type { ExtensionSettings } from './settings';
import type { RecordingAnalysis } from './struggleIndex';
import { renderReplayHtml } from './webviewHtml';

export const REPLAY_VIEW_TYPE = 'struggleLens.replay';
/** The same editor for any .json/.jsonl/.gz file, offered in "Open With…". */
export const REPLAY_ANY_VIEW_TYPE = 'struggleLens.replayAny';

export interface OpenAt {
  startAtMs?: number;
  focusStruggleId?: string;
}

class RecordingDocument implements vscode.CustomDocument {
  analysis: RecordingAnalysis | undefined;

  constructor(
    readonly uri: vscode.Uri,
    readonly result: { events: RecordingEvent[] } | { error: string },
  ) {}

  dispose(): void {
    // Nothing held beyond the events in memory.
  }
}

/** What a replay panel last reported; read by tests and by commands. */
export interface ReplayPanelStatus {
  uri: vscode.Uri;
  shown?: PlayerShownParams;
  error?: string;
  /** The moment and struggle the panel was opened or last sought at. */
  openedAt?: OpenAt;
  /** Whether the analysis has been sent to the webview. */
  analysisSent: boolean;
  /** Source locations the webview asked to open (after validation: opened or refused). */
  openSourceRequests: number;
}

interface PanelRecord {
  panel: vscode.WebviewPanel;
  document: RecordingDocument;
  status: ReplayPanelStatus;
  /** Sent with the first LoadRecording only. */
  pendingOpen?: OpenAt;
}

export interface ReplayEditorDeps {
  extensionUri: vscode.Uri;
  output: vscode.LogOutputChannel;
  analysis: AnalysisService;
  contents: SourceContentProvider;
  settings: () => ExtensionSettings;
}

export class ReplayEditorProvider implements vscode.CustomReadonlyEditorProvider<RecordingDocument> {
  private readonly panels = new Set<PanelRecord>();
  private readonly pendingOpen = new Map<string, OpenAt>();

  constructor(private readonly deps: ReplayEditorDeps) {}

  static register(context: vscode.ExtensionContext, deps: ReplayEditorDeps): ReplayEditorProvider {
    const provider = new ReplayEditorProvider(deps);
    for (const viewType of [REPLAY_VIEW_TYPE, REPLAY_ANY_VIEW_TYPE]) {
      context.subscriptions.push(
        vscode.window.registerCustomEditorProvider(viewType, provider, {
          supportsMultipleEditorsPerDocument: true,
          // Deliberately no retainContextWhenHidden: the webview restores its state on reload.
        }),
      );
    }
    context.subscriptions.push(deps.analysis.onDidChange(() => provider.analysisChanged()));
    return provider;
  }

  /** Status of every open replay panel. */
  panelStatuses(): ReplayPanelStatus[] {
    return [...this.panels].map((p) => p.status);
  }

  /**
   * Shows the recording at a moment: an open panel is revealed and sought, otherwise the editor
   * opens there (paused).
   */
  async openAt(uri: vscode.Uri, at: OpenAt): Promise<void> {
    const open = [...this.panels].find((p) => p.document.uri.toString() === uri.toString());
    if (open) {
      open.panel.reveal(open.panel.viewColumn);
      open.status.openedAt = at;
      if (at.startAtMs !== undefined) void open.panel.webview.postMessage(SeekMessage.create({ atMs: at.startAtMs, struggleId: at.focusStruggleId }));
      return;
    }
    this.pendingOpen.set(uri.toString(), at);
    await vscode.commands.executeCommand('vscode.openWith', uri, REPLAY_VIEW_TYPE);
  }

  async openCustomDocument(uri: vscode.Uri, _context: vscode.CustomDocumentOpenContext, token: vscode.CancellationToken): Promise<RecordingDocument> {
    const name = fileNameOf(uri);
    try {
      const events = uri.scheme === 'file' ? (await this.deps.analysis.loadEvents(uri, token)).events : await this.readThroughFs(uri);
      if (events.length === 0) throw new InputError(name, 'the recording contains no events');
      const document = new RecordingDocument(uri, { events });
      document.analysis = this.deps.analysis.cached(uri);
      return document;
    } catch (error) {
      if (error instanceof vscode.CancellationError) throw error;
      const message = error instanceof InputError ? error.message : `${name}: ${(error as Error).message}`;
      this.deps.output.error(`Cannot open recording: ${message}`);
      return new RecordingDocument(uri, { error: message });
    }
  }

  resolveCustomEditor(document: RecordingDocument, panel: vscode.WebviewPanel): void {
    const { extensionUri } = this.deps;
    const webviewRoot = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [webviewRoot, vscode.Uri.joinPath(extensionUri, 'media')],
    };
    const allowRemoteAssets = this.deps.settings().allowRemoteAssets;
    panel.webview.html = renderReplayHtml(panel.webview, webviewRoot, fileNameOf(document.uri), { allowRemoteAssets });

    const pendingOpen = this.pendingOpen.get(document.uri.toString());
    this.pendingOpen.delete(document.uri.toString());
    const record: PanelRecord = {
      panel,
      document,
      status: { uri: document.uri, analysisSent: false, openSourceRequests: 0, openedAt: pendingOpen },
      pendingOpen,
    };
    this.panels.add(record);
    panel.onDidDispose(() => this.panels.delete(record));

    panel.webview.onDidReceiveMessage((message: unknown) => this.receive(record, message, allowRemoteAssets));
    if (!document.analysis && 'events' in document.result) void this.analyze(document);
  }

  private receive(record: PanelRecord, message: unknown, allowRemoteAssets: boolean): void {
    const { panel, document, status } = record;
    if (ReadyMessage.is(message)) {
      void panel.webview.postMessage(this.recordingMessage(record, allowRemoteAssets));
    } else if (PlayerShownMessage.is(message)) {
      status.shown = message.params;
      status.error = undefined;
    } else if (WebviewErrorMessage.is(message)) {
      status.error = message.params.message;
      this.deps.output.error(`Replay of ${fileNameOf(document.uri)}: ${message.params.message}`);
    } else if (OpenSourceMessage.is(message)) {
      status.openSourceRequests++;
      const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri;
      void openSourceLocation(message.params, {
        folder,
        session: this.sessionFor(document, status.openedAt?.focusStruggleId),
        analysis: this.deps.analysis,
        contents: this.deps.contents,
        output: this.deps.output,
        viewColumn: panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One,
      }).catch((error: unknown) => this.deps.output.error(`Cannot open source: ${error instanceof Error ? error.message : String(error)}`));
    } else if (CopyLinkMessage.is(message)) {
      void copyMomentLink(document.uri, message.params.atMs, undefined);
    } else if (isIpcMessage(message)) {
      this.deps.output.trace(`Ignored a replay webview message: ${message.method.slice(0, 60)}`);
    } else {
      this.deps.output.warn('Ignored a malformed message from the replay webview');
    }
  }

  private recordingMessage(record: PanelRecord, allowRemoteAssets: boolean): IpcMessage {
    const { document } = record;
    const fileName = fileNameOf(document.uri);
    if ('error' in document.result) {
      return LoadFailedMessage.create({ fileName, message: document.result.error });
    }
    const open = record.pendingOpen;
    record.pendingOpen = undefined;
    const analysis = this.sessionFor(document, open?.focusStruggleId ?? record.status.openedAt?.focusStruggleId);
    if (analysis) record.status.analysisSent = true;
    const slow = this.deps.settings().analysis.detect.slowLoad;
    return LoadRecordingMessage.create({
      fileName,
      events: document.result.events,
      allowRemoteAssets,
      budgets: {
        ttfbMs: { good: slow.ttfbMs, poor: slow.ttfbHighMs },
        fcpMs: { good: slow.fcpMs, poor: slow.fcpHighMs },
        lcpMs: { good: slow.lcpMs, poor: slow.lcpHighMs },
        loadMs: { good: slow.loadMs },
        cls: { good: slow.cls, poor: slow.clsHigh },
        inpMs: { good: slow.inpMs, poor: slow.inpHighMs },
      },
      ...(analysis ? { analysis } : {}),
      ...(open?.startAtMs !== undefined ? { startAtMs: open.startAtMs } : {}),
      ...(open?.focusStruggleId ? { focusStruggleId: open.focusStruggleId } : {}),
    });
  }

  /** The session to show: the one holding the focused struggle, else the first. */
  private sessionFor(document: RecordingDocument, struggleId: string | undefined): SessionReport | undefined {
    const sessions = document.analysis?.sessions ?? [];
    return (struggleId ? sessions.find((s) => s.struggles.some((x) => x.id === struggleId)) : undefined) ?? sessions[0];
  }

  private async analyze(document: RecordingDocument): Promise<void> {
    try {
      const analysis = await this.deps.analysis.analysisFor(document.uri);
      if (analysis) this.sendAnalysis(document, analysis);
    } catch (error) {
      if (!(error instanceof vscode.CancellationError)) {
        this.deps.output.warn(`Analysis of ${fileNameOf(document.uri)} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** Newer results (the file or the settings changed) go to the open panels. */
  private analysisChanged(): void {
    for (const record of this.panels) {
      const latest = this.deps.analysis.cached(record.document.uri);
      if (latest && latest !== record.document.analysis) this.sendAnalysis(record.document, latest);
    }
  }

  private sendAnalysis(document: RecordingDocument, analysis: RecordingAnalysis): void {
    document.analysis = analysis;
    for (const record of this.panels) {
      if (record.document !== document) continue;
      const session = this.sessionFor(document, record.status.openedAt?.focusStruggleId);
      if (!session) continue;
      record.status.analysisSent = true;
      void record.panel.webview.postMessage(AnalysisMessage.create({ analysis: session }));
    }
  }

  private async readThroughFs(uri: vscode.Uri): Promise<RecordingEvent[]> {
    const name = fileNameOf(uri);
    const max = this.deps.settings().analysis.maxRecordingSize;
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > max) {
      throw new InputError(name, vscode.l10n.t('the file is larger than the {0} bytes allowed by struggleLens.maxRecordingSize', max));
    }
    return parseRecordingBytes(name, await vscode.workspace.fs.readFile(uri));
  }
}

/** Copies a vscode:// link to a moment of a recording inside the workspace. */
export async function copyMomentLink(recording: vscode.Uri, atMs: number, struggleId: string | undefined): Promise<string | undefined> {
  const folder = vscode.workspace.getWorkspaceFolder(recording);
  if (!folder) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Only recordings inside the workspace can be linked: {0} is outside it.', fileNameOf(recording)));
    return undefined;
  }
  const file = path.posix.relative(folder.uri.path, recording.path);
  const link = buildMomentLink(vscode.env.uriScheme, { file, atMs, struggleId });
  await vscode.env.clipboard.writeText(link);
  void vscode.window.showInformationMessage(vscode.l10n.t('Copied a link to {0} at this moment.', fileNameOf(recording)));
  return link;
}

function fileNameOf(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}
