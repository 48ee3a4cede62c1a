/** The Struggles view: workspace recordings → sessions → struggles, worst first. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SessionReport } from '../core/report';
import type { AnalysisService } from './analysisService';
import { kindIcon, kindLabel, severityColor, severityLabel, struggleCountLabel } from './labels';
import { formatMoment } from './links';
import { escapeMarkdown, markdownCode } from './markdown';
import { refOf, sortedStruggles, struggleCount, worstSeverity, type RecordingAnalysis, type StruggleEntry, type StruggleRef } from './struggleIndex';

export const STRUGGLES_VIEW_ID = 'struggleLens.struggles';

export type StruggleNode =
  | { type: 'recording'; recording: RecordingAnalysis }
  | { type: 'session'; recording: RecordingAnalysis; session: SessionReport }
  | { type: 'struggle'; entry: StruggleEntry; ref: StruggleRef };

export class StrugglesTreeProvider implements vscode.TreeDataProvider<StruggleNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<StruggleNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private readonly recordingNodes = new Map<string, StruggleNode>();

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

  getChildren(node?: StruggleNode): StruggleNode[] {
    if (!node) {
      this.recordingNodes.clear();
      return this.analysis.recordings().map((recording) => {
        const n: StruggleNode = { type: 'recording', recording };
        this.recordingNodes.set(recording.uri, n);
        return n;
      });
    }
    if (node.type === 'recording') {
      const { recording } = node;
      if (recording.sessions.length === 1) return this.struggleNodes(recording, recording.sessions[0]);
      return recording.sessions.map((session) => ({ type: 'session', recording, session }));
    }
    if (node.type === 'session') return this.struggleNodes(node.recording, node.session);
    return [];
  }

  getParent(node: StruggleNode): StruggleNode | undefined {
    if (node.type === 'recording') return undefined;
    const recording = node.type === 'session' ? node.recording : node.entry.recording;
    const parent = this.recordingNodes.get(recording.uri);
    if (node.type === 'struggle' && recording.sessions.length > 1) return { type: 'session', recording, session: node.entry.session };
    return parent;
  }

  getTreeItem(node: StruggleNode): vscode.TreeItem {
    if (node.type === 'recording') return this.recordingItem(node.recording);
    if (node.type === 'session') return this.sessionItem(node.recording, node.session);
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
      item.description = problem;
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
      vscode.l10n.t('Session {0}', session.id),
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
    const where = source ? `${path.posix.basename(source.file)}:${source.line}` : struggle.target?.text ? `"${struggle.target.text}"` : '';
    item.description = [formatMoment(struggle.atMs), severityLabel(struggle.severity), where].filter(Boolean).join(' · ');
    item.iconPath = kindIcon(struggle.kind, struggle.severity);
    item.accessibilityInformation = {
      label: vscode.l10n.t('{0}, {1} severity, at {2}: {3}', kindLabel(struggle.kind), severityLabel(struggle.severity), formatMoment(struggle.atMs), struggle.summary),
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
