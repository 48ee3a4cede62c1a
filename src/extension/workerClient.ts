/** Runs one job in a fresh analysis worker; cancelling the token terminates the worker. */
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { ProgressReply, WorkerJob, WorkerReply } from './workerProtocol';

export type FinalReply = Exclude<WorkerReply, ProgressReply>;

export function runWorkerJob(
  workerPath: string,
  job: WorkerJob,
  token?: vscode.CancellationToken,
  onProgress?: (progress: ProgressReply) => void,
): Promise<FinalReply> {
  return new Promise<FinalReply>((resolve, reject) => {
    if (token?.isCancellationRequested) {
      reject(new vscode.CancellationError());
      return;
    }
    let settled = false;
    const worker = new Worker(workerPath, { workerData: job });
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      cancel?.dispose();
      action();
      void worker.terminate();
    };
    const cancel = token?.onCancellationRequested(() => finish(() => reject(new vscode.CancellationError())));
    worker.on('message', (reply: WorkerReply) => {
      if (reply.kind === 'progress') onProgress?.(reply);
      else finish(() => resolve(reply));
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) =>
      finish(() => reject(new Error(vscode.l10n.t('The analysis worker stopped unexpectedly (exit code {0}).', code)))),
    );
  });
}
