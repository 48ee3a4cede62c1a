/** Ignore rules, the selector matcher, target resolution, and turning kinds off. */
import { describe, expect, it } from 'vitest';
import { defaultDetectConfig } from '../../../src/core/detect/config';
import { IgnoreMatcher, matches, parseSelectorList } from '../../../src/core/detect/ignoreSelectors';
import type { NodeSummary } from '../../../src/core/model';
import { Rec, checkoutPage, detect, h, kinds } from './builders';

const el = (tag: string, attributes: Record<string, string> = {}, nodeId = 1): NodeSummary => ({ nodeId, tag, attributes });

function rageOn(target: string, extra: ReturnType<typeof h>[], config = defaultDetectConfig()): ReturnType<typeof detect> {
  const rec = checkoutPage(new Rec(), 0, undefined, ...extra);
  for (const t of [2000, 2200, 2400]) rec.click(t, rec.id(target));
  rec.idle(10_000);
  return detect(rec.events, { config });
}

describe('ignore rules', () => {
  it('an element (or an ancestor) with data-struggle-ignore or .ph-no-rageclick is never a rage or dead click', () => {
    const extra = [
      h('button', { 'data-testid': 'spin', 'data-struggle-ignore': '' }, 'Spin'),
      h('div', { class: 'widget ph-no-rageclick' }, h('button', { 'data-testid': 'inner' }, 'Inner')),
    ];
    expect(rageOn('spin', extra).struggles).toEqual([]);
    expect(rageOn('inner', extra).struggles).toEqual([]);
    // Without the opt-out the same burst is rage.
    expect(kinds(rageOn('apply-coupon', extra).struggles)).toEqual(['rage-click']);
  });

  it('the ignoreSelectors setting lists more selectors', () => {
    const config = defaultDetectConfig();
    config.ignoreSelectors = ['main > button.btn'];
    expect(rageOn('apply-coupon', [], config).struggles).toEqual([]);
    config.ignoreSelectors = [];
    expect(kinds(rageOn('apply-coupon', [], config).struggles)).toEqual(['rage-click']);
  });

  it('each kind can be turned off', () => {
    const config = defaultDetectConfig();
    config.rageClick.enabled = false;
    // Without rage clicks, the burst is one dead-click incident.
    expect(kinds(rageOn('apply-coupon', [], config).struggles)).toEqual(['dead-click']);
    config.deadClick.enabled = false;
    expect(rageOn('apply-coupon', [], config).struggles).toEqual([]);
  });
});

describe('selector matcher', () => {
  it('matches tags, ids, classes, attributes and combinators against an element and its ancestors', () => {
    const chain = [el('button', { class: 'btn primary', 'data-testid': 'pay', type: 'submit' }, 3), el('form', { id: 'checkout' }, 2), el('main', { class: 'content' }, 1)];
    const yes = ['button', '.btn.primary', '#checkout button', 'form > button', 'main button', '[data-testid=pay]', '[data-testid^="pa"]', '[class~=primary]', '[TYPE="SUBMIT" i]', 'a, .primary', '*'];
    const no = ['a', '.secondary', 'main > button', '#other button', '[data-testid=pax]', '[type="SUBMIT"]'];
    for (const s of yes) expect(matches(chain, parseSelectorList(s)), s).toBe(true);
    for (const s of no) expect(matches(chain, parseSelectorList(s)), s).toBe(false);
  });

  it('reports which selector matched, on the element or an ancestor', () => {
    const matcher = new IgnoreMatcher(['[data-struggle-ignore]', '.ph-no-rageclick']);
    expect(matcher.match([el('span'), el('div', { class: 'ph-no-rageclick' })])).toBe('.ph-no-rageclick');
    expect(matcher.match([el('span'), el('div')])).toBeUndefined();
  });

  it('rejects what it cannot match', () => {
    expect(() => parseSelectorList('a:hover')).toThrow(/pseudo-classes/);
    expect(() => parseSelectorList('[x=')).toThrow();
    expect(() => parseSelectorList('')).toThrow(/empty/);
  });
});

describe('target resolution', () => {
  const page = (...extra: ReturnType<typeof h>[]) => checkoutPage(new Rec(), 0, undefined, ...extra);

  it.each([
    ['role=tab', h('div', { role: 'tab', 'data-testid': 't' }, h('span', { 'data-testid': 'x' }, 'Tab'))],
    ['onclick', h('div', { onclick: 'go()', 'data-testid': 't' }, h('span', { 'data-testid': 'x' }, 'Go'))],
    ['tabindex', h('div', { tabindex: '0', 'data-testid': 't' }, h('span', { 'data-testid': 'x' }, 'Go'))],
    ['cursor:pointer', h('span', { style: 'color: blue; cursor: pointer', 'data-testid': 't' }, h('b', { 'data-testid': 'x' }, 'Track'))],
    ['summary', h('details', {}, h('summary', { 'data-testid': 't' }, h('span', { 'data-testid': 'x' }, 'More')))],
    ['a[href]', h('a', { href: '/same', 'data-testid': 't' }, h('span', { 'data-testid': 'x' }, 'Link'))],
  ])('walks up to the nearest %s ancestor', (why, extra) => {
    const rec = page(extra);
    rec.click(2000, rec.id('x'));
    rec.idle(10_000);
    const { struggles } = detect(rec.events);
    expect(kinds(struggles)).toEqual(['dead-click']);
    expect(struggles[0].target?.nodeId).toBe(rec.id('t'));
    expect(struggles[0].details.targetKind).toBe(why);
  });

  it('tabindex="-1" does not make an element interactive', () => {
    const rec = page(h('div', { tabindex: '-1', 'data-testid': 't' }, 'Region'));
    rec.click(2000, rec.id('t'));
    rec.idle(10_000);
    expect(detect(rec.events).struggles).toEqual([]);
  });
});
