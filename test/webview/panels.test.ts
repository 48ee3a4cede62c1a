/**
 * The replay webview with real fixture recordings and their real analysis (the engine run on the
 * Node side, linked to test/fixtures/app): timeline markers, the struggle list seeking and
 * highlighting, keyboard use, the error panel's source links, the load metrics, empty states,
 * hostile recordings (nothing runs, nothing leaves, recorded text stays text), the remote-resource
 * notice, reduced motion, and screenshots in dark, light and high-contrast themes.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeInputs } from '../../src/core/analysis';
import type { RecordingEvent, Struggle } from '../../src/core/model';
import { sessionReport, type SessionReport } from '../../src/core/report';
import {
  openWebview,
  outputDir,
  posted,
  replayFrame,
  root,
  sendMessage,
  sendRecording,
  startWebviewServer,
  waitForMessage,
  webviewState,
  type Harness,
  type WebviewServer,
} from './harness';

interface Fixture {
  events: RecordingEvent[];
  report: SessionReport;
}

const FIXTURES = ['long-session.rrweb.json', 'dead-click.rrweb.json', 'error-click.rrweb.json', 'slow-load-network.rrweb.json', 'non-struggles.rrweb.json', 'rage-click.rrweb.json'];
const fixtures = new Map<string, Fixture>();
let server: WebviewServer;

beforeAll(async () => {
  const result = await analyzeInputs(
    FIXTURES.map((f) => `test/fixtures/recordings/${f}`),
    { cwd: root, workspace: path.join(root, 'test/fixtures/app') },
  );
  expect(result.inputErrors).toEqual([]);
  for (const session of result.sessions) {
    fixtures.set(path.basename(session.file), { events: session.events, report: sessionReport(session) });
  }
  server = await startWebviewServer();
  mkdirSync(outputDir, { recursive: true });
});

afterAll(async () => {
  await server?.close();
});

function fixture(name: string): Fixture {
  const f = fixtures.get(name);
  if (!f) throw new Error(`fixture ${name} was not analyzed`);
  return f;
}

async function load(name: string, options: Parameters<typeof openWebview>[1] = {}, extra: Record<string, unknown> = {}): Promise<Harness & { fx: Fixture }> {
  const fx = fixture(name);
  const harness = await openWebview(server, options);
  await waitForMessage(harness.page, 'webview/ready');
  await sendRecording(harness.page, { fileName: name, events: fx.events, analysis: fx.report, ...extra });
  await waitForMessage(harness.page, 'webview/playerShown');
  return { ...harness, fx };
}

const option = (page: Page, s: Struggle) => page.locator(`[role="option"][data-struggle-id="${s.id}"]`);

/** The highlight box and the target element's box, both in page coordinates. */
async function highlightAndTarget(page: Page, s: Struggle) {
  const frame = await replayFrame(page);
  const highlight = page.getByTestId('highlight');
  await expect.poll(() => highlight.isVisible()).toBe(true);
  const box = (await highlight.boundingBox())!;
  const target = (await frame.locator(s.target!.selector).first().boundingBox())!;
  return { box, target };
}

function expectSameBox(a: { x: number; y: number; width: number; height: number }, b: typeof a): void {
  for (const k of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(a[k] - b[k]), `${k}: ${a[k]} vs ${b[k]}`).toBeLessThan(2);
}

describe('timeline markers', () => {
  it('puts one marker per struggle and per error at its time, coloured by kind', async () => {
    const { page, fx } = await load('long-session.rrweb.json');
    const { report } = fx;
    expect(new Set(report.struggles.map((s) => s.kind)).size).toBeGreaterThanOrEqual(2);
    expect(report.errors.length).toBeGreaterThan(0);

    const markers = await page.locator('.rr-progress > div[title^="struggle:"], .rr-progress > div[title="error"]').evaluateAll((divs) =>
      divs.map((d) => ({
        tag: d.getAttribute('title')!,
        left: parseFloat((d as HTMLElement).style.left),
        background: (d as HTMLElement).style.background,
        color: getComputedStyle(d).backgroundColor,
        visible: d.getBoundingClientRect().width > 0,
      })),
    );
    const expected = [
      ...report.struggles.map((s) => ({ tag: `struggle:${s.kind}`, atMs: s.atMs })),
      ...report.errors.map((e) => ({ tag: 'error', atMs: e.atMs })),
    ].sort((a, b) => a.atMs - b.atMs);
    expect(markers.map((m) => m.tag).sort()).toEqual(expected.map((m) => m.tag).sort());
    for (const want of expected) {
      const percent = (want.atMs / report.durationMs) * 100;
      const found = markers.find((m) => m.tag === want.tag && Math.abs(m.left - percent) < 0.2);
      expect(found, `${want.tag} marker at ${percent.toFixed(2)}%`).toBeDefined();
      expect(found!.visible).toBe(true);
    }
    // Colours: the theme's chart colours per kind (dark theme values), errors in the error colour.
    const colorOf = (tag: string) => markers.find((m) => m.tag === tag)!.color;
    expect(colorOf('struggle:rage-click')).toBe('rgb(241, 76, 76)'); // --vscode-charts-red
    expect(colorOf('struggle:error-click')).toBe('rgb(177, 128, 215)'); // --vscode-charts-purple
    expect(colorOf('error')).toBe('rgb(248, 81, 73)'); // --vscode-errorForeground
    expect(markers.find((m) => m.tag === 'struggle:rage-click')!.background).toContain('--vscode-charts-red');
    await page.context().close();
  });
});

describe('struggle list', () => {
  it('lists kind, time, target and severity; selecting seeks the player and outlines the target', async () => {
    const { page, fx } = await load('long-session.rrweb.json');
    const struggles = [...fx.report.struggles].sort((a, b) => a.atMs - b.atMs);
    const list = page.getByRole('listbox', { name: 'Struggles, in time order' });
    await expect.poll(() => list.getByRole('option').count()).toBe(struggles.length);

    const s = struggles.find((x) => x.kind === 'rage-click')!;
    const row = option(page, s);
    expect(await row.locator('.kind').textContent()).toBe('Rage click');
    const t = s.atMs / 1000;
    expect(await row.locator('.time').textContent()).toBe(`${String(Math.floor(t / 60)).padStart(2, '0')}:${(t % 60).toFixed(1).padStart(4, '0')}`);
    expect(await row.locator('.target').textContent()).toBe(s.target!.selector);
    expect(await row.locator('vscode-badge').textContent()).toBe(s.severity);

    await row.click();
    expect(await row.getAttribute('aria-selected')).toBe('true');
    // The replayer went to the struggle (paused) and the time was saved in the webview state.
    await expect.poll(async () => (await webviewState(page))?.selectedStruggleId).toBe(s.id);
    const state = (await webviewState(page))!;
    expect(Math.abs(state.currentTimeMs - s.atMs)).toBeLessThan(50);
    expect(await page.locator('.rr-controller__btns > button').first().getAttribute('aria-label')).toBe('Play (Space)');

    const { box, target } = await highlightAndTarget(page, s);
    expectSameBox(box, target);
    expect(await page.getByTestId('highlight').getAttribute('data-node-id')).toBe(String(s.target!.nodeId));
    expect(await page.getByTestId('struggle-summary').textContent()).toBe(s.summary);

    // Its linked source opens in the editor.
    if (s.sources.length > 0) {
      await page.getByTestId('source-link').first().click();
      const open = await waitForMessage(page, 'webview/openSource');
      expect(open.params).toEqual({ file: s.sources[0].file, line: s.sources[0].line, column: s.sources[0].column });
    }
    await page.screenshot({ path: path.join(outputDir, 'webview-struggle-dark.png') });
    await page.context().close();
  });

  it('is usable by keyboard: Tab into the list, arrows select and seek, [ and ] step, Space plays', async () => {
    const { page, fx } = await load('long-session.rrweb.json');
    const struggles = [...fx.report.struggles].sort((a, b) => a.atMs - b.atMs);
    expect(struggles.length).toBeGreaterThanOrEqual(2);

    // Tab order reaches every control, each with a name.
    const reached: string[] = [];
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const info = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return '';
        const name = el.getAttribute('aria-label') || el.textContent?.trim() || el.getAttribute('title') || '';
        return `${el.getAttribute('data-testid') ?? el.getAttribute('role') ?? el.tagName.toLowerCase()}|${name}`;
      });
      reached.push(info);
    }
    const names = reached.filter(Boolean);
    for (const entry of names) expect(entry.split('|')[1], entry).not.toBe('');
    expect(names.some((n) => n.startsWith('copy-link|'))).toBe(true);
    expect(names.some((n) => n.startsWith('option|'))).toBe(true);
    expect(names.some((n) => n.startsWith('frame-link|') || n.startsWith('error-seek|'))).toBe(true);
    expect(names.some((n) => n.startsWith('slider|Playback position'))).toBe(true);
    expect(names.some((n) => n === 'button|Play (Space)')).toBe(true);
    expect(names.some((n) => n.startsWith('button|Speed 2'))).toBe(true);

    // Focus the list (one tab stop) and walk it with the arrows: each step selects and seeks.
    await option(page, struggles[0]).focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await webviewState(page))?.selectedStruggleId).toBe(struggles[1].id);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-struggle-id'))).toBe(struggles[1].id);
    expect(Math.abs((await webviewState(page))!.currentTimeMs - struggles[1].atMs)).toBeLessThan(50);
    await page.keyboard.press('Home');
    await expect.poll(async () => (await webviewState(page))?.selectedStruggleId).toBe(struggles[0].id);
    expect(await option(page, struggles[0]).getAttribute('tabindex')).toBe('0');
    expect(await option(page, struggles[1]).getAttribute('tabindex')).toBe('-1');

    // ] and [ step through struggles from anywhere; ← and → seek 5 s.
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    await page.keyboard.press(']');
    await expect.poll(async () => (await webviewState(page))?.selectedStruggleId).toBe(struggles[1].id);
    await page.keyboard.press('[');
    await expect.poll(async () => (await webviewState(page))?.selectedStruggleId).toBe(struggles[0].id);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => (await webviewState(page))!.currentTimeMs).toBeLessThan(struggles[0].atMs - 4900);
    expect((await webviewState(page))!.currentTimeMs).toBeGreaterThan(struggles[0].atMs - 5100);

    // Space plays and pauses.
    await page.keyboard.press(' ');
    await expect.poll(() => page.locator('.rr-controller__btns > button').first().getAttribute('aria-label')).toBe('Pause (Space)');
    await page.keyboard.press(' ');
    await expect.poll(() => page.locator('.rr-controller__btns > button').first().getAttribute('aria-label')).toBe('Play (Space)');

    // Not while typing in a text field.
    const before = (await webviewState(page))!;
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.id = 'typing';
      document.body.prepend(input);
      input.focus();
    });
    await page.keyboard.type(' ]');
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('.rr-controller__btns > button').first().getAttribute('aria-label')).toBe('Play (Space)');
    expect(await page.locator('#typing').inputValue()).toBe(' ]');
    const after = (await webviewState(page))!;
    expect(after.selectedStruggleId).toBe(before.selectedStruggleId);
    expect(Math.abs(after.currentTimeMs - before.currentTimeMs)).toBeLessThan(50);
    await page.context().close();
  });

  it('opens on the struggle the host asks for, follows Seek messages, and restores the selection', async () => {
    const name = 'dead-click.rrweb.json';
    const struggles = [...fixture(name).report.struggles].sort((a, b) => a.atMs - b.atMs);
    const [first, second] = struggles;
    const { page } = await load(name, {}, { focusStruggleId: second.id, startAtMs: second.atMs - 3000 });
    const shown = (await posted(page)).find((p) => p.method === 'webview/playerShown')!;
    expect(Math.abs((shown.params.currentTimeMs as number) - (second.atMs - 3000))).toBeLessThan(50);
    expect(await option(page, second).getAttribute('aria-selected')).toBe('true');

    await sendMessage(page, 'host/seek', { atMs: first.atMs, struggleId: first.id });
    await expect.poll(() => option(page, first).getAttribute('aria-selected')).toBe('true');
    const { box, target } = await highlightAndTarget(page, first);
    expectSameBox(box, target);
    await expect.poll(async () => (await webviewState(page))?.selectedStruggleId).toBe(first.id);
    const saved = (await webviewState(page))!;
    expect(Math.abs(saved.currentTimeMs - first.atMs)).toBeLessThan(50);

    // Copy link posts the current moment.
    await page.getByTestId('copy-link').click();
    const copy = await waitForMessage(page, 'webview/copyLink');
    expect(Math.abs((copy.params.atMs as number) - first.atMs)).toBeLessThan(50);
    await page.context().close();

    // A reload (hidden tab) with that state comes back to the same moment and selection.
    const again = await load(name, { state: saved }, { focusStruggleId: second.id, startAtMs: 0 });
    const reshown = (await posted(again.page)).find((p) => p.method === 'webview/playerShown')!;
    expect(Math.abs((reshown.params.currentTimeMs as number) - saved.currentTimeMs)).toBeLessThan(50);
    expect(await option(again.page, first).getAttribute('aria-selected')).toBe('true');
    await again.page.context().close();
  });
});

describe('error panel', () => {
  it('shows each error with its frames; a mapped frame opens the source, the error seeks', async () => {
    const { page, fx } = await load('error-click.rrweb.json');
    const error = fx.report.errors[0];
    const frame = error.frames.find((f) => f.source)!;
    expect(frame).toBeDefined();
    const item = page.getByTestId('error-item').first();
    expect(await item.locator('.error-type').textContent()).toBe(error.type);
    expect(await item.locator('.error-message').textContent()).toBe(error.message);

    await item.getByTestId('frame-link').first().click();
    const open = await waitForMessage(page, 'webview/openSource');
    expect(open.params).toEqual({ file: frame.source!.file, line: frame.source!.line, column: frame.source!.column });

    await item.getByTestId('error-seek').click();
    await expect.poll(async () => Math.abs((await webviewState(page))!.currentTimeMs - error.atMs)).toBeLessThan(50);
    await page.context().close();
  });

  it('dims library frames and shows frames without a source as text', async () => {
    const { page, fx } = await load('error-click.rrweb.json', {}, {});
    const base = fx.report;
    const analysis: SessionReport = {
      ...base,
      errors: [
        {
          ...base.errors[0],
          frames: [
            { function: 'inApp', url: 'http://127.0.0.1/app.js', line: 1, column: 2, source: { file: 'src/cart.tsx', line: 13, column: 7 } },
            { function: 'react.render', url: 'http://127.0.0.1/vendor.js', line: 9, column: 9, library: true },
          ],
        },
      ],
    };
    await sendMessage(page, 'host/analysis', { analysis });
    const frames = page.getByTestId('error-item').first().locator('.frame');
    await expect.poll(() => frames.count()).toBe(2);
    expect(await frames.nth(1).getAttribute('class')).toContain('library');
    expect(Number(await frames.nth(1).evaluate((e) => getComputedStyle(e).opacity))).toBeLessThan(1);
    expect(await frames.nth(1).getByTestId('frame-link').count()).toBe(0);
    expect(await frames.nth(1).textContent()).toBe('react.render vendor.js:9:9');
    await page.context().close();
  });
});

describe('load metrics', () => {
  it("shows the current page's metrics against budgets and follows playback across pages", async () => {
    const { page, fx } = await load('slow-load-network.rrweb.json');
    const [first, second] = fx.report.pages;
    const panel = page.getByTestId('metrics-panel');
    await expect.poll(() => panel.locator('.page-url').textContent()).toContain(first.url);
    expect(await panel.getByTestId('metrics-source').textContent()).toBe('Source: rrweb network plugin');
    expect(await panel.locator('tr[data-metric="ttfbMs"]').getAttribute('data-rating')).toBe('good');

    await sendMessage(page, 'host/seek', { atMs: second.atMs + 500 });
    await expect.poll(() => panel.locator('.page-url').textContent()).toContain(second.url);
    expect(second.metrics.ttfbMs!).toBeGreaterThan(1800);
    const ttfb = panel.locator('tr[data-metric="ttfbMs"]');
    expect(await ttfb.getAttribute('data-rating')).toBe('poor');
    expect(await ttfb.locator('.value').textContent()).toBe(`${(second.metrics.ttfbMs! / 1000).toFixed(2)} s`);
    expect(await ttfb.locator('.rating').textContent()).toBe(' far over budget');
    await page.screenshot({ path: path.join(outputDir, 'webview-metrics-dark.png') });
    await page.context().close();
  });
});

describe('empty states', () => {
  it('says when analysis is pending, then when there are no struggles or errors', async () => {
    const fx = fixture('non-struggles.rrweb.json');
    const { page } = await openWebview(server);
    await waitForMessage(page, 'webview/ready');
    await sendRecording(page, { fileName: 'non-struggles.rrweb.json', events: fx.events });
    await waitForMessage(page, 'webview/playerShown');
    await expect.poll(() => page.locator('.struggles .empty').textContent()).toContain('Analyzing the recording');
    expect(await page.locator('.rr-progress > div[title^="struggle:"]').count()).toBe(0);

    await sendMessage(page, 'host/analysis', { analysis: fx.report });
    await expect.poll(() => page.locator('.struggles .empty').textContent()).toContain('No struggles found in this recording.');
    expect(await page.locator('.errors .empty').textContent()).toContain('No errors recorded.');
    // The player survived the rebuild with the analysis.
    expect(await page.locator('.replayer-wrapper iframe').count()).toBe(1);
    await page.context().close();
  });
});

describe('hostile recordings', () => {
  const HOSTILE = '<img src=x onerror=alert(1)></script><script>window.parent.__pwned=1</script>';

  function hostileEvents(): RecordingEvent[] {
    const sample = JSON.parse(readFileSync(path.join(root, 'test/integration/workspace/sample.rrweb.json'), 'utf8')) as RecordingEvent[];
    const full = sample.find((e) => e.type === 2)!;
    const body = full.data.node.childNodes[1].childNodes[1];
    body.childNodes.push(
      { type: 2, id: 200, tagName: 'script', attributes: {}, childNodes: [{ type: 3, id: 201, textContent: 'window.parent.__pwned = 1; alert(1)' }] },
      { type: 2, id: 202, tagName: 'img', attributes: { src: 'https://example.invalid/a.png', srcset: 'https://example.invalid/a2.png 2x', onerror: 'window.parent.__pwned = 2' }, childNodes: [] },
      { type: 2, id: 203, tagName: 'a', attributes: { id: 'js-link', href: 'javascript:window.parent.__pwned=3' }, childNodes: [{ type: 3, id: 204, textContent: 'click me' }] },
      { type: 2, id: 205, tagName: 'style', attributes: {}, childNodes: [{ type: 3, id: 206, isStyle: true, textContent: '@import "https://example.invalid/i.css"; body { background: url(https://example.invalid/bg.png) }' }] },
      { type: 2, id: 207, tagName: 'link', attributes: { rel: 'stylesheet', href: 'https://example.invalid/s.css' }, childNodes: [] },
      { type: 2, id: 208, tagName: 'div', attributes: { id: 'evil', onclick: 'window.parent.__pwned = 4', style: 'font-family: x; background-image: url("//example.invalid/p.png")' }, childNodes: [{ type: 3, id: 209, textContent: HOSTILE }] },
    );
    return sample;
  }

  function hostileReport(events: RecordingEvent[]): SessionReport {
    const durationMs = events[events.length - 1].timestamp - events[0].timestamp;
    return {
      file: 'hostile.rrweb.json',
      id: 'hostile',
      format: 'rrweb',
      startedAt: new Date(events[0].timestamp).toISOString(),
      durationMs,
      eventCount: events.length,
      warnings: [],
      pages: [{ url: `https://example.invalid/${HOSTILE}`, atMs: 0, durationMs, metrics: { ttfbMs: 100 }, metricsSource: 'inferred' }],
      errors: [
        {
          atMs: 1000,
          type: `Error${HOSTILE}`,
          message: HOSTILE,
          origin: 'console-plugin',
          frames: [{ function: HOSTILE, url: `javascript:${HOSTILE}`, line: 1, column: 1, source: { file: `src/${HOSTILE}.ts`, line: 3, column: 4 } }],
        },
      ],
      struggles: [
        {
          id: 'hostile-1',
          kind: 'dead-click',
          atMs: 1200,
          durationMs: 0,
          url: `javascript:${HOSTILE}`,
          severity: 'high',
          confidence: 0.9,
          summary: HOSTILE,
          target: { nodeId: 208, selector: `div${HOSTILE}`, tag: 'div', attributes: {} },
          details: {},
          sources: [{ file: `src/${HOSTILE}.tsx`, line: 1, column: 1, confidence: 0.5, reason: HOSTILE }],
        },
      ],
    };
  }

  it('runs nothing, fetches nothing, and shows recorded text literally', async () => {
    const events = hostileEvents();
    const { page, requests, blocked, failed, dialogs, consoleErrors } = await openWebview(server);
    await waitForMessage(page, 'webview/ready');
    await sendRecording(page, { fileName: `hostile${HOSTILE}.rrweb.json`, events, analysis: hostileReport(events) });
    await waitForMessage(page, 'webview/playerShown');

    const frame = await replayFrame(page);
    await frame.waitForSelector('#evil');
    // The replay iframe is sandboxed without scripts.
    expect(await page.locator('.replayer-wrapper iframe').getAttribute('sandbox')).toBe('allow-same-origin');
    // Recorded script did not become a script; the link and handlers cannot run.
    expect(await frame.locator('script').count()).toBe(0);
    await frame.locator('#js-link').evaluate((a) => (a as HTMLAnchorElement).click()).catch(() => undefined);
    await frame.locator('#evil').evaluate((d) => (d as HTMLElement).click()).catch(() => undefined);

    // Every recorded string shows literally in our panels.
    await page.locator(`[role="option"]`).first().click();
    expect(await page.getByTestId('struggle-summary').textContent()).toBe(HOSTILE);
    expect(await page.locator('.struggle .target').textContent()).toBe(`div${HOSTILE}`);
    expect(await page.locator('.error-message').textContent()).toBe(HOSTILE);
    expect(await page.locator('.frame-link .fn').textContent()).toBe(HOSTILE);
    expect(await page.locator('.page-url').textContent()).toContain(HOSTILE);
    expect(await page.locator('.file-name').textContent()).toContain(HOSTILE);
    // …and never as markup: no element from those strings exists outside the replay.
    expect(await page.locator('#app img, #app script').count()).toBe(0);
    expect(await page.locator('[onerror], [onclick]').count()).toBe(0);

    // The frame link still posts the (host-checked) path as data.
    await page.getByTestId('frame-link').click();
    const open = await waitForMessage(page, 'webview/openSource');
    expect(open.params.file).toBe(`src/${HOSTILE}.ts`);

    // The notice counts the blocked remote resources, and can be dismissed.
    const notice = page.getByTestId('remote-notice');
    expect(await notice.textContent()).toContain('6 remote resources in this recording were blocked (setting: struggleLens.replay.allowRemoteAssets)');

    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // Nothing left the machine: only the page's own files were fetched; every other request was
    // stopped by the CSP inside Chromium before reaching the network.
    expect(blocked).toEqual([]);
    const own = requests.filter((u) => u.startsWith(`${server.origin}/`)).map((u) => new URL(u).pathname);
    expect(own.every((p) => p === '/' || /^\/dist\/webview\/[\w.-]+\.(js|css|ttf)$/.test(p)), own.join(', ')).toBe(true);
    expect(own.some((p) => p.endsWith('.ttf'))).toBe(true); // the codicon font loaded under the CSP
    const foreign = requests.filter((u) => !u.startsWith(`${server.origin}/`));
    for (const url of foreign) expect(failed).toContain(`${url} csp`);
    expect(consoleErrors.filter((e) => !e.includes('sandboxed') && !e.includes('Content Security Policy'))).toEqual([]);

    await page.screenshot({ path: path.join(outputDir, 'webview-hostile.png') });
    await notice.getByRole('button', { name: 'Dismiss this notice' }).click();
    expect(await notice.count()).toBe(0);
    await page.context().close();
  });

  it('shows no notice when remote assets are allowed', async () => {
    const events = hostileEvents();
    const { page } = await openWebview(server);
    await waitForMessage(page, 'webview/ready');
    await sendRecording(page, { fileName: 'hostile.rrweb.json', events, allowRemoteAssets: true });
    await waitForMessage(page, 'webview/playerShown');
    expect(await page.getByTestId('remote-notice').count()).toBe(0);
    await page.context().close();
  });
});

describe('reduced motion and themes', () => {
  it('drops the animated highlight, the mouse tail and the cursor transitions under reduce', async () => {
    const name = 'rage-click.rrweb.json';
    const s = fixture(name).report.struggles[0];
    const motion = await load(name, { reducedMotion: 'no-preference' });
    await option(motion.page, s).click();
    await expect.poll(() => motion.page.getByTestId('highlight').evaluate((e) => getComputedStyle(e).animationName)).toBe('struggle-pulse');
    expect(await motion.page.locator('.replayer-mouse-tail').count()).toBe(1);
    await motion.page.context().close();

    const still = await load(name, { reducedMotion: 'reduce' });
    await option(still.page, s).click();
    const highlight = still.page.getByTestId('highlight');
    await expect.poll(() => highlight.isVisible()).toBe(true);
    expect(await highlight.evaluate((e) => getComputedStyle(e).animationName)).toBe('none');
    expect(await still.page.locator('.replayer-mouse').evaluate((e) => getComputedStyle(e).transitionDuration)).toBe('0s');
    expect(await still.page.locator('.replayer-mouse-tail').count()).toBe(0);
    await still.page.context().close();
  });

  for (const theme of ['light', 'high-contrast'] as const) {
    it(`follows the ${theme} theme`, async () => {
      const name = 'long-session.rrweb.json';
      const s = [...fixture(name).report.struggles].sort((a, b) => a.atMs - b.atMs)[0];
      const { page } = await load(name, { theme });
      await option(page, s).click();
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(bg).toBe(theme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(0, 0, 0)');
      if (theme === 'high-contrast') {
        // High contrast: the selected option and the highlight get the contrast border.
        expect(await option(page, s).evaluate((e) => getComputedStyle(e).borderTopColor)).toBe('rgb(243, 133, 24)');
        expect(await page.getByTestId('highlight').evaluate((e) => getComputedStyle(e).outlineStyle)).toBe('dashed');
      }
      await page.screenshot({ path: path.join(outputDir, `webview-struggle-${theme}.png`) });
      await page.context().close();
    });
  }
});
