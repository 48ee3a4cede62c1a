/**
 * The Struggles view: workspace recordings → sessions → struggles, worst first; then each
 * workspace error export → "N errors matched no recording" → those errors.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SessionReport, UnattachedErrorReport } from '../core/report';
import type { AnalysisService, ErrorExportStatus } from './analysisService';
import { kindIcon, kindLabel, severityColor, severityLabel, struggleCountLabel } from './labels';
import { formatMoment } from './links';
import { escapeMarkdown, markdownCode, plainText } from './markdown';
import { refOf, sortedStruggles, struggleCount, worstSeverity, type RecordingAnalysis, type StruggleEntry, type StruggleRef } from './struggleIndex';

export const STRUGGLES_VIEW_ID = 'struggleLens.struggles';

export type StruggleNode =
  | { type: 'recording'; recording: RecordingAnalysis }
  | { type: 'session'; recording: RecordingAnalysis; session: SessionReport }
  | { type: 'struggle'; entry: StruggleEntry; ref: StruggleRef }
  | { type: 'export'; log: ErrorExportStatus }
  | { type: 'unattached'; log: ErrorExportStatus }
  | { type: 'unattachedError'; log: ErrorExportStatus; error: UnattachedErrorReport; index: number };

export class StrugglesTreeProvider implements vscode.TreeDataProvider<StruggleNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<StruggleNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private readonly recordingNodes = new Map<string, StruggleNode>();
  private readonly exportNodes = new Map<string, StruggleNode>();

  constructor(private readonly analysis: AnalysisService) {
    this.subscription = analysis.onDidChange(() => this.changed.fire(undefined));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  /** The node of a recording (stable object, for TreeView.reveal). */
  recordingNode(uri: string): StruggleNode | undefined {
    return this.recordingNodes.get(uri);
  }

  /** The node of an error export (stable object, for TreeView.reveal). */
  exportNode(uri: string): StruggleNode | undefined {
    return this.exportNodes.get(uri);
  }

  getChildren(node?: StruggleNode): StruggleNode[] {
    if (!node) {
      this.recordingNodes.clear();
      const recordings = this.analysis.recordings().map((recording) => {
        const n: StruggleNode = { type: 'recording', recording };
        this.recordingNodes.set(recording.uri, n);
        return n;
      });
      // Exports only once there is something to attribute them to.
      this.exportNodes.clear();
      const exports = recordings.length > 0 ? this.analysis.errorExports().map((log): StruggleNode => ({ type: 'export', log })) : [];
      for (const n of exports) if (n.type === 'export') this.exportNodes.set(n.log.uri, n);
      return [...recordings, ...exports];
    }
    if (node.type === 'export') return node.log.unattached.length > 0 ? [{ type: 'unattached', log: node.log }] : [];
    if (node.type === 'unattached') return node.log.unattached.map((error, index) => ({ type: 'unattachedError', log: node.log, error, index }));
    if (node.type === 'recording') {
      const { recording } = node;
      if (recording.sessions.length === 1) return this.struggleNodes(recording, recording.sessions[0]);
      return recording.sessions.map((session) => ({ type: 'session', recording, session }));
    }
    if (node.type === 'session') return this.struggleNodes(node.recording, node.session);
    return [];
  }

  getParent(node: StruggleNode): StruggleNode | undefined {
    if (node.type === 'recording' || node.type === 'export') return undefined;
    if (node.type === 'unattached') return this.exportNodes.get(node.log.uri);
    if (node.type === 'unattachedError') return { type: 'unattached', log: node.log };
    const recording = node.type === 'session' ? node.recording : node.entry.recording;
    const parent = this.recordingNodes.get(recording.uri);
    if (node.type === 'struggle' && recording.sessions.length > 1) return { type: 'session', recording, session: node.entry.session };
    return parent;
  }

  getTreeItem(node: StruggleNode): vscode.TreeItem {
    if (node.type === 'recording') return this.recordingItem(node.recording);
    if (node.type === 'session') return this.sessionItem(node.recording, node.session);
    if (node.type === 'export') return exportItem(node.log);
    if (node.type === 'unattached') return unattachedItem(node.log);
    if (node.type === 'unattachedError') return unattachedErrorItem(node.log, node.error, node.index);
    return this.struggleItem(node);
  }

  private struggleNodes(recording: RecordingAnalysis, session: SessionReport): StruggleNode[] {
    return sortedStruggles(session).map((struggle) => {
      const entry: StruggleEntry = { recording, session, struggle };
      return { type: 'struggle', entry, ref: refOf(entry) };
    });
  }

  private recordingItem(recording: RecordingAnalysis): vscode.TreeItem {
    const uri = vscode.Uri.parse(recording.uri);
    const count = struggleCount(recording);
    const item = new vscode.TreeItem(path.posix.basename(recording.relativePath), count > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `recording:${recording.uri}`;
    item.resourceUri = uri;
    item.contextValue = 'recording';
    const problem = recording.skipped ?? recording.inputErrors[0]?.message;
    const folderPart = path.posix.dirname(recording.relativePath);
    if (recording.sessions.length === 0 && problem) {
      item.description = plainText(problem, 200);
      item.iconPath = new vscode.ThemeIcon(recording.skipped ? 'info' : 'warning', new vscode.ThemeColor(recording.skipped ? 'problemsInfoIcon.foreground' : 'problemsWarningIcon.foreground'));
    } else {
      const sessions = recording.sessions.length > 1 ? vscode.l10n.t(' in {0} sessions', recording.sessions.length) : '';
      item.description = count > 0 ? `${struggleCountLabel(count)}${sessions}` : vscode.l10n.t('no struggles');
      if (folderPart !== '.') item.description += ` · ${folderPart}`;
      const worst = worstSeverity(recording.sessions.flatMap((s) => s.struggles));
      item.iconPath = new vscode.ThemeIcon('device-camera-video', worst ? severityColor(worst) : undefined);
    }
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${escapeMarkdown(recording.relativePath)}**\n\n`);
    for (const session of recording.sessions) {
      tooltip.appendMarkdown(
        `- ${escapeMarkdown(vscode.l10n.t('Session {0}, {1}, recorded {2}: {3}', session.id, formatMoment(session.durationMs), session.startedAt, struggleCountLabel(session.struggles.length)))}\n`,
      );
    }
    if (problem) tooltip.appendMarkdown(`\n${escapeMarkdown(problem)}\n`);
    for (const e of recording.inputErrors.slice(1)) tooltip.appendMarkdown(`\n${escapeMarkdown(`${e.file}: ${e.message}`)}\n`);
    item.tooltip = tooltip;
    if (count === 0) item.command = { command: 'struggleLens.openRecording', title: vscode.l10n.t('Open Recording'), arguments: [uri] };
    return item;
  }

  private sessionItem(recording: RecordingAnalysis, session: SessionReport): vscode.TreeItem {
    const count = session.struggles.length;
    const item = new vscode.TreeItem(
      vscode.l10n.t('Session {0}', plainText(session.id, 80)),
      count > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = `session:${recording.uri}#${session.id}`;
    item.contextValue = 'session';
    item.description = `${struggleCountLabel(count)} · ${formatMoment(session.durationMs)}`;
    item.iconPath = new vscode.ThemeIcon('account');
    item.tooltip = new vscode.MarkdownString(escapeMarkdown(`${session.startedAt} · ${session.pages.map((p) => p.url).slice(0, 5).join(', ')}`));
    return item;
  }

  private struggleItem(node: Extract<StruggleNode, { type: 'struggle' }>): vscode.TreeItem {
    const { struggle } = node.entry;
    const item = new vscode.TreeItem(kindLabel(struggle.kind), vscode.TreeItemCollapsibleState.None);
    item.id = `struggle:${node.ref.recording}#${node.ref.sessionId}#${node.ref.struggleId}`;
    const source = struggle.sources[0];
    item.contextValue = source ? 'struggle.linked' : 'struggle';
    const where = source ? `${path.posix.basename(source.file)}:${source.line}` : struggle.target?.text ? `"${plainText(struggle.target.text, 60)}"` : '';
    item.description = [formatMoment(struggle.atMs), severityLabel(struggle.severity), where].filter(Boolean).join(' · ');
    item.iconPath = kindIcon(struggle.kind, struggle.severity);
    item.accessibilityInformation = {
      label: vscode.l10n.t('{0}, {1} severity, at {2}: {3}', kindLabel(struggle.kind), severityLabel(struggle.severity), formatMoment(struggle.atMs), plainText(struggle.summary)),
    };
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${escapeMarkdown(kindLabel(struggle.kind))}** · ${escapeMarkdown(severityLabel(struggle.severity))} · ${formatMoment(struggle.atMs)}\n\n`);
    tooltip.appendMarkdown(`${escapeMarkdown(struggle.summary)}\n\n`);
    if (struggle.target) tooltip.appendMarkdown(`${vscode.l10n.t('Target:')} ${markdownCode(struggle.target.selector)}\n\n`);
    if (source) tooltip.appendMarkdown(`${vscode.l10n.t('Source:')} ${markdownCode(`${source.file}:${source.line}`)} — ${escapeMarkdown(source.reason)}\n\n`);
    tooltip.appendMarkdown(escapeMarkdown(vscode.l10n.t('Confidence {0}%', Math.round(struggle.confidence * 100))));
    item.tooltip = tooltip;
    item.command = { command: 'struggleLens.replayStruggle', title: vscode.l10n.t('Replay Struggle'), arguments: [node.ref] };
    return item;
  }
}

/** "N errors matched no recording" (and its count alone, for the export's description). */
export function unmatchedLabel(count: number): string {
  return count === 1 ? vscode.l10n.t('1 error matched no recording') : vscode.l10n.t('{0} errors matched no recording', count);
}

function exportItem(log: ErrorExportStatus): vscode.TreeItem {
  const uri = vscode.Uri.parse(log.uri);
  const count = log.unattached.length;
  const item = new vscode.TreeItem(path.posix.basename(log.relativePath), count > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = `export:${log.uri}`;
  item.resourceUri = uri;
  item.contextValue = 'errorExport';
  const folderPart = path.posix.dirname(log.relativePath);
  if (log.problem) {
    item.description = log.problem;
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  } else {
    item.description =
      (count > 0 ? unmatchedLabel(count) : vscode.l10n.t('all {0} errors matched a recording', log.total)) + (folderPart !== '.' ? ` · ${folderPart}` : '');
    item.iconPath = new vscode.ThemeIcon('bug');
  }
  const tooltip = new vscode.MarkdownString();
  tooltip.appendMarkdown(`**${escapeMarkdown(log.relativePath)}**\n\n`);
  tooltip.appendMarkdown(escapeMarkdown(log.problem ?? vscode.l10n.t('Error export: {0} errors, {1} matched no recording.', log.total, count)));
  item.tooltip = tooltip;
  item.command = { command: 'vscode.open', title: vscode.l10n.t('Open Error Export'), arguments: [uri] };
  return item;
}

function unattachedItem(log: ErrorExportStatus): vscode.TreeItem {
  const item = new vscode.TreeItem(unmatchedLabel(log.unattached.length), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `unattached:${log.uri}`;
  item.contextValue = 'unattachedErrors';
  item.iconPath = new vscode.ThemeIcon('circle-slash');
  item.tooltip = new vscode.MarkdownString(
    escapeMarkdown(vscode.l10n.t('These errors name no session in the workspace and happened outside every recording, so they are not shown in any recording.')),
  );
  return item;
}

function unattachedErrorItem(log: ErrorExportStatus, error: UnattachedErrorReport, index: number): vscode.TreeItem {
  // eslint-disable-next-line no-control-regex -- recorded text: no control characters in the label
  const text = `${error.type}: ${error.message}`.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
  const item = new vscode.TreeItem(text.length > 100 ? `${text.slice(0, 99)}…` : text, vscode.TreeItemCollapsibleState.None);
  item.id = `unattachedError:${log.uri}#${index}`;
  item.contextValue = 'unattachedError';
  item.description = error.at + (error.handled ? ` · ${vscode.l10n.t('handled')}` : '');
  item.iconPath = new vscode.ThemeIcon(error.handled ? 'info' : 'error');
  const tooltip = new vscode.MarkdownString();
  tooltip.appendMarkdown(`**${escapeMarkdown(error.type)}** · ${escapeMarkdown(error.at)}\n\n${escapeMarkdown(error.message)}\n\n`);
  for (const frame of error.frames.slice(0, 5)) {
    tooltip.appendMarkdown(`- ${markdownCode(`${frame.function ?? '?'} ${frame.url ?? ''}:${frame.line ?? '?'}:${frame.column ?? '?'}`)}\n`);
  }
  item.tooltip = tooltip;
  return item;
}
