import { utimesSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ElementIndex } from '../../../src/core/link/elementIndex';
import { ancestor, element, lineOf, makeWorkspace } from './helpers';

const orderSummary = `import { cn } from './cn';
export function OrderSummary({ total, busy }) {
  return (
    <section id="order-summary" className="panel">
      <p className="muted">Total: {total}</p>
      <button
        data-testid="place-order"
        className={cn('btn btn-primary', busy && 'is-busy')}
        type="submit"
      >
        Place order
      </button>
    </section>
  );
}
`;
const cart = `export function Cart() {
  return (
    <section id="cart">
      <p>Your cart is empty</p>
      <button className="btn">Delete</button>
      <button className="btn">Save</button>
    </section>
  );
}
`;
const wishlist = `export const Wishlist = () => (
  <section id="wishlist">
    <button className="btn">Delete</button>
    <button className="btn">Save</button>
  </section>
);
`;
const list = `export function Rows({ items }) {
  return <ul>{items.map((i) => <li key={i.id} data-testid={\`row-\${i.id}\`}>{i.name}</li>)}</ul>;
}
`;
const page = `<!doctype html>
<html>
  <body>
    <header class="site-header"><a href="/about" class="nav-link">About us</a></header>
  </body>
</html>
`;
const vue = `<template>
  <form class="signup">
    <input name="email" placeholder="Email address">
    <button class="btn" :class="{ wide: full }">Sign up</button>
  </form>
</template>
`;

describe('ElementIndex', () => {
  const ws = makeWorkspace({
    'src/checkout/OrderSummary.tsx': orderSummary,
    'src/cart/Cart.jsx': cart,
    'src/wishlist/Wishlist.tsx': wishlist,
    'src/rows/Rows.tsx': list,
    'public/index.html': page,
    'src/Signup.vue': vue,
    // Places that must never be indexed:
    'node_modules/ui-kit/Button.jsx': 'export const B = () => <button data-testid="place-order">Place order</button>;',
    'dist/assets/App.jsx': 'export const B = () => <button data-testid="place-order">Place order</button>;',
    '.gitignore': 'generated/\n*.local.tsx\n',
    'generated/Gen.tsx': 'export const G = () => <button data-testid="place-order">Place order</button>;',
    'src/Scratch.local.tsx': 'export const S = () => <button data-testid="place-order">Place order</button>;',
    'src/legacy/.gitignore': 'old.html\n',
    'src/legacy/old.html': '<button data-testid="place-order">Place order</button>',
    'src/legacy/kept.html': '<p id="kept">kept</p>',
  });
  let index: ElementIndex;
  beforeAll(async () => {
    index = await ElementIndex.build(ws.root);
  });
  afterAll(() => ws.cleanup());

  it('links a test id to the exact line and column of its tag', () => {
    const found = index.find(element('button', { 'data-testid': 'place-order', class: 'btn btn-primary', type: 'submit' }, 'Place order'));
    expect(found[0]).toMatchObject({ file: 'src/checkout/OrderSummary.tsx', line: lineOf(orderSummary, '<button'), column: 7 });
    expect(found[0].reason).toMatch(/^data-testid="place-order".* on a <button> in JSX/);
    expect(found[0].confidence).toBeGreaterThan(0.8);
    expect(found[0].confidence).toBeLessThan(1);
  });

  it('skips node_modules, build output, and files ignored by root and nested .gitignore files', () => {
    const files = index.filePaths();
    expect(files).toContain('src/legacy/kept.html');
    for (const f of ['node_modules/ui-kit/Button.jsx', 'dist/assets/App.jsx', 'generated/Gen.tsx', 'src/Scratch.local.tsx', 'src/legacy/old.html']) {
      expect(files).not.toContain(f);
    }
    const found = index.find(element('button', { 'data-testid': 'place-order' }, 'Place order'), { limit: 10 });
    expect(found.map((f) => f.file)).toEqual(['src/checkout/OrderSummary.tsx']);
  });

  it('ranks several equal candidates with confidence well below 1 and says so', () => {
    const found = index.find(element('button', { class: 'btn' }, 'Save'));
    expect(found.slice(0, 2).map((f) => f.file).sort()).toEqual(['src/cart/Cart.jsx', 'src/wishlist/Wishlist.tsx']);
    expect(found[0].confidence).toBe(found[1].confidence);
    for (const f of found.slice(0, 2)) {
      expect(f.confidence).toBeLessThan(0.6);
      expect(f.reason).toContain('similar candidates');
    }
    // Buttons that only share the common class rank below both.
    for (const f of found.slice(2)) expect(f.score).toBeLessThan(found[1].score / 2);
  });

  it('uses ancestors found around the candidate in the same file to break ties', () => {
    const found = index.find(element('button', { class: 'btn' }, 'Delete', [ancestor('section', { id: 'wishlist' }), ancestor('main')]));
    expect(found[0]).toMatchObject({ file: 'src/wishlist/Wishlist.tsx', line: 3 });
    expect(found[0].reason).toContain('inside id="wishlist"');
    expect(found[0].confidence).toBeGreaterThan(found[1].confidence);
  });

  it('finds an element whose only evidence is its text', () => {
    const found = index.find(element('p', {}, 'Your cart is empty'));
    expect(found[0]).toMatchObject({ file: 'src/cart/Cart.jsx', line: 4, column: 7 });
    expect(found[0].reason).toBe('text "Your cart is empty" on a <p> in JSX');
  });

  it('matches text that is only partly literal in source', () => {
    const found = index.find(element('p', { class: 'muted' }, 'Total: $42.00'));
    expect(found[0]).toMatchObject({ file: 'src/checkout/OrderSummary.tsx', line: 5 });
  });

  it('lets a rare token beat a common one', () => {
    const found = index.find(element('button', { class: 'btn is-busy' }, ''));
    expect(found[0].file).toBe('src/checkout/OrderSummary.tsx');
  });

  it('matches template-literal test ids against runtime values', () => {
    const found = index.find(element('li', { 'data-testid': 'row-42' }, 'Milk'));
    expect(found[0]).toMatchObject({ file: 'src/rows/Rows.tsx', line: 2 });
    expect(found[0].reason).toContain('data-testid={`row-${…}`}');
  });

  it('indexes HTML and Vue templates', () => {
    expect(index.find(element('a', { href: '/about', class: 'nav-link' }, 'About us'))[0]).toMatchObject({ file: 'public/index.html', line: 4, column: 33 });
    const vueHit = index.find(element('input', { name: 'email', placeholder: 'Email address' }))[0];
    expect(vueHit).toMatchObject({ file: 'src/Signup.vue', line: 3, column: 5 });
    expect(vueHit.reason).toContain('in Vue template');
    expect(index.find(element('button', { class: 'btn wide' }, 'Sign up'))[0]).toMatchObject({ file: 'src/Signup.vue', line: 4 });
  });

  it('falls back to tags inside an identifiable ancestor when the element has no evidence', () => {
    const found = index.find(element('header', {}, '', [ancestor('body')]));
    expect(found).toEqual([]);
    const inside = index.find(element('a', {}, '', [ancestor('header', { class: 'site-header' })]));
    expect(inside[0]).toMatchObject({ file: 'public/index.html', line: 4 });
  });

  it('uses Sentry component annotations to prefer the annotated file', () => {
    const found = index.find(element('button', { class: 'btn', 'data-sentry-component': 'Wishlist', 'data-sentry-source-file': 'Wishlist.tsx' }, 'Save'));
    expect(found[0].file).toBe('src/wishlist/Wishlist.tsx');
    expect(found[0].confidence).toBeGreaterThan(found[1]?.confidence ?? 0);
  });
});

describe('ElementIndex incremental updates', () => {
  it('re-reads only files whose mtime or size changed', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`src/c${i}.tsx`] = `export const C${i} = () => <button data-testid="b${i}">B${i}</button>;\n`;
    const ws = makeWorkspace(files);
    try {
      const index = await ElementIndex.build(ws.root);
      expect(index.filesRead).toBe(12);
      await index.refresh();
      expect(index.filesRead).toBe(12);

      ws.write({ 'src/c3.tsx': 'export const C3 = () => (\n  <a data-testid="b3-link">Now a link</a>\n);\n' });
      utimesSync(join(ws.root, 'src/c3.tsx'), new Date(), new Date(Date.now() + 5000));
      await index.update([join(ws.root, 'src/c3.tsx'), 'src/c4.tsx']);
      expect(index.filesRead).toBe(13);
      expect(index.find(element('button', { 'data-testid': 'b3' }))).toEqual([]);
      expect(index.find(element('a', { 'data-testid': 'b3-link' }))[0]).toMatchObject({ file: 'src/c3.tsx', line: 2 });

      ws.write({ 'src/new.tsx': 'export const N = () => <i data-testid="fresh" />;\n', 'src/c5.tsx': 'export const C5 = () => <b data-testid="b5-changed" />;\n' });
      unlinkSync(join(ws.root, 'src/c7.tsx'));
      await index.refresh();
      expect(index.filesRead).toBe(15);
      expect(index.fileCount).toBe(12);
      expect(index.find(element('i', { 'data-testid': 'fresh' }))[0].file).toBe('src/new.tsx');
      expect(index.find(element('button', { 'data-testid': 'b7' }))).toEqual([]);

      ws.write({ 'node_modules/x/y.tsx': 'export const Y = () => <b data-testid="nm" />;' });
      await index.update(['node_modules/x/y.tsx']);
      expect(index.filesRead).toBe(15);
    } finally {
      ws.cleanup();
    }
  });

  it('honours include/exclude globs and stops when aborted', async () => {
    const ws = makeWorkspace({ 'src/a.tsx': 'const A = () => <b id="a" />;', 'stories/a.stories.tsx': 'const S = () => <b id="s" />;', 'other/c.html': '<p id="c">c</p>' });
    try {
      const index = await ElementIndex.build(ws.root, { include: ['src/**', 'stories/**'], exclude: ['**/*.stories.tsx'] });
      expect(index.filePaths()).toEqual(['src/a.tsx']);
      const controller = new AbortController();
      controller.abort();
      await expect(ElementIndex.build(ws.root, { signal: controller.signal })).rejects.toThrow(/aborted/);
    } finally {
      ws.cleanup();
    }
  });
});
