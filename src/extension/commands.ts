/** The palette and context-menu commands, and the handler of shared vscode:// links. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { redactReport } from '../core/redact';
import { SCHEMA_VERSION, TOOL_NAME, TOOL_VERSION, type AnalysisReport } from '../core/report';
import type { AnalysisService, AnalyzeSummary } from './analysisService';
import { kindIconId, kindLabel, severityLabel } from './labels';
import { formatMoment, OPEN_PATH, parseMomentQuery } from './links';
import { plainText } from './markdown';
import { openSourceLocation, type SourceContentProvider } from './openSource';
import { copyMomentLink, type ReplayEditorProvider } from './replayEditor';
import { reportMarkdown } from './reportMarkdown';
import type { ExtensionSettings } from './settings';
import { allEntries, compareStruggles, findEntry, isStruggleRef, refOf, type StruggleEntry, type StruggleRef } from './struggleIndex';
import type { StruggleNode } from './strugglesView';

export interface CommandDeps {
  analysis: AnalysisService;
  editor: ReplayEditorProvider;
  contents: SourceContentProvider;
  output: vscode.LogOutputChannel;
  settings: () => ExtensionSettings;
}

export type ExportFormat = 'markdown' | 'json';

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { analysis, editor, output } = deps;
  return [
    vscode.commands.registerCommand('struggleLens.openRecording', async (arg?: unknown) => {
      const target = recordingUriOf(arg) ?? (await pickRecordingFile());
      if (!target) return;
      await vscode.commands.executeCommand('vscode.openWith', target, 'struggleLens.replay');
    }),

    vscode.commands.registerCommand('struggleLens.analyzeWorkspace', async (): Promise<AnalyzeSummary | undefined> => {
      if (!vscode.workspace.workspaceFolders?.length) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a folder with session recordings to analyze them.'));
        return undefined;
      }
      try {
        const summary = await analysis.analyzeWorkspace({ force: true, location: 'notification' });
        if (summary.recordings === 0) {
          void vscode.window.showInformationMessage(
            vscode.l10n.t('No session recordings found in this workspace (see the setting struggleLens.recordings.globs).'),
          );
        }
        return summary;
      } catch (error) {
        if (error instanceof vscode.CancellationError) {
          void vscode.window.showInformationMessage(vscode.l10n.t('Analysis cancelled.'));
          return undefined;
        }
        output.error(`Analysis failed: ${error instanceof Error ? error.message : String(error)}`);
        void vscode.window.showErrorMessage(vscode.l10n.t('Struggle Lens could not analyze the recordings: {0}', error instanceof Error ? error.message : String(error)));
        return undefined;
      }
    }),

    vscode.commands.registerCommand('struggleLens.replayStruggle', async (arg?: unknown) => {
      const entry = await entryOf(arg, analysis, vscode.l10n.t('Replay which struggle?'));
      if (!entry) return;
      const startAtMs = Math.max(0, entry.struggle.atMs - deps.settings().leadInMs);
      await editor.openAt(vscode.Uri.parse(entry.recording.uri), { startAtMs, focusStruggleId: entry.struggle.id });
    }),

    vscode.commands.registerCommand('struggleLens.revealSource', async (arg?: unknown) => {
      const entry = await entryOf(arg, analysis, vscode.l10n.t('Reveal the source of which struggle?'), true);
      if (!entry) return undefined;
      const link = entry.struggle.sources[0];
      if (!link) {
        void vscode.window.showInformationMessage(vscode.l10n.t('This struggle is not linked to a source file.'));
        return undefined;
      }
      return openSourceLocation(link, {
        folder: vscode.Uri.parse(entry.recording.folder),
        session: entry.session,
        analysis,
        contents: deps.contents,
        output,
        viewColumn: vscode.ViewColumn.Active,
      });
    }),

    vscode.commands.registerCommand('struggleLens.copyLink', async (arg?: unknown) => {
      const entry = await entryOf(arg, analysis, vscode.l10n.t('Copy a link to which struggle?'));
      if (!entry) return undefined;
      const atMs = Math.max(0, entry.struggle.atMs - deps.settings().leadInMs);
      return copyMomentLink(vscode.Uri.parse(entry.recording.uri), atMs, entry.struggle.id);
    }),

    vscode.commands.registerCommand('struggleLens.exportReport', async (format?: unknown, target?: unknown) => {
      return exportReport(analysis, output, format === 'markdown' || format === 'json' ? format : undefined, target instanceof vscode.Uri ? target : undefined, deps.settings().redactExport);
    }),
  ];
}

/** Opens `vscode://struggle-lens.struggle-lens/open?file=…&t=…[&struggle=…]`. */
export class MomentUriHandler implements vscode.UriHandler {
  constructor(private readonly deps: CommandDeps) {}

  async handleUri(uri: vscode.Uri): Promise<void> {
    if (uri.path !== OPEN_PATH) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Struggle Lens cannot open this link: unknown action "{0}".', uri.path.slice(0, 40)));
      return;
    }
    const parsed = parseMomentQuery(uri.query);
    if ('problem' in parsed) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Struggle Lens cannot open this link: {0}.', parsed.problem));
      return;
    }
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const candidate = vscode.Uri.joinPath(folder.uri, ...parsed.file.split('/'));
      try {
        await vscode.workspace.fs.stat(candidate);
      } catch {
        continue;
      }
      await this.deps.editor.openAt(candidate, { startAtMs: parsed.atMs, focusStruggleId: parsed.struggleId });
      return;
    }
    void vscode.window.showErrorMessage(vscode.l10n.t('Struggle Lens cannot open this link: {0} is not in the open workspace.', parsed.file));
  }
}

function recordingUriOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const node = arg as Partial<StruggleNode> | undefined;
  if (node && (node.type === 'recording' || node.type === 'session') && 'recording' in node && node.recording) return vscode.Uri.parse(node.recording.uri);
  if (node && node.type === 'struggle' && 'entry' in node && node.entry) return vscode.Uri.parse(node.entry.recording.uri);
  return undefined;
}

async function entryOf(arg: unknown, analysis: AnalysisService, placeHolder: string, linkedOnly = false): Promise<StruggleEntry | undefined> {
  let ref: StruggleRef | undefined;
  if (isStruggleRef(arg)) ref = arg;
  else if ((arg as StruggleNode | undefined)?.type === 'struggle') ref = (arg as Extract<StruggleNode, { type: 'struggle' }>).ref;
  if (ref) {
    const entry = findEntry(analysis.recordings(), ref);
    if (!entry) void vscode.window.showWarningMessage(vscode.l10n.t('That struggle is no longer in the analysis (the recording changed). Run Analyze Workspace Recordings again.'));
    return entry;
  }
  const entries = allEntries(analysis.recordings())
    .filter((e) => !linkedOnly || e.struggle.sources.length > 0)
    .sort((a, b) => compareStruggles(a.struggle, b.struggle));
  if (entries.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No struggles yet: run Analyze Workspace Recordings first.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    entries.map((entry) => ({
      label: `$(${kindIconId(entry.struggle.kind)}) ${kindLabel(entry.struggle.kind)}`,
      description: `${severityLabel(entry.struggle.severity)} · ${path.posix.basename(entry.recording.relativePath)} ${formatMoment(entry.struggle.atMs)}`,
      detail: plainText(entry.struggle.summary),
      ref: refOf(entry),
    })),
    { placeHolder, matchOnDescription: true, matchOnDetail: true },
  );
  return picked ? findEntry(analysis.recordings(), picked.ref) : undefined;
}

async function pickRecordingFile(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: vscode.l10n.t('Open Recording'),
    filters: { [vscode.l10n.t('Session recordings')]: ['json', 'jsonl', 'gz'], [vscode.l10n.t('All files')]: ['*'] },
  });
  return picked?.[0];
}

/** The analysis as the CLI's `--json` contract, or as Markdown; written where the user chooses. */
async function exportReport(
  analysis: AnalysisService,
  output: vscode.LogOutputChannel,
  format: ExportFormat | undefined,
  target: vscode.Uri | undefined,
  redact: boolean,
): Promise<vscode.Uri | undefined> {
  const recordings = analysis.recordings();
  if (recordings.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Nothing to export yet: run Analyze Workspace Recordings first.'));
    return undefined;
  }
  const chosen =
    format ??
    (
      await vscode.window.showQuickPick(
        [
          { label: vscode.l10n.t('Markdown'), description: vscode.l10n.t('readable report, for issues and pull requests'), format: 'markdown' as const },
          { label: vscode.l10n.t('JSON'), description: vscode.l10n.t('the struggle-lens analyze --json format (schema version {0})', SCHEMA_VERSION), format: 'json' as const },
        ],
        { placeHolder: vscode.l10n.t('Export the report as…') },
      )
    )?.format;
  if (!chosen) return undefined;
  const extension = chosen === 'json' ? 'json' : 'md';
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, `struggle-report.${extension}`) : undefined,
      filters: chosen === 'json' ? { JSON: ['json'] } : { Markdown: ['md'] },
      saveLabel: vscode.l10n.t('Export Report'),
    }));
  if (!uri) return undefined;

  const full: AnalysisReport = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    sessions: recordings.flatMap((r) => r.sessions),
    unattachedErrors: analysis.unattachedErrors(),
    inputErrors: recordings.flatMap((r) => r.inputErrors),
  };
  const report = redact ? redactReport(full) : full;
  const text =
    chosen === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : reportMarkdown(report, {
          title: vscode.l10n.t('Struggle Lens report'),
          generated: (tool, version) => vscode.l10n.t('Generated by {0} {1} on {2}.', tool, version, new Date().toISOString()),
          summary: (sessions, struggles) => vscode.l10n.t('{0} sessions, {1} struggles.', sessions, struggles),
          session: (id) => vscode.l10n.t('Session {0}', id),
          recordedAt: vscode.l10n.t('Recorded at'),
          duration: vscode.l10n.t('Duration'),
          format: vscode.l10n.t('Format'),
          struggles: vscode.l10n.t('Struggles'),
          noStruggles: vscode.l10n.t('No struggles found.'),
          pages: vscode.l10n.t('Pages'),
          errors: vscode.l10n.t('Errors'),
          inputErrors: vscode.l10n.t('Files that could not be read'),
          warnings: vscode.l10n.t('Warnings'),
          columns: {
            time: vscode.l10n.t('Time'),
            kind: vscode.l10n.t('Kind'),
            severity: vscode.l10n.t('Severity'),
            summary: vscode.l10n.t('What happened'),
            source: vscode.l10n.t('Source'),
            url: vscode.l10n.t('URL'),
            metrics: vscode.l10n.t('Load metrics (ms)'),
            type: vscode.l10n.t('Type'),
            message: vscode.l10n.t('Message'),
            where: vscode.l10n.t('Thrown at'),
          },
          kind: kindLabel,
          severity: severityLabel,
        });
  try {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  } catch (error) {
    output.error(`Export failed: ${error instanceof Error ? error.message : String(error)}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not write the report to {0}: {1}', uri.fsPath, error instanceof Error ? error.message : String(error)));
    return undefined;
  }
  void vscode.window.showInformationMessage(vscode.l10n.t('Exported the report to {0}.', path.posix.basename(uri.path)));
  return uri;
}
