import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

export interface ReplayHtmlOptions {
  /**
   * struggleLens.replay.allowRemoteAssets: recorded images, fonts, stylesheets and media may load
   * from the network (http, https, data). Scripts stay nonce-only either way.
   */
  allowRemoteAssets?: boolean;
}

/**
 * The replay webview's page. Scripts run only with the nonce; styles must allow 'unsafe-inline'
 * because the replay iframe (about:blank) inherits this policy and recorded pages carry inline
 * styles (styles cannot run code). img-src allows only data: (the player's cursor), so recorded
 * remote images and fonts make no request — unless the user allowed remote assets.
 */
export function renderReplayHtml(webview: vscode.Webview, webviewRoot: vscode.Uri, title: string, options: ReplayHtmlOptions = {}): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(joinPath(webviewRoot, 'main.js'));
  const style = webview.asWebviewUri(joinPath(webviewRoot, 'main.css'));
  const remote = options.allowRemoteAssets ? ' https: http: data:' : '';
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'unsafe-inline'${remote}`,
    `img-src data:${options.allowRemoteAssets ? ' https: http:' : ''}`,
    `font-src ${webview.cspSource}${remote}`,
    ...(options.allowRemoteAssets ? ['media-src https: http: data:'] : []),
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
