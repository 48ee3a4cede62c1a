/**
 * Files matching any of some globs in every workspace folder. Each `findFiles` is a search
 * process that the extension host starts synchronously (tens of milliseconds on its event loop
 * on a busy machine), so the globs go as one `{a,b,c}` pattern per folder where they can
 * (VS Code's globs do not nest braces: globs that have their own are searched one by one).
 */
import * as vscode from 'vscode';

/** One glob for all of them (undefined for none), or undefined when they cannot be joined. */
function joined(globs: readonly string[]): string | null | undefined {
  if (globs.length === 0) return null;
  if (globs.length === 1) return globs[0];
  return globs.some((g) => /[{}]/.test(g)) ? undefined : `{${globs.join(',')}}`;
}

export async function findInWorkspace(
  globs: readonly string[],
  exclude: readonly string[],
  token: vscode.CancellationToken,
): Promise<Map<string, { uri: vscode.Uri; folder: vscode.Uri }>> {
  const excludeGlob = joined(exclude) ?? null;
  const one = joined(globs);
  const patterns = one === null ? [] : one === undefined ? globs : [one];
  const found = new Map<string, { uri: vscode.Uri; folder: vscode.Uri }>();
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    for (const glob of patterns) {
      for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(folder, glob), excludeGlob, undefined, token)) {
        found.set(uri.toString(), { uri, folder: folder.uri });
      }
    }
  }
  return found;
}
