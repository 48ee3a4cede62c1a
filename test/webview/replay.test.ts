/**
 * The production webview bundle in headless Chromium, served from loopback with the production
 * page (renderReplayHtml: same CSP and nonce), a stub acquireVsCodeApi that records messages, and
 * every request intercepted: only the page's own origin is let through (see harness.ts).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordingEvent } from '../../src/core/model';
import { openWebview as open, outputDir, replayFrame, root, sendRecording as send, startWebviewServer, waitForMessage, type WebviewServer } from './harness';

/** A recording of a page that tries to run a script, load a remote image and a remote stylesheet. */
function hostileRecording(): RecordingEvent[] {
  const sample = JSON.parse(readFileSync(path.join(root, 'test/integration/workspace/sample.rrweb.json'), 'utf8')) as RecordingEvent[];
  const full = sample.find((e) => e.type === 2)!;
  const body = full.data.node.childNodes[1].childNodes[1];
  body.childNodes.push(
    { type: 2, id: 100, tagName: 'script', attributes: {}, childNodes: [{ type: 3, id: 101, textContent: 'window.parent.__recordingRan = true; document.title = "pwned"' }] },
    { type: 2, id: 102, tagName: 'img', attributes: { src: 'https://example.invalid/x.png', alt: 'remote', onerror: 'window.parent.__recordingRan = true' }, childNodes: [] },
    { type: 2, id: 103, tagName: 'link', attributes: { rel: 'stylesheet', href: 'https://example.invalid/style.css' }, childNodes: [] },
    { type: 2, id: 104, tagName: 'div', attributes: { style: 'width:10px;height:10px;background:url(https://example.invalid/bg.png)' }, childNodes: [] },
  );
  return sample;
}

let server: WebviewServer;
let origin: string;

beforeAll(async () => {
  server = await startWebviewServer('hostile.rrweb.json');
  origin = server.origin;
  mkdirSync(outputDir, { recursive: true });
});

afterAll(async () => {
  await server?.close();
});

async function openWebview(initialState?: unknown) {
  const harness = await open(server, { state: initialState, viewport: { width: 1000, height: 700 } });
  return { ...harness, origin };
}

async function sendRecording(page: Page, events: RecordingEvent[]): Promise<void> {
  await send(page, { fileName: 'hostile.rrweb.json', events });
}

describe('replay webview in Chromium', () => {
  it('asks for the recording, replays the recorded page, and runs nothing from it', async () => {
    const { page, blocked, requests, failed } = await openWebview();
    const consoleErrors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));

    await waitForMessage(page, 'webview/ready');
    await sendRecording(page, hostileRecording());
    const shown = await waitForMessage(page, 'webview/playerShown');
    expect(shown.params).toEqual({ totalTimeMs: 2500, currentTimeMs: 0 });

    const frame = await replayFrame(page);
    await frame.waitForSelector('h1');
    expect(await frame.locator('h1').innerText()).toBe('Struggle Lens sample page');
    expect(await frame.locator('button#buy').innerText()).toBe('Buy now');

    // The player's controls are there too.
    await expect.poll(() => page.locator('.rr-controller').isVisible()).toBe(true);

    // Nothing from the recording executed: no script element, no flag set, title unchanged.
    expect(await frame.locator('script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __recordingRan?: boolean }).__recordingRan)).toBeUndefined();
    expect(await page.title()).toBe('hostile.rrweb.json');

    // Seek near the end (2.4 s): the mutation at 2 s adds text, proving the replay moves.
    await page.evaluate(() => window.postMessage({ method: 'not/a-known-message', params: {} }, '*'));
    const progress = page.locator('.rr-progress');
    const box = (await progress.boundingBox())!;
    await progress.click({ position: { x: box.width * 0.95, y: box.height / 2 } });
    await frame.waitForSelector('#done');
    expect(await frame.locator('#done').innerText()).toBe('Thanks for your order');

    const file = path.join(outputDir, 'webview-replay.png');
    await page.screenshot({ path: file });
    expect(existsSync(file)).toBe(true);

    // Nothing reached the network except the page, its script and its stylesheet: the recorded
    // image, stylesheet and background were refused by the CSP inside Chromium (they show up as
    // failed requests) and none got as far as the route that would have aborted it.
    expect(blocked).toEqual([]);
    const foreign = requests.filter((url) => !url.startsWith(`${origin}/`));
    expect(foreign.length).toBeGreaterThan(0);
    expect(foreign.every((url) => url.startsWith('https://example.invalid/'))).toBe(true);
    expect(new Set(failed)).toEqual(new Set(foreign.map((url) => `${url} csp`)));
    expect(requests).toContain(`${origin}/dist/webview/main.js`);
    expect(consoleErrors.filter((e) => !e.includes('sandboxed') && !e.includes('Content Security Policy'))).toEqual([]);
    await page.context().close();
  });

  it('restores the playback time saved in the webview state', async () => {
    const { page } = await openWebview({ currentTimeMs: 1500 });
    await waitForMessage(page, 'webview/ready');
    await sendRecording(page, hostileRecording());
    const shown = await waitForMessage(page, 'webview/playerShown');
    expect(shown.params).toEqual({ totalTimeMs: 2500, currentTimeMs: 1500 });
    await page.waitForFunction(() => {
      const state = (window as unknown as { __state?: { currentTimeMs: number } }).__state;
      return state !== undefined && state.currentTimeMs >= 1500;
    });
    await page.context().close();
  });

  it('shows a load failure as text, not HTML', async () => {
    const { page } = await openWebview();
    await waitForMessage(page, 'webview/ready');
    await page.evaluate(() =>
      window.postMessage({ method: 'host/loadFailed', params: { fileName: 'x.rrweb.json', message: 'x.rrweb.json: <b>bad</b> JSON' } }, '*'),
    );
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toBe('x.rrweb.json: <b>bad</b> JSON');
    expect(await page.locator('#app b').count()).toBe(0);
    await page.context().close();
  });
});
