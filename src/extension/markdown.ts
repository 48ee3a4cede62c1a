/**
 * Escaping recorded text for Markdown (hovers, tooltips, exported reports). Recordings hold text
 * typed by or shown to strangers: none of it may become a link, a command, an image, HTML or
 * formatting. Kept free of `vscode` so it is unit-tested with plain Node.
 */

import { inertText } from '../core/text';

/** Every ASCII punctuation character CommonMark lets a backslash escape. */
const ESCAPABLE = /[\\`*_{}[\]()#+\-.!|~<>"'$%&,/:;=?@^]/g;
/** A joiner between `$` and `(`: VS Code renders `$(name)` as an icon, even escaped or in code. */
const ICON_BREAK = '\u2060';

/**
 * Recorded text for a plain-text place VS Code may still render icons in (tree labels and
 * descriptions, diagnostics, quick picks): inert (see inertText) and with `$(name)` theme-icon
 * syntax broken, so it shows as written.
 */
export function plainText(text: string, maxLength = 500): string {
  return noIcons(inertText(text, maxLength));
}

function noIcons(text: string): string {
  return text.replace(/\$\(/g, `$${ICON_BREAK}(`);
}

/**
 * Recorded text as inert Markdown on one line: control and direction-override characters
 * dropped, line breaks and runs of white space collapsed to one space, every punctuation
 * character escaped (so `[x](command:…)`, backticks, `<img>`, `**` and autolinks stay text),
 * and cut to `maxLength` characters (with an ellipsis) before escaping.
 */
export function escapeMarkdown(text: string, maxLength = 500): string {
  const plain = noIcons(inertText(text, maxLength));
  return plain.replace(ESCAPABLE, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
}

/** Text for a Markdown inline code span, which escapes cannot enter: backticks become ʼ. */
export function markdownCode(text: string, maxLength = 200): string {
  const plain = noIcons(inertText(text, maxLength).replace(/`/g, 'ʼ'));
  return plain.length === 0 ? '' : `\`${plain}\``;
}

/**
 * A `command:` link target with JSON arguments, for MarkdownStrings that enable that command.
 * Parentheses and quotes are encoded too (encodeURIComponent keeps them): a `)` from a file name
 * would otherwise end the Markdown link early.
 */
export function commandLink(command: string, args: unknown[]): string {
  const encoded = encodeURIComponent(JSON.stringify(args)).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `command:${command}?${encoded}`;
}
