/** Dead clicks: the spec's scenarios, plus background activity (countdowns, carousels). */
import { describe, expect, it } from 'vitest';
import { Rec, checkoutPage, detect, h, kinds } from './builders';

/** A click on "Apply coupon" (no handler) at 2 s; `then` adds what follows; the recording runs to 12 s. */
function clickThen(then: (rec: Rec, target: number) => void, target = 'apply-coupon', extra: ReturnType<typeof h>[] = []): ReturnType<typeof detect> {
  const rec = checkoutPage(new Rec(), 0, undefined, ...extra);
  const id = rec.id(target);
  rec.click(2000, id);
  then(rec, id);
  rec.idle(12_000);
  return detect(rec.events);
}

describe('dead-click', () => {
  it('mutation at 2.9 s = alive', () => {
    const { struggles } = clickThen((rec) => rec.setText(4900, rec.text('status'), 'Coupon applied'));
    expect(struggles).toEqual([]);
  });

  it('mutation at 3.1 s = dead (and reported with its latency)', () => {
    const { struggles } = clickThen((rec) => rec.setText(5100, rec.text('status'), 'Coupon applied'));
    expect(kinds(struggles)).toEqual(['dead-click']);
    const dead = struggles[0];
    expect(dead.atMs).toBe(2000);
    expect(dead.severity).toBe('medium');
    expect(dead.details).toMatchObject({ lateResponse: true, responseLatencyMs: 3100, responseKind: 'mutation', windowMs: 3000 });
    expect(dead.summary).toContain('3.1 s');
    expect(dead.target?.text).toBe('Apply coupon');
  });

  it('a response after the late-watch window is not reported as latency', () => {
    const { struggles } = clickThen((rec) => rec.setText(9500, rec.text('status'), 'Coupon applied'));
    expect(kinds(struggles)).toEqual(['dead-click']);
    expect(struggles[0].details).toMatchObject({ silentMs: 7000, watchedMs: 7000 });
    expect(struggles[0].details.lateResponse).toBeUndefined();
    expect(struggles[0].summary).toBe('Click on "Apply coupon" ([data-testid="apply-coupon"]) got no response within 3.0 s');
  });

  it('scroll at 100 ms = alive', () => {
    expect(clickThen((rec) => rec.scroll(2100, 1, 600)).struggles).toEqual([]);
  });

  it('scroll at 1 s = dead', () => {
    expect(kinds(clickThen((rec) => rec.scroll(3000, 1, 600)).struggles)).toEqual(['dead-click']);
  });

  it('console log only = dead', () => {
    const { struggles } = clickThen((rec) => rec.console(2100, 'log', ['"coupon clicked"']));
    expect(kinds(struggles)).toEqual(['dead-click']);
    expect(struggles[0].details).toMatchObject({ consoleOutputIgnored: 1 });
  });

  it('focus on the clicked button only = dead', () => {
    const { struggles } = clickThen((rec, id) => rec.focus(2010, id));
    expect(kinds(struggles)).toEqual(['dead-click']);
    expect(struggles[0].details).toMatchObject({ focusedClickedElementOnly: true });
  });

  it('focus moving to another element = alive', () => {
    expect(clickThen((rec) => rec.focus(2010, rec.id('pay'))).struggles).toEqual([]);
  });

  it('checkbox/radio/select change = alive', () => {
    const extra = [
      h('input', { 'data-testid': 'agree', type: 'checkbox' }),
      h('input', { 'data-testid': 'express', type: 'radio', name: 'ship' }),
      h('select', { 'data-testid': 'country' }, h('option', {}, 'NL')),
    ];
    expect(clickThen((rec, id) => rec.input(2005, id, { isChecked: true }), 'agree', extra).struggles).toEqual([]);
    expect(clickThen((rec, id) => rec.input(2005, id, { isChecked: true }), 'express', extra).struggles).toEqual([]);
    // A select is never a dead click (its list is native UI), and its change is a response.
    expect(clickThen((rec, id) => rec.input(2500, id, { text: 'NL' }), 'country', extra).struggles).toEqual([]);
    expect(clickThen(() => undefined, 'country', extra).struggles).toEqual([]);
  });

  it('a label for a checkbox = alive', () => {
    // As Chrome records it: Click on the label, Focus + Click + Input on its checkbox.
    const extra = [h('label', { 'data-testid': 'gift-label', for: 'gift' }, 'Gift wrap'), h('input', { id: 'gift', type: 'checkbox' })];
    const { struggles } = clickThen(
      (rec) => {
        const box = rec.id('gift');
        rec.focus(2001, box);
        rec.click(2002, box);
        rec.input(2002, box, { isChecked: true });
      },
      'gift-label',
      extra,
    );
    expect(struggles).toEqual([]);
  });

  it('navigation = alive', () => {
    const { struggles } = clickThen((rec) => {
      rec.raw(2600, 0, {});
      rec.page(2700, 'https://shop.test/thanks', h('h1', {}, 'Thanks'));
    }, 'pay');
    expect(kinds(struggles)).toEqual([]);
  });

  it('a[target=_blank], a[download], text inputs = never dead', () => {
    const extra = [
      h('a', { 'data-testid': 'terms', href: '/terms', target: '_blank' }, 'Terms'),
      h('a', { 'data-testid': 'invoice', href: '/invoice.pdf', download: '' }, 'Invoice'),
      h('a', { 'data-testid': 'partner', href: 'https://partner.example/x' }, 'Partner'),
      h('input', { 'data-testid': 'name', type: 'text' }),
      h('textarea', { 'data-testid': 'note' }),
      h('div', { 'data-testid': 'editor', contenteditable: 'true' }, h('p', { 'data-testid': 'para' }, 'Hello')),
    ];
    for (const target of ['terms', 'invoice', 'partner', 'name', 'note', 'para']) {
      expect(clickThen(() => undefined, target, extra).struggles, target).toEqual([]);
    }
  });

  it('an absolute link to the page\'s own origin can be dead; a look-alike host is another origin', () => {
    const extra = [
      h('a', { 'data-testid': 'help', href: 'https://shop.test/help?from=checkout' }, 'Help'),
      h('a', { 'data-testid': 'lookalike', href: 'https://shop.test.evil.example/help' }, 'Help'),
    ];
    expect(kinds(clickThen(() => undefined, 'help', extra).struggles)).toEqual(['dead-click']);
    expect(clickThen(() => undefined, 'lookalike', extra).struggles).toEqual([]);
  });

  it('a countdown ticking elsewhere = still dead', () => {
    // The countdown ticks every second from the start, as `el.textContent = …` (remove + add).
    const rec = checkoutPage(new Rec());
    const countdown = rec.id('countdown');
    let textId = rec.text('countdown');
    for (let t = 500; t <= 11_500; t += 1000) textId = rec.replaceText(t, countdown, textId, `Sale ends in 00:59:${59 - Math.floor(t / 1000)}`);
    rec.click(6200, rec.id('apply-coupon'));
    rec.idle(12_000);
    const { struggles } = detect(rec.events);
    expect(kinds(struggles)).toEqual(['dead-click']);
    expect(struggles[0].atMs).toBe(6200);
    expect(struggles[0].details).toMatchObject({ backgroundChangesIgnored: 3, backgroundExample: '[data-testid="countdown"]' });
  });

  it('a carousel advancing beside it is still dead', () => {
    const rec = new Rec();
    rec.page(
      0,
      'https://shop.test/',
      h(
        'section',
        { 'data-testid': 'carousel' },
        h('div', { 'data-testid': 'track' }, h('div', { id: 's1', class: 'slide is-active' }, 'One'), h('div', { id: 's2', class: 'slide' }, 'Two'), h('div', { id: 's3', class: 'slide' }, 'Three')),
        h('button', { 'data-testid': 'notify-me' }, 'Notify me'),
      ),
    );
    const slides = ['s1', 's2', 's3'].map((s) => rec.id(s));
    for (let k = 1; k <= 8; k++) {
      const t = k * 2500;
      rec.setAttributes(t, slides[(k - 1) % 3], { class: 'slide' });
      rec.setAttributes(t, slides[k % 3], { class: 'slide is-active' });
    }
    rec.click(12_600, rec.id('notify-me'));
    rec.idle(21_000);
    const { struggles } = detect(rec.events);
    expect(kinds(struggles)).toEqual(['dead-click']);
    expect(struggles[0].atMs).toBe(12_600);
  });

  it('a carousel dot that moves the slide off-beat answers its click', () => {
    const rec = new Rec();
    rec.page(
      0,
      'https://shop.test/',
      h('div', { 'data-testid': 'track' }, h('div', { id: 's1', class: 'slide is-active' }, 'One'), h('div', { id: 's2', class: 'slide' }, 'Two')),
      h('button', { 'data-testid': 'dot-2', 'aria-label': 'Show slide 2' }),
    );
    const [s1, s2] = [rec.id('s1'), rec.id('s2')];
    const show = (t: number, on: number, off: number): void => {
      rec.setAttributes(t, off, { class: 'slide' });
      rec.setAttributes(t, on, { class: 'slide is-active' });
    };
    for (let k = 1; k <= 4; k++) show(k * 2500, k % 2 ? s2 : s1, k % 2 ? s1 : s2);
    rec.click(11_200, rec.id('dot-2'));
    show(11_201, s2, s1);
    for (let k = 5; k <= 7; k++) show(k * 2500, k % 2 ? s2 : s1, k % 2 ? s1 : s2);
    rec.idle(18_000);
    expect(detect(rec.events).struggles).toEqual([]);
  });

  it('a click that restarts a ticking countdown breaks its rhythm = alive', () => {
    const rec = checkoutPage(new Rec());
    const countdown = rec.id('countdown');
    let textId = rec.text('countdown');
    for (let t = 500; t <= 5500; t += 1000) textId = rec.replaceText(t, countdown, textId, 'tick');
    rec.click(5800, rec.id('apply-coupon'));
    textId = rec.replaceText(5850, countdown, textId, 'Sale ends in 01:00:00');
    for (let t = 6850; t <= 11_850; t += 1000) textId = rec.replaceText(t, countdown, textId, 'tick');
    rec.idle(12_000);
    expect(detect(rec.events).struggles).toEqual([]);
  });

  it('a change in a part of the page that was quiet answers the click, even during background activity', () => {
    const rec = checkoutPage(new Rec());
    const countdown = rec.id('countdown');
    let textId = rec.text('countdown');
    for (let t = 500; t <= 11_500; t += 1000) textId = rec.replaceText(t, countdown, textId, 'tick');
    rec.click(6200, rec.id('pay'));
    rec.setAttributes(6400, rec.id('panel'), { hidden: null });
    rec.idle(12_000);
    expect(detect(rec.events).struggles).toEqual([]);
  });

  it('a mutation inside a hidden element or <head> is not a response', () => {
    const { struggles } = clickThen((rec) => {
      rec.add(2100, 4, h('style', {}, '.x{}'));
      rec.add(2200, rec.id('panel'), h('span', {}, 'loaded'));
    });
    expect(kinds(struggles)).toEqual(['dead-click']);
  });

  it('recording ends after 1 s = no struggle', () => {
    const rec = checkoutPage(new Rec());
    rec.click(2000, rec.id('apply-coupon'));
    rec.idle(3000);
    expect(detect(rec.events).struggles).toEqual([]);
  });

  it('clicks on elements that do not look interactive are not dead', () => {
    expect(clickThen(() => undefined, 'intro').struggles).toEqual([]);
  });

  it('resolves the deepest node to its interactive ancestor', () => {
    const { struggles } = clickThen(() => undefined, 'pay-label');
    expect(kinds(struggles)).toEqual(['dead-click']);
    expect(struggles[0].target).toMatchObject({ tag: 'button', selector: '[data-testid="pay"]', text: 'Pay now' });
    expect(struggles[0].details).toMatchObject({ targetKind: 'button' });
  });

  it('the target is named by its text at the click, even when a late response changes it', () => {
    const { struggles } = clickThen((rec) => rec.setText(5500, rec.text('apply-coupon'), 'Coupon applied'));
    expect(kinds(struggles)).toEqual(['dead-click']);
    expect(struggles[0].details).toMatchObject({ lateResponse: true, responseLatencyMs: 3500 });
    expect(struggles[0].target?.text).toBe('Apply coupon');
    expect(struggles[0].summary).toContain('"Apply coupon"');
  });

  it('the target selector comes from the page during the silent window, not after the late response', () => {
    const item = () => h('li', {}, h('button', { class: 'buy' }, 'Buy'));
    const rec = checkoutPage(new Rec(), 0, undefined, h('ul', { id: 'list' }, item(), item(), item()));
    // Depth-first ids: ul, then li, button, text for each item.
    const list = rec.id('list');
    rec.click(2000, list + 5);
    // A late answer inserts an item before the first: the clicked one becomes the third <li>.
    rec.raw(5500, 3, { source: 0, texts: [], attributes: [], removes: [], adds: [{ parentId: list, nextId: list + 1, node: { type: 2, id: 900, tagName: 'li', attributes: {}, childNodes: [] } }] });
    rec.idle(12_000);
    const { struggles } = detect(rec.events);
    expect(kinds(struggles)).toEqual(['dead-click']);
    expect(struggles[0].details).toMatchObject({ lateResponse: true, responseLatencyMs: 3500 });
    expect(struggles[0].target?.selector).toBe('li:nth-of-type(2) > button.buy');
  });

  it("the response to a later click is not an earlier dead click's late response", () => {
    const rec = checkoutPage(new Rec());
    rec.click(2000, rec.id('apply-coupon'));
    rec.click(6000, rec.id('pay'));
    rec.setText(6300, rec.text('status'), 'Paid');
    rec.idle(14_000);
    const { struggles } = detect(rec.events);
    expect(kinds(struggles)).toEqual(['dead-click']);
    expect(struggles[0].target?.selector).toBe('[data-testid="apply-coupon"]');
    expect(struggles[0].details).toMatchObject({ silentMs: 4000, watchedMs: 4000, watchEndedBy: 'next click' });
    expect(struggles[0].details.lateResponse).toBeUndefined();
  });

  it('exact target descriptions stop at the session budget of page nodes; later clicks keep the quick one', () => {
    const item = (n: number) => h('li', { 'data-testid': `item-${n}` }, h('button', { class: 'buy' }, 'Buy'));
    const rec = checkoutPage(new Rec(), 0, undefined, h('ul', {}, item(1), item(2), item(3)));
    // The DSL numbers nodes depth first: each button follows its <li>.
    rec.click(2000, rec.id('item-2') + 1);
    rec.click(7000, rec.id('item-3') + 1);
    rec.idle(14_000);
    const selectors = (limits?: { nodes: number }) => detect(rec.events, { limits }).struggles.map((s) => s.target?.selector);
    expect(selectors()).toEqual(['[data-testid="item-2"] > button.buy', '[data-testid="item-3"] > button.buy']);
    // A budget for one walk of this page: the second click keeps its quick description.
    expect(selectors({ nodes: 60 })).toEqual(['[data-testid="item-2"] > button.buy', '[data-testid="item-3"] button.buy']);
  });

  it('a network request started within 300 ms answers the click', () => {
    const rec = checkoutPage(new Rec());
    rec.click(2000, rec.id('apply-coupon'));
    rec.idle(12_000);
    const start = rec.events[0].timestamp;
    const request = (offset: number, url = 'https://shop.test/api/coupon') => ({ url, method: 'POST', status: 200, startTimestamp: start + 2000 + offset, initiatorType: 'fetch' });
    expect(detect(rec.events, { requests: [request(120)] }).struggles).toEqual([]);
    expect(kinds(detect(rec.events, { requests: [request(900)] }).struggles)).toEqual(['dead-click']);
    // Analytics beacons are not the page answering.
    expect(kinds(detect(rec.events, { requests: [request(50, 'https://eu.i.posthog.com/e/?ip=1')] }).struggles)).toEqual(['dead-click']);
  });

  it('a link click followed by a slow navigation is not a dead click', () => {
    const rec = checkoutPage(new Rec(), 0, undefined, h('a', { 'data-testid': 'deals', href: '/deals' }, 'Deals'));
    rec.click(2000, rec.id('deals'));
    rec.raw(6500, 0, {});
    rec.page(6700, 'https://shop.test/deals', h('h1', {}, 'Deals'));
    rec.idle(12_000);
    expect(kinds(detect(rec.events).struggles)).not.toContain('dead-click');
  });

  it('a link whose next page comes after the late-watch window is still not a dead click', () => {
    const rec = checkoutPage(new Rec(), 0, undefined, h('a', { 'data-testid': 'deals', href: '/deals' }, 'Deals'));
    rec.click(2000, rec.id('deals'));
    rec.idle(6000);
    rec.page(11_000, 'https://shop.test/deals', h('h1', {}, 'Deals'));
    rec.idle(14_000);
    expect(kinds(detect(rec.events).struggles)).not.toContain('dead-click');
  });
});
