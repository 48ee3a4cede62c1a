/**
 * The analysis worker (worker_threads): runs the engine off the extension host's thread, one job
 * per worker. The host cancels by terminating the worker.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeInputs } from '../core/analysis';
import { SourceMapResolver } from '../core/link';
import { InputError } from '../core/model';
import { loadRecording } from '../core/recording/load';
import { sessionReport } from '../core/report';
import type { AnalyzeJob, AssignMessage, LoadJob, SourceContentJob, WorkerJob, WorkerReply } from './workerProtocol';

function post(reply: WorkerReply): void {
  parentPort?.postMessage(reply);
}

/** The host's answer to `prepared`. */
function nextAssignment(): Promise<AssignMessage> {
  return new Promise((resolve) => {
    const listener = (message: AssignMessage) => {
      if (message?.kind !== 'assign') return;
      parentPort?.off('message', listener);
      resolve(message);
    };
    parentPort?.on('message', listener);
  });
}

async function analyze(job: AnalyzeJob): Promise<void> {
  const result = await analyzeInputs(job.files, {
    ignoreSiblingLogs: job.exportFiles,
    attachSlackMs: job.attachSlackMs,
    assignErrors: async (sessions) => {
      const answer = nextAssignment();
      post({ kind: 'prepared', sessions: [...sessions] });
      return new Map((await answer).errors);
    },
    cwd: job.folder,
    workspace: job.link ? job.folder : undefined,
    detect: job.detect,
    maxDecompressedBytes: job.maxDecompressedBytes,
    sourceMaps: job.sourceMaps,
    include: job.include.length > 0 ? job.include : undefined,
    exclude: job.exclude.length > 0 ? job.exclude : undefined,
    onProgress: (p) => post({ kind: 'progress', ...p }),
    keepEvents: false,
  });
  post({ kind: 'analyzed', sessions: result.sessions.map(sessionReport), spans: result.spans, inputErrors: result.inputErrors });
}

async function load(job: LoadJob): Promise<void> {
  const recording = await loadRecording(job.file, { maxDecompressedBytes: job.maxDecompressedBytes });
  post({ kind: 'loaded', events: recording.events, format: recording.format, warnings: recording.warnings });
}

async function sourceContent(job: SourceContentJob): Promise<void> {
  const resolver = new SourceMapResolver(job.folder, job.sourceMaps);
  const mapped = await resolver.mapFrame(job.frame);
  post({ kind: 'sourceContent', content: mapped?.sourceContent, file: mapped?.file, line: mapped?.line, column: mapped?.column });
}

async function run(job: WorkerJob): Promise<void> {
  try {
    if (job.kind === 'analyze') await analyze(job);
    else if (job.kind === 'load') await load(job);
    else await sourceContent(job);
  } catch (error) {
    post({
      kind: 'failed',
      message: error instanceof Error ? error.message : String(error),
      inputError: error instanceof InputError,
      ...(error instanceof InputError ? { problem: error.problem } : {}),
    });
  }
}

void run(workerData as WorkerJob);
