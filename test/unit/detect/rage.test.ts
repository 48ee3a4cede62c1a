/** Rage clicks: the spec's scenarios (struggles.md → "Scenarios every detector test suite must cover"). */
import { describe, expect, it } from 'vitest';
import { Rec, checkoutPage, detect, kinds } from './builders';

function dead(clickTimes: number[], target = 'apply-coupon'): ReturnType<typeof detect> {
  const rec = checkoutPage(new Rec());
  for (const t of clickTimes) rec.click(t, rec.id(target));
  rec.idle(Math.max(...clickTimes) + 8000);
  return detect(rec.events);
}

describe('rage-click', () => {
  it('3 clicks in 1 s unanswered = rage', () => {
    const { struggles } = dead([2000, 2300, 2600]);
    expect(kinds(struggles)).toEqual(['rage-click']);
    const rage = struggles[0];
    expect(rage.atMs).toBe(2000);
    expect(rage.durationMs).toBe(600);
    expect(rage.severity).toBe('high');
    expect(rage.details).toMatchObject({ count: 3, durationMs: 600, unansweredClicks: 2, answeredClicks: 0 });
    expect(rage.target?.selector).toBe('[data-testid="apply-coupon"]');
    expect(rage.summary).toBe('3 clicks in 0.6 s on "Apply coupon" ([data-testid="apply-coupon"]) with no response');
    expect(rage.id).toMatch(/^rage-click-2000-\d+$/);
  });

  it('2 clicks = not', () => {
    const { struggles } = dead([2000, 2300]);
    expect(kinds(struggles)).not.toContain('rage-click');
    // The two unanswered clicks are still one dead-click incident.
    expect(kinds(struggles)).toEqual(['dead-click']);
    expect(struggles[0].details).toMatchObject({ count: 2 });
  });

  it('3 clicks over 1.5 s = not', () => {
    const { struggles } = dead([2000, 2750, 3500]);
    expect(kinds(struggles)).not.toContain('rage-click');
  });

  it('1 early click + 2 fast = not', () => {
    const { struggles } = dead([2000, 3200, 3300]);
    expect(kinds(struggles)).not.toContain('rage-click');
  });

  it('1 early click + 3 fast = rage', () => {
    const { struggles } = dead([2000, 3200, 3300, 3400]);
    const rage = struggles.filter((s) => s.kind === 'rage-click');
    expect(rage).toHaveLength(1);
    expect(rage[0].atMs).toBe(3200);
    expect(rage[0].details).toMatchObject({ count: 3 });
  });

  it('3 clicks on different far-apart targets = not', () => {
    const rec = checkoutPage(new Rec());
    rec.click(2000, rec.id('apply-coupon'), 100, 100);
    rec.click(2200, rec.id('status'), 400, 300);
    rec.click(2400, rec.id('title'), 700, 20);
    rec.idle(10_000);
    expect(kinds(detect(rec.events).struggles)).not.toContain('rage-click');
  });

  it('clicks ≤ 30 px apart on different elements count as one target', () => {
    const rec = checkoutPage(new Rec());
    rec.click(2000, rec.id('intro'), 100, 100);
    rec.click(2200, rec.id('title'), 110, 110);
    rec.click(2400, rec.id('intro'), 105, 95);
    rec.idle(10_000);
    expect(kinds(detect(rec.events).struggles)).toEqual(['rage-click']);
  });

  it('a burst with a scroll or selection = not', () => {
    const scrolled = checkoutPage(new Rec());
    scrolled.click(2000, scrolled.id('apply-coupon'));
    scrolled.scroll(2150, 1, 400);
    scrolled.click(2300, scrolled.id('apply-coupon'));
    scrolled.click(2600, scrolled.id('apply-coupon'));
    scrolled.idle(10_000);
    expect(kinds(detect(scrolled.events).struggles)).not.toContain('rage-click');

    // A triple-click that selects the paragraph's text.
    const selected = checkoutPage(new Rec());
    const intro = selected.id('intro');
    selected.click(2000, intro);
    selected.click(2120, intro);
    selected.select(2125, selected.text('intro'), selected.text('intro'), 0, 6);
    selected.click(2240, intro);
    selected.select(2245, selected.text('intro'), selected.text('intro'), 0, 26);
    selected.idle(10_000);
    expect(kinds(detect(selected.events).struggles)).toEqual([]);
  });

  it('5 answered clicks on a counter = not', () => {
    const rec = checkoutPage(new Rec());
    const plus = rec.id('plus');
    const count = rec.text('count');
    for (let i = 0; i < 5; i++) {
      rec.click(2000 + i * 150, plus);
      rec.setText(2000 + i * 150 + 20, count, String(i + 2));
    }
    rec.idle(10_000);
    expect(kinds(detect(rec.events).struggles)).toEqual([]);
  });

  it('one struggle per burst even with 10 clicks', () => {
    const { struggles } = dead(Array.from({ length: 10 }, (_, i) => 2000 + i * 120));
    expect(kinds(struggles)).toEqual(['rage-click']);
    expect(struggles[0].details).toMatchObject({ count: 10, durationMs: 1080 });
  });

  it('two bursts 5 s apart = two struggles', () => {
    const { struggles } = dead([2000, 2200, 2400, 7400, 7600, 7800]);
    expect(kinds(struggles)).toEqual(['rage-click', 'rage-click']);
    expect(struggles.map((s) => s.atMs)).toEqual([2000, 7400]);
    expect(new Set(struggles.map((s) => s.id)).size).toBe(2);
  });

  it('is suppressed on text-entry targets', () => {
    const rec = checkoutPage(new Rec(), 0, undefined, { tag: 'input', attrs: { 'data-testid': 'email', type: 'email' }, children: [] });
    for (const t of [2000, 2150, 2300]) rec.click(t, rec.id('email'));
    rec.idle(10_000);
    expect(detect(rec.events).struggles).toEqual([]);
  });

  it('subsumes the dead clicks it is made of', () => {
    const { struggles } = dead([2000, 2200, 2400]);
    expect(kinds(struggles)).toEqual(['rage-click']);
  });
});
