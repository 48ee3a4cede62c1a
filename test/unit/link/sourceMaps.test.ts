import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vm from 'node:vm';
import * as esbuild from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import type { ErrorRecord, StackFrame } from '../../../src/core/model';
import { SourceMapPathOverrides, DEFAULT_SOURCE_MAP_PATH_OVERRIDES } from '../../../src/core/link/overrides';
import { SourceMapResolver } from '../../../src/core/link/sourceMaps';
import { lineOf, makeWorkspace } from './helpers';

const useCart = `export interface Cart { items: string[] }

export function addLine(cart: Cart | null, sku: string): number {
  const before = sku.trim();
  return cart!.items.push(before);
}
`;
const main = `import { addLine } from './cart/useCart';

export function handleSubmit(sku: string) {
  return addLine(null, sku);
}
(globalThis as any).handleSubmit = handleSubmit;
`;

/** Parses V8 stack lines: `at fn (url:line:col)` / `at url:line:col`. */
function framesOf(stack: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const line of stack.split('\n')) {
    const m = /^\s*at (?:(.+?) \()?(.+?):(\d+):(\d+)\)?$/.exec(line);
    if (m) frames.push({ function: m[1], url: m[2], line: Number(m[3]), column: Number(m[4]) });
  }
  return frames;
}

/** Runs a bundle as if loaded from `url` and returns the frames of the error it throws. */
function throwFrom(code: string, url: string): StackFrame[] {
  const context = vm.createContext({});
  vm.runInContext(code, context, { filename: url });
  try {
    vm.runInContext('handleSubmit(" sku-1 ")', context, { filename: 'https://shop.example/inline.js' });
  } catch (err) {
    return framesOf((err as Error).stack ?? '');
  }
  throw new Error('bundle did not throw');
}

function errorWith(frames: StackFrame[]): ErrorRecord {
  return { atMs: 0, timestamp: 0, type: 'TypeError', message: 'boom', origin: 'console-plugin', frames };
}

async function bundle(root: string, outfile: string, sourcemap: 'linked' | 'inline' | false): Promise<string> {
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['src/main.ts'],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    sourcemap,
    outfile,
    logLevel: 'silent',
  });
  const { readFileSync } = await import('node:fs');
  return readFileSync(join(root, outfile), 'utf8');
}

const workspaces: { cleanup: () => void }[] = [];
afterAll(() => workspaces.forEach((w) => w.cleanup()));
function workspace(files: Record<string, string>) {
  const ws = makeWorkspace(files);
  workspaces.push(ws);
  return ws;
}

describe('SourceMapResolver with esbuild/vite-style maps', () => {
  it('maps a real minified stack frame to the throwing line (linked map, relative sources)', async () => {
    const ws = workspace({ 'src/cart/useCart.ts': useCart, 'src/main.ts': main });
    const code = await bundle(ws.root, 'dist/assets/index-4f1c.js', 'linked');
    const frames = throwFrom(code, 'https://shop.example/assets/index-4f1c.js');
    expect(frames[0].line).toBe(1); // minified: everything on one line
    const resolver = new SourceMapResolver(ws.root);
    const loc = await resolver.mapFrame(frames[0]);
    expect(loc).toMatchObject({ file: 'src/cart/useCart.ts', line: lineOf(useCart, 'cart!.items.push'), via: 'source-map', mapFile: 'dist/assets/index-4f1c.js.map' });
    expect(loc!.contentOnly).toBeUndefined();
    const error = errorWith(frames);
    const location = await resolver.mapError(error);
    expect(location).toEqual({ file: 'src/cart/useCart.ts', line: lineOf(useCart, 'cart!.items.push'), column: loc!.column });
    expect(error.frames[1].source).toMatchObject({ file: 'src/main.ts', line: lineOf(main, 'return addLine') });
  });

  it('reads inline data: maps', async () => {
    const ws = workspace({ 'src/cart/useCart.ts': useCart, 'src/main.ts': main });
    const code = await bundle(ws.root, 'build/static/js/app.js', 'inline');
    expect(code).toContain('sourceMappingURL=data:application/json;base64,');
    const frames = throwFrom(code, 'http://localhost:3000/static/js/app.js?v=3');
    const loc = await new SourceMapResolver(ws.root).mapFrame(frames[0]);
    expect(loc).toMatchObject({ file: 'src/cart/useCart.ts', line: lineOf(useCart, 'cart!.items.push'), mapFile: 'build/static/js/app.js' });
  });

  it('leaves frames unmapped, without throwing, when the bundle has no map', async () => {
    const ws = workspace({ 'src/cart/useCart.ts': useCart, 'src/main.ts': main });
    const code = await bundle(ws.root, 'dist/assets/index-4f1c.js', false);
    const frames = throwFrom(code, 'https://shop.example/assets/index-4f1c.js');
    const resolver = new SourceMapResolver(ws.root);
    const error = errorWith(frames);
    await expect(resolver.mapError(error)).resolves.toBeUndefined();
    expect(error.frames.every((f) => f.source === undefined)).toBe(true);
    await expect(resolver.mapFrame({ url: 'https://elsewhere.example/nothing-like-it.js', line: 1, column: 5 })).resolves.toBeUndefined();
    await expect(resolver.mapFrame({ function: 'x' })).resolves.toBeUndefined();
  });
});

describe('SourceMapResolver with webpack-style maps', () => {
  // Generated: `function a(){throw new Error("x")}` — column 14 (1-based) is `throw`, which the
  // map sends to line 2, column 3 of the source. Segments: "AAAA" and "aACE" (+13 cols, +1 line, +2 cols).
  const bundleJs = 'function a(){throw new Error("x")}\n//# sourceMappingURL=main.js.map\n';
  const original = 'export function a() {\n  throw new Error("x");\n}\n';
  const map = (sources: string[], extra: Record<string, unknown> = {}) => JSON.stringify({ version: 3, file: 'main.js', sources, names: [], mappings: 'AAAA,aACE', ...extra });
  const frame: StackFrame = { function: 'a', url: 'https://shop.example/static/js/main.js', line: 1, column: 14 };

  it.each([
    ['webpack:///./ sources', ['webpack:///./src/cart/useCart.ts'], {}],
    ['webpack://<project>/./ sources', ['webpack://my-shop/./src/cart/useCart.ts'], {}],
    ['sourceRoot "webpack:///" with ./ sources', ['./src/cart/useCart.ts'], { sourceRoot: 'webpack:///' }],
    ['a relative sourceRoot', ['cart/useCart.ts'], { sourceRoot: '../../../src/' }],
  ])('resolves %s', async (_name, sources, extra) => {
    const ws = workspace({ 'src/cart/useCart.ts': original, 'build/static/js/main.js': bundleJs, 'build/static/js/main.js.map': map(sources, extra) });
    const loc = await new SourceMapResolver(ws.root).mapFrame(frame);
    expect(loc).toMatchObject({ file: 'src/cart/useCart.ts', line: 2, column: 3 });
  });

  it('matches the URL to the workspace copy with the longest shared path suffix', async () => {
    const ws = workspace({
      'src/cart/useCart.ts': original,
      'build/static/js/main.js': bundleJs,
      'build/static/js/main.js.map': map(['webpack:///./src/cart/useCart.ts']),
      'tools/main.js': 'console.log("not it")\n',
      'legacy/js/main.js': bundleJs,
    });
    const loc = await new SourceMapResolver(ws.root).mapFrame({ ...frame, url: 'https://cdn.example.com/static/js/main.js' });
    expect(loc).toMatchObject({ file: 'src/cart/useCart.ts', mapFile: 'build/static/js/main.js.map' });
  });

  it('finds a sibling .map without a sourceMappingURL comment, and a map without its bundle', async () => {
    const ws = workspace({ 'src/cart/useCart.ts': original, 'dist/main.js': 'function a(){throw new Error("x")}\n', 'dist/main.js.map': map(['webpack:///./src/cart/useCart.ts']) });
    expect(await new SourceMapResolver(ws.root).mapFrame(frame)).toMatchObject({ file: 'src/cart/useCart.ts', line: 2 });
    const ws2 = workspace({ 'src/cart/useCart.ts': original, 'out/main.js.map': map(['webpack:///./src/cart/useCart.ts']) });
    expect(await new SourceMapResolver(ws2.root).mapFrame(frame)).toMatchObject({ file: 'src/cart/useCart.ts', line: 2 });
  });

  it('refuses sources that resolve outside the workspace, even with sourcesContent', async () => {
    const ws = workspace({
      'dist/main.js': bundleJs,
      'dist/main.js.map': map(['../../../../../../../etc/passwd'], { sourcesContent: ['secret'] }),
    });
    const resolver = new SourceMapResolver(ws.root);
    await expect(resolver.mapFrame(frame)).resolves.toBeUndefined();
    expect(resolver.warnings.join('\n')).toMatch(/outside the workspace; refused/);

    const abs = workspace({ 'dist/main.js': bundleJs, 'dist/main.js.map': map(['/etc/hostname']) });
    await expect(new SourceMapResolver(abs.root).mapFrame(frame)).resolves.toBeUndefined();
  });

  it('refuses a source that is a symlink to a file outside the workspace', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'sl-outside-'));
    try {
      writeFileSync(join(outside, 'secret.ts'), 'secret\n');
      const ws = workspace({ 'dist/main.js': bundleJs, 'dist/main.js.map': map(['webpack:///./src/secret.ts']) });
      mkdirSync(join(ws.root, 'src'), { recursive: true });
      symlinkSync(join(outside, 'secret.ts'), join(ws.root, 'src/secret.ts'));
      const resolver = new SourceMapResolver(ws.root);
      await expect(resolver.mapFrame(frame)).resolves.toBeUndefined();
      expect(resolver.warnings.join('\n')).toMatch(/link to outside the workspace/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('falls back to sourcesContent, flagged read-only, when the source is not in the workspace', async () => {
    const ws = workspace({ 'dist/main.js': bundleJs, 'dist/main.js.map': map(['webpack:///./src/gone.ts'], { sourcesContent: [original] }) });
    const resolver = new SourceMapResolver(ws.root);
    const loc = await resolver.mapFrame(frame);
    expect(loc).toMatchObject({ file: 'src/gone.ts', line: 2, column: 3, contentOnly: true, sourceContent: original });
    const error = errorWith([{ ...frame }]);
    expect(await resolver.mapError(error)).toMatchObject({ file: 'src/gone.ts', contentOnly: true });
  });

  it('marks node_modules frames as library frames and returns the first in-app frame', async () => {
    // Two segments on line 1: col 0 → react-dom (library), col 13 → the app.
    const ws = workspace({
      'src/cart/useCart.ts': original,
      'dist/main.js': bundleJs,
      'dist/main.js.map': JSON.stringify({ version: 3, sources: ['webpack:///./node_modules/react-dom/index.js', 'webpack:///./src/cart/useCart.ts'], sourcesContent: ['lib', null], names: [], mappings: 'AAAA,aCCE' }),
    });
    const error = errorWith([
      { function: 'inner', url: 'https://shop.example/static/js/main.js', line: 1, column: 1 },
      { function: 'dispatch', url: 'https://shop.example/node_modules/.vite/deps/react-dom.js', line: 10, column: 2 },
      { function: 'a', url: 'https://shop.example/static/js/main.js', line: 1, column: 14 },
    ]);
    const location = await new SourceMapResolver(ws.root).mapError(error);
    expect(error.frames[0]).toMatchObject({ library: true, source: { file: 'node_modules/react-dom/index.js' } });
    expect(error.frames[1].library).toBe(true);
    expect(location).toEqual({ file: 'src/cart/useCart.ts', line: 2, column: 3 });
  });

  it('reports an unreadable map as a warning, not an exception', async () => {
    const ws = workspace({ 'dist/main.js': bundleJs, 'dist/main.js.map': '{"version":3,"sources":[' });
    const resolver = new SourceMapResolver(ws.root);
    await expect(resolver.mapFrame(frame)).resolves.toBeUndefined();
    expect(resolver.warnings[0]).toMatch(/^dist\/main\.js\.map: not a JSON source map/);
  });

  it('uses pathMapping, and links an unbundled script with no map to itself', async () => {
    const ws = workspace({ 'public/js/app.js': 'function a() {\n  throw new Error("x");\n}\n' });
    const resolver = new SourceMapResolver(ws.root, { pathMapping: { '/': '${workspaceFolder}/public' } });
    const loc = await resolver.mapFrame({ url: 'http://localhost:8080/js/app.js', line: 2, column: 3 });
    expect(loc).toEqual({ file: 'public/js/app.js', line: 2, column: 3, via: 'direct' });
  });
});

describe('SourceMapPathOverrides', () => {
  const root = '/work/ws';
  const defaults = new SourceMapPathOverrides(DEFAULT_SOURCE_MAP_PATH_OVERRIDES, root);

  it('applies VS Code JavaScript debugger defaults', () => {
    expect(defaults.apply('webpack:///./src/App.tsx')).toBe('/work/ws/src/App.tsx');
    expect(defaults.apply('webpack://my-app/./src/App.tsx')).toBe('/work/ws/src/App.tsx');
    expect(defaults.apply('webpack://@scope/pkg/src/App.tsx')).toBe('/work/ws/src/App.tsx');
    expect(defaults.apply('webpack:///./~/lodash/index.js')).toBe('/work/ws/node_modules/lodash/index.js');
    expect(defaults.apply('turbopack://[project]/app/page.tsx')).toBe('/work/ws/app/page.tsx');
    expect(defaults.apply('meteor://💻app/client/main.js')).toBe('/work/ws/client/main.js');
    expect(defaults.apply('../src/App.tsx')).toBeUndefined();
  });

  it('takes user overrides with ?:* and regex entries, longest first', () => {
    const o = new SourceMapPathOverrides({ 'vite://?:*/src/*': '${workspaceFolder}/web/src/*', 'vite://*': '${workspaceFolder}/*', 'custom:(\\w+)/(.+)': '/work/ws/$1/$2' }, root);
    expect(o.apply('vite://anything/src/a.ts')).toBe('/work/ws/web/src/a.ts');
    expect(o.apply('vite://other/a.ts')).toBe('/work/ws/other/a.ts');
    expect(o.apply('custom:lib/x.ts')).toBe('/work/ws/lib/x.ts');
    expect(new SourceMapPathOverrides({ 'a/*/b/*': 'x' }, root).problems[0]).toMatch(/only one \*/);
  });
});
