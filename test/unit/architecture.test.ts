import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|mts|cts|js|mjs)$/.test(name) ? [path] : [];
  });
}

describe('architecture', () => {
  it('keeps vscode out of src/core so the CLI and plain tests can run the engine', () => {
    const offenders = sourceFiles(join(root, 'src', 'core')).filter((file) =>
      /(from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\))/.test(readFileSync(file, 'utf8')),
    );
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });

  it('keeps src/core free of imports from the extension, the CLI and the webview', () => {
    const offenders = sourceFiles(join(root, 'src', 'core')).filter((file) =>
      /from\s+['"](\.\.\/)+(extension|cli)\b|from\s+['"].*\/webview\//.test(readFileSync(file, 'utf8')),
    );
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });
});
