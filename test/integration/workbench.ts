/**
 * The workbench helper for integration tests, used from inside the extension host.
 *
 * Host-side things go through the `vscode` API (commands, diagnostics, tabs). Page-level things
 * (a webview's text through its nested iframes, a tree row as drawn, the Problems panel as drawn,
 * screenshots) need the workbench's DOM, which only the runner can reach: it owns the Playwright
 * page (code-server in Chromium, or Electron VS Code over CDP) and answers requests on a loopback
 * HTTP endpoint whose address it passes in STRUGGLE_LENS_BRIDGE_URL (see test/harness/bridge.mjs).
 */
import * as vscode from 'vscode';

// ---------------------------------------------------------------------------------------------
// Extension host side

/** Runs a command and returns its result. */
export function runCommand<T = unknown>(command: string, ...args: unknown[]): Thenable<T> {
  return vscode.commands.executeCommand<T>(command, ...args);
}

/** Diagnostics of one file, or of every file that has some. */
export function diagnostics(uri?: vscode.Uri): Array<[vscode.Uri, vscode.Diagnostic[]]> {
  if (uri) return [[uri, vscode.languages.getDiagnostics(uri)]];
  return vscode.languages.getDiagnostics().filter(([, list]) => list.length > 0);
}

/** The active tab's custom editor input, when the active tab is a custom editor. */
export function activeCustomEditor(): vscode.TabInputCustom | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom ? input : undefined;
}

/** Polls `probe` until it returns something other than undefined/false/null, or times out (60 s by default: a loaded 2-core machine draws the workbench slowly; no time is asserted). */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// ---------------------------------------------------------------------------------------------
// Page side, through the runner's bridge

export interface WebviewText {
  /** innerText of the webview's own document (player controls, panels). */
  webview: string;
  /** innerText of the replayed page inside the player's iframe, when a player is shown. */
  replay: string | null;
  /** How many webviews are visible. */
  count: number;
}

export interface TreeItemText {
  label: string;
  description: string;
  ariaLabel: string | null;
  /** "true"/"false" for collapsible rows, null for leaves. */
  expanded: string | null;
  level: number;
  /** The whole row's text. */
  text: string;
}

/** True when the runner offers page-level access (it always does under test/integration/run.mjs). */
export function hasPageBridge(): boolean {
  return Boolean(process.env.STRUGGLE_LENS_BRIDGE_URL);
}

async function page<T>(op: string, args: Record<string, unknown> = {}): Promise<T> {
  const url = process.env.STRUGGLE_LENS_BRIDGE_URL;
  if (!url) throw new Error('no page bridge: run the suite with test/integration/run.mjs (STRUGGLE_LENS_BRIDGE_URL is not set)');
  const response = await fetch(`${url}/page`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ op, ...args }),
  });
  const answer = (await response.json()) as { ok: true; value: T } | { ok: false; error: string };
  if (!answer.ok) throw new Error(`page bridge ${op}: ${answer.error}`);
  return answer.value;
}

/** Text of the visible webview (index among visible webviews) and of its replay iframe. */
export function webviewText(index = 0): Promise<WebviewText | null> {
  return page<WebviewText | null>('webviewText', { index });
}

/** Waits until the visible webview's text satisfies `accept`. */
export function waitForWebviewText(what: string, accept: (text: WebviewText) => boolean, timeoutMs = 30_000): Promise<WebviewText> {
  return waitFor(what, async () => {
    const text = await webviewText();
    return text && accept(text) ? text : undefined;
  }, timeoutMs);
}

/**
 * Clicks the first element matching `selector` in the visible webview's document, as a person
 * would (the webview's own handlers run); returns its text, or null when absent.
 */
export function clickInWebview(selector: string, index = 0): Promise<string | null> {
  return page<string | null>('clickInWebview', { selector, index });
}

/**
 * Focuses the view (its `<viewId>.focus` command) and returns the row with this label as drawn
 * (null when absent). Only rendered rows are seen: expand parents first.
 */
export async function readTreeItem(viewId: string, label: string): Promise<TreeItemText | null> {
  await runCommand(`${viewId}.focus`);
  return page<TreeItemText | null>('treeItem', { label });
}

/** Opens the Problems panel and returns the text of each of its rows as drawn. */
export async function problemsPanelRows(): Promise<string[]> {
  // Focus, not toggle (`workbench.actions.view.problems` closes the panel when called again while
  // polling).
  await runCommand('workbench.panel.markers.view.focus');
  return page<string[]>('problemsText');
}

/** innerText of every workbench element that matches a CSS selector. */
export function workbenchText(selector: string): Promise<string[]> {
  return page<string[]>('text', { selector });
}

/** Saves a screenshot of the workbench into test-output/integration/; returns its path. */
export function screenshot(name: string): Promise<string> {
  return page<string>('screenshot', { name });
}
