// The page bridge: a loopback HTTP endpoint through which the integration suite (running inside
// the extension host, with no access to the workbench's DOM) asks the runner for page-level
// things: text of a webview through its nested iframes, a tree item, the Problems panel, a
// screenshot. The runner owns the Playwright page (code-server in Chromium, or Electron VS Code
// over CDP) and answers.
//
// Protocol: POST {url}/page with JSON {op, ...args}; answer 200 {ok: true, value} or
// {ok: false, error}. The URL reaches the suite in the environment variable
// STRUGGLE_LENS_BRIDGE_URL (inherited by the extension host). Ops are listed in `operations`.
import { createServer } from 'node:http';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const WEBVIEW_OUTER = 'iframe.webview.ready';
const WEBVIEW_INNER = 'iframe#active-frame';

/**
 * Starts the bridge on 127.0.0.1 (random port).
 * @param {() => Promise<import('playwright-core').Page>} getPage the workbench page
 * @param {string} outputDir where screenshots go
 * @returns {Promise<{url: string, close(): Promise<void>}>}
 */
export async function startBridge(getPage, outputDir) {
  const operations = {
    /** innerText of the visible webview's document and of the replay iframe inside it. */
    async webviewText({ index = 0 }) {
      const page = await getPage();
      const frames = await visibleWebviewFrames(page);
      const frame = frames[index];
      if (!frame) return null;
      const webview = await frame.locator('body').innerText({ timeout: 5000 });
      const replayIframe = frame.locator('.replayer-wrapper iframe');
      let replay = null;
      if ((await replayIframe.count()) > 0) {
        const handle = await replayIframe.first().elementHandle();
        const replayFrame = await handle?.contentFrame();
        replay = replayFrame ? await replayFrame.locator('body').innerText({ timeout: 5000 }) : null;
      }
      return { webview, replay, count: frames.length };
    },

    /**
     * A row of the focused view's tree, matched by its label. The DOM does not carry view ids:
     * the suite focuses the view first (`<viewId>.focus`), and the pane that holds the focused
     * element is the view.
     */
    async treeItem({ label }) {
      const page = await getPage();
      const view = await focusedViewPane(page);
      const rows = await view.locator('.monaco-list-row').evaluateAll((elements) =>
        elements.map((row) => ({
          label: (row.querySelector('.label-name')?.textContent ?? '').trim(),
          description: (row.querySelector('.label-description')?.textContent ?? '').trim(),
          ariaLabel: row.getAttribute('aria-label'),
          expanded: row.getAttribute('aria-expanded'),
          level: Number(row.getAttribute('aria-level')),
          text: row.innerText.trim(),
        })),
      );
      const matches = (row) => row.label === label || row.ariaLabel === label || row.text.split('\n')[0] === label;
      const row = rows.find(matches);
      return row ? { ...row, label: row.label || row.text.split('\n')[0] } : null;
    },

    /**
     * Clicks the first element matching a CSS selector in the visible webview's own document
     * (not the replayed page); returns its text, or null when no webview or no such element.
     */
    async clickInWebview({ selector, index = 0 }) {
      const page = await getPage();
      const frame = (await visibleWebviewFrames(page))[index];
      if (!frame) return null;
      const target = frame.locator(selector).first();
      if ((await target.count()) === 0) return null;
      const text = await target.innerText({ timeout: 5000 });
      await target.click({ timeout: 5000 });
      return text;
    },

    /** Text of every row of the Problems panel (open it first with a command). */
    async problemsText() {
      const page = await getPage();
      const rows = page.locator('.markers-panel .monaco-list-row');
      return rows.allInnerTexts();
    },

    /** innerText of every element matching a CSS selector in the workbench. */
    async text({ selector }) {
      const page = await getPage();
      return page.locator(selector).allInnerTexts();
    },

    /** Saves a PNG of the workbench; returns its path. */
    async screenshot({ name }) {
      const page = await getPage();
      if (!/^[\w.-]+$/.test(name)) throw new Error(`screenshot name must be a plain file name: ${name}`);
      mkdirSync(outputDir, { recursive: true });
      const file = path.join(outputDir, name.endsWith('.png') ? name : `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
  };

  const server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/page') {
      res.writeHead(404).end();
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      let answer;
      try {
        const { op, ...args } = JSON.parse(body);
        const handler = Object.hasOwn(operations, op) ? operations[op] : undefined;
        if (!handler) throw new Error(`unknown bridge operation: ${op}`);
        answer = { ok: true, value: await handler(args) };
      } catch (error) {
        answer = { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Frames of the webviews that are on screen (hidden editors keep no or an invisible iframe). */
async function visibleWebviewFrames(page) {
  const outer = page.locator(WEBVIEW_OUTER);
  const frames = [];
  for (let i = 0; i < (await outer.count()); i++) {
    const element = outer.nth(i);
    if (!(await element.isVisible())) continue;
    const outerFrame = await (await element.elementHandle())?.contentFrame();
    const inner = outerFrame && (await (await outerFrame.waitForSelector(WEBVIEW_INNER, { timeout: 5000 }))?.contentFrame());
    if (inner) frames.push(inner);
  }
  return frames;
}

/** The view pane that contains the focused element. */
async function focusedViewPane(page) {
  const found = await page.waitForFunction(
    () => {
      for (const marked of document.querySelectorAll('[data-struggle-lens-focused-pane]')) {
        marked.removeAttribute('data-struggle-lens-focused-pane');
      }
      const pane = document.activeElement?.closest('.pane');
      if (!pane) return false;
      pane.setAttribute('data-struggle-lens-focused-pane', '');
      return true;
    },
    undefined,
    { timeout: 5000 },
  ).catch(() => undefined);
  if (!found) throw new Error('no view has focus (run the view\'s focus command first)');
  return page.locator('[data-struggle-lens-focused-pane]');
}
