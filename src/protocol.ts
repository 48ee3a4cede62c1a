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

// ---------------------------------------------------------------------------------------------
// Host → webview

export interface LoadRecordingParams {
  /** File name shown to the user (not a path to open). */
  fileName: string;
  events: RecordingEvent[];
}

/** The recording to replay. */
export const LoadRecordingMessage = new IpcMessageType<LoadRecordingParams>(
  'host/loadRecording',
  (p): p is LoadRecordingParams =>
    isRecord(p) && typeof p.fileName === 'string' && Array.isArray(p.events) && p.events.every(isRecordingEvent),
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
}

export function isReplayWebviewState(value: unknown): value is ReplayWebviewState {
  return isRecord(value) && typeof value.currentTimeMs === 'number' && Number.isFinite(value.currentTimeMs);
}
