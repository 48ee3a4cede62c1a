/** thrashed-cursor, excessive-scroll, quick-back and form-abandon. */
import { describe, expect, it } from 'vitest';
import { Rec, checkoutPage, detect, h, kinds } from './builders';

/** Positions shaking left and right: `swings` reversals of `amplitude` px, one every `stepMs`. */
function shake(rec: Rec, startMs: number, swings: number, amplitude: number, stepMs: number): void {
  const positions: [number, number, number][] = [];
  for (let i = 0; i <= swings + 1; i++) positions.push([i % 2 === 0 ? 300 : 300 + amplitude, 200, startMs + i * stepMs]);
  rec.move(positions);
}

describe('thrashed-cursor', () => {
  it('≥ 4 horizontal reversals within 1 s with ≥ 100 px travel is one thrashed-cursor struggle', () => {
    const rec = checkoutPage(new Rec());
    shake(rec, 2000, 6, 80, 120);
    rec.idle(6000);
    const { struggles } = detect(rec.events);
    expect(kinds(struggles)).toEqual(['thrashed-cursor']);
    expect(struggles[0]).toMatchObject({ severity: 'low', confidence: 0.4 });
    expect((struggles[0].details as { reversals: number }).reversals).toBeGreaterThanOrEqual(4);
  });

  it('slow sweeps, tiny jitter and drags are not thrashing', () => {
    const slow = checkoutPage(new Rec());
    shake(slow, 2000, 6, 200, 600);
    slow.idle(8000);
    expect(detect(slow.events).struggles).toEqual([]);

    const jitter = checkoutPage(new Rec());
    shake(jitter, 2000, 12, 6, 50);
    jitter.idle(6000);
    expect(detect(jitter.events).struggles).toEqual([]);

    const drag = checkoutPage(new Rec());
    drag.raw(1990, 3, { source: 2, type: 1, id: 4, x: 300, y: 200 });
    shake(drag, 2000, 6, 80, 120);
    drag.raw(3000, 3, { source: 2, type: 0, id: 4, x: 300, y: 200 });
    drag.idle(6000);
    expect(detect(drag.events).struggles).toEqual([]);
  });
});

describe('excessive-scroll', () => {
  it('≥ 3 direction reversals of the same container within 10 s', () => {
    const rec = checkoutPage(new Rec());
    const ys = [0, 400, 800, 300, 0, 600, 1200, 500, 900];
    ys.forEach((y, i) => rec.scroll(1000 + i * 500, 1, y));
    rec.idle(15_000);
    const { struggles } = detect(rec.events);
    expect(kinds(struggles)).toEqual(['excessive-scroll']);
    expect(struggles[0]).toMatchObject({ severity: 'low', details: { reversals: 4, container: 'page' } });
  });

  it('scrolling down a long page, or reversals spread over minutes, is not excessive', () => {
    const down = checkoutPage(new Rec());
    for (let i = 0; i < 20; i++) down.scroll(1000 + i * 200, 1, i * 300);
    down.idle(10_000);
    expect(detect(down.events).struggles).toEqual([]);

    const spread = checkoutPage(new Rec());
    [0, 800, 0, 800, 0].forEach((y, i) => spread.scroll(1000 + i * 6000, 1, y));
    spread.idle(40_000);
    expect(detect(spread.events).struggles).toEqual([]);
  });
});

describe('quick-back', () => {
  it('returning to the previous URL within 5 s of a page load is a u-turn', () => {
    const rec = new Rec();
    rec.page(0, 'https://shop.test/catalog', h('a', { 'data-testid': 'p1', href: '/product/1' }, 'Boots'));
    rec.click(3000, rec.id('p1'));
    rec.page(3500, 'https://shop.test/product/1', h('h1', {}, 'Boots'));
    rec.page(6000, 'https://shop.test/catalog', h('h1', {}, 'Catalog'));
    rec.idle(12_000);
    const { struggles } = detect(rec.events);
    expect(kinds(struggles)).toEqual(['quick-back']);
    // At the moment they turned back, on the page they left.
    expect(struggles[0]).toMatchObject({ atMs: 6000, durationMs: 2500, url: 'https://shop.test/product/1', severity: 'low', details: { landedAtMs: 3500 } });
    expect(struggles[0].summary).toBe('Left /product/1 2.5 s after it loaded, back to /catalog');
  });

  it('staying longer than 5 s, or going on to a third page, is not', () => {
    const rec = new Rec();
    rec.page(0, 'https://shop.test/catalog', h('p', {}, 'x'));
    rec.page(3500, 'https://shop.test/product/1', h('p', {}, 'x'));
    rec.page(9000, 'https://shop.test/catalog', h('p', {}, 'x'));
    rec.page(10_000, 'https://shop.test/cart', h('p', {}, 'x'));
    rec.idle(14_000);
    expect(detect(rec.events).struggles).toEqual([]);
  });
});

describe('form-abandon', () => {
  const form = () =>
    h(
      'form',
      { id: 'signup' },
      h('input', { 'data-testid': 'email', type: 'email', name: 'email' }),
      h('input', { 'data-testid': 'pw', type: 'password', name: 'pw' }),
      h('button', { 'data-testid': 'submit', type: 'submit' }, 'Sign up'),
    );

  it('typing into a form, then navigating away without a submit', () => {
    const rec = new Rec();
    rec.page(0, 'https://shop.test/signup', form(), h('a', { 'data-testid': 'home', href: '/' }, 'Home'));
    rec.click(1000, rec.id('email'));
    rec.input(1500, rec.id('email'), { text: 'jane@example.com' });
    rec.input(2500, rec.id('pw'), { text: '********' });
    rec.click(6000, rec.id('home'));
    rec.page(6300, 'https://shop.test/', h('p', {}, 'home'));
    rec.idle(9000);
    const { struggles } = detect(rec.events);
    expect(kinds(struggles)).toEqual(['form-abandon']);
    const s = struggles[0];
    // At the click that led away.
    expect(s).toMatchObject({ atMs: 6000, severity: 'low', url: 'https://shop.test/signup', target: { selector: '#signup', tag: 'form' } });
    expect(s.details).toMatchObject({ fieldCount: 2, leftBy: 'navigation', fields: ['[data-testid="email"]', '[data-testid="pw"]'] });
    // Never the typed values.
    expect(JSON.stringify(s)).not.toContain('jane@example.com');
  });

  it('a click on the submit button, or an Enter-key submit, is not abandonment', () => {
    const clicked = new Rec();
    clicked.page(0, 'https://shop.test/signup', form());
    clicked.input(1500, clicked.id('email'), { text: 'x' });
    clicked.click(3000, clicked.id('submit'));
    clicked.page(3400, 'https://shop.test/welcome', h('p', {}, 'hi'));
    clicked.idle(6000);
    expect(kinds(detect(clicked.events).struggles)).not.toContain('form-abandon');

    const enter = new Rec();
    enter.page(0, 'https://shop.test/signup', form());
    enter.input(1500, enter.id('email'), { text: 'x' });
    enter.page(2200, 'https://shop.test/welcome', h('p', {}, 'hi'));
    enter.idle(6000);
    expect(kinds(detect(enter.events).struggles)).not.toContain('form-abandon');
  });

  it('typing then ending the session is abandonment at lower confidence', () => {
    const rec = new Rec();
    rec.page(0, 'https://shop.test/signup', form());
    rec.input(1500, rec.id('email'), { text: 'x' });
    rec.idle(9000);
    const { struggles } = detect(rec.events);
    expect(kinds(struggles)).toEqual(['form-abandon']);
    expect(struggles[0]).toMatchObject({ confidence: 0.5, details: { leftBy: 'session end' } });
  });
});
