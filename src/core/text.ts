/**
 * The one place recorded text is made inert for display. Recordings carry text typed by or shown
 * to strangers; whatever shows it (the CLI's table, diagnostics, tree labels, hovers, exports)
 * runs it through `inertText` first, then applies its own escaping (Markdown, HTML).
 */

/**
 * Characters that change how the rest of a line reads or behaves: C0/C1 controls (BEL, ESC and
 * with it every ANSI escape sequence), DEL, bidirectional embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069, U+061C, U+200E/F), zero-width and invisible formatting
 * (U+200B–U+200D, U+2060–U+2064, U+FEFF), line and paragraph separators.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
// eslint-disable-next-line no-control-regex
const ANSI_SEQUENCE = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|[@-Z\\-_])|\u009B[0-?]*[ -/]*[@-~]/g;
/** Lone UTF-16 surrogates, which some terminals and renderers choke on. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Recorded text on one line, inert: ANSI escape sequences removed whole, other control and
 * direction-changing characters replaced by a space (line breaks, tabs) or dropped, white space
 * collapsed, lone surrogates replaced by U+FFFD, cut to `maxLength` characters with an ellipsis.
 */
export function inertText(text: unknown, maxLength = Infinity): string {
  const flat = String(text)
    .replace(ANSI_SEQUENCE, '')
    .replace(/[\t\n\v\f\r\u0085\u2028\u2029]+/g, ' ')
    .replace(UNSAFE, '')
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > maxLength ? `${flat.slice(0, Math.max(0, maxLength - 1))}…` : flat;
}
