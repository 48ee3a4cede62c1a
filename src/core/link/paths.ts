/**
 * Path helpers that keep every link inside the workspace: results are workspace-relative with `/`
 * separators, and anything that resolves (or symlinks) outside the workspace is refused.
 */
import { realpathSync } from 'node:fs';
import * as path from 'node:path';

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** Workspace-relative `/` path of an absolute path, or undefined when it lies outside. */
export function relativeInside(root: string, abs: string): string | undefined {
  const rel = path.relative(root, abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return rel === '' ? '' : undefined;
  if (rel.split(path.sep).includes('..')) return undefined;
  return toPosix(rel);
}

const realRoots = new Map<string, string>();

function realRoot(root: string): string {
  let real = realRoots.get(root);
  if (real === undefined) {
    try {
      real = realpathSync(root);
    } catch {
      real = root;
    }
    realRoots.set(root, real);
  }
  return real;
}

/**
 * The workspace-relative path of an existing file, after following symlinks; undefined when the file
 * does not exist or its real location is outside the workspace.
 */
export function existingFileInside(root: string, abs: string): string | undefined {
  const rel = relativeInside(root, abs);
  if (rel === undefined) return undefined;
  let real: string;
  try {
    real = realpathSync(abs);
  } catch {
    return undefined;
  }
  return relativeInside(realRoot(root), real) === undefined ? undefined : rel;
}

/** `https://host/a/b.js?x#y` → `/a/b.js`; other strings are returned without query and hash. */
export function urlPath(url: string): string {
  let p = url;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(p);
  if (scheme) p = p.slice(scheme[0].length);
  p = p.replace(/[?#].*$/, '');
  try {
    p = decodeURIComponent(p);
  } catch {
    // keep the raw path when it is not valid percent-encoding
  }
  return p;
}

/** Number of trailing path segments two `/` paths share. */
export function sharedSuffixSegments(a: string, b: string): number {
  const sa = a.split('/').filter(Boolean);
  const sb = b.split('/').filter(Boolean);
  let n = 0;
  while (n < sa.length && n < sb.length && sa[sa.length - 1 - n] === sb[sb.length - 1 - n]) n++;
  return n;
}
