import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { AnalysisService, type AnalysisState, type ErrorExportStatus } from './analysisService';
import { MomentUriHandler, registerCommands } from './commands';
import { SourceContentProvider } from './openSource';
import { ReplayEditorProvider, type ReplayPanelStatus } from './replayEditor';
import { affectsAnalysis, affectsErrorExports, readSettings, SECTION, type ExtensionSettings } from './settings';
import { SourceViews } from './sourceViews';
import type { RecordingAnalysis } from './struggleIndex';
import { StrugglesTreeProvider, STRUGGLES_VIEW_ID, type StruggleNode } from './strugglesView';

/** What activate() returns; integration tests use it to observe the extension. */
export interface StruggleLensApi {
  replayPanels(): ReplayPanelStatus[];
  /** Analyzed recordings, worst first. */
  recordings(): RecordingAnalysis[];
  analysisState(): AnalysisState;
  /** Expands a recording's row in the Struggles view. */
  revealRecording(uri: vscode.Uri): Promise<void>;
  /** Struggles linked to a source file (what the status bar shows). */
  fileStruggleCount(uri: vscode.Uri): number;
  /** Opens a shared link, as the URI handler does. */
  handleUri(uri: vscode.Uri): Promise<void>;
  /** The workspace's error exports, with the errors that matched no recording. */
  errorExports(): ErrorExportStatus[];
  /** Expands an error export's row and its unmatched errors in the Struggles view. */
  revealErrorExport(uri: vscode.Uri): Promise<void>;
  /** Each worker-pool analysis run so far: the recordings it analyzed (relative paths). */
  analysisRuns(): { files: string[] }[];
  /** How long activate() took, in milliseconds. */
  activationMs: number;
}

export function activate(context: vscode.ExtensionContext): StruggleLensApi {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('Struggle Lens', { log: true });
  context.subscriptions.push(output);

  let current = loadSettings(output, true);
  const settings = (): ExtensionSettings => current;

  void vscode.commands.executeCommand('setContext', 'struggleLens.analysisState', 'idle');
  const workerPath = vscode.Uri.joinPath(context.extensionUri, 'dist', 'analysisWorker.js').fsPath;
  const analysis = new AnalysisService(workerPath, output, settings);
  const contents = new SourceContentProvider();
  const editor = ReplayEditorProvider.register(context, { extensionUri: context.extensionUri, output, analysis, contents, settings });
  const tree = new StrugglesTreeProvider(analysis);
  const treeView = vscode.window.createTreeView<StruggleNode>(STRUGGLES_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const sourceViews = new SourceViews(analysis, settings);
  const deps = { analysis, editor, contents, output, settings };
  const uriHandler = new MomentUriHandler(deps);

  const updateBadge = () => {
    const count = analysis.recordings().reduce((n, r) => n + r.sessions.reduce((m, s) => m + s.struggles.length, 0), 0);
    treeView.badge = count > 0 ? { value: count, tooltip: vscode.l10n.t('{0} struggles in the workspace recordings', count) } : undefined;
  };

  context.subscriptions.push(
    analysis,
    contents.register(),
    tree,
    treeView,
    sourceViews,
    analysis.onDidChange(updateBadge),
    vscode.window.registerUriHandler(uriHandler),
    ...registerCommands(deps),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(SECTION)) return;
      current = loadSettings(output, false);
      if (event.affectsConfiguration(`${SECTION}.recordings.globs`)) analysis.globsChanged();
      if (affectsErrorExports(event)) analysis.errorSettingsChanged();
      if (affectsAnalysis(event)) analysis.settingsChanged();
      else sourceViews.refresh();
    }),
  );

  if (current.analyzeOnStartup && vscode.workspace.workspaceFolders?.length) {
    void analysis.analyzeWorkspace({ location: 'window' }).catch((error: unknown) => {
      if (!(error instanceof vscode.CancellationError)) output.error(`Analysis failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  const activationMs = performance.now() - started;
  output.info(`Activated in ${activationMs.toFixed(1)} ms`);
  return {
    replayPanels: () => editor.panelStatuses(),
    recordings: () => analysis.recordings(),
    errorExports: () => analysis.errorExports(),
    analysisState: () => analysis.state,
    revealRecording: async (uri) => {
      tree.getChildren();
      const node = tree.recordingNode(uri.toString());
      if (node) await treeView.reveal(node, { expand: true, focus: true, select: true });
    },
    revealErrorExport: async (uri) => {
      tree.getChildren();
      const node = tree.exportNode(uri.toString());
      if (node) await treeView.reveal(node, { expand: 2, focus: true, select: true });
    },
    fileStruggleCount: (uri) => sourceViews.countFor(uri),
    handleUri: (uri) => uriHandler.handleUri(uri),
    analysisRuns: () => [...analysis.runLog],
    activationMs,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

let lastProblems = '';

/** Reads the settings; bad values are logged and shown once (with a way to the settings). */
function loadSettings(output: vscode.LogOutputChannel, first: boolean): ExtensionSettings {
  const { settings, problems } = readSettings();
  const joined = problems.join('\n');
  if (problems.length > 0 && (first || joined !== lastProblems)) {
    for (const p of problems) output.warn(p);
    const open = vscode.l10n.t('Open Settings');
    void vscode.window
      .showWarningMessage(problems.length === 1 ? problems[0] : vscode.l10n.t('{0} (and {1} more problems with Struggle Lens settings; see its output).', problems[0], problems.length - 1), open)
      .then((choice) => {
        if (choice === open) void vscode.commands.executeCommand('workbench.action.openSettings', SECTION);
      });
  }
  lastProblems = joined;
  return settings;
}
