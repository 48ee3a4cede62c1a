// Builds the extension host bundle, the CLI, the analysis worker and the webview app.
// Usage: node esbuild.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Prints errors in the form VS Code's $esbuild-watch problem matcher understands. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  define: { __STRUGGLE_LENS_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
  plugins: watch ? [problemMatcher] : [],
};

const nodeTargets = [
  { entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['src/extension/analysisWorker.ts'], outfile: 'dist/analysisWorker.js' },
  // The pool (piscina, bundled into the CLI and the extension) starts its threads from
  // worker.js beside the bundle, which runs the task file.
  { entryPoints: ['src/core/pool/task.ts'], outfile: 'dist/analysisTask.js' },
  { entryPoints: ['node_modules/piscina/dist/worker.js'], outfile: 'dist/worker.js' },
]
  .filter((t) => existsSync(t.entryPoints[0]))
  .map((t) => ({ ...common, platform: 'node', format: 'cjs', target: 'node20', ...t, external: [...(t.external ?? []), '@napi-rs/nice'] }));

const webTargets = [{ entryPoints: ['webview/main.ts'], outfile: 'dist/webview/main.js' }]
  .filter((t) => existsSync(t.entryPoints[0]))
  .map((t) => ({ ...common, platform: 'browser', format: 'iife', target: 'chrome114', loader: { '.ttf': 'file', '.woff2': 'file' }, ...t }));

const contexts = await Promise.all([...nodeTargets, ...webTargets].map((o) => esbuild.context(o)));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  try {
    await Promise.all(contexts.map((c) => c.rebuild()));
  } catch {
    process.exitCode = 1;
  } finally {
    await Promise.all(contexts.map((c) => c.dispose()));
  }
}
