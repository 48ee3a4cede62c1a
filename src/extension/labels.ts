/** Localized names, icons and colours of struggle kinds and severities. */
import * as vscode from 'vscode';
import type { Severity, StruggleKind } from '../core/model';

export function kindLabel(kind: StruggleKind): string {
  switch (kind) {
    case 'rage-click':
      return vscode.l10n.t('Rage click');
    case 'dead-click':
      return vscode.l10n.t('Dead click');
    case 'error-click':
      return vscode.l10n.t('Error click');
    case 'slow-load':
      return vscode.l10n.t('Slow load');
    case 'error':
      return vscode.l10n.t('Error');
    case 'thrashed-cursor':
      return vscode.l10n.t('Thrashed cursor');
    case 'excessive-scroll':
      return vscode.l10n.t('Excessive scrolling');
    case 'quick-back':
      return vscode.l10n.t('Quick back');
    case 'form-abandon':
      return vscode.l10n.t('Abandoned form');
    default:
      return String(kind);
  }
}

/** "1 rage click" / "3 rage clicks". */
export function kindCount(kind: StruggleKind, count: number): string {
  const one = count === 1;
  switch (kind) {
    case 'rage-click':
      return one ? vscode.l10n.t('1 rage click') : vscode.l10n.t('{0} rage clicks', count);
    case 'dead-click':
      return one ? vscode.l10n.t('1 dead click') : vscode.l10n.t('{0} dead clicks', count);
    case 'error-click':
      return one ? vscode.l10n.t('1 error click') : vscode.l10n.t('{0} error clicks', count);
    case 'slow-load':
      return one ? vscode.l10n.t('1 slow load') : vscode.l10n.t('{0} slow loads', count);
    case 'error':
      return one ? vscode.l10n.t('1 error') : vscode.l10n.t('{0} errors', count);
    case 'thrashed-cursor':
      return one ? vscode.l10n.t('1 thrashed cursor') : vscode.l10n.t('{0} thrashed cursors', count);
    case 'excessive-scroll':
      return one ? vscode.l10n.t('1 excessive scroll') : vscode.l10n.t('{0} excessive scrolls', count);
    case 'quick-back':
      return one ? vscode.l10n.t('1 quick back') : vscode.l10n.t('{0} quick backs', count);
    case 'form-abandon':
      return one ? vscode.l10n.t('1 abandoned form') : vscode.l10n.t('{0} abandoned forms', count);
    default:
      return `${count} ${String(kind)}`;
  }
}

export function sessionCount(count: number): string {
  return count === 1 ? vscode.l10n.t('1 session') : vscode.l10n.t('{0} sessions', count);
}

export function struggleCountLabel(count: number): string {
  return count === 1 ? vscode.l10n.t('1 struggle') : vscode.l10n.t('{0} struggles', count);
}

export function severityLabel(severity: Severity): string {
  switch (severity) {
    case 'high':
      return vscode.l10n.t('high');
    case 'medium':
      return vscode.l10n.t('medium');
    default:
      return vscode.l10n.t('low');
  }
}

const KIND_ICONS: Record<StruggleKind, string> = {
  'rage-click': 'flame',
  'dead-click': 'circle-slash',
  'error-click': 'error',
  'slow-load': 'watch',
  error: 'bug',
  'thrashed-cursor': 'move',
  'excessive-scroll': 'list-flat',
  'quick-back': 'arrow-left',
  'form-abandon': 'note',
};

export function kindIconId(kind: StruggleKind): string {
  return KIND_ICONS[kind] ?? 'warning';
}

export function severityColor(severity: Severity): vscode.ThemeColor {
  switch (severity) {
    case 'high':
      return new vscode.ThemeColor('problemsErrorIcon.foreground');
    case 'medium':
      return new vscode.ThemeColor('problemsWarningIcon.foreground');
    default:
      return new vscode.ThemeColor('problemsInfoIcon.foreground');
  }
}

export function kindIcon(kind: StruggleKind, severity: Severity): vscode.ThemeIcon {
  return new vscode.ThemeIcon(kindIconId(kind), severityColor(severity));
}
