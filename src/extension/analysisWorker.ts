/**
 * The replay worker (worker_threads): decodes a recording (every format) or maps an error frame
 * off the extension host's thread, one job per worker. The host cancels by terminating the
 * worker. Workspace analysis runs in the worker pool (core/pool).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SourceMapResolver } from '../core/link';
import { InputError } from '../core/model';
import { loadRecording } from '../core/recording/load';
import type { LoadJob, SourceContentJob, WorkerJob, WorkerReply } from './workerProtocol';

function post(reply: WorkerReply): void {
  parentPort?.postMessage(reply);
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
    if (job.kind === 'load') await load(job);
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
