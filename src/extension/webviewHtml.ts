import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

/**
 * The replay webview's page. Scripts run only with the nonce; styles must allow 'unsafe-inline'
 * because the replay iframe (about:blank) inherits this policy and recorded pages carry inline
 * styles (styles cannot run code). img-src allows only data: (the player's cursor), so recorded
 * remote images and fonts make no request.
 */
export function renderReplayHtml(webview: vscode.Webview, webviewRoot: vscode.Uri, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(joinPath(webviewRoot, 'main.js'));
  const style = webview.asWebviewUri(joinPath(webviewRoot, 'main.css'));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'unsafe-inline'`,
    'img-src data:',
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<main id="app" aria-live="polite"><p class="status">Loading recording…</p></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

function joinPath(base: vscode.Uri, file: string): vscode.Uri {
  return base.with({ path: `${base.path}/${file}` });
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
