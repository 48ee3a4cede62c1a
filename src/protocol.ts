/**
 * Messages between the extension host and the replay webview, typed both ways.
 *
 * Each message is declared once, as an `IpcMessageType` with a validator for its params; host and
 * webview both import these declarations. Receivers check `Type.is(message)` before touching a
 * payload, so nothing arrives as `any` and a malformed message is ignored rather than trusted.
 *
 * This file is shared by the Node host bundle and the browser bundle: it must not import `vscode`
 * or any DOM- or Node-only module.
 */
import type { RecordingEvent } from './core/model';
import type { SessionReport } from './core/report';

/** The envelope of every message. */
export interface IpcMessage<Params = unknown> {
  readonly method: string;
  readonly params: Params;
}

type Validator<Params> = (params: unknown) => params is Params;

/** One kind of message: its method name and a check of its params. */
export class IpcMessageType<Params> {
  constructor(
    readonly method: string,
    private readonly validate: Validator<Params>,
  ) {}

  create(params: Params): IpcMessage<Params> {
    return { method: this.method, params };
  }

  is(message: unknown): message is IpcMessage<Params> {
    return isIpcMessage(message) && message.method === this.method && this.validate(message.params);
  }
}

export function isIpcMessage(message: unknown): message is IpcMessage {
  return isRecord(message) && typeof message.method === 'string' && 'params' in message;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isEmpty = (params: unknown): params is Record<string, never> => isRecord(params);

function isRecordingEvent(value: unknown): value is RecordingEvent {
  return isRecord(value) && typeof value.type === 'number' && typeof value.timestamp === 'number';
}

// ---------------------------------------------------------------------------------------------
// Webview → host

/** The webview's script has loaded and wants the recording (sent again after every reload). */
export const ReadyMessage = new IpcMessageType<Record<string, never>>('webview/ready', isEmpty);

export interface PlayerShownParams {
  /** Length of the replay in milliseconds. */
  totalTimeMs: number;
  /** Where playback stands after restoring the saved state. */
  currentTimeMs: number;
}

/** The player has been created and shows the recording. */
export const PlayerShownMessage = new IpcMessageType<PlayerShownParams>(
  'webview/playerShown',
  (p): p is PlayerShownParams => isRecord(p) && typeof p.totalTimeMs === 'number' && typeof p.currentTimeMs === 'number',
);

export interface WebviewErrorParams {
  message: string;
}

/** Something went wrong inside the webview (the player could not be created, for example). */
export const WebviewErrorMessage = new IpcMessageType<WebviewErrorParams>(
  'webview/error',
  (p): p is WebviewErrorParams => isRecord(p) && typeof p.message === 'string',
);

export interface OpenSourceParams {
  /** Workspace-relative path with `/` separators, as in SourceLocation; the host re-checks it. */
  file: string;
  line: number;
  column: number;
}

/** The user picked a source location (an error frame, a struggle's source). */
export const OpenSourceMessage = new IpcMessageType<OpenSourceParams>(
  'webview/openSource',
  (p): p is OpenSourceParams =>
    isRecord(p) && typeof p.file === 'string' && p.file.length > 0 && isFiniteNumber(p.line) && isFiniteNumber(p.column),
);

export interface CopyLinkParams {
  atMs: number;
}

/** Copy a vscode:// link that opens this recording at this moment. */
export const CopyLinkMessage = new IpcMessageType<CopyLinkParams>('webview/copyLink', (p): p is CopyLinkParams => isRecord(p) && isFiniteNumber(p.atMs));

// ---------------------------------------------------------------------------------------------
// Host → webview

export interface LoadRecordingParams {
  /** File name shown to the user (not a path to open). */
  fileName: string;
  events: RecordingEvent[];
  /**
   * The analyzed session (pages with metrics, errors with source-mapped frames, struggles), the
   * same objects as `struggle-lens analyze --json`. Absent while analysis is still running or
   * when it failed; a later AnalysisMessage brings it.
   */
  analysis?: SessionReport;
  /** Open paused at this moment (ms from the first event), e.g. 3 s before a struggle. */
  startAtMs?: number;
  /** Struggle to select and highlight on open. */
  focusStruggleId?: string;
  /** struggleLens.replay.allowRemoteAssets: the CSP lets recorded images, fonts and styles load. */
  allowRemoteAssets: boolean;
  /**
   * Load-time budgets the metrics panel colours against (the slowLoad detection settings). Missing
   * entries fall back to the detection defaults (Core Web Vitals thresholds).
   */
  budgets?: MetricBudgets;
}

/** Budget per metric: at or under `good` is fine, over `poor` is bad, in between needs work. */
export interface MetricBudget {
  good: number;
  poor?: number;
}

export type MetricBudgets = Partial<Record<'ttfbMs' | 'fcpMs' | 'lcpMs' | 'domContentLoadedMs' | 'loadMs' | 'cls' | 'inpMs', MetricBudget>>;

function isMetricBudgets(value: unknown): value is MetricBudgets {
  return (
    isRecord(value) &&
    Object.values(value).every((b) => b === undefined || (isRecord(b) && isFiniteNumber(b.good) && (b.poor === undefined || isFiniteNumber(b.poor))))
  );
}

/** The recording to replay. */
export const LoadRecordingMessage = new IpcMessageType<LoadRecordingParams>(
  'host/loadRecording',
  (p): p is LoadRecordingParams =>
    isRecord(p) &&
    typeof p.fileName === 'string' &&
    Array.isArray(p.events) &&
    p.events.every(isRecordingEvent) &&
    typeof p.allowRemoteAssets === 'boolean' &&
    (p.analysis === undefined || isSessionReport(p.analysis)) &&
    (p.startAtMs === undefined || isFiniteNumber(p.startAtMs)) &&
    (p.focusStruggleId === undefined || typeof p.focusStruggleId === 'string') &&
    (p.budgets === undefined || isMetricBudgets(p.budgets)),
);

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isSessionReport(value: unknown): value is SessionReport {
  return isRecord(value) && Array.isArray(value.pages) && Array.isArray(value.errors) && Array.isArray(value.struggles);
}

export interface AnalysisParams {
  analysis: SessionReport;
}

/** The analysis of the open recording arrived (or was refreshed after the file changed). */
export const AnalysisMessage = new IpcMessageType<AnalysisParams>('host/analysis', (p): p is AnalysisParams => isRecord(p) && isSessionReport(p.analysis));

export interface SeekParams {
  atMs: number;
  /** Select this struggle in the list and highlight its target in the replayed page. */
  struggleId?: string;
}

/** Jump the player to a moment (paused), e.g. from the Struggles view or a shared link. */
export const SeekMessage = new IpcMessageType<SeekParams>(
  'host/seek',
  (p): p is SeekParams => isRecord(p) && isFiniteNumber(p.atMs) && (p.struggleId === undefined || typeof p.struggleId === 'string'),
);

export interface LoadFailedParams {
  fileName: string;
  /** Human-readable reason; shown as text, never as HTML. */
  message: string;
}

/** The recording could not be read or parsed. */
export const LoadFailedMessage = new IpcMessageType<LoadFailedParams>(
  'host/loadFailed',
  (p): p is LoadFailedParams => isRecord(p) && typeof p.fileName === 'string' && typeof p.message === 'string',
);

// ---------------------------------------------------------------------------------------------
// Webview state kept by VS Code across reloads (getState/setState)

export interface ReplayWebviewState {
  /** Playback position in milliseconds from the start of the recording. */
  currentTimeMs: number;
  /** The struggle selected in the list (restored with its highlight). */
  selectedStruggleId?: string;
}

export function isReplayWebviewState(value: unknown): value is ReplayWebviewState {
  return (
    isRecord(value) &&
    typeof value.currentTimeMs === 'number' &&
    Number.isFinite(value.currentTimeMs) &&
    (value.selectedStruggleId === undefined || typeof value.selectedStruggleId === 'string')
  );
}
