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

  it('ticking a checkbox in a form is filling it in, not submitting it', () => {
    const rec = new Rec();
    rec.page(0, 'https://shop.test/signup', h('form', { id: 'signup' }, h('input', { 'data-testid': 'email', type: 'email' }), h('input', { 'data-testid': 'terms', type: 'checkbox' }), h('button', { type: 'submit' }, 'Sign up')), h('a', { 'data-testid': 'home', href: '/' }, 'Home'));
    rec.input(1500, rec.id('email'), { text: 'x' });
    rec.click(2500, rec.id('terms'));
    rec.input(2510, rec.id('terms'), { isChecked: true });
    rec.click(5000, rec.id('home'));
    rec.page(5300, 'https://shop.test/', h('p', {}, 'home'));
    rec.idle(8000);
    expect(kinds(detect(rec.events).struggles)).toEqual(['form-abandon']);
  });
});

describe('form-abandon without <form>', () => {
  /** A React-style login box: fields and buttons in plain divs, a "show password" button beside the password. */
  const loginBox = () =>
    h(
      'div',
      { class: 'login-box', 'data-testid': 'login' },
      h('div', { class: 'field' }, h('label', {}, 'Email'), h('input', { 'data-testid': 'email', type: 'email' })),
      h('div', { class: 'field' }, h('input', { 'data-testid': 'pw', type: 'password' }), h('button', { type: 'button', 'data-testid': 'show-pw', 'aria-label': 'Show password' }, '👁')),
      h('button', { type: 'button', 'data-testid': 'sign-in', class: 'btn' }, h('span', { 'data-testid': 'sign-in-label' }, 'Sign in')),
    );
  const page = (rec: Rec, ...body: ReturnType<typeof h>[]) =>
    rec.page(0, 'https://shop.test/login', h('nav', {}, h('button', { 'data-testid': 'menu' }, 'Menu'), h('a', { 'data-testid': 'home', href: '/' }, 'Home')), ...body);
  const leave = (rec: Rec, atMs: number) => {
    rec.click(atMs, rec.id('home'));
    rec.page(atMs + 300, 'https://shop.test/', h('p', {}, 'home'));
    rec.idle(atMs + 3000);
    return detect(rec.events).struggles;
  };

  it('typing into a div-wrapped group and leaving is one form-abandon of the group', () => {
    const rec = new Rec();
    page(rec, loginBox());
    rec.input(1000, rec.id('email'), { text: 'jane@example.com' });
    rec.input(2000, rec.id('pw'), { text: 'hunter2-secret' });
    rec.click(2500, rec.id('show-pw'));
    rec.setAttributes(2520, rec.id('pw'), { type: 'text' });
    const struggles = leave(rec, 6000);
    expect(kinds(struggles)).toEqual(['form-abandon']);
    const s = struggles[0];
    expect(s).toMatchObject({ atMs: 6000, url: 'https://shop.test/login', target: { selector: '[data-testid="login"]', tag: 'div' } });
    expect(s.details).toMatchObject({ fieldCount: 2, formKind: 'field group', leftBy: 'navigation', fields: ['[data-testid="email"]', '[data-testid="pw"]'] });
    expect(s.summary).toContain('field group');
    expect(s.target?.text).toBeUndefined();
    expect(JSON.stringify(s)).not.toMatch(/jane@example\.com|hunter2/);
  });

  it('a click on the group\'s button settles it, and the groups nested in it', () => {
    const rec = new Rec();
    page(rec, loginBox());
    rec.input(1000, rec.id('email'), { text: 'x' });
    rec.input(2000, rec.id('pw'), { text: 'y' });
    rec.click(3000, rec.id('sign-in-label'));
    expect(kinds(leave(rec, 6000))).not.toContain('form-abandon');
  });

  it('a button of a nested group does not settle the group around it; the outer button settles the nested groups', () => {
    // Only the email typed, then "show password": the login box is still not submitted.
    const eye = new Rec();
    page(eye, loginBox());
    eye.input(1000, eye.id('email'), { text: 'x' });
    eye.click(2000, eye.id('show-pw'));
    eye.setAttributes(2020, eye.id('pw'), { type: 'text' });
    const struggles = leave(eye, 5000).filter((s) => s.kind === 'form-abandon');
    expect(struggles.map((s) => s.target?.selector)).toEqual(['[data-testid="login"]']);

    // A search row with a clear "×" button makes its own group; "Search" below it settles it.
    const search = new Rec();
    page(search, h('div', { 'data-testid': 'finder' }, h('div', { 'data-testid': 'row' }, h('input', { 'data-testid': 'q', type: 'search' }), h('button', { 'aria-label': 'Clear' }, '×')), h('button', { 'data-testid': 'search' }, 'Search')));
    search.input(1000, search.id('q'), { text: 'boots' });
    search.click(2000, search.id('search'));
    expect(kinds(leave(search, 5000))).not.toContain('form-abandon');
  });

  it('a button beside a nested group settles it: "Add to cart" after typing a quantity into a stepper', () => {
    const rec = new Rec();
    page(rec, h('div', { class: 'actions' }, h('div', { class: 'stepper' }, h('button', {}, '−'), h('input', { 'data-testid': 'qty', type: 'number' }), h('button', {}, '+')), h('button', { 'data-testid': 'add' }, 'Add to cart')));
    rec.input(1000, rec.id('qty'), { text: '3' });
    rec.click(2000, rec.id('add'));
    expect(kinds(leave(rec, 5000))).not.toContain('form-abandon');
  });

  it('the buttons of a <form> beside a form-less field are the form\'s, not the field\'s group', () => {
    const rec = new Rec();
    page(rec, h('main', { 'data-testid': 'main' }, h('form', { id: 'search' }, h('input', { type: 'search' }), h('button', { 'data-testid': 'go' }, 'Go')), h('div', {}, h('input', { 'data-testid': 'note', type: 'text' }))));
    rec.input(1000, rec.id('note'), { text: 'x' });
    expect(kinds(leave(rec, 5000))).toEqual([]);
  });

  it('role=button and input[type=submit|button] are submit-like controls', () => {
    for (const control of [h('div', { role: 'button', tabindex: '0', 'data-testid': 'go' }, 'Send'), h('input', { type: 'submit', 'data-testid': 'go', value: 'Send' }), h('input', { type: 'button', 'data-testid': 'go', value: 'Send' })]) {
      const settled = new Rec();
      page(settled, h('div', { class: 'composer' }, h('textarea', { 'data-testid': 'msg' }), control));
      settled.input(1000, settled.id('msg'), { text: 'hello' });
      settled.click(2000, settled.id('go'));
      expect(kinds(leave(settled, 5000))).toEqual([]);

      const left = new Rec();
      page(left, h('div', { class: 'composer' }, h('textarea', { 'data-testid': 'msg' }), control));
      left.input(1000, left.id('msg'), { text: 'hello' });
      expect(kinds(leave(left, 5000))).toEqual(['form-abandon']);
    }
  });

  it('a button elsewhere on the page does not settle the group; a field with no button around it below body is no form', () => {
    const rec = new Rec();
    page(rec, h('main', {}, h('section', { class: 'newsletter' }, h('input', { 'data-testid': 'email', type: 'email' }), h('button', { 'data-testid': 'subscribe' }, 'Subscribe'))));
    rec.input(1000, rec.id('email'), { text: 'x' });
    rec.click(2000, rec.id('menu'));
    expect(kinds(leave(rec, 5000))).toEqual(['form-abandon']);

    // The only button is in the nav: the nearest ancestor holding it is body, which is the page, not a group.
    const lone = new Rec();
    lone.page(0, 'https://shop.test/find', h('nav', {}, h('button', {}, 'Menu'), h('a', { 'data-testid': 'home', href: '/' }, 'Home')), h('main', {}, h('input', { 'data-testid': 'q', type: 'search' })));
    lone.input(1000, lone.id('q'), { text: 'boots' });
    expect(kinds(leave(lone, 5000))).toEqual([]);
  });

  it('the app root filling the page (React #root, its only-child wrappers) is the page, not a group', () => {
    const app = (...main: ReturnType<typeof h>[]) =>
      h('div', { id: 'root' }, h('div', { class: 'App' }, h('header', {}, h('button', { 'data-testid': 'menu' }, 'Menu'), h('a', { 'data-testid': 'home', href: '/' }, 'Home')), h('main', {}, ...main)));
    // A lone search field: its only neighbouring button is the header's menu.
    const lone = new Rec();
    lone.page(0, 'https://shop.test/find', app(h('input', { 'data-testid': 'q', type: 'search' })));
    lone.input(1000, lone.id('q'), { text: 'boots' });
    expect(kinds(leave(lone, 5000))).toEqual([]);

    // The header's menu button is not the newsletter's control: it settles nothing.
    const menu = new Rec();
    menu.page(0, 'https://shop.test/find', app(h('div', { 'data-testid': 'newsletter' }, h('input', { 'data-testid': 'email', type: 'email' }), h('button', {}, 'Subscribe'))));
    menu.input(1000, menu.id('email'), { text: 'x' });
    menu.click(2000, menu.id('menu'));
    const struggles = leave(menu, 5000).filter((s) => s.kind === 'form-abandon');
    expect(struggles.map((s) => s.target?.selector)).toEqual(['[data-testid="newsletter"]']);
  });

  it('a button added after the first keystroke makes the group (the page is looked at again)', () => {
    const rec = new Rec();
    page(rec, h('div', { 'data-testid': 'box' }, h('input', { 'data-testid': 'code', type: 'text' })));
    rec.input(1000, rec.id('code'), { text: 'A' });
    rec.add(1200, rec.id('box'), h('button', { 'data-testid': 'apply' }, 'Apply'));
    rec.input(1500, rec.id('code'), { text: 'AB' });
    const struggles = leave(rec, 5000);
    expect(kinds(struggles)).toEqual(['form-abandon']);
    expect(struggles[0].details).toMatchObject({ formKind: 'field group', control: '[data-testid="apply"]' });
  });

  it('in a tab that goes quiet, the form is left when that tab\'s recording ends', () => {
    const a = new Rec('tab-a');
    page(a, loginBox());
    a.input(1000, a.id('email'), { text: 'x' });
    a.idle(5700);
    const b = new Rec('tab-b');
    b.page(3000, 'https://shop.test/other', h('p', {}, 'other'));
    b.idle(11_900);
    const events = [...a.events, ...b.events];
    const struggles = detect(events).struggles.filter((s) => s.kind === 'form-abandon');
    expect(struggles).toHaveLength(1);
    expect(struggles[0]).toMatchObject({ atMs: 1000, details: { leftAtMs: 5700, leftBy: 'session end' } });
    expect(struggles[0].summary).toContain("their tab's recording ended 4.7 s later");
  });
});
