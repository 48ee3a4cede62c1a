import * as vm from 'node:vm';
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionModel, StackFrame, Struggle } from '../../../src/core/model';
import { ancestorsFromSelector, linkSession } from '../../../src/core/link/linkSession';
import { lineOf, makeWorkspace } from './helpers';

const useCart = `export function addLine(cart: { items: string[] } | null, sku: string): number {
  return cart!.items.push(sku);
}
`;
const orderSummary = `import { addLine } from '../cart/useCart';
export function OrderSummary() {
  return (
    <section id="order-summary">
      <button data-testid="place-order" className="btn btn-primary" onClick={() => addLine(null, 'x')}>
        Place order
      </button>
    </section>
  );
}
`;
const wishlist = `export const Wishlist = () => (
  <section id="wishlist">
    <button className="btn">Remove</button>
  </section>
);
export const Cart = () => (
  <section id="cart">
    <button className="btn">Remove</button>
  </section>
);
`;
const main = `import { addLine } from './cart/useCart';
(globalThis as any).submit = () => addLine(null, 'sku');
`;

function struggle(kind: Struggle['kind'], extra: Partial<Struggle>): Struggle {
  return { id: kind, kind, atMs: 1000, durationMs: 0, url: 'https://shop.example/checkout', severity: 'high', confidence: 0.9, summary: kind, details: {}, sources: [], ...extra };
}

describe('linkSession', () => {
  const ws = makeWorkspace({
    'src/cart/useCart.ts': useCart,
    'src/checkout/OrderSummary.tsx': orderSummary,
    'src/Lists.tsx': wishlist,
    'src/main.ts': main,
    'app/checkout/page.tsx': 'export default function Page() { return <main id="checkout-page" />; }\n',
  });
  let session: SessionModel;

  beforeAll(async () => {
    await esbuild.build({ absWorkingDir: ws.root, entryPoints: ['src/main.ts'], bundle: true, minify: true, sourcemap: 'linked', outfile: 'dist/assets/index-4f1c.js', logLevel: 'silent' });
    const code = readFileSync(join(ws.root, 'dist/assets/index-4f1c.js'), 'utf8');
    const context = vm.createContext({});
    vm.runInContext(code, context, { filename: 'https://shop.example/assets/index-4f1c.js' });
    let frames: StackFrame[] = [];
    try {
      vm.runInContext('submit()', context, { filename: 'https://shop.example/inline.js' });
    } catch (err) {
      frames = ((err as Error).stack ?? '').split('\n').flatMap((l) => {
        const m = /^\s*at (?:(.+?) \()?(.+?):(\d+):(\d+)\)?$/.exec(l);
        return m ? [{ function: m[1], url: m[2], line: Number(m[3]), column: Number(m[4]) }] : [];
      });
    }
    const placeOrder = { nodeId: 12, selector: 'section#order-summary > button[data-testid="place-order"]', tag: 'button', text: 'Place order', attributes: { 'data-testid': 'place-order', class: 'btn btn-primary' } };
    session = {
      file: 'checkout.rrweb.json',
      id: 's1',
      format: 'rrweb',
      startTimestamp: 0,
      durationMs: 20_000,
      events: [],
      eventCount: 0,
      warnings: [],
      pages: [],
      requests: [],
      errors: [{ atMs: 1000, timestamp: 1000, type: 'TypeError', message: "Cannot read properties of null (reading 'items')", origin: 'console-plugin', frames }],
      struggles: [
        struggle('error-click', { errorIndex: 0, target: placeOrder }),
        struggle('rage-click', { target: placeOrder }),
        struggle('slow-load', {}),
        struggle('error', { errorIndex: 0 }),
        struggle('dead-click', { target: { nodeId: 30, selector: 'main > section#wishlist > button.btn', tag: 'button', text: 'Remove', attributes: { class: 'btn' } } }),
        struggle('slow-load', { id: 'unknown-route', url: 'https://shop.example/nowhere/at/all' }),
      ],
    };
    await linkSession(session, ws.root);
  });
  afterAll(() => ws.cleanup());

  const throwLine = () => lineOf(useCart, 'cart!.items.push');

  it('maps error frames and marks the throwing location', () => {
    expect(session.errors[0].frames[0].source).toMatchObject({ file: 'src/cart/useCart.ts', line: throwLine() });
  });

  it('links an error-click to the throwing line first, then to the clicked element', () => {
    const [first, second] = session.struggles[0].sources;
    expect(first).toMatchObject({ file: 'src/cart/useCart.ts', line: throwLine(), confidence: 0.95 });
    expect(first.reason).toMatch(/^TypeError thrown in addLine \(source-mapped from index-4f1c\.js:1:\d+\)$/);
    expect(second).toMatchObject({ file: 'src/checkout/OrderSummary.tsx', line: lineOf(orderSummary, '<button'), column: 7 });
    expect(Object.keys(second).sort()).toEqual(['column', 'confidence', 'file', 'line', 'reason']);
  });

  it('links rage and dead clicks to the element, using the selector for ancestors', () => {
    expect(session.struggles[1].sources[0]).toMatchObject({ file: 'src/checkout/OrderSummary.tsx', line: lineOf(orderSummary, '<button') });
    expect(session.struggles[4].sources[0]).toMatchObject({ file: 'src/Lists.tsx', line: 3 });
    expect(session.struggles[4].sources[0].reason).toContain('inside id="wishlist"');
  });

  it('links a slow load to the route file, and nothing when the route is unknown', () => {
    expect(session.struggles[2].sources).toEqual([{ file: 'app/checkout/page.tsx', line: 1, column: 1, confidence: 0.8, reason: 'Next.js app router route /checkout' }]);
    expect(session.struggles[5].sources).toEqual([]);
  });

  it('links an error struggle to its mapped frame only', () => {
    expect(session.struggles[3].sources.map((s) => s.file)).toEqual(['src/cart/useCart.ts']);
  });
});

describe('ancestorsFromSelector', () => {
  it('reads ids, classes and attributes of the compounds before the element, nearest first', () => {
    expect(ancestorsFromSelector('main#app > form.checkout.wide [data-testid="pay box"] > button.btn')).toEqual([
      { nodeId: -1, tag: '', attributes: { 'data-testid': 'pay box' } },
      { nodeId: -1, tag: 'form', attributes: { class: 'checkout wide' } },
      { nodeId: -1, tag: 'main', attributes: { id: 'app' } },
    ]);
    expect(ancestorsFromSelector('button')).toEqual([]);
  });
});
