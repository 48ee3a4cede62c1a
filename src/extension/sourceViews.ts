/**
 * Struggles on the source lines they link to: Problems (diagnostics), CodeLens, hovers and a
 * status bar count for the current file. All four read one index, rebuilt when the analysis or
 * the settings change.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import { kindCount, kindLabel, sessionCount, severityLabel, struggleCountLabel } from './labels';
import { buildMomentLink, formatMoment } from './links';
import { commandLink, escapeMarkdown, plainText } from './markdown';
import type { ExtensionSettings } from './settings';
import { timeSlicer } from './timeSlice';
import {
  allEntries,
  groupBySourceLine,
  locationKey,
  primarySource,
  refOf,
  sameStruggleElsewhere,
  summarizeKinds,
  type LineGroup,
  type RecordingAnalysis,
  type StruggleEntry,
} from './struggleIndex';
import { STRUGGLES_VIEW_ID } from './strugglesView';

export const DIAGNOSTIC_SOURCE = 'Struggle Lens';
/** Commands a hover's links may run (and nothing else). */
export const HOVER_COMMANDS = ['struggleLens.replayStruggle', 'struggleLens.revealSource', 'struggleLens.copyLink'];
const MAX_HOVER_ENTRIES = 8;
const MAX_RELATED_SESSIONS = 10;

export class SourceViews implements vscode.Disposable, vscode.CodeLensProvider, vscode.HoverProvider {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('struggleLens');
  private readonly statusItem = vscode.window.createStatusBarItem('struggleLens.fileStruggles', vscode.StatusBarAlignment.Left, 50);
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  private readonly disposables: vscode.Disposable[] = [];
  /** folder + workspace-relative file → line → group */
  private groups = new Map<string, Map<number, LineGroup>>();
  /** What Problems shows, by file URI: the signature of the struggles it was built from. */
  private shown = new Map<string, { uri: vscode.Uri; signature: string }>();
  private lastRecordings: readonly RecordingAnalysis[] = [];
  private readonly resultIds = new WeakMap<RecordingAnalysis, number>();
  private nextResultId = 0;
  /** Counts refreshes: a diagnostics update in progress stops when a newer one starts. */
  private generation = 0;

  constructor(
    private readonly analysis: AnalysisService,
    private readonly settings: () => ExtensionSettings,
  ) {
    this.statusItem.name = vscode.l10n.t('Struggle Lens: struggles in this file');
    this.statusItem.command = `${STRUGGLES_VIEW_ID}.focus`;
    this.disposables.push(
      this.diagnostics,
      this.statusItem,
      this.lensesChanged,
      analysis.onDidChange(() => this.analysisChanged()),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateStatusBar()),
      vscode.languages.registerCodeLensProvider({ scheme: 'file' }, this),
      vscode.languages.registerHoverProvider({ scheme: 'file' }, this),
    );
    this.refresh();
  }

  dispose(): void {
    this.generation++;
    for (const d of this.disposables) d.dispose();
  }

  /**
   * Rebuilds the index from the current analysis and settings (CodeLens, hovers and the status
   * bar read it at once). Problems follow in time slices, only for the files whose struggles
   * changed (a run that adds one recording does not resend every diagnostic); the relatives of
   * each diagnostic come from its own line group, so a rebuild is linear in the struggles.
   */
  refresh(): void {
    const settings = this.settings();
    const recordings = this.analysis.recordings();
    this.lastRecordings = recordings;
    this.groups = groupBySourceLine(allEntries(recordings), settings.diagnostics.minConfidence);
    const generation = ++this.generation;
    if (!settings.diagnostics.enabled) {
      this.diagnostics.clear();
      this.shown.clear();
    } else {
      void this.updateDiagnostics(generation, settings).catch((error: unknown) => console.error('Struggle Lens: updating Problems failed', error));
    }
    this.lensesChanged.fire();
    this.updateStatusBar();
  }

  /**
   * Problems for the current groups, in time slices (thousands of diagnostics are built without
   * blocking the extension host), each file's list set at once. A newer refresh abandons an
   * older one between slices.
   */
  private async updateDiagnostics(generation: number, settings: ExtensionSettings): Promise<void> {
    const slice = timeSlicer();
    const settingsKey = JSON.stringify([settings.diagnostics, settings.leadInMs]);
    const byUri = new Map<string, { uri: vscode.Uri; groups: LineGroup[] }>();
    for (const lines of this.groups.values()) {
      for (const group of lines.values()) {
        const uri = fileUri(group.folder, group.file);
        const key = uri.toString();
        const slot = byUri.get(key);
        if (slot) slot.groups.push(group);
        else byUri.set(key, { uri, groups: [group] });
      }
    }
    const next = new Map<string, { uri: vscode.Uri; signature: string }>();
    for (const [key, { uri, groups }] of byUri) {
      const signature = `${settingsKey}\n${groups.map((g) => `${g.line}:${g.entries.map((e) => this.signatureOf(e)).join(',')}`).join(';')}`;
      next.set(key, { uri, signature });
      if (this.shown.get(key)?.signature === signature) continue;
      const list: vscode.Diagnostic[] = [];
      for (const group of groups) {
        for (const entry of group.entries) {
          await slice();
          if (generation !== this.generation) return;
          list.push(this.diagnosticFor(entry, group, settings));
        }
      }
      this.diagnostics.set(uri, list);
      this.shown.set(key, { uri, signature });
    }
    for (const [key, { uri }] of this.shown) if (!next.has(key)) this.diagnostics.delete(uri);
    this.shown = next;
  }

  /** After an analysis change: nothing to do when no recording's result changed (a state change). */
  private analysisChanged(): void {
    const recordings = this.analysis.recordings();
    if (recordings.length === this.lastRecordings.length && recordings.every((r, i) => r === this.lastRecordings[i])) return;
    this.refresh();
  }

  /** One struggle of one stored result (each analysis stores a new result object). */
  private signatureOf(entry: StruggleEntry): string {
    let id = this.resultIds.get(entry.recording);
    if (id === undefined) this.resultIds.set(entry.recording, (id = this.nextResultId++));
    return `${id}/${entry.session.id}/${entry.struggle.id}`;
  }

  /** Struggle count of a document (for the status bar and tests). */
  countFor(uri: vscode.Uri): number {
    const lines = this.linesOf(uri);
    let n = 0;
    for (const g of lines?.values() ?? []) n += g.entries.length;
    return n;
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.settings().codeLensEnabled) return [];
    const lines = this.linesOf(document.uri);
    if (!lines) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const group of lines.values()) {
      const line = Math.min(Math.max(0, group.line - 1), Math.max(0, document.lineCount - 1));
      const range = new vscode.Range(line, 0, line, 0);
      for (const summary of summarizeKinds(group.entries)) {
        lenses.push(
          new vscode.CodeLens(range, {
            title: vscode.l10n.t('{0} in {1} · Replay', kindCount(summary.kind, summary.count), sessionCount(summary.sessions)),
            tooltip: vscode.l10n.t('Replay the most severe one, {0} before it happened', `${this.settings().leadInMs / 1000} s`),
            command: 'struggleLens.replayStruggle',
            arguments: [refOf(summary.worst)],
          }),
        );
      }
    }
    return lenses;
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!this.settings().hoversEnabled) return undefined;
    const group = this.linesOf(document.uri)?.get(position.line + 1);
    if (!group) return undefined;
    return new vscode.Hover(this.hoverMarkdown(group), document.lineAt(position.line).range);
  }

  /** The hover text of a line's struggles: every recorded text escaped, only our commands enabled. */
  hoverMarkdown(group: LineGroup): vscode.MarkdownString {
    const md = new vscode.MarkdownString('', true);
    md.isTrusted = { enabledCommands: [...HOVER_COMMANDS] };
    md.supportHtml = false;
    const kinds = summarizeKinds(group.entries)
      .map((s) => vscode.l10n.t('{0} in {1}', kindCount(s.kind, s.count), sessionCount(s.sessions)))
      .join(', ');
    md.appendMarkdown(`**${escapeMarkdown(DIAGNOSTIC_SOURCE)}** — ${escapeMarkdown(kinds)}\n\n`);
    for (const entry of group.entries.slice(0, MAX_HOVER_ENTRIES)) {
      const ref = refOf(entry);
      const { struggle } = entry;
      md.appendMarkdown(
        `- $(${struggle.severity === 'high' ? 'error' : struggle.severity === 'medium' ? 'warning' : 'info'}) ` +
          `**${escapeMarkdown(kindLabel(struggle.kind))}** (${escapeMarkdown(severityLabel(struggle.severity))}) ` +
          `${escapeMarkdown(path.posix.basename(entry.recording.relativePath))} ${formatMoment(struggle.atMs)}: ` +
          `${escapeMarkdown(struggle.summary, 300)} ` +
          `[${escapeMarkdown(vscode.l10n.t('Replay'))}](${commandLink('struggleLens.replayStruggle', [ref])} "${escapeMarkdown(vscode.l10n.t('Replay Struggle'))}") · ` +
          `[${escapeMarkdown(vscode.l10n.t('Copy Link'))}](${commandLink('struggleLens.copyLink', [ref])})\n`,
      );
      const link = entry.struggle.sources[0];
      if (link?.reason) md.appendMarkdown(`  ${escapeMarkdown(vscode.l10n.t('Linked because:'))} ${escapeMarkdown(link.reason, 200)}\n`);
    }
    if (group.entries.length > MAX_HOVER_ENTRIES) {
      md.appendMarkdown(`\n${escapeMarkdown(vscode.l10n.t('…and {0} more in the Struggles view', group.entries.length - MAX_HOVER_ENTRIES))}\n`);
    }
    return md;
  }

  private linesOf(uri: vscode.Uri): Map<number, LineGroup> | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return undefined;
    const relative = path.posix.relative(folder.uri.path, uri.path);
    return this.groups.get(locationKey(folder.uri.toString(), relative));
  }

  private diagnosticFor(entry: StruggleEntry, group: LineGroup, settings: ExtensionSettings): vscode.Diagnostic {
    const { struggle, session, recording } = entry;
    const link = primarySource(entry, settings.diagnostics.minConfidence)!;
    const position = new vscode.Position(Math.max(0, group.line - 1), Math.max(0, link.column - 1));
    const message = vscode.l10n.t(
      '{0}: {1} ({2} at {3})',
      kindLabel(struggle.kind),
      plainText(struggle.summary),
      path.posix.basename(recording.relativePath),
      formatMoment(struggle.atMs),
    );
    const diagnostic = new vscode.Diagnostic(new vscode.Range(position, position), message, settings.diagnostics.severity[struggle.severity]);
    diagnostic.source = DIAGNOSTIC_SOURCE;
    diagnostic.code = {
      value: struggle.kind,
      target: vscode.Uri.parse(
        buildMomentLink(vscode.env.uriScheme, { file: recording.relativePath, atMs: Math.max(0, struggle.atMs - settings.leadInMs), struggleId: struggle.id }),
      ),
    };
    const related: vscode.DiagnosticRelatedInformation[] = [];
    const error = struggle.errorIndex !== undefined ? session.errors[struggle.errorIndex] : undefined;
    for (const [i, frame] of (error?.frames ?? []).entries()) {
      const source = frame.source;
      if (!source || source.contentOnly || frame.library) continue;
      const at = new vscode.Position(Math.max(0, source.line - 1), Math.max(0, source.column - 1));
      related.push(
        new vscode.DiagnosticRelatedInformation(
          new vscode.Location(fileUri(recording.folder, source.file), at),
          vscode.l10n.t('Stack frame {0}: {1}', i + 1, frame.function ? plainText(frame.function, 200) : vscode.l10n.t('(anonymous)')),
        ),
      );
    }
    for (const other of sameStruggleElsewhere(entry, group, MAX_RELATED_SESSIONS)) {
      related.push(
        new vscode.DiagnosticRelatedInformation(
          new vscode.Location(vscode.Uri.parse(other.recording.uri), new vscode.Position(0, 0)),
          vscode.l10n.t('Same {0} in {1} at {2}', kindLabel(other.struggle.kind).toLowerCase(), path.posix.basename(other.recording.relativePath), formatMoment(other.struggle.atMs)),
        ),
      );
    }
    if (related.length > 0) diagnostic.relatedInformation = related;
    return diagnostic;
  }

  private updateStatusBar(): void {
    const editor = vscode.window.activeTextEditor;
    const count = editor && this.settings().statusBarEnabled ? this.countFor(editor.document.uri) : 0;
    if (count === 0) {
      this.statusItem.hide();
      return;
    }
    this.statusItem.text = `$(pulse) ${count}`;
    this.statusItem.tooltip = vscode.l10n.t('Struggle Lens: {0} linked to this file. Click to show the Struggles view.', struggleCountLabel(count));
    this.statusItem.accessibilityInformation = { label: vscode.l10n.t('{0} linked to this file', struggleCountLabel(count)) };
    this.statusItem.show();
  }
}

/** A workspace-relative source path inside its folder. */
export function fileUri(folder: string, file: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.Uri.parse(folder), ...file.split('/'));
}
