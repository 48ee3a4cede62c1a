/**
 * Walks a workspace folder: skips dependency and build-output folders and (optionally) everything
 * git ignores, honouring nested `.gitignore` files. Symlinks are not followed.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

export interface WorkspaceFile {
  /** Workspace-relative, `/` separators. */
  rel: string;
  abs: string;
  mtimeMs: number;
  size: number;
}

/** Folders that never hold the sources a struggle links to. */
export const DEFAULT_SKIPPED_DIRS: ReadonlySet<string> = new Set([
  'node_modules',
  'bower_components',
  'jspm_packages',
  '.git',
  '.hg',
  '.svn',
  'dist',
  'build',
  'out',
  '.next',
  '.nuxt',
  '.output',
  '.svelte-kit',
  '.astro',
  '.vercel',
  '.netlify',
  '.turbo',
  '.cache',
  '.parcel-cache',
  '.vite',
  '.angular',
  '.expo',
  'coverage',
  '.nyc_output',
  'storybook-static',
  '.vscode-test',
  '.yarn',
  '.pnpm-store',
  'vendor',
]);

export interface WalkOptions {
  /** Folder names skipped wherever they appear. */
  skipDirs?: ReadonlySet<string>;
  /** Honour .gitignore files (root and nested). Default true. */
  gitignore?: boolean;
  /** Keep a file (workspace-relative path)? Called for every file that survives the folder rules. */
  accept?: (rel: string) => boolean;
  signal?: AbortSignal;
  /** Stat every file for mtime and size (default true); without it both are NaN. */
  stat?: boolean;
}

interface IgnoreScope {
  /** Workspace-relative folder of the .gitignore ('' for the root), ending with '/' unless root. */
  base: string;
  rules: Ignore;
}

function isIgnored(scopes: readonly IgnoreScope[], rel: string, isDir: boolean): boolean {
  let ignored = false;
  for (const scope of scopes) {
    if (!rel.startsWith(scope.base)) continue;
    const sub = rel.slice(scope.base.length) + (isDir ? '/' : '');
    const result = scope.rules.test(sub);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

async function readGitignore(absDir: string, base: string): Promise<IgnoreScope | undefined> {
  try {
    const text = await fsp.readFile(path.join(absDir, '.gitignore'), 'utf8');
    return { base, rules: ignore({ allowRelativePaths: true }).add(text) };
  } catch {
    return undefined;
  }
}

export function abortError(): Error {
  const err = new Error('The operation was aborted');
  err.name = 'AbortError';
  return err;
}

/** Lists the files of a workspace that pass the folder, gitignore and `accept` rules. */
export async function walkWorkspace(root: string, options: WalkOptions = {}): Promise<WorkspaceFile[]> {
  const skipDirs = options.skipDirs ?? DEFAULT_SKIPPED_DIRS;
  const useGitignore = options.gitignore !== false;
  const out: WorkspaceFile[] = [];

  const visit = async (absDir: string, relDir: string, scopes: readonly IgnoreScope[]): Promise<void> => {
    if (options.signal?.aborted) throw abortError();
    let entries;
    try {
      entries = await fsp.readdir(absDir, { withFileTypes: true });
    } catch {
      return; // unreadable folder: skip it, keep walking the rest
    }
    let here = scopes;
    if (useGitignore && entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      const scope = await readGitignore(absDir, relDir === '' ? '' : relDir + '/');
      if (scope) here = [...scopes, scope];
    }
    const subdirs: Promise<void>[] = [];
    const files: Promise<void>[] = [];
    for (const entry of entries) {
      const rel = relDir === '' ? entry.name : relDir + '/' + entry.name;
      const abs = path.join(absDir, entry.name);
      if (entry.isDirectory()) {
        if (skipDirs.has(entry.name)) continue;
        if (useGitignore && isIgnored(here, rel, true)) continue;
        subdirs.push(visit(abs, rel, here));
      } else if (entry.isFile()) {
        if (useGitignore && isIgnored(here, rel, false)) continue;
        if (options.accept && !options.accept(rel)) continue;
        if (options.stat === false) {
          out.push({ rel, abs, mtimeMs: NaN, size: NaN });
          continue;
        }
        files.push(
          fsp.stat(abs).then(
            (st) => {
              out.push({ rel, abs, mtimeMs: st.mtimeMs, size: st.size });
            },
            () => undefined,
          ),
        );
      }
    }
    await Promise.all(files);
    await Promise.all(subdirs);
  };

  await visit(root, '', []);
  out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return out;
}

/** True when a workspace-relative path passes the folder and gitignore rules (used for single-file updates). */
export async function passesFolderRules(root: string, rel: string, options: WalkOptions = {}): Promise<boolean> {
  const skipDirs = options.skipDirs ?? DEFAULT_SKIPPED_DIRS;
  const parts = rel.split('/');
  if (parts.slice(0, -1).some((p) => skipDirs.has(p) || p === '..')) return false;
  if (options.gitignore === false) return true;
  const scopes: IgnoreScope[] = [];
  let relDir = '';
  for (let i = 0; i < parts.length; i++) {
    const scope = await readGitignore(path.join(root, ...parts.slice(0, i)), relDir === '' ? '' : relDir + '/');
    if (scope) scopes.push(scope);
    const sub = parts.slice(0, i + 1).join('/');
    if (isIgnored(scopes, sub, i < parts.length - 1)) return false;
    relDir = sub;
  }
  return true;
}
