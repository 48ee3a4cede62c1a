/** Labels, icons and colours per struggle kind, and time formatting shared by the panels. */
import type { Severity, StruggleKind } from '../src/core/model';

export interface KindStyle {
  label: string;
  /** Codicon name. */
  icon: string;
  /** CSS colour (a VS Code theme variable) for the timeline marker and the list icon. */
  color: string;
}

export const KIND_STYLES: Record<StruggleKind, KindStyle> = {
  'rage-click': { label: 'Rage click', icon: 'flame', color: 'var(--vscode-charts-red, #f14c4c)' },
  'dead-click': { label: 'Dead click', icon: 'circle-slash', color: 'var(--vscode-charts-orange, #d18616)' },
  'error-click': { label: 'Error click', icon: 'bug', color: 'var(--vscode-charts-purple, #b180d7)' },
  'slow-load': { label: 'Slow load', icon: 'watch', color: 'var(--vscode-charts-yellow, #cca700)' },
  error: { label: 'Error', icon: 'error', color: 'var(--vscode-editorError-foreground, #f14c4c)' },
  'thrashed-cursor': { label: 'Thrashed cursor', icon: 'pulse', color: 'var(--vscode-charts-blue, #3794ff)' },
  'excessive-scroll': { label: 'Excessive scroll', icon: 'arrow-swap', color: 'var(--vscode-charts-green, #89d185)' },
  'quick-back': { label: 'Quick back', icon: 'history', color: 'var(--vscode-terminal-ansiCyan, #29b8db)' },
  'form-abandon': { label: 'Form abandoned', icon: 'output', color: 'var(--vscode-terminal-ansiMagenta, #bc3fbc)' },
};

const UNKNOWN_KIND: KindStyle = { label: 'Struggle', icon: 'question', color: 'var(--vscode-charts-foreground, #cccccc)' };

/** Tolerates kinds added to the engine after this webview was built. */
export function kindStyle(kind: string): KindStyle {
  return Object.prototype.hasOwnProperty.call(KIND_STYLES, kind) ? KIND_STYLES[kind as StruggleKind] : { ...UNKNOWN_KIND, label: kind };
}

/** Timeline marker colour for recorded errors (tag `error`). */
export const ERROR_MARKER_COLOR = 'var(--vscode-errorForeground, #f85149)';
/** Timeline marker colour for errors the app caught (tag `error:handled`). */
export const HANDLED_ERROR_MARKER_COLOR = 'var(--vscode-editorInfo-foreground, #3794ff)';

export const SEVERITY_RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

/** `mm:ss.s` (or `h:mm:ss.s` past an hour) from milliseconds. */
export function formatTime(ms: number): string {
  const tenths = Math.max(0, Math.round(ms / 100));
  const hours = Math.floor(tenths / 36000);
  const minutes = Math.floor((tenths % 36000) / 600);
  const seconds = (tenths % 600) / 10;
  const ss = seconds.toFixed(1).padStart(4, '0');
  const mm = String(minutes).padStart(2, '0');
  return hours > 0 ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** Time for screen readers: "1 minute 5.4 seconds". */
export function spokenTime(ms: number): string {
  const tenths = Math.max(0, Math.round(ms / 100));
  const minutes = Math.floor(tenths / 600);
  const seconds = (tenths % 600) / 10;
  const s = `${seconds.toFixed(1)} seconds`;
  return minutes > 0 ? `${minutes} minute${minutes === 1 ? '' : 's'} ${s}` : s;
}
