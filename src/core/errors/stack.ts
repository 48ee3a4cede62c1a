/**
 * Stack traces in the forms browsers and loggers write them, innermost frame first:
 *
 * - Chrome / V8: `    at fn (url:line:col)`, `    at url:line:col`, `    at async fn (…)`,
 *   `    at new Foo (…)`, `    at Foo.bar [as baz] (…)`, eval frames
 *   `    at eval (eval at fn (url:line:col), <anonymous>:1:5)` (the frame points at the script
 *   that called eval), native frames `    at JSON.parse (<anonymous>)` (function only).
 * - rrweb console plugin traces (error-stack-parser's toString): `fn (url:line:col)`, `url:line:col`.
 * - Firefox / Safari: `fn@url:line:col`, `@url:line:col`, `global code@url:line:col`,
 *   `async*fn@…`, `fn/<@…`, Firefox eval `@url line 5 > eval:1:3` (→ url line 5),
 *   `[native code]` frames (function only).
 *
 * Lines that are none of these (the `TypeError: …` header, "End of stack for Error object",
 * blank lines) are skipped. Frames in node_modules are marked `library: true`.
 */
import type { StackFrame } from '../model';

interface Location {
  url?: string;
  line?: number;
  column?: number;
}

/** `url:line:col`, `url:line`, or a URL / name without position. */
function parseLocation(text: string): Location | undefined {
  let loc = text.trim();
  if (!loc) return undefined;
  if (loc === '<anonymous>' || loc === 'native' || loc === '[native code]' || /^index \d+$/.test(loc)) return {};
  // Firefox eval / Function frames: "https://h/a.js line 5 > eval:1:3" → the calling script.
  const ffEval = /^(.*?) line (\d+) > (?:eval|Function|injectedScript|setTimeout handler)/.exec(loc);
  if (ffEval) return { url: ffEval[1]!, line: Number(ffEval[2]) };
  const m = /^(.*?):(\d+)(?::(\d+))?$/.exec(loc);
  if (!m || !m[1]) return undefined;
  loc = m[1];
  if (loc === '<anonymous>') return {};
  return { url: loc, line: Number(m[2]), ...(m[3] !== undefined ? { column: Number(m[3]) } : {}) };
}

/** The location inside a V8 eval origin: the first `url:line:col` that is not `<anonymous>`. */
function evalLocation(text: string): Location | undefined {
  const re = /([^\s(),]+):(\d+):(\d+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1] !== '<anonymous>') return { url: m[1]!, line: Number(m[2]), column: Number(m[3]) };
  }
  return {};
}

function cleanChromeFunction(name: string): string | undefined {
  let fn = name.trim();
  if (fn.startsWith('async ')) fn = fn.slice(6).trim();
  fn = fn.replace(/\s*\[as [^\]]+\]$/, '');
  return fn || undefined;
}

function cleanFirefoxFunction(name: string): string | undefined {
  let fn = name.trim();
  const star = fn.lastIndexOf('*');
  if (star >= 0) fn = fn.slice(star + 1); // "async*fn", "promise callback*fn"
  fn = fn.replace(/(\/<)+$/, '').replace(/\/<\//g, '.').replace(/^\/+|\/+$/g, '');
  if (fn === 'global code' || fn === 'module code' || fn === 'eval code' || fn === 'eval') return fn === 'eval' ? 'eval' : undefined;
  return fn || undefined;
}

function frame(fn: string | undefined, loc: Location): StackFrame {
  const f: StackFrame = {};
  if (fn) f.function = fn;
  if (loc.url) f.url = loc.url;
  if (loc.line !== undefined && Number.isFinite(loc.line)) f.line = loc.line;
  if (loc.column !== undefined && Number.isFinite(loc.column)) f.column = loc.column;
  if (loc.url && /[\\/]node_modules[\\/]/.test(loc.url)) f.library = true;
  return f;
}

/** One stack line as a frame, or undefined when the line is not a frame. */
export function parseStackLine(raw: string): StackFrame | undefined {
  const line = raw.trim();
  if (!line) return undefined;

  // Chrome / V8 with "at".
  const chrome = /^at\s+(.*)$/.exec(line);
  if (chrome) {
    const rest = chrome[1]!;
    const paren = /^(.*?)\s+\((.*)\)$/.exec(rest);
    if (paren) {
      const fn = cleanChromeFunction(paren[1]!);
      const inner = paren[2]!;
      if (/^eval at /.test(inner)) return frame(fn, evalLocation(inner) ?? {});
      const loc = parseLocation(inner);
      return loc ? frame(fn, loc) : frame(fn, {});
    }
    const loc = parseLocation(rest);
    if (loc && loc.url) return frame(undefined, loc);
    // "at async Promise.all (index 0)" is handled above; a bare name: function only.
    if (rest === '<anonymous>') return undefined;
    return /^[\w$.<>\[\] ]+$/.test(rest) ? frame(cleanChromeFunction(rest), {}) : undefined;
  }

  // error-stack-parser's "fn (url:line:col)" (rrweb console plugin traces).
  const paren = /^([^@()]*?)\s+\((.*)\)$/.exec(line);
  if (paren) {
    const inner = paren[2]!;
    if (/^eval at /.test(inner)) return frame(cleanChromeFunction(paren[1]!), evalLocation(inner) ?? {});
    const loc = parseLocation(inner);
    if (loc && loc.url) return frame(cleanChromeFunction(paren[1]!), loc);
  }

  // Firefox / Safari "fn@url:line:col".
  const at = line.indexOf('@');
  if (at >= 0) {
    const fnPart = line.slice(0, at);
    const locPart = line.slice(at + 1);
    if (!/\s\(|:\s/.test(fnPart)) {
      const loc = parseLocation(locPart);
      if (loc && (loc.url || locPart === '[native code]' || locPart === '')) {
        if (!loc.url && !fnPart) return undefined;
        return frame(cleanFirefoxFunction(fnPart), loc);
      }
    }
  }

  // A bare location ("https://h/a.js:1:2", console plugin frames without a function name).
  if (!/\s/.test(line)) {
    const loc = parseLocation(line);
    if (loc && loc.url && loc.line !== undefined) return frame(undefined, loc);
  }
  return undefined;
}

/** Whether a line looks like a stack frame (used to split messages from stacks). */
export function isStackLine(line: string): boolean {
  return parseStackLine(line) !== undefined && !/^[A-Z][\w$.]*(Error|Exception)\b/.test(line.trim());
}

/** Parse a stack trace (one string with newlines, or one line per item); innermost first. */
export function parseStack(trace: string | readonly string[]): StackFrame[] {
  const lines = typeof trace === 'string' ? trace.split(/\r?\n/) : trace.flatMap((t) => String(t).split(/\r?\n/));
  const frames: StackFrame[] = [];
  for (const line of lines) {
    const f = parseStackLine(line);
    if (f) frames.push(f);
  }
  return frames;
}
