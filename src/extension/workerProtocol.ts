/**
 * Messages between the extension host and the analysis worker (worker_threads). Jobs run one per
 * worker; the host terminates the worker to cancel.
 */
import type { DetectConfig } from '../core/detect';
import type { AttributionSession } from '../core/errors';
import type { SourceMapResolverOptions } from '../core/link';
import type { ErrorRecord, RecordingEvent, RecordingFormat, StackFrame } from '../core/model';
import type { InputErrorReport, SessionReport } from '../core/report';

export interface AnalyzeJob {
  kind: 'analyze';
  /** Absolute paths of the recordings. */
  files: string[];
  /** Workspace folder (absolute): reported paths are relative to it and sources are linked in it. */
  folder: string;
  /** False: only detect, do not link (the folder is not on disk). */
  link: boolean;
  detect: DetectConfig;
  maxDecompressedBytes: number;
  sourceMaps: SourceMapResolverOptions;
  include: string[];
  exclude: string[];
  /**
   * Workspace error exports (absolute paths): the host attributes them. After every pass the
   * worker posts `prepared` and waits for the host's `assign` before the detectors finish. The
   * exports are never read again as a recording's sibling log.
   */
  exportFiles: string[];
  /** Slack (ms) for attributing sibling logs' errors by time (struggleLens.errors.attachSlackMs). */
  attachSlackMs: number;
}

/** The job's sessions after their pass, for the host to attribute export errors. */
export interface PreparedReply {
  kind: 'prepared';
  sessions: { files: string[]; span: AttributionSession }[];
}

/** Host → worker: export errors by absolute recording path. */
export interface AssignMessage {
  kind: 'assign';
  errors: [string, ErrorRecord[]][];
}

export interface LoadJob {
  kind: 'load';
  file: string;
  maxDecompressedBytes: number;
}

export interface SourceContentJob {
  kind: 'sourceContent';
  folder: string;
  frame: StackFrame;
  sourceMaps: SourceMapResolverOptions;
}

export type WorkerJob = AnalyzeJob | LoadJob | SourceContentJob;

export interface ProgressReply {
  kind: 'progress';
  done: number;
  total: number;
  file: string;
}

export interface AnalyzedReply {
  kind: 'analyzed';
  sessions: SessionReport[];
  /** Attribution spans, parallel to sessions. */
  spans: AttributionSession[];
  inputErrors: InputErrorReport[];
}

export interface LoadedReply {
  kind: 'loaded';
  events: RecordingEvent[];
  format: RecordingFormat;
  warnings: string[];
}

export interface SourceContentReply {
  kind: 'sourceContent';
  content?: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface FailedReply {
  kind: 'failed';
  message: string;
  /** True when the problem is with the input (InputError), not the worker. */
  inputError: boolean;
  /** For input errors: the problem without the file name. */
  problem?: string;
}

export type WorkerReply = ProgressReply | PreparedReply | AnalyzedReply | LoadedReply | SourceContentReply | FailedReply;
