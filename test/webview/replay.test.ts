/**
 * The production webview bundle in headless Chromium, served from loopback with the production
 * page (renderReplayHtml: same CSP and nonce), a stub acquireVsCodeApi that records messages, and
 * every request intercepted: only the page's own origin is let through.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as vscode from 'vscode';
import { renderReplayHtml } from '../../src/extension/webviewHtml';
import type { RecordingEvent } from '../../src/core/model';
import { launchChromium } from '../harness/chromium.mjs';

const root = path.resolve(__dirname, '..', '..');
const bundleDir = path.join(root, 'dist', 'webview');
const outputDir = path.join(root, 'test-output');

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

interface Harness {
  page: Page;
  origin: string;
  requests: string[];
  /** Requests that reached the network layer for another origin (aborted by the route). */
  blocked: string[];
  /** Requests Chromium stopped before the network layer, with the reason. */
  failed: string[];
}

let server: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(path.join(bundleDir, 'main.js'))) {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
  }
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/') {
      const webview = {
        cspSource: origin,
        asWebviewUri: (uri: vscode.Uri) => `${origin}/dist/webview${uri.path.slice(uri.path.lastIndexOf('/'))}`,
      } as unknown as vscode.Webview;
      const rootUri = { path: '/dist/webview', with: (c: { path: string }) => ({ path: c.path }) } as unknown as vscode.Uri;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(renderReplayHtml(webview, rootUri, 'hostile.rrweb.json'));
      return;
    }
    const file = url.pathname.match(/^\/dist\/webview\/(main\.(?:js|css))$/)?.[1];
    if (file) {
      res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/css' });
      res.end(readFileSync(path.join(bundleDir, file)));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
  mkdirSync(outputDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function openWebview(initialState?: unknown): Promise<Harness> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  const requests: string[] = [];
  const blocked: string[] = [];
  const failed: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('requestfailed', (request) => failed.push(`${request.url()} ${request.failure()?.errorText ?? ''}`));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`)) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  await page.addInitScript((state) => {
    const w = window as unknown as { __posted: unknown[]; __state: unknown; acquireVsCodeApi: () => unknown };
    w.__posted = [];
    w.__state = state ?? undefined;
    let acquired = false;
    w.acquireVsCodeApi = () => {
      if (acquired) throw new Error('acquireVsCodeApi called twice');
      acquired = true;
      return {
        postMessage: (message: unknown) => w.__posted.push(JSON.parse(JSON.stringify(message))),
        getState: () => w.__state,
        setState: (next: unknown) => {
          w.__state = next;
        },
      };
    };
  }, initialState ?? null);
  await page.goto(`${origin}/`);
  return { page, origin, requests, blocked, failed };
}

function posted(page: Page): Promise<Array<{ method: string; params: Record<string, unknown> }>> {
  return page.evaluate(() => (window as unknown as { __posted: Array<{ method: string; params: Record<string, unknown> }> }).__posted);
}

async function waitForMessage(page: Page, method: string) {
  await page.waitForFunction(
    (m) => (window as unknown as { __posted: Array<{ method: string }> }).__posted.some((p) => p.method === m),
    method,
  );
  return (await posted(page)).find((p) => p.method === method)!;
}

async function replayFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('.replayer-wrapper iframe');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the replay iframe has no frame');
  return frame;
}

async function sendRecording(page: Page, events: RecordingEvent[]): Promise<void> {
  await page.evaluate((params) => window.postMessage({ method: 'host/loadRecording', params }, '*'), {
    fileName: 'hostile.rrweb.json',
    events,
  });
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
