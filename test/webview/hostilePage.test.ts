/**
 * A page made to run script and reach the network (test/fixtures/hostile/hostile-page.rrweb.json:
 * inline and external scripts, on* handlers, javascript: URLs, iframe srcdoc, meta refresh, base
 * href, object/embed, SVG script, CSS url() and @import, remote images, fonts and stylesheets, a
 * self-submitting form) replayed by the production webview bundle in Chromium, with the real
 * network open: every URL in it points at a local HTTP listener, which must count no hit.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordingEvent } from '../../src/core/model';
import { openWebview, replayFrame, root, sendRecording, startWebviewServer, waitForMessage, type WebviewServer } from './harness';

let server: WebviewServer;
let listener: Server;
let listenerOrigin = '';
const hits: string[] = [];

beforeAll(async () => {
  server = await startWebviewServer('hostile-page.rrweb.json');
  listener = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' }).end('hit');
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  listenerOrigin = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await server?.close();
  await new Promise((resolve) => listener?.close(resolve));
});

function hostileEvents(): RecordingEvent[] {
  const text = readFileSync(path.join(root, 'test/fixtures/hostile/hostile-page.rrweb.json'), 'utf8');
  return JSON.parse(text.replaceAll('__LISTENER__', listenerOrigin)) as RecordingEvent[];
}

describe('hostile page replay', () => {
  it('the listener counts hits (positive control)', async () => {
    await fetch(`${listenerOrigin}/control`);
    expect(hits).toEqual(['/control']);
    hits.length = 0;
  });

  it('runs no recorded script and makes no request, even with the network open', async () => {
    const { page, dialogs } = await openWebview(server, { realNetwork: true });
    await waitForMessage(page, 'webview/ready');
    await sendRecording(page, { fileName: 'hostile-page.rrweb.json', events: hostileEvents() });
    await waitForMessage(page, 'webview/playerShown');
    const frame = await replayFrame(page);
    await frame.waitForSelector('#jslink', { state: 'attached' });

    // Poke everything a user could: click the javascript: link, hover the handler, focus the
    // form field, play the replay to its end.
    await frame.locator('#jslink').evaluate((a) => (a as HTMLAnchorElement).click()).catch(() => undefined);
    await frame.locator('div').first().dispatchEvent('mouseover').catch(() => undefined);
    await frame.locator('#autoform input').evaluate((i) => (i as HTMLInputElement).focus()).catch(() => undefined);
    await page.keyboard.press('Space');
    await page.waitForTimeout(1500);

    expect(await frame.locator('script').count()).toBe(0);
    expect(await page.evaluate(() => document.title)).not.toBe('pwned');
    expect(await frame.evaluate(() => document.title)).not.toBe('pwned');
    // The replay is still our page: no meta refresh or form submission navigated it away.
    expect(page.url()).toBe(`${server.origin}/`);
    expect(dialogs).toEqual([]);
    expect(hits).toEqual([]);
    await page.context().close();
  });
});
