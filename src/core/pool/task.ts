/**
 * One analysis task in a pool worker (piscina loads this file as the task handler): the engine's
 * analyzeInputs over a group of files (one recording, or the segments of one session). Plain
 * data in, plain data out; the worker keeps one workspace's element index and source maps
 * between the tasks of a run, so each task links without scanning the workspace again.
 */
import type { MessagePort } from 'node:worker_threads';
import { analyzeInputs, type AnalysisResult, type AnalyzeOptions } from '../analysis';
import type { AttributionSession } from '../errors';
import { ElementIndex, SourceMapResolver } from '../link';
import type { ErrorRecord } from '../model';

/** The analysis options a task carries (structured-clone safe). */
export type TaskOptions = Pick<
  AnalyzeOptions,
  'cwd' | 'workspace' | 'attachSlackMs' | 'ignoreSiblingLogs' | 'oneSession' | 'detect' | 'maxDecompressedBytes' | 'sourceMaps' | 'include' | 'exclude'
> & {
  /** Names the run: tasks of one run share the worker's element index and source maps. */
  runId: string;
};

export interface AnalysisTask {
  /** Absolute paths, analyzed together (segments of one session are merged). */
  files: string[];
  options: TaskOptions;
  /** Errors from logs attributed by the caller, by absolute recording path. */
  assigned?: [string, ErrorRecord[]][];
  /**
   * Asks the caller for errors after the pass instead: the task posts `prepared` (its sessions'
   * files and spans) and waits for `assign`.
   */
  port?: MessagePort;
}

export type TaskResult = AnalysisResult;

export interface PreparedMessage {
  kind: 'prepared';
  sessions: { files: string[]; span: AttributionSession }[];
}

export interface AssignMessage {
  kind: 'assign';
  errors: [string, ErrorRecord[]][];
}

interface LinkContext {
  key: string;
  elements?: Promise<ElementIndex>;
  maps: SourceMapResolver;
}

/** The last run's link context (one workspace at a time: bounded). */
let linkContext: LinkContext | undefined;

function linkContextFor(options: TaskOptions): LinkContext | undefined {
  if (!options.workspace) return undefined;
  const key = JSON.stringify([options.runId, options.workspace, options.include, options.exclude, options.sourceMaps]);
  if (linkContext?.key !== key) linkContext = { key, maps: new SourceMapResolver(options.workspace, options.sourceMaps) };
  return linkContext;
}

function askPort(port: MessagePort, sessions: readonly PreparedMessage['sessions'][number][]): Promise<Map<string, readonly ErrorRecord[]>> {
  return new Promise((resolve) => {
    port.once('message', (message: AssignMessage) => resolve(new Map(message.errors)));
    port.postMessage({ kind: 'prepared', sessions: [...sessions] } satisfies PreparedMessage);
  });
}

export default async function analyzeTask(task: AnalysisTask): Promise<TaskResult> {
  const { runId: _runId, ...options } = task.options;
  const context = linkContextFor(task.options);
  const assigned = task.assigned ? new Map(task.assigned) : undefined;
  try {
    return await analyzeInputs(task.files, {
      ...options,
      keepEvents: false,
      ...(assigned ? { assignErrors: async () => assigned } : {}),
      ...(task.port ? { assignErrors: (sessions) => askPort(task.port!, sessions) } : {}),
      ...(context
        ? {
            link: {
              maps: context.maps,
              elements: () =>
                (context.elements ??= ElementIndex.build(options.workspace!, { include: options.include, exclude: options.exclude }).catch((error: unknown) => {
                  context.elements = undefined;
                  throw error;
                })),
            },
          }
        : {}),
    });
  } finally {
    task.port?.close();
  }
}
