/**
 * Opening a source location that a webview or a struggle names. The path is re-validated here
 * (workspace-relative, inside the folder, no `..`); a file that exists only inside a source map
 * (`contentOnly` frames) is shown read-only from the map's `sourcesContent`.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SourceLocation, StackFrame } from '../core/model';
import type { SessionReport } from '../core/report';
import type { AnalysisService } from './analysisService';
import { checkRelativePath } from './links';

export const SOURCE_CONTENT_SCHEME = 'struggle-lens-source';

/** Read-only documents holding a source map's copy of a source missing from the workspace. */
export class SourceContentProvider implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();

  register(): vscode.Disposable {
    return vscode.workspace.registerTextDocumentContentProvider(SOURCE_CONTENT_SCHEME, this);
  }

  /** A URI under which `content` is served (the path keeps the file name for the language). */
  add(file: string, content: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: SOURCE_CONTENT_SCHEME, path: `/${file}` });
    this.contents.set(uri.toString(), content);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? vscode.l10n.t('// The source map content of this file is no longer available.');
  }
}

export interface OpenSourceContext {
  /** The workspace folder the location is relative to. */
  folder: vscode.Uri | undefined;
  /** The session the location came from (to find a content-only frame). */
  session?: SessionReport;
  analysis: AnalysisService;
  contents: SourceContentProvider;
  output: vscode.LogOutputChannel;
  viewColumn?: vscode.ViewColumn;
}

/** Opens the file at the location; shows a message naming the problem instead of throwing. */
export async function openSourceLocation(location: SourceLocation, ctx: OpenSourceContext): Promise<vscode.TextEditor | undefined> {
  const file = checkRelativePath(location.file);
  if (!file) {
    ctx.output.warn('Refused to open a source path that is not workspace-relative');
    void vscode.window.showWarningMessage(vscode.l10n.t('Struggle Lens opens only files inside the workspace folder; this path is not one.'));
    return undefined;
  }
  if (!ctx.folder) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Cannot open {0}: the recording is not inside a workspace folder.', file));
    return undefined;
  }
  const uri = vscode.Uri.joinPath(ctx.folder, ...file.split('/'));
  const inside = uri.path === ctx.folder.path || uri.path.startsWith(ctx.folder.path.endsWith('/') ? ctx.folder.path : `${ctx.folder.path}/`);
  if (!inside) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Struggle Lens opens only files inside the workspace folder; this path is not one.'));
    return undefined;
  }
  const line = clampPositive(location.line);
  const column = clampPositive(location.column);
  const selection = new vscode.Range(line - 1, column - 1, line - 1, column - 1);

  if (await exists(uri)) {
    const document = await vscode.workspace.openTextDocument(uri);
    const at = document.validateRange(selection);
    return vscode.window.showTextDocument(document, { selection: at, viewColumn: ctx.viewColumn ?? vscode.ViewColumn.Beside, preview: true });
  }

  const frame = findContentOnlyFrame(ctx.session, file, line);
  if (frame) {
    const content = await ctx.analysis.sourceContent(ctx.folder, frame).catch((error: unknown) => {
      ctx.output.warn(`Could not read the source map for ${file}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    if (content !== undefined) {
      const document = await vscode.workspace.openTextDocument(ctx.contents.add(file, content));
      const editor = await vscode.window.showTextDocument(document, {
        selection: document.validateRange(selection),
        viewColumn: ctx.viewColumn ?? vscode.ViewColumn.Beside,
        preview: true,
      });
      void vscode.window.showInformationMessage(
        vscode.l10n.t('{0} is not in the workspace: showing the copy stored in its source map (read-only).', path.posix.basename(file)),
      );
      return editor;
    }
  }
  void vscode.window.showWarningMessage(vscode.l10n.t('{0} does not exist in the workspace folder.', file));
  return undefined;
}

function findContentOnlyFrame(session: SessionReport | undefined, file: string, line: number): StackFrame | undefined {
  for (const error of session?.errors ?? []) {
    for (const frame of error.frames) {
      const source = frame.source;
      if (source?.contentOnly && source.file === file && source.line === line) return frame;
    }
  }
  return undefined;
}

function clampPositive(n: number): number {
  return Number.isFinite(n) && n >= 1 ? Math.min(Math.floor(n), 10_000_000) : 1;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    return (stat.type & vscode.FileType.File) !== 0;
  } catch {
    return false;
  }
}
