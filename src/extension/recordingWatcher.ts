/**
 * Watches the workspace for recordings that appear, change or go. Changes come in debounced
 * batches (a checkout that writes 500 recordings is one batch); deletions come at once, a deleted
 * folder as itself (VS Code reports only the folder, not the recordings that were inside it).
 *
 * A folder created with recordings already inside (a checkout, an unpacked archive, `cp -r`) can
 * report only itself: the recursive watcher starts watching the new folder after some of its
 * files were written, more often on a busy machine. So a created folder is searched for
 * recordings, and what it holds joins the batch.
 */
import picomatch from 'picomatch';
import * as vscode from 'vscode';
import { findInWorkspace } from './findFiles';

export interface RecordingWatcherEvents {
  /** Recordings created or changed since the last batch (each once). */
  changed(uris: vscode.Uri[]): void;
  /** A recording, or a folder that may have held recordings, was deleted. */
  deleted(uri: vscode.Uri, isFolder: boolean): void;
}

/** Quiet time after the last event before a batch goes out. */
const DEBOUNCE_MS = 400;
/** Created non-recordings past this many in one batch: search the workspace rather than stat each. */
const MAX_STATS = 200;

export class RecordingWatcher implements vscode.Disposable {
  private watchers: vscode.Disposable[] = [];
  private readonly pending = new Map<string, vscode.Uri>();
  /** Created paths that match no recording glob: folders among them are searched. */
  private readonly created = new Map<string, vscode.Uri>();
  private timer: NodeJS.Timeout | undefined;
  private flushing = false;
  private globs: readonly string[] = [];
  private exclude: readonly string[] = [];
  private isRecording: (relativePath: string) => boolean = () => false;

  constructor(private readonly events: RecordingWatcherEvents) {}

  /** (Re)starts watching these globs (recordings matching `exclude` are not searched for). */
  watch(globs: readonly string[], exclude: readonly string[]): void {
    this.disposeWatchers();
    this.globs = globs;
    this.exclude = exclude;
    this.isRecording = globs.length > 0 ? picomatch([...globs], { dot: true }) : () => false;
    for (const glob of globs) {
      const watcher = vscode.workspace.createFileSystemWatcher(glob);
      watcher.onDidCreate((uri) => this.add(uri));
      watcher.onDidChange((uri) => this.add(uri));
      watcher.onDidDelete((uri) => this.events.deleted(uri, false));
      this.watchers.push(watcher);
    }
    const everything = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    everything.onDidCreate((uri) => this.createdPath(uri));
    everything.onDidDelete((uri) => this.events.deleted(uri, true));
    this.watchers.push(everything);
  }

  private add(uri: vscode.Uri): void {
    this.pending.set(uri.toString(), uri);
    this.schedule();
  }

  /** Anything created: a recording is the glob watchers' (they report it too); the rest may be a folder. */
  private createdPath(uri: vscode.Uri): void {
    const key = uri.toString();
    if (this.pending.has(key) || this.isRecording(vscode.workspace.asRelativePath(uri, false))) return;
    this.created.set(key, uri);
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    // A batch being completed takes what arrives meanwhile.
    if (!this.flushing) this.timer = setTimeout(() => void this.flush(), DEBOUNCE_MS);
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      const created = [...this.created.values()];
      this.created.clear();
      for (const uri of await this.recordingsInCreatedFolders(created)) this.pending.set(uri.toString(), uri);
    } catch {
      // The search failed (the folder went again, the window is closing): the events already seen stand.
    } finally {
      this.flushing = false;
    }
    const uris = [...this.pending.values()];
    this.pending.clear();
    if (uris.length > 0) this.events.changed(uris);
    if (this.created.size > 0) this.schedule();
  }

  /** The recordings inside those of `created` that are folders (every recording when there are too many to stat). */
  private async recordingsInCreatedFolders(created: readonly vscode.Uri[]): Promise<vscode.Uri[]> {
    if (created.length === 0) return [];
    let prefixes: string[] | undefined;
    if (created.length <= MAX_STATS) {
      const stats = await Promise.all(created.map((uri) => Promise.resolve(vscode.workspace.fs.stat(uri)).then((s) => s, () => undefined)));
      prefixes = created.filter((_, i) => (stats[i]?.type ?? 0) & vscode.FileType.Directory).map((uri) => `${uri.toString()}/`);
      if (prefixes.length === 0) return [];
    }
    const source = new vscode.CancellationTokenSource();
    try {
      const found = [...(await findInWorkspace(this.globs, this.exclude, source.token)).values()].map((f) => f.uri);
      return prefixes ? found.filter((uri) => prefixes.some((p) => uri.toString().startsWith(p))) : found;
    } finally {
      source.dispose();
    }
  }

  private disposeWatchers(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.created.clear();
    this.disposeWatchers();
  }
}
