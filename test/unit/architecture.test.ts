import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|mts|cts|js|mjs)$/.test(name) ? [path] : [];
  });
}

/** `import … from 'vscode'`, a bare `import 'vscode'`, `require('vscode')`, `import('vscode')`. */
const VSCODE_IMPORT = /(from\s+['"]vscode['"]|\bimport\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\))/;
/** Node's built-in modules, which the browser has not: `node:fs`, `fs`, `path`, `child_process`, … */
const NODE_BUILTIN_IMPORT = /(from\s+|\bimport\s+|require\(\s*|import\(\s*)['"](node:[\w/]+|fs|fs\/promises|path|os|child_process|worker_threads|zlib|crypto|stream|url|util)['"]/;

function offendersIn(dir: string, pattern: RegExp): string[] {
  return sourceFiles(join(root, dir))
    .filter((file) => pattern.test(readFileSync(file, 'utf8')))
    .map((f) => relative(root, f));
}

describe('architecture', () => {
  it('keeps vscode out of src/core so the CLI and plain tests can run the engine', () => {
    expect(offendersIn('src/core', VSCODE_IMPORT)).toEqual([]);
  });

  it('catches every way of importing vscode, the bare side-effect import included', () => {
    for (const line of ["import * as vscode from 'vscode';", "import 'vscode';", 'const v = require("vscode");', "await import('vscode')"]) {
      expect(VSCODE_IMPORT.test(line), line).toBe(true);
    }
    expect(VSCODE_IMPORT.test("import '@vscode/codicons/dist/codicon.css';")).toBe(false);
    expect(VSCODE_IMPORT.test("import { vscodeApi } from './vscodeApi';")).toBe(false);
  });

  it('keeps the webview a browser app: no vscode module, no Node built-ins', () => {
    expect(offendersIn('webview', VSCODE_IMPORT)).toEqual([]);
    expect(offendersIn('webview', NODE_BUILTIN_IMPORT)).toEqual([]);
  });

  it('keeps the webview to the shared model and protocol: nothing from the extension, the CLI or the engine stages', () => {
    const allowed = ['src/core/model', 'src/core/report', 'src/protocol'];
    const offenders = sourceFiles(join(root, 'webview')).filter((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(?:from\s+|\bimport\s+|import\(\s*)['"]((?:\.\.\/)+src\/[^'"]+)['"]/g)].some(
        (m) => !allowed.includes(relative(root, resolve(dirname(file), m[1])).split(sep).join('/')),
      ),
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
