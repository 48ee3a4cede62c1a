/**
 * Messages between the extension host and the replay worker (worker_threads): decode a
 * recording, map an error frame. Jobs run one per worker; the host terminates the worker to
 * cancel. Workspace analysis has its own pool (core/pool).
 */
import type { SourceMapResolverOptions } from '../core/link';
import type { RecordingEvent, RecordingFormat, StackFrame } from '../core/model';

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

export type WorkerJob = LoadJob | SourceContentJob;

export interface ProgressReply {
  kind: 'progress';
  done: number;
  total: number;
  file: string;
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

export type WorkerReply = ProgressReply | LoadedReply | SourceContentReply | FailedReply;
