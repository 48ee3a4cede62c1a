/**
 * Watches the workspace for recordings that appear, change or go. Changes come in debounced
 * batches (a checkout that writes 500 recordings is one batch); deletions come at once, a deleted
 * folder as itself (VS Code reports only the folder, not the recordings that were inside it).
 */
import * as vscode from 'vscode';

export interface RecordingWatcherEvents {
  /** Recordings created or changed since the last batch (each once). */
  changed(uris: vscode.Uri[]): void;
  /** A recording, or a folder that may have held recordings, was deleted. */
  deleted(uri: vscode.Uri, isFolder: boolean): void;
}

/** Quiet time after the last event before a batch goes out. */
const DEBOUNCE_MS = 400;

export class RecordingWatcher implements vscode.Disposable {
  private watchers: vscode.Disposable[] = [];
  private readonly pending = new Map<string, vscode.Uri>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly events: RecordingWatcherEvents) {}

  /** (Re)starts watching these globs. */
  watch(globs: readonly string[]): void {
    this.disposeWatchers();
    for (const glob of globs) {
      const watcher = vscode.workspace.createFileSystemWatcher(glob);
      watcher.onDidCreate((uri) => this.add(uri));
      watcher.onDidChange((uri) => this.add(uri));
      watcher.onDidDelete((uri) => this.events.deleted(uri, false));
      this.watchers.push(watcher);
    }
    const everything = vscode.workspace.createFileSystemWatcher('**/*', true, true, false);
    everything.onDidDelete((uri) => this.events.deleted(uri, true));
    this.watchers.push(everything);
  }

  private add(uri: vscode.Uri): void {
    this.pending.set(uri.toString(), uri);
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), DEBOUNCE_MS);
  }

  private flush(): void {
    const uris = [...this.pending.values()];
    this.pending.clear();
    if (uris.length > 0) this.events.changed(uris);
  }

  private disposeWatchers(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.disposeWatchers();
  }
}
