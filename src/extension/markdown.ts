/**
 * Escaping recorded text for Markdown (hovers, tooltips, exported reports). Recordings hold text
 * typed by or shown to strangers: none of it may become a link, a command, an image, HTML or
 * formatting. Kept free of `vscode` so it is unit-tested with plain Node.
 */

/** Every ASCII punctuation character CommonMark lets a backslash escape. */
const ESCAPABLE = /[\\`*_{}[\]()#+\-.!|~<>"'$%&,/:;=?@^]/g;
// eslint-disable-next-line no-control-regex -- control characters are removed on purpose
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/**
 * Recorded text as inert Markdown on one line: control and direction-override characters
 * dropped, line breaks and runs of white space collapsed to one space, every punctuation
 * character escaped (so `[x](command:…)`, backticks, `<img>`, `**` and autolinks stay text),
 * and cut to `maxLength` characters (with an ellipsis) before escaping.
 */
export function escapeMarkdown(text: string, maxLength = 500): string {
  let plain = String(text).replace(CONTROL, '').replace(/\s+/g, ' ').trim();
  if (plain.length > maxLength) plain = `${plain.slice(0, Math.max(0, maxLength - 1))}…`;
  return plain.replace(ESCAPABLE, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
}

/** Text for a Markdown inline code span, which escapes cannot enter: backticks become ʼ. */
export function markdownCode(text: string, maxLength = 200): string {
  let plain = String(text).replace(CONTROL, '').replace(/\s+/g, ' ').trim().replace(/`/g, 'ʼ');
  if (plain.length > maxLength) plain = `${plain.slice(0, Math.max(0, maxLength - 1))}…`;
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
