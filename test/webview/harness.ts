/**
 * Runs the production webview bundle in headless Chromium: a loopback server serves the page
 * built by the host's renderReplayHtml (same CSP and nonce) and the files of dist/webview; a stub
 * acquireVsCodeApi records postMessage calls and keeps the state; every request is watched and
 * anything not for the page's own origin is aborted (and listed).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import type * as vscode from 'vscode';
import type { RecordingEvent } from '../../src/core/model';
import type { SessionReport } from '../../src/core/report';
import { renderReplayHtml } from '../../src/extension/webviewHtml';
import type { LoadRecordingParams } from '../../src/protocol';
import { launchChromium } from '../harness/chromium.mjs';
import { THEMES, type ThemeName } from './themes';

export const root = path.resolve(__dirname, '..', '..');
export const bundleDir = path.join(root, 'dist', 'webview');
export const outputDir = path.join(root, 'test-output');

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
};

export interface WebviewServer {
  origin: string;
  browser: Browser;
  close(): Promise<void>;
}

/** Builds the bundle when missing, serves it on loopback and launches Chromium. */
export async function startWebviewServer(title = 'recording.rrweb.json'): Promise<WebviewServer> {
  if (!existsSync(path.join(bundleDir, 'main.js'))) {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
  }
  let origin = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/') {
      const webview = {
        cspSource: origin,
        asWebviewUri: (uri: vscode.Uri) => `${origin}/dist/webview${uri.path.slice(uri.path.lastIndexOf('/'))}`,
      } as unknown as vscode.Webview;
      const rootUri = { path: '/dist/webview', with: (c: { path: string }) => ({ path: c.path }) } as unknown as vscode.Uri;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(renderReplayHtml(webview, rootUri, title));
      return;
    }
    const file = url.pathname.match(/^\/dist\/webview\/([\w.-]+\.(?:js|css|ttf|woff2))$/)?.[1];
    if (file && existsSync(path.join(bundleDir, file))) {
      res.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] });
      res.end(readFileSync(path.join(bundleDir, file)));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  return {
    origin,
    browser,
    close: async () => {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export interface OpenOptions {
  state?: unknown;
  theme?: ThemeName;
  reducedMotion?: 'reduce' | 'no-preference';
  viewport?: { width: number; height: number };
  /**
   * Let requests to other origins go to the real network (to a local listener that counts hits)
   * instead of stopping them at the browser's route; the page's CSP still applies.
   */
  realNetwork?: boolean;
}

export interface Harness {
  page: Page;
  /** Every request the page made. */
  requests: string[];
  /** Requests for another origin that reached the route (and were aborted there). */
  blocked: string[];
  /** Requests Chromium stopped itself, with the reason (e.g. "csp"). */
  failed: string[];
  consoleErrors: string[];
  dialogs: string[];
}

export async function openWebview(server: WebviewServer, options: OpenOptions = {}): Promise<Harness> {
  const { origin, browser } = server;
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1200, height: 760 }, reducedMotion: options.reducedMotion ?? 'no-preference' });
  const page = await context.newPage();
  const harness: Harness = { page, requests: [], blocked: [], failed: [], consoleErrors: [], dialogs: [] };
  page.on('request', (request) => harness.requests.push(request.url()));
  page.on('requestfailed', (request) => harness.failed.push(`${request.url()} ${request.failure()?.errorText ?? ''}`));
  page.on('console', (m) => m.type() === 'error' && harness.consoleErrors.push(m.text()));
  page.on('dialog', (dialog) => {
    harness.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  if (!options.realNetwork) await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`)) return route.continue();
    harness.blocked.push(url);
    return route.abort('blockedbyclient');
  });
  const theme = THEMES[options.theme ?? 'dark'];
  await page.addInitScript(
    ({ state, theme }) => {
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
      // What VS Code does to every webview: theme variables on <html>, the theme kind on <body>.
      const applyTheme = () => {
        for (const [name, value] of Object.entries(theme.variables)) document.documentElement.style.setProperty(name, value);
        document.body.classList.add(theme.bodyClass);
      };
      if (document.body) applyTheme();
      else document.addEventListener('DOMContentLoaded', applyTheme, { once: true });
    },
    { state: options.state ?? null, theme },
  );
  await page.goto(`${origin}/`);
  return harness;
}

export type Posted = { method: string; params: Record<string, unknown> };

export function posted(page: Page): Promise<Posted[]> {
  return page.evaluate(() => (window as unknown as { __posted: Posted[] }).__posted);
}

export async function waitForMessage(page: Page, method: string, count = 1): Promise<Posted> {
  await page.waitForFunction(
    ({ m, n }) => (window as unknown as { __posted: Array<{ method: string }> }).__posted.filter((p) => p.method === m).length >= n,
    { m: method, n: count },
  );
  return (await posted(page)).filter((p) => p.method === method)[count - 1];
}

export async function replayFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('.replayer-wrapper iframe');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the replay iframe has no frame');
  return frame;
}

export async function sendRecording(page: Page, params: Partial<LoadRecordingParams> & { events: RecordingEvent[] }): Promise<void> {
  const full: LoadRecordingParams = { fileName: 'recording.rrweb.json', allowRemoteAssets: false, ...params };
  await page.evaluate((p) => window.postMessage({ method: 'host/loadRecording', params: p }, '*'), full);
}

export async function sendMessage(page: Page, method: string, params: unknown): Promise<void> {
  await page.evaluate(({ method, params }) => window.postMessage({ method, params }, '*'), { method, params });
}

/** The replayer's current time (ms from the start), read from the page. */
export function replayerTime(page: Page): Promise<number> {
  return page.evaluate(() => {
    const slider = document.querySelector('.rr-progress');
    return Number(slider?.getAttribute('aria-valuenow') ?? NaN);
  });
}

export function webviewState(page: Page): Promise<{ currentTimeMs: number; selectedStruggleId?: string } | undefined> {
  return page.evaluate(() => (window as unknown as { __state?: { currentTimeMs: number; selectedStruggleId?: string } }).__state);
}

export type { SessionReport };
