/**
 * `sourceMapPathOverrides` with the semantics and defaults of VS Code's JavaScript debugger
 * (vscode-js-debug): `*` captures, `?:*` matches without capturing, longest pattern first, the
 * first pattern that matches wins, a right side with `$1`-style groups and no `*` makes the left
 * side a regular expression. `${workspaceFolder}` and `${webRoot}` are the workspace folder.
 */
import * as path from 'node:path';

/** vscode-js-debug's defaults (`defaultSourceMapPathOverrides` with webRoot = the workspace folder). */
export const DEFAULT_SOURCE_MAP_PATH_OVERRIDES: Readonly<Record<string, string>> = Object.freeze({
  'webpack:///./~/*': '${webRoot}/node_modules/*',
  'webpack:////*': '/*',
  'webpack://@?:*/?:*/*': '${webRoot}/*',
  'webpack://?:*/*': '${webRoot}/*',
  'webpack:///([a-z]):/(.+)': '$1:/$2',
  'meteor://💻app/*': '${webRoot}/*',
  'turbopack://[project]/*': '${workspaceFolder}/*',
});

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export function substituteWorkspaceVariables(value: string, workspaceDir: string): string {
  const root = workspaceDir.split(path.sep).join('/');
  return value.replace(/\$\{(workspaceFolder|webRoot|workspaceRoot)\}/g, root);
}

export class SourceMapPathOverrides {
  private readonly replacers: [RegExp, string][] = [];
  /** Entries that could not be used, with why. */
  readonly problems: string[] = [];

  constructor(overrides: Readonly<Record<string, string>>, workspaceDir: string) {
    const keys = Object.keys(overrides).sort((a, b) => b.replace('?:*', '*').length - a.replace('?:*', '*').length);
    for (const leftRaw of keys) {
      let right = substituteWorkspaceVariables(overrides[leftRaw], workspaceDir);
      if (!right.includes('*') && /\$[0-9'`&]/.test(right)) {
        try {
          this.replacers.push([new RegExp(`^${leftRaw}$`, 'i'), right]);
        } catch {
          this.problems.push(`sourceMapPathOverrides: "${leftRaw}" is not a valid regular expression`);
        }
        continue;
      }
      const left = substituteWorkspaceVariables(leftRaw, workspaceDir).replace(/\\/g, '/');
      const captures = (left.match(/\*/g)?.length ?? 0) - (left.match(/\?:\*/g)?.length ?? 0);
      if (captures > 1) {
        this.problems.push(`sourceMapPathOverrides: only one * allowed in "${leftRaw}"`);
        continue;
      }
      if ((right.match(/\*/g)?.length ?? 0) > captures) {
        this.problems.push(`sourceMapPathOverrides: the right side of "${leftRaw}" must have 0 or 1 asterisks`);
        continue;
      }
      let re = '^';
      let last = 0;
      const groups = /\?:\*|\*/g;
      for (let m = groups.exec(left); m; m = groups.exec(left)) {
        re += escapeRegex(left.slice(last, m.index));
        re += m[0] === '*' ? '(.*?)' : '.*?';
        last = m.index + m[0].length;
      }
      re += escapeRegex(left.slice(last));
      if (captures === 0) {
        re += '([\\/\\\\].*)?';
        right += '*';
      }
      this.replacers.push([new RegExp(re + '$', 'i'), right.replace(/\$/g, '$$$$').replace('*', '$1')]);
    }
  }

  /** The overridden path (normalized, `/` separators), or undefined when no entry matches. */
  apply(sourcePath: string): string | undefined {
    const input = sourcePath.replace(/\\/g, '/');
    for (const [re, replacement] of this.replacers) {
      if (!re.test(input)) continue;
      const mapped = input.replace(re, replacement);
      return path.posix.normalize(mapped);
    }
    return undefined;
  }
}
