// Benchmark of src/core/link's element index on a generated 10,000-file workspace.
// Usage: node test/bench/link.bench.mjs [fileCount]
// Prints: plain read of every file (baseline), cold index build, no-op refresh, refresh and
// update() after touching 10 files, and find() for 1,000 elements (with top-1 accuracy).
import * as esbuild from 'esbuild';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FILES = Number(process.argv[2] ?? 10_000);
const work = mkdtempSync(join(tmpdir(), 'sl-link-bench-'));

// --- bundle the link module on the fly -----------------------------------------------------
const bundled = join(work, 'link.mjs');
await esbuild.build({
  entryPoints: [join(root, 'src/core/link/index.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: bundled,
  logLevel: 'error',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
const { ElementIndex } = await import(pathToFileURL(bundled).href);

// --- generate the workspace ----------------------------------------------------------------
const ws = join(work, 'ws');
const COMMON_CLASSES = ['btn', 'card', 'row', 'col', 'flex', 'muted', 'p-4', 'text-sm', 'container', 'item'];
const WORDS = ['order', 'cart', 'save', 'delete', 'profile', 'search', 'filter', 'checkout', 'coupon', 'address', 'payment', 'review', 'share', 'export', 'upload'];
let seed = 42;
const rand = (n) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const pick = (arr) => arr[rand(arr.length)];
/** Expected locations of some generated elements, for find(). */
const truth = [];

function elementsFor(i) {
  const out = [];
  const count = 20 + rand(15);
  for (let j = 0; j < count; j++) {
    const kind = rand(4);
    const cls = `${pick(COMMON_CLASSES)} ${pick(COMMON_CLASSES)}${rand(5) === 0 ? ` u-${i}-${j}` : ''}`;
    const text = `${pick(WORDS)} ${pick(WORDS)}${rand(3) === 0 ? ` ${i}-${j}` : ''}`;
    const testid = rand(3) === 0 ? `tid-${i}-${j}` : undefined;
    const tag = ['button', 'a', 'li', 'span'][kind];
    out.push({ tag, cls, text, testid });
  }
  return out;
}

function tsxFile(i, els) {
  const lines = [`import { cn } from '../lib/cn';`, `export function Comp${i}({ on }: { on: boolean }) {`, `  const title = "<not a tag>";`, '  return (', `    <section id="sec-${i}" className="panel">`];
  const locs = [];
  for (const e of els) {
    locs.push(lines.length + 1);
    const attrs = `${e.testid ? ` data-testid="${e.testid}"` : ''} className={cn('${e.cls}', on && 'is-on')}`;
    lines.push(`      <${e.tag}${attrs}>`, `        ${e.text}`, `      </${e.tag}>`);
  }
  lines.push('    </section>', '  );', '}', '');
  return { text: lines.join('\n'), locs, column: 7 };
}

function htmlFile(i, els) {
  const lines = ['<!doctype html>', '<html>', '<body>', `  <main id="sec-${i}" class="panel">`];
  const locs = [];
  for (const e of els) {
    locs.push(lines.length + 1);
    lines.push(`    <${e.tag}${e.testid ? ` data-testid="${e.testid}"` : ''} class="${e.cls}">${e.text}</${e.tag}>`);
  }
  lines.push('  </main>', '  <script>if (a < b) { document.title = "<b>"; }</script>', '</body>', '</html>', '');
  return { text: lines.join('\n'), locs, column: 5 };
}

function vueFile(i, els) {
  const lines = ['<template>', `  <div id="sec-${i}" class="panel">`];
  const locs = [];
  for (const e of els) {
    locs.push(lines.length + 1);
    lines.push(`    <${e.tag}${e.testid ? ` data-testid="${e.testid}"` : ''} class="${e.cls}" :class="{ active: on }">${e.text}</${e.tag}>`);
  }
  lines.push('  </div>', '</template>', '<script setup lang="ts">', "const on = defineProps<{ on: boolean }>();", '</script>', '');
  return { text: lines.join('\n'), locs, column: 5 };
}

const started = performance.now();
let bytes = 0;
const paths = [];
for (let i = 0; i < FILES; i++) {
  const dir = join(ws, 'src', `area${i % 50}`, `feature${Math.floor(i / 50) % 4}`);
  mkdirSync(dir, { recursive: true });
  const els = elementsFor(i);
  const r = rand(20);
  const [gen, ext] = r < 12 ? [tsxFile, 'tsx'] : r < 17 ? [htmlFile, 'html'] : [vueFile, 'vue'];
  const { text, locs, column } = gen(i, els);
  const rel = `src/area${i % 50}/feature${Math.floor(i / 50) % 4}/file${i}.${ext}`;
  writeFileSync(join(ws, rel), text);
  paths.push(rel);
  bytes += text.length;
  els.forEach((e, j) => {
    if (truth.length < 1000 && rand(40) === 0) {
      const attributes = { class: e.cls };
      if (e.testid) attributes['data-testid'] = e.testid;
      truth.push({ element: { nodeId: 1, tag: e.tag, attributes, text: e.text, selector: e.tag, ancestors: [{ nodeId: 0, tag: 'section', attributes: { id: `sec-${i}`, class: 'panel' } }] }, file: rel, line: locs[j], column });
    }
  });
}
mkdirSync(join(ws, 'node_modules', 'big'), { recursive: true });
writeFileSync(join(ws, 'node_modules', 'big', 'index.jsx'), 'export const X = () => <b>never indexed</b>;');
writeFileSync(join(ws, '.gitignore'), 'node_modules/\n');
const genMs = performance.now() - started;

// --- baseline: read every file once -------------------------------------------------------
function listAll(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) listAll(p, out);
    else out.push(p);
  }
  return out;
}
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const all = listAll(ws);
let read = 0;
for (let i = 0; i < all.length; i += 32) read += (await Promise.all(all.slice(i, i + 32).map((f) => readFile(f, 'utf8')))).reduce((n, s) => n + s.length, 0);
const baselineMs = performance.now() - t0;
const baselineCpu = process.cpuUsage(cpu0);
const cpuMs = (u) => (u.user + u.system) / 1000;

// --- cold build ----------------------------------------------------------------------------
const t1 = performance.now();
const cpu1 = process.cpuUsage();
const index = await ElementIndex.build(ws);
const buildMs = performance.now() - t1;
const buildCpu = process.cpuUsage(cpu1);

// --- no-op refresh ------------------------------------------------------------------------
const t2 = performance.now();
const readsBefore = index.filesRead;
await index.refresh();
const noopMs = performance.now() - t2;
const noopReads = index.filesRead - readsBefore;

// --- touch 10 files, refresh --------------------------------------------------------------
const touched = paths.slice(0, 10);
for (const rel of touched) writeFileSync(join(ws, rel), readFileSync(join(ws, rel), 'utf8') + '\n');
const t3 = performance.now();
const r3 = index.filesRead;
await index.refresh();
const refreshMs = performance.now() - t3;
const refreshReads = index.filesRead - r3;

// --- touch 10 other files, update(changed) ------------------------------------------------
const touched2 = paths.slice(10, 20);
for (const rel of touched2) writeFileSync(join(ws, rel), readFileSync(join(ws, rel), 'utf8') + '\n');
const t4 = performance.now();
const r4 = index.filesRead;
await index.update(touched2);
const updateMs = performance.now() - t4;
const updateReads = index.filesRead - r4;

// --- find() for 1,000 elements -------------------------------------------------------------
while (truth.length < 1000) truth.push(truth[truth.length % Math.max(1, truth.length)]);
const t5 = performance.now();
let hits = 0;
let withTestId = 0;
let withTestIdHits = 0;
for (const t of truth) {
  const found = index.find(t.element);
  const ok = found[0] && found[0].file === t.file && found[0].line === t.line && found[0].column === t.column;
  if (ok) hits++;
  if (t.element.attributes['data-testid']) {
    withTestId++;
    if (ok) withTestIdHits++;
  }
}
const findMs = performance.now() - t5;

const mem = process.memoryUsage();
const fmt = (ms) => `${ms.toFixed(0)} ms`;
console.log(`link bench: ${FILES} files (${(bytes / 1e6).toFixed(1)} MB, generated in ${fmt(genMs)}), ${index.tagCount} tags indexed in ${index.fileCount} files`);
console.log(`  baseline: list + read all files        ${fmt(baselineMs)}  (${(read / 1e6).toFixed(1)} MB; CPU ${fmt(cpuMs(baselineCpu))})`);
console.log(`  cold index build                        ${fmt(buildMs)}  = ${(buildMs / baselineMs).toFixed(1)}x baseline, ${((buildMs / FILES) * 1000).toFixed(0)} µs/file (CPU ${fmt(cpuMs(buildCpu))} = ${(cpuMs(buildCpu) / cpuMs(baselineCpu)).toFixed(1)}x baseline CPU)`);
console.log(`  refresh, nothing changed                ${fmt(noopMs)}  (${noopReads} files read) = ${(noopMs / buildMs * 100).toFixed(0)}% of cold build`);
console.log(`  refresh after touching 10 files         ${fmt(refreshMs)}  (${refreshReads} files read) = ${(refreshMs / buildMs * 100).toFixed(0)}% of cold build`);
console.log(`  update(10 changed files)                ${fmt(updateMs)}  (${updateReads} files read) = ${(updateMs / buildMs * 100).toFixed(1)}% of cold build`);
console.log(`  find() x ${truth.length}                          ${fmt(findMs)}  = ${((findMs / truth.length) * 1000).toFixed(0)} µs/element`);
console.log(`  find() top-1 exact file:line:column     ${hits}/${truth.length} (with data-testid: ${withTestIdHits}/${withTestId}; class+text+ancestor only: ${hits - withTestIdHits}/${truth.length - withTestId})`);
console.log(`  heap used                               ${(mem.heapUsed / 1e6).toFixed(0)} MB`);

rmSync(work, { recursive: true, force: true });
