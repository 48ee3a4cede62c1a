/**
 * Pages per window: a page ends at the next page of its window, else at its window's last event —
 * never at the end of the session when another tab carried on.
 */
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecordingEvent } from '../../../src/core/model';
import { runPass } from '../../../src/core/recording/runPass';
import { loadRecording } from '../../../src/core/recording/load';
import { analyzeRecording } from '../../../src/core/analysis';
import { Rec, checkoutPage, detect } from '../detect/builders';

const RECORDINGS = join(__dirname, '../../fixtures/recordings');

const merged = (...recs: Rec[]): RecordingEvent[] =>
  recs
    .flatMap((r) => r.events)
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.timestamp - b.e.timestamp || a.i - b.i)
    .map((x) => x.e);

const spans = (events: RecordingEvent[]) =>
  runPass(events, []).pages.map((p) => ({ url: p.url, windowId: p.windowId, atMs: p.atMs, durationMs: p.durationMs }));

describe('pages of a two-tab session', () => {
  it('ends each page at its window\'s next page or last event, not at the end of the session', () => {
    const a = new Rec('tab-a');
    checkoutPage(a, 0, 'https://shop.test/a');
    a.click(1000, a.id('pay'));
    checkoutPage(a, 2000, 'https://shop.test/b');
    a.click(5700, a.id('plus'));
    const b = new Rec('tab-b');
    checkoutPage(b, 3000, 'https://shop.test/c');
    b.click(6000, b.id('pay'));
    b.idle(11_900);

    expect(spans(merged(a, b))).toEqual([
      { url: 'https://shop.test/a', windowId: 'tab-a', atMs: 0, durationMs: 2000 },
      // the last page of its window, not of the session: ends with tab A's last event
      { url: 'https://shop.test/b', windowId: 'tab-a', atMs: 2000, durationMs: 3700 },
      { url: 'https://shop.test/c', windowId: 'tab-b', atMs: 3000, durationMs: 8900 },
    ]);
  });

  it('puts an error on the page still open then, not on a later page of a tab that has gone quiet', () => {
    const a = new Rec('tab-a');
    checkoutPage(a, 0, 'https://shop.test/a');
    a.click(2900, a.id('pay'));
    checkoutPage(a, 3000, 'https://shop.test/b');
    a.idle(4000);
    const b = new Rec('tab-b');
    checkoutPage(b, 1000, 'https://shop.test/c');
    b.uncaught(8000);
    b.idle(11_900);
    const { struggles } = detect(merged(a, b));
    const error = struggles.find((s) => s.kind === 'error');
    expect(error?.url).toBe('https://shop.test/c');
  });

  it('keeps a single window\'s last page running to the end of the session', () => {
    const a = new Rec();
    checkoutPage(a, 0, 'https://shop.test/a');
    checkoutPage(a, 2000, 'https://shop.test/b');
    a.idle(7000);
    expect(spans(a.events).map((p) => p.durationMs)).toEqual([2000, 5000]);
  });

  it('reads a PostHog export of two real recorded tabs with per-tab page ends', async () => {
    // Two real recordings as two tabs of one PostHog session: tab A the quick-back journey
    // (home → product → home), tab B the cart page opened 5 s later and used for 7 s more.
    const tabA = (JSON.parse(readFileSync(join(RECORDINGS, 'quick-back.rrweb.json'), 'utf8')) as { data: { snapshots: { data: RecordingEvent }[] } }).data.snapshots.map((s) => s.data);
    const tabB = JSON.parse(readFileSync(join(RECORDINGS, 'error-click.rrweb.json'), 'utf8')) as RecordingEvent[];
    const startA = tabA[0].timestamp;
    const lastA = tabA[tabA.length - 1].timestamp;
    const shift = startA + 5000 - tabB[0].timestamp;
    const snapshots = [
      ...tabA.map((data) => ({ windowId: 'tab-a', data })),
      ...tabB.map((data) => ({ windowId: 'tab-b', data: { ...data, timestamp: data.timestamp + shift } })),
    ].sort((x, y) => x.data.timestamp - y.data.timestamp);
    const end = snapshots[snapshots.length - 1].data.timestamp;
    const dir = mkdtempSync(join(tmpdir(), 'sl-tabs-'));
    const file = join(dir, 'two-tabs.rrweb.json');
    writeFileSync(file, JSON.stringify({ version: '2023-04-28', data: { id: 'two-tabs', snapshots } }));

    const session = await analyzeRecording(await loadRecording(file), { siblings: false });
    expect(session.durationMs).toBe(end - startA);
    const pagesA = session.pages.filter((p) => p.windowId === 'tab-a');
    const pagesB = session.pages.filter((p) => p.windowId === 'tab-b');
    expect(pagesA.map((p) => new URL(p.url).pathname)).toEqual(['/index.html', '/product.html', '/index.html']);
    expect(pagesB.map((p) => new URL(p.url).pathname)).toEqual(['/cart.html']);
    // Each window's pages follow one another and its last page ends with its last event.
    for (const [pages, last] of [[pagesA, lastA - startA], [pagesB, end - startA]] as const) {
      for (let i = 0; i + 1 < pages.length; i++) expect(pages[i].atMs + pages[i].durationMs).toBe(pages[i + 1].atMs);
      const tail = pages[pages.length - 1];
      expect(tail.atMs + tail.durationMs).toBe(last);
    }
    expect(lastA - startA).toBeLessThan(end - startA - 2000);
    // The tab's own struggles still come out: the u-turn in tab A, the error click in tab B.
    expect(session.struggles.map((s) => s.kind).sort()).toEqual(expect.arrayContaining(['error-click', 'quick-back']));
  });
});
