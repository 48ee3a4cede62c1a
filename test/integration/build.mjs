// Compiles the integration suite (test/integration/suite/*.ts) to out/test/integration/suite/,
// one CommonJS file per entry (index.js and each *.test.js), for VS Code's extension host.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const suiteDir = path.join(root, 'test', 'integration', 'suite');
const entryPoints = readdirSync(suiteDir)
  .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
  .map((f) => path.join(suiteDir, f));

const outdir = path.join(root, 'out', 'test', 'integration', 'suite');
// Start clean: a test removed from the sources must not keep running from a stale build.
rmSync(outdir, { recursive: true, force: true });

await esbuild.build({
  entryPoints,
  outdir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  // vscode is provided by the extension host; mocha is loaded from node_modules so that the
  // runner and the test files share one instance (describe/it are its globals).
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
