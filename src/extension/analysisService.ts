/**
 * Analyzes the workspace's recordings in a worker, caches each file's result by modification
 * time and size, and refreshes when recordings change on disk or analysis settings change.
 *
 * Workspace error exports (errorExports.ts) apply to every recording. The host attributes them
 * with the engine's rule across all recordings: a worker posts its sessions' spans after their
 * pass and waits for their export errors before the detectors finish. When an export, the slack
 * setting or the set of recordings changes, the attribution runs again and only the recordings
 * whose export errors changed are analyzed again.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { InputError, type ErrorRecord, type StackFrame } from '../core/model';
import { unattachedErrorReport, type UnattachedErrorReport } from '../core/report';
import { attributeExports, ErrorExports, errorsKey, type AttributionTarget, type WorkspaceAttribution } from './errorExports';
import { allEntries, sortRecordings, type RecordingAnalysis } from './struggleIndex';
import type { ExtensionSettings } from './settings';
import { findInWorkspace } from './findFiles';
import { RecordingWatcher } from './recordingWatcher';
import { timeSlicer } from './timeSlice';
import { runWorkerJob } from './workerClient';
import type { LoadedReply } from './workerProtocol';
import type { AnalysisResult } from '../core/analysis';
import { analyzeFilesInPool } from '../core/pool/analyzeMany';
import { AnalysisPool, type PoolSettings } from '../core/pool/pool';
import type { AssignMessage, PreparedMessage } from '../core/pool/task';
import { sessionReport } from '../core/report';

/** A workspace error export as the Struggles view shows it. */
export interface ErrorExportStatus {
  uri: string;
  relativePath: string;
  total: number;
  /** Errors that matched no recording. */
  unattached: UnattachedErrorReport[];
  problem?: string;
}

export type AnalysisState = 'idle' | 'running' | 'done';

export interface AnalyzeSummary {
  recordings: number;
  analyzed: number;
  fromCache: number;
  sessions: number;
  struggles: number;
  inputErrors: number;
  durationMs: number;
}

export interface AnalyzeRequest {
  /** Ignore the cache. */
  force?: boolean;
  /** Where progress shows: a cancellable notification, or the status bar. */
  location?: 'notification' | 'window';
}

interface FileTarget {
  uri: vscode.Uri;
  folder: vscode.Uri;
  relativePath: string;
  mtime: number;
  size: number;
}

export class AnalysisService implements vscode.Disposable {
  private readonly cache = new Map<string, RecordingAnalysis>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly watcher = new RecordingWatcher({
    changed: (uris) => this.recordingsChanged(uris),
    deleted: (uri, isFolder) => this.deleted(uri, isFolder),
  });
  private queue: Promise<unknown> = Promise.resolve();
  private analyzedOnce = false;
  private stateValue: AnalysisState = 'idle';
  private readonly exports: ErrorExports;
  private exportTimer: NodeJS.Timeout | undefined;
  /** Per export (URI string): the errors that matched no recording, as last attributed. */
  private unattached = new Map<string, ErrorRecord[]>();

  private pool: AnalysisPool | undefined;
  /** Each worker-pool run: the recordings it analyzed, relative paths (for the integration suite). */
  readonly runLog: { files: string[] }[] = [];

  /** Fires when results (or the state) changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly workerPath: string,
    private readonly output: vscode.LogOutputChannel,
    private settings: () => ExtensionSettings,
  ) {
    this.exports = new ErrorExports(settings, output);
    this.disposables.push(this.exports, this.exports.onDidChangeFiles(() => this.exportsChanged()));
    this.watcher.watch(this.settings().recordingGlobs, this.settings().recordingExclude);
  }

  dispose(): void {
    void this.pool?.destroy();
    clearTimeout(this.exportTimer);
    this.watcher.dispose();
    for (const d of this.disposables) d.dispose();
  }

  get state(): AnalysisState {
    return this.stateValue;
  }

  /** Analyzed recordings, worst first. */
  recordings(): RecordingAnalysis[] {
    return sortRecordings(this.cache.values());
  }

  cached(uri: vscode.Uri): RecordingAnalysis | undefined {
    return this.cache.get(uri.toString());
  }

  /** The workspace's error exports, each with the errors that matched no recording. */
  errorExports(): ErrorExportStatus[] {
    return this.exports.logs().map((log) => ({
      uri: log.uri.toString(),
      relativePath: log.relativePath,
      total: log.errors.length,
      unattached: (this.unattached.get(log.uri.toString()) ?? []).map(unattachedErrorReport),
      ...(log.problem ? { problem: log.problem } : {}),
    }));
  }

  /** Every export error that matched no recording (the JSON report's `unattachedErrors`). */
  unattachedErrors(): UnattachedErrorReport[] {
    return this.errorExports().flatMap((e) => e.unattached);
  }

  /** The export globs or the attach slack changed: read the exports again and re-attribute. */
  errorSettingsChanged(): void {
    this.exports.globsChanged();
    this.exportsChanged(0);
  }

  /** Analysis settings changed: forget everything and analyze again (when we had before). */
  settingsChanged(): void {
    this.cache.clear();
    this.changed.fire();
    if (this.analyzedOnce) void this.analyzeWorkspace({ location: 'window' }).catch((e) => this.logFailure(e));
  }

  /** The recording globs changed: watch the new ones. */
  globsChanged(): void {
    this.watcher.watch(this.settings().recordingGlobs, this.settings().recordingExclude);
    if (this.analyzedOnce) void this.analyzeWorkspace({ location: 'window' }).catch((e) => this.logFailure(e));
  }

  /** Finds the workspace's recordings and analyzes those not cached (or all, with force). */
  analyzeWorkspace(request: AnalyzeRequest = {}): Promise<AnalyzeSummary> {
    return this.exclusive(() => this.withProgress(request.location ?? 'notification', vscode.l10n.t('Analyzing recordings'), async (progress, token) => {
      const started = Date.now();
      this.setState('running');
      try {
        const uris = await this.findRecordings(token);
        const targets = await this.statAll(uris);
        const present = new Set(targets.map((t) => t.uri.toString()));
        for (const key of [...this.cache.keys()]) if (!present.has(key)) this.cache.delete(key);
        const stale = targets.filter((t) => request.force || !this.isFresh(t));
        await this.exports.refresh(token);
        await this.analyzeTargets(stale, progress, token);
        await this.reattribute(progress, token);
        this.analyzedOnce = true;
        const recordings = this.recordings();
        const entries = allEntries(recordings);
        const summary: AnalyzeSummary = {
          recordings: targets.length,
          analyzed: stale.length,
          fromCache: targets.length - stale.length,
          sessions: recordings.reduce((n, r) => n + r.sessions.length, 0),
          struggles: entries.length,
          inputErrors: recordings.reduce((n, r) => n + r.inputErrors.length, 0),
          durationMs: Date.now() - started,
        };
        this.output.info(
          `Analyzed ${summary.analyzed} of ${summary.recordings} recordings (${summary.fromCache} cached) in ${summary.durationMs} ms: ` +
            `${summary.sessions} sessions, ${summary.struggles} struggles, ${summary.inputErrors} input errors`,
        );
        return summary;
      } finally {
        this.setState('done');
      }
    }));
  }

  /** The analysis of one recording (from the cache when the file has not changed). */
  async analysisFor(uri: vscode.Uri, token?: vscode.CancellationToken): Promise<RecordingAnalysis | undefined> {
    const [target] = await this.statAll([uri]);
    if (!target) return undefined;
    if (this.isFresh(target)) return this.cache.get(uri.toString());
    return this.exclusive(async () => {
      if (this.isFresh(target)) return this.cache.get(uri.toString());
      await this.analyzeTargets([target], undefined, token ?? new vscode.CancellationTokenSource().token);
      return this.cache.get(uri.toString());
    });
  }

  /** A recording's events, decoded by the engine's loader in a worker (every supported format). */
  async loadEvents(uri: vscode.Uri, token?: vscode.CancellationToken): Promise<LoadedReply> {
    const reply = await runWorkerJob(
      this.workerPath,
      { kind: 'load', file: uri.fsPath, maxDecompressedBytes: this.settings().analysis.maxRecordingSize },
      token,
    );
    if (reply.kind === 'loaded') return reply;
    if (reply.kind === 'failed' && reply.problem !== undefined) throw new InputError(path.posix.basename(uri.path), reply.problem);
    throw new Error(reply.kind === 'failed' ? reply.message : 'unexpected reply from the analysis worker');
  }

  /** The source-map copy of a source that is not in the workspace (an error frame's). */
  async sourceContent(folder: vscode.Uri, frame: StackFrame): Promise<string | undefined> {
    if (folder.scheme !== 'file') return undefined;
    const reply = await runWorkerJob(this.workerPath, {
      kind: 'sourceContent',
      folder: folder.fsPath,
      frame,
      sourceMaps: this.settings().analysis.sourceMaps,
    });
    return reply.kind === 'sourceContent' ? reply.content : undefined;
  }

  // -------------------------------------------------------------------------------------------

  /** The worker pool for the current pool settings (a new one when they changed). */
  private workerPool(): AnalysisPool {
    const wanted: PoolSettings = this.settings().pool;
    if (this.pool && JSON.stringify(this.pool.settings) === JSON.stringify(wanted)) return this.pool;
    void this.pool?.destroy();
    this.pool = new AnalysisPool(path.join(path.dirname(this.workerPath), 'analysisTask.js'), wanted);
    this.output.info(`Analysis pool: ${this.pool.threads} worker thread(s)${wanted.memoryMb ? `, ${wanted.memoryMb} MB heap each` : ''}`);
    return this.pool;
  }

  private setState(state: AnalysisState): void {
    this.stateValue = state;
    void vscode.commands.executeCommand('setContext', 'struggleLens.analysisState', state);
    void vscode.commands.executeCommand('setContext', 'struggleLens.hasAnalysis', this.cache.size > 0);
    this.changed.fire();
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private withProgress<T>(
    location: 'notification' | 'window',
    title: string,
    task: (progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken) => Promise<T>,
  ): Promise<T> {
    return Promise.resolve(
      vscode.window.withProgress(
        {
          location: location === 'notification' ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window,
          title,
          cancellable: location === 'notification',
        },
        (progress, token) => task(progress, token),
      ),
    );
  }

  private logFailure(error: unknown): void {
    if (error instanceof vscode.CancellationError) return;
    this.output.error(`Analysis failed: ${error instanceof Error ? error.message : String(error)}`);
  }

  private isFresh(target: FileTarget): boolean {
    const cached = this.cache.get(target.uri.toString());
    return cached !== undefined && cached.mtime === target.mtime && cached.size === target.size;
  }

  private async findRecordings(token: vscode.CancellationToken): Promise<vscode.Uri[]> {
    const { recordingGlobs, recordingExclude } = this.settings();
    return [...(await findInWorkspace(recordingGlobs, recordingExclude, token)).values()].map((f) => f.uri);
  }

  private async statAll(uris: readonly vscode.Uri[]): Promise<FileTarget[]> {
    const targets: FileTarget[] = [];
    for (const uri of uris) {
      try {
        const stat = await vscode.workspace.fs.stat(uri);
        if (stat.type & vscode.FileType.Directory) continue;
        const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri ?? uri.with({ path: path.posix.dirname(uri.path) });
        const relativePath = path.posix.relative(folder.path, uri.path);
        targets.push({ uri, folder, relativePath, mtime: stat.mtime, size: stat.size });
      } catch (error) {
        this.output.warn(`Cannot read ${uri.toString(true)}: ${error instanceof Error ? error.message : String(error)}`);
        this.cache.delete(uri.toString());
      }
    }
    return targets;
  }

  /** One worker job per workspace folder (so each gets its own element index and source maps). */
  private async analyzeTargets(
    targets: readonly FileTarget[],
    progress: vscode.Progress<{ message?: string; increment?: number }> | undefined,
    token: vscode.CancellationToken,
  ): Promise<void> {
    if (targets.length === 0) return;
    await this.exports.ensureLoaded(token);
    const byFolder = new Map<string, FileTarget[]>();
    for (const t of targets) {
      const key = t.folder.toString();
      const list = byFolder.get(key);
      if (list) list.push(t);
      else byFolder.set(key, [t]);
    }
    const settings = this.settings().analysis;
    let done = 0;
    for (const group of byFolder.values()) {
      const folder = group[0].folder;
      const onDisk = group.filter((t) => t.uri.scheme === 'file');
      for (const t of group.filter((g) => g.uri.scheme !== 'file')) {
        this.store(t, {
          sessions: [],
          inputErrors: [],
          skipped: vscode.l10n.t('Not analyzed: struggle analysis needs recordings on the local file system (this one is on "{0}:"). It can still be replayed.', t.uri.scheme),
        });
      }
      if (onDisk.length === 0) continue;
      const cwd = folder.scheme === 'file' ? folder.fsPath : path.dirname(onDisk[0].uri.fsPath);
      const usedKeys = new Map<string, string>();
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => abort.abort(new vscode.CancellationError()));
      let result: AnalysisResult;
      try {
        result = await analyzeFilesInPool(
          onDisk.map((t) => t.uri.fsPath),
          {
            pool: this.workerPool(),
            cwd,
            workspace: folder.scheme === 'file' && vscode.workspace.getWorkspaceFolder(onDisk[0].uri) !== undefined ? cwd : undefined,
            detect: settings.detect,
            maxDecompressedBytes: settings.maxRecordingSize,
            sourceMaps: settings.sourceMaps,
            include: settings.include.length > 0 ? settings.include : undefined,
            exclude: settings.exclude.length > 0 ? settings.exclude : undefined,
            ignoreSiblingLogs: this.exports.logs().filter((l) => l.uri.scheme === 'file').map((l) => l.uri.fsPath),
            attachSlackMs: this.settings().errors.attachSlackMs,
            signal: abort.signal,
            assignErrors: (sessions) => new Map(this.assign({ kind: 'prepared', sessions: [...sessions] }, usedKeys).errors),
            onProgress: (p) => {
              if (!progress || p.total === 0 || !p.file) return;
              progress.report({ message: `${done + p.done}/${targets.length} ${p.file}`, increment: (1 / targets.length) * 100 });
            },
          },
        );
      } finally {
        cancel.dispose();
      }
      if (token.isCancellationRequested) throw new vscode.CancellationError();
      done += onDisk.length;
      this.runLog.push({ files: onDisk.map((t) => t.relativePath) });
      // Each session to its recording (a merged session is named "first + second"), in one pass.
      const slice = timeSlicer();
      const byFile = new Map<string, number[]>();
      const add = (file: string, i: number) => {
        const list = byFile.get(file);
        if (list) list.push(i);
        else byFile.set(file, [i]);
      };
      result.sessions.forEach((s, i) => {
        add(s.file, i);
        for (let at = s.file.indexOf(' + '); at >= 0; at = s.file.indexOf(' + ', at + 1)) add(s.file.slice(0, at), i);
      });
      for (const t of onDisk) {
        await slice();
        const rel = path.relative(cwd, t.uri.fsPath).split(path.sep).join('/');
        // Problems with the recording itself, or with its sibling .har / .errors.* files.
        const base = rel.replace(/\.rrweb\.(json|jsonl)(\.gz)?$|\.(json|jsonl|gz)$/i, '');
        const indexes = byFile.get(rel) ?? [];
        this.store(t, {
          sessions: indexes.map((i) => sessionReport(result.sessions[i])),
          spans: indexes.map((i) => result.spans[i]),
          exportKey: usedKeys.get(t.uri.fsPath) ?? '',
          inputErrors: result.inputErrors.filter((e) => e.file === rel || e.file === t.uri.fsPath || e.file.startsWith(`${base}.`)),
        });
      }
      for (const e of result.inputErrors) this.output.warn(`${e.file}: ${e.message}`);
    }
    this.changed.fire();
  }

  /**
   * The export errors of a worker's prepared sessions: attributed across them and every other
   * cached recording. Records what each recording got in usedKeys.
   */
  private assign(prepared: PreparedMessage, usedKeys: Map<string, string>): AssignMessage {
    const pending = prepared.sessions.map((s) => ({ file: s.files[0], span: s.span }));
    const { byFile } = this.attribution(pending);
    const errors: [string, ErrorRecord[]][] = [];
    for (const { file } of pending) {
      const mine = byFile.get(file) ?? [];
      usedKeys.set(file, errorsKey(mine));
      if (mine.length > 0) errors.push([file, mine]);
    }
    return { kind: 'assign', errors };
  }

  /** Attribution of every export across the cached recordings (those in `pending` replaced by it). */
  private attribution(pending: readonly AttributionTarget[] = []): WorkspaceAttribution {
    const logs = this.exports.logs();
    // No export errors (the common case): nothing to attribute, and no pass over every recording.
    if (logs.every((log) => log.errors.length === 0)) return { byFile: new Map(), unattached: new Map(logs.map((log) => [log.uri.toString(), []])) };
    const pendingFiles = new Set(pending.map((p) => p.file));
    const targets: AttributionTarget[] = [];
    for (const recording of this.cache.values()) {
      const uri = vscode.Uri.parse(recording.uri);
      if (uri.scheme !== 'file' || !recording.spans || pendingFiles.has(uri.fsPath)) continue;
      for (const span of recording.spans) targets.push({ file: uri.fsPath, span });
    }
    targets.push(...pending);
    return attributeExports(logs, targets, this.settings().errors.attachSlackMs);
  }

  /**
   * Attributes the exports again over everything cached; analyzes again only the recordings whose
   * export errors changed, then keeps what matched no recording.
   */
  private async reattribute(progress: vscode.Progress<{ message?: string; increment?: number }> | undefined, token: vscode.CancellationToken): Promise<void> {
    for (let round = 0; round < 2; round++) {
      const { byFile } = this.attribution();
      const changed = [...this.cache.values()].filter((r) => {
        const uri = vscode.Uri.parse(r.uri);
        return uri.scheme === 'file' && r.spans !== undefined && errorsKey(byFile.get(uri.fsPath)) !== (r.exportKey ?? '');
      });
      if (changed.length === 0) break;
      this.output.info(`Error exports: analyzing ${changed.length} recording(s) again whose errors changed`);
      await this.analyzeTargets(await this.statAll(changed.map((r) => vscode.Uri.parse(r.uri))), progress, token);
    }
    this.unattached = this.attribution().unattached;
    this.changed.fire();
  }

  /** An export changed on disk (or the settings did): read it again and re-attribute. */
  private exportsChanged(delayMs = 400): void {
    if (!this.analyzedOnce) return;
    clearTimeout(this.exportTimer);
    this.exportTimer = setTimeout(() => {
      void this.exclusive(() =>
        this.withProgress('window', vscode.l10n.t('Attributing error exports'), async (progress, token) => {
          await this.exports.refresh(token);
          await this.reattribute(progress, token);
        }),
      ).catch((e) => this.logFailure(e));
    }, delayMs);
  }

  private store(target: FileTarget, result: Pick<RecordingAnalysis, 'sessions' | 'inputErrors' | 'skipped' | 'spans' | 'exportKey'>): void {
    this.cache.set(target.uri.toString(), {
      uri: target.uri.toString(),
      folder: target.folder.toString(),
      relativePath: target.relativePath,
      mtime: target.mtime,
      size: target.size,
      ...result,
    });
  }

  /** A recording, or a folder that may have held some, was deleted. */
  private deleted(uri: vscode.Uri, isFolder: boolean): void {
    const key = uri.toString();
    let removed = this.cache.delete(key);
    if (isFolder) {
      const prefix = `${key}/`;
      for (const k of [...this.cache.keys()]) if (k.startsWith(prefix)) removed = this.cache.delete(k) || removed;
    }
    if (removed) {
      this.changed.fire();
      this.exportsChanged();
    }
  }

  /** A debounced batch of created or changed recordings: analyzed in one run. */
  private recordingsChanged(uris: readonly vscode.Uri[]): void {
    if (!this.analyzedOnce) return;
    void this.exclusive(() =>
      this.withProgress('window', vscode.l10n.t('Analyzing changed recordings'), async (progress, token) => {
        const targets = (await this.statAll(uris)).filter((t) => !this.isFresh(t));
        await this.analyzeTargets(targets, progress, token);
        await this.reattribute(progress, token);
      }),
    ).catch((e) => this.logFailure(e));
  }
}
