/** Error clicks and errors: the spec's scenarios. */
import { describe, expect, it } from 'vitest';
import { parseErrorsText } from '../../../src/core/errors';
import { Rec, T0, checkoutPage, detect, kinds } from './builders';

describe('error-click', () => {
  it('uncaught error 200 ms after the click = error-click (not also dead)', () => {
    const rec = checkoutPage(new Rec());
    rec.click(2000, rec.id('pay'));
    rec.uncaught(2200);
    rec.idle(10_000);
    const { struggles, session } = detect(rec.events);
    expect(kinds(struggles)).toEqual(['error-click']);
    const s = struggles[0];
    expect(s).toMatchObject({ atMs: 2000, durationMs: 200, severity: 'high', errorIndex: 0, url: 'https://shop.test/checkout' });
    expect(session.errors[0].type).toBe('TypeError');
    expect(s.details).toMatchObject({ errorDelayMs: 200, error: { type: 'TypeError', origin: 'console-plugin' } });
    expect(s.target?.selector).toBe('[data-testid="pay"]');
    expect(s.summary).toBe(
      'Click on "Pay now" ([data-testid="pay"]) was followed 0.2 s later by TypeError: Cannot read properties of null (reading \'id\')',
    );
  });

  it('error 3 s later = not linked to the click', () => {
    const rec = checkoutPage(new Rec());
    rec.click(2000, rec.id('pay'));
    rec.setText(2100, rec.text('status'), 'Paying…');
    rec.uncaught(5000);
    rec.idle(10_000);
    const { struggles } = detect(rec.events);
    expect(kinds(struggles)).toEqual(['error']);
    expect(struggles[0]).toMatchObject({ atMs: 5000, severity: 'medium', errorIndex: 0 });
    expect(struggles[0].summary).toBe("Uncaught TypeError: Cannot read properties of null (reading 'id') on /checkout");
  });

  it('error from a separate Sentry log with frames oldest-first', () => {
    const rec = checkoutPage(new Rec());
    rec.click(2000, rec.id('pay'));
    rec.idle(10_000);
    const sentry = [
      {
        timestamp: (T0 + 2150) / 1000,
        exception: {
          values: [
            {
              type: 'TypeError',
              value: "Cannot read properties of undefined (reading 'total')",
              stacktrace: {
                frames: [
                  { filename: 'https://shop.test/assets/vendor.js', function: 'dispatch', lineno: 1, colno: 900, in_app: false },
                  { filename: 'https://shop.test/assets/index.js', function: 'submitOrder', lineno: 1, colno: 48213, in_app: true },
                ],
              },
            },
          ],
        },
      },
    ];
    const errors = parseErrorsText('checkout.errors.json', JSON.stringify(sentry));
    const { struggles } = detect(rec.events, { errors });
    expect(kinds(struggles)).toEqual(['error-click']);
    expect(struggles[0].errorIndex).toBe(0);
    expect(struggles[0].details).toMatchObject({
      errorDelayMs: 150,
      error: { type: 'TypeError', origin: 'errors-file' },
      // The throwing frame, which Sentry lists last.
      frame: { function: 'submitOrder', url: 'https://shop.test/assets/index.js', line: 1, column: 48213 },
    });
  });

  it('a failing request started within 1 s of the click = error-click', () => {
    const rec = checkoutPage(new Rec());
    rec.click(2000, rec.id('pay'));
    rec.idle(10_000);
    const request = { url: 'https://shop.test/api/orders', method: 'POST', status: 500, startTimestamp: T0 + 2050, initiatorType: 'fetch' };
    const { struggles } = detect(rec.events, { requests: [request] });
    expect(kinds(struggles)).toEqual(['error-click']);
    expect(struggles[0].errorIndex).toBeUndefined();
    expect(struggles[0].details).toMatchObject({ request: { status: 500, method: 'POST', startedAfterMs: 50 } });
    expect(struggles[0].summary).toContain('POST /api/orders → 500');
  });

  it('a rage burst whose clicks throw is one error click', () => {
    const rec = checkoutPage(new Rec());
    for (const t of [2000, 2200, 2400]) {
      rec.click(t, rec.id('pay'));
      rec.uncaught(t + 30);
    }
    rec.idle(10_000);
    const { struggles } = detect(rec.events);
    expect(kinds(struggles)).toEqual(['error-click']);
    expect(struggles[0].details).toMatchObject({ clicks: 3, errorCount: 3 });
  });

  it('the same error repeating on its own is not tied to a click that happens to precede it', () => {
    const rec = checkoutPage(new Rec());
    for (const t of [1000, 4000, 7000]) rec.uncaught(t, 'Error: poll failed');
    rec.click(3800, rec.id('status'));
    rec.idle(10_000);
    const { struggles } = detect(rec.events);
    expect(kinds(struggles)).toEqual(['error']);
    expect(struggles[0].details).toMatchObject({ count: 3 });
    expect(struggles[0].summary).toBe('Uncaught Error: poll failed on /checkout (3 times)');
  });
});

describe('error', () => {
  it('console.error output that is not an uncaught error is neither an error nor an error click', () => {
    const rec = checkoutPage(new Rec());
    rec.click(2000, rec.id('pay'));
    rec.setText(2050, rec.text('status'), 'Paying…');
    rec.console(2100, 'error', ['"payment widget: retrying"']);
    rec.idle(10_000);
    const { struggles, session } = detect(rec.events);
    expect(session.errors.map((e) => e.type)).toEqual(['console.error']);
    expect(struggles).toEqual([]);
  });
});
