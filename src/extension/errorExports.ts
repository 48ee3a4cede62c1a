/**
 * Workspace error exports (`struggleLens.errors.globs`: a day of Sentry events, a PostHog
 * `$exception` export): found, read once per change (cached by modification time and size) and
 * watched. They apply to every recording; the analysis service attributes them with the engine's
 * rule (core/errors/attribute.ts).
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { attributeErrors, loadErrorsFile, type AttributionSession } from '../core/errors';
import { InputError, type ErrorRecord } from '../core/model';
import { findInWorkspace } from './findFiles';
import type { ExtensionSettings } from './settings';

export interface ExportLog {
  uri: vscode.Uri;
  /** Relative to its workspace folder, `/` separators (the errors' `file`). */
  relativePath: string;
  mtime: number;
  size: number;
  errors: ErrorRecord[];
  /** Why the export could not be read. */
  problem?: string;
}

/** A session the exports may attribute errors to, named by its recording's absolute path. */
export interface AttributionTarget {
  file: string;
  span: AttributionSession;
}

export interface WorkspaceAttribution {
  /** Export errors by absolute recording path. */
  byFile: Map<string, ErrorRecord[]>;
  /** Per export: the errors that matched no recording. */
  unattached: Map<string, ErrorRecord[]>;
}

/** Attribute every export's errors across all the sessions given (one rule, once). */
export function attributeExports(logs: readonly ExportLog[], targets: readonly AttributionTarget[], slackMs: number): WorkspaceAttribution {
  const { bySession, unattached } = attributeErrors(
    logs.map((log) => ({ errors: log.errors })),
    targets.map((t) => t.span),
    { slackMs },
  );
  const byFile = new Map<string, ErrorRecord[]>();
  targets.forEach((t, i) => {
    if (bySession[i].length === 0) return;
    byFile.set(t.file, [...(byFile.get(t.file) ?? []), ...bySession[i]]);
  });
  const byLog = new Map<string, ErrorRecord[]>(logs.map((log) => [log.uri.toString(), []]));
  const uriOf = new Map(logs.map((log) => [log.relativePath, log.uri.toString()]));
  for (const error of unattached) byLog.get(uriOf.get(error.file ?? '') ?? '')?.push(error);
  return { byFile, unattached: byLog };
}

/** What a recording was analyzed with: a short digest of its export errors. */
export function errorsKey(errors: readonly ErrorRecord[] | undefined): string {
  if (!errors || errors.length === 0) return '';
  const hash = createHash('sha1');
  for (const e of errors) hash.update(`${e.file ?? ''}\u0000${e.timestamp}\u0000${e.type}\u0000${e.message}\u0000${e.handled ? 1 : 0}\u0001`);
  return hash.digest('hex');
}

export class ErrorExports implements vscode.Disposable {
  private readonly logsByUri = new Map<string, ExportLog>();
  private readonly changed = new vscode.EventEmitter<void>();
  private watchers: vscode.Disposable[] = [];
  private loaded = false;

  /** An export appeared, changed or went away on disk. */
  readonly onDidChangeFiles = this.changed.event;

  constructor(
    private readonly settings: () => ExtensionSettings,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.watch();
  }

  dispose(): void {
    for (const w of this.watchers) w.dispose();
    this.changed.dispose();
  }

  /** The exports as last read, by path. */
  logs(): ExportLog[] {
    return [...this.logsByUri.values()].sort((a, b) => a.relativePath.localeCompare(b.relativePath));
  }

  /** Reads the exports once (later changes come through refresh). */
  async ensureLoaded(token: vscode.CancellationToken): Promise<void> {
    if (!this.loaded) await this.refresh(token);
  }

  /** Finds the exports and reads the new or changed ones. Returns true when anything changed. */
  async refresh(token: vscode.CancellationToken): Promise<boolean> {
    this.loaded = true;
    const found = await this.find(token);
    let changed = false;
    for (const key of [...this.logsByUri.keys()]) {
      if (!found.has(key)) changed = this.logsByUri.delete(key) || changed;
    }
    for (const [key, { uri, folder }] of found) {
      let stat: vscode.FileStat;
      try {
        stat = await vscode.workspace.fs.stat(uri);
      } catch {
        changed = this.logsByUri.delete(key) || changed;
        continue;
      }
      const cached = this.logsByUri.get(key);
      if (cached && cached.mtime === stat.mtime && cached.size === stat.size) continue;
      const relativePath = path.posix.relative(folder.path, uri.path);
      const log: ExportLog = { uri, relativePath, mtime: stat.mtime, size: stat.size, errors: [] };
      try {
        if (uri.scheme !== 'file') throw new InputError(relativePath, vscode.l10n.t('error exports are read from the local file system only'));
        log.errors = (await loadErrorsFile(uri.fsPath)).map((e) => ({ ...e, file: relativePath }));
      } catch (error) {
        log.problem = error instanceof InputError ? error.problem : error instanceof Error ? error.message : String(error);
        this.output.warn(`${relativePath}: ${log.problem}`);
      }
      this.logsByUri.set(key, log);
      changed = true;
    }
    return changed;
  }

  /** The globs changed: watch and read again. */
  globsChanged(): void {
    this.watch();
    this.loaded = false;
  }

  private find(token: vscode.CancellationToken): Promise<Map<string, { uri: vscode.Uri; folder: vscode.Uri }>> {
    const { errors, recordingExclude } = this.settings();
    return findInWorkspace(errors.globs, recordingExclude, token);
  }

  private watch(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    for (const glob of this.settings().errors.globs) {
      const watcher = vscode.workspace.createFileSystemWatcher(glob);
      const fire = () => this.changed.fire();
      watcher.onDidCreate(fire);
      watcher.onDidChange(fire);
      watcher.onDidDelete(fire);
      this.watchers.push(watcher);
    }
  }
}
