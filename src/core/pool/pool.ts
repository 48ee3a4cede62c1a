/**
 * A pool of analysis worker threads (piscina). Each group of files (one recording, or the
 * segments of one session) is one task. The pool survives its tasks: a task that throws, runs
 * out of memory (resourceLimits) or runs past its time limit costs only its own files, which are
 * reported as input errors; piscina replaces the dead worker and the other tasks go on. A failed
 * task is never retried.
 *
 * Tasks are handed to piscina only as threads come free, so each one's time limit starts when it
 * starts running, and the largest files start first.
 */
import { availableParallelism } from 'node:os';
import { stat } from 'node:fs/promises';
import { MessageChannel } from 'node:worker_threads';
import Piscina from 'piscina';
import { shownPath } from '../analysis';
import type { ErrorRecord } from '../model';
import type { AnalysisTask, AssignMessage, PreparedMessage, TaskOptions, TaskResult } from './task';

export interface PoolSettings {
  /** Worker threads; 0 or absent: every available core. */
  threads?: number;
  /** Heap limit of each worker (maxOldGenerationSizeMb); 0 or absent: Node's default. */
  memoryMb?: number;
  /** Time limit of a task: base seconds plus seconds per MB of its files. */
  timeoutSeconds?: number;
  timeoutSecondsPerMb?: number;
}

export const DEFAULT_TIMEOUT_SECONDS = 60;
export const DEFAULT_TIMEOUT_SECONDS_PER_MB = 10;

export function poolThreads(threads: number | undefined): number {
  return threads && threads > 0 ? Math.floor(threads) : Math.max(1, availableParallelism());
}

export interface PoolRunHooks {
  signal?: AbortSignal;
  /** A task's sessions after their pass: the caller's errors for them (the extension's exports). */
  assignErrors?: (sessions: PreparedMessage['sessions']) => ReadonlyMap<string, readonly ErrorRecord[]> | Promise<ReadonlyMap<string, readonly ErrorRecord[]>>;
  /** Errors already attributed by the caller, by absolute recording path. */
  assigned?: ReadonlyMap<string, readonly ErrorRecord[]>;
  /** A group finished (or failed). */
  onDone?: (group: readonly string[], result: TaskResult) => void;
}

/** Why a worker gave up on a task, said for the user. */
function failureMessage(error: unknown, limits: { memoryMb?: number; timeoutMs: number; timedOut: boolean }): string {
  if (limits.timedOut) {
    const seconds = limits.timeoutMs / 1000;
    return `analysis did not finish within ${seconds < 10 ? Number(seconds.toFixed(1)) : Math.round(seconds)} s and was stopped (the worker was restarted)`;
  }
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory/i.test(message)) {
    return `analysis ran out of memory${limits.memoryMb ? ` (limit ${limits.memoryMb} MB per worker)` : ''} and was stopped (the worker was restarted)`;
  }
  if (/worker exited|terminated/i.test(message)) return `the analysis worker stopped unexpectedly (${message}) and was restarted`;
  return `analysis failed: ${message}`;
}

export class AnalysisPool {
  private readonly piscina: Piscina<AnalysisTask, TaskResult>;
  readonly threads: number;
  private runs = 0;

  constructor(
    taskFile: string,
    readonly settings: PoolSettings = {},
  ) {
    this.threads = poolThreads(settings.threads);
    this.piscina = new Piscina({
      filename: taskFile,
      minThreads: 0,
      maxThreads: this.threads,
      // Idle threads leave after a while: an idle editor holds no analysis heap.
      idleTimeout: 30_000,
      ...(settings.memoryMb ? { resourceLimits: { maxOldGenerationSizeMb: settings.memoryMb } } : {}),
    });
  }

  destroy(): Promise<void> {
    return this.piscina.destroy();
  }

  /** Analyzes every group; results in the groups' order. Never rejects for a group's failure. */
  async run(groups: readonly (readonly string[])[], options: Omit<TaskOptions, 'runId'>, hooks: PoolRunHooks = {}): Promise<TaskResult[]> {
    const runId = `${process.pid}-${++this.runs}-${Date.now()}`;
    const sizes = await Promise.all(groups.map(async (g) => (await Promise.all(g.map((f) => stat(f).then((s) => s.size, () => 0)))).reduce((a, b) => a + b, 0)));
    const order = groups.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a] || a - b);
    const results: TaskResult[] = new Array(groups.length);
    let next = 0;
    const worker = async () => {
      while (next < order.length) {
        if (hooks.signal?.aborted) return;
        const index = order[next++];
        results[index] = await this.runOne(groups[index], sizes[index], { ...options, runId }, hooks);
        hooks.onDone?.(groups[index], results[index]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.threads, groups.length) }, worker));
    if (hooks.signal?.aborted) throw hooks.signal.reason instanceof Error ? hooks.signal.reason : new Error('analysis cancelled');
    return results;
  }

  private async runOne(files: readonly string[], bytes: number, options: TaskOptions, hooks: PoolRunHooks): Promise<TaskResult> {
    const timeoutMs =
      1000 * ((this.settings.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) + (this.settings.timeoutSecondsPerMb ?? DEFAULT_TIMEOUT_SECONDS_PER_MB) * (bytes / 1e6));
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('timed out'));
    }, timeoutMs);
    const cancel = () => controller.abort(hooks.signal?.reason);
    hooks.signal?.addEventListener('abort', cancel);
    const channel = hooks.assignErrors ? new MessageChannel() : undefined;
    channel?.port1.on('message', async (message: PreparedMessage) => {
      let errors: [string, ErrorRecord[]][] = [];
      try {
        const answer = await hooks.assignErrors!(message.sessions);
        errors = [...answer].map(([file, list]) => [file, [...list]]);
      } finally {
        channel.port1.postMessage({ kind: 'assign', errors } satisfies AssignMessage);
      }
    });
    const task: AnalysisTask = {
      files: [...files],
      options,
      ...(hooks.assigned ? { assigned: files.flatMap((f) => (hooks.assigned!.has(f) ? [[f, [...hooks.assigned!.get(f)!]] as [string, ErrorRecord[]]] : [])) } : {}),
      ...(channel ? { port: channel.port2 } : {}),
    };
    try {
      return await this.piscina.run(task, { signal: controller.signal, ...(channel ? { transferList: [channel.port2] } : {}) });
    } catch (error) {
      if (hooks.signal?.aborted) throw error;
      const message = failureMessage(error, { memoryMb: this.settings.memoryMb, timeoutMs, timedOut });
      const cwd = options.cwd ?? process.cwd();
      return { sessions: [], spans: [], unattachedErrors: [], inputErrors: files.map((f) => ({ file: shownPath(cwd, f), message })) };
    } finally {
      clearTimeout(timer);
      hooks.signal?.removeEventListener('abort', cancel);
      channel?.port1.close();
    }
  }
}
