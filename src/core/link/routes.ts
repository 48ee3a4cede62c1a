/**
 * URL → the file that renders the page, when the workspace follows a framework's file-based
 * routing: Next.js (`pages/`, `app/**\/page.tsx`), Nuxt and Astro (`pages/`), SvelteKit
 * (`src/routes/**\/+page.svelte`), Remix (`app/routes/`, flat and folder routes), and plain HTML by
 * path (`/about.html` → `about.html` or `public/about.html`).
 */
import type { SourceLink } from '../model';
import { urlPath } from './paths';

type Segment = { kind: 'static'; value: string } | { kind: 'param' } | { kind: 'optional' } | { kind: 'rest'; optional: boolean };

interface Route {
  file: string;
  framework: string;
  segments: Segment[];
  /** The route as the framework writes it, for the reason. */
  display: string;
}

export interface RouteLink extends SourceLink {
  framework: string;
}

const MONOREPO_PREFIX = '(?:(?:apps|packages|sites|web)/[^/]+/)?';
const NEXT_PAGES = new RegExp(`^(${MONOREPO_PREFIX}(?:src/)?)pages/(.+)\\.(tsx|ts|jsx|js|mdx|vue|astro|md)$`);
const NEXT_APP = new RegExp(`^(${MONOREPO_PREFIX}(?:src/)?)app/(?:(.*)/)?page\\.(tsx|ts|jsx|js|mdx)$`);
const SVELTEKIT = new RegExp(`^(${MONOREPO_PREFIX})src/routes/(?:(.*)/)?\\+page\\.svelte$`);
const REMIX = new RegExp(`^(${MONOREPO_PREFIX})app/routes/(.+)\\.(tsx|ts|jsx|js|mdx)$`);
const HTML_FILE = /\.(html?|php)$/i;
const HTML_ROOTS = ['', 'public/', 'static/', 'src/', 'www/', 'site/', 'web/', 'docs/', 'app/', 'pages/'];

/** `[id]`, `[...slug]`, `[[...slug]]`, `[[lang]]`, `[id=integer]` (SvelteKit matcher). */
function bracketSegment(part: string): Segment {
  if (/^\[\[\.\.\.[^\]]+\]\]$/.test(part)) return { kind: 'rest', optional: true };
  if (/^\[\.\.\.[^\]]+\]$/.test(part)) return { kind: 'rest', optional: false };
  if (/^\[\[[^\]]+\]\]$/.test(part)) return { kind: 'optional' };
  if (/^\[[^\]]+\]$/.test(part)) return { kind: 'param' };
  return { kind: 'static', value: part };
}

function folderSegments(parts: string[]): Segment[] | undefined {
  const out: Segment[] = [];
  for (const part of parts) {
    if (part === '') continue;
    if (/^\(.*\)$/.test(part) || part.startsWith('@')) continue; // route groups, parallel slots
    if (part.startsWith('_')) return undefined; // private folders
    out.push(bracketSegment(part));
  }
  return out;
}

function nextPagesRoute(rel: string): Route | undefined {
  const m = NEXT_PAGES.exec(rel);
  if (!m) return undefined;
  const parts = m[2].split('/');
  if (parts[0] === 'api' || parts.some((p) => p.startsWith('_'))) return undefined;
  if (parts[parts.length - 1] === 'index') parts.pop();
  const segments = parts.map(bracketSegment);
  const ext = m[3];
  const framework = ext === 'vue' ? 'Nuxt pages' : ext === 'astro' || ext === 'md' ? 'Astro pages' : 'Next.js pages router';
  return { file: rel, framework, segments, display: '/' + parts.join('/') };
}

function nextAppRoute(rel: string): Route | undefined {
  const m = NEXT_APP.exec(rel);
  if (!m) return undefined;
  const parts = (m[2] ?? '').split('/');
  const segments = folderSegments(parts);
  if (!segments) return undefined;
  return { file: rel, framework: 'Next.js app router', segments, display: '/' + parts.filter((p) => p && !/^\(.*\)$/.test(p) && !p.startsWith('@')).join('/') };
}

function svelteKitRoute(rel: string): Route | undefined {
  const m = SVELTEKIT.exec(rel);
  if (!m) return undefined;
  const parts = (m[2] ?? '').split('/');
  const segments = folderSegments(parts);
  if (!segments) return undefined;
  return { file: rel, framework: 'SvelteKit', segments, display: '/' + parts.filter((p) => p && !/^\(.*\)$/.test(p)).join('/') };
}

/** Splits a Remix flat-route name on `.`, keeping `[.]` escapes together. */
function remixParts(name: string): string[] {
  const parts: string[] = [];
  let current = '';
  let inBracket = false;
  for (const ch of name) {
    if (ch === '[') inBracket = true;
    else if (ch === ']') inBracket = false;
    if (ch === '.' && !inBracket) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

function remixRoute(rel: string): Route | undefined {
  const m = REMIX.exec(rel);
  if (!m) return undefined;
  let pathParts = m[2].split('/');
  const last = pathParts[pathParts.length - 1];
  if (pathParts.length > 1 && last === 'route') pathParts = pathParts.slice(0, -1); // folder route
  else if (pathParts.length > 1 && /^_?index$/.test(last)) pathParts[pathParts.length - 1] = '_index';
  const names = pathParts.flatMap(remixParts);
  const segments: Segment[] = [];
  const display: string[] = [];
  for (let i = 0; i < names.length; i++) {
    let part = names[i];
    if (part === '_index' || (part === 'index' && i === names.length - 1)) continue;
    if (part.startsWith('_')) continue; // pathless layout
    if (part.endsWith('_')) part = part.slice(0, -1);
    if (part === '$') {
      segments.push({ kind: 'rest', optional: true });
      display.push('*');
    } else if (/^\(\$[^)]+\)$/.test(part)) {
      segments.push({ kind: 'optional' });
      display.push(':' + part.slice(2, -1) + '?');
    } else if (part.startsWith('$')) {
      segments.push({ kind: 'param' });
      display.push(':' + part.slice(1));
    } else if (/^\(.+\)$/.test(part)) {
      segments.push({ kind: 'optional' });
      display.push(part.slice(1, -1) + '?');
    } else {
      const value = part.replace(/\[(.*?)\]/g, '$1');
      segments.push({ kind: 'static', value });
      display.push(value);
    }
  }
  return { file: rel, framework: 'Remix', segments, display: '/' + display.join('/') };
}

/** Score of matching URL segments against a route, or -1. Static beats dynamic. */
function matchScore(route: Segment[], url: string[], ri = 0, ui = 0): number {
  if (ri === route.length) return ui === url.length ? 0 : -1;
  const seg = route[ri];
  switch (seg.kind) {
    case 'static': {
      if (ui >= url.length || url[ui].toLowerCase() !== seg.value.toLowerCase()) return -1;
      const rest = matchScore(route, url, ri + 1, ui + 1);
      return rest < 0 ? -1 : rest + 3;
    }
    case 'param': {
      if (ui >= url.length) return -1;
      const rest = matchScore(route, url, ri + 1, ui + 1);
      return rest < 0 ? -1 : rest + 2;
    }
    case 'optional': {
      const withIt = ui < url.length ? matchScore(route, url, ri + 1, ui + 1) : -1;
      const without = matchScore(route, url, ri + 1, ui);
      return Math.max(withIt < 0 ? -1 : withIt + 1.5, without < 0 ? -1 : without + 0.5);
    }
    case 'rest': {
      let best = -1;
      for (let take = seg.optional ? 0 : 1; ui + take <= url.length; take++) {
        const rest = matchScore(route, url, ri + 1, ui + take);
        if (rest >= 0) best = Math.max(best, rest + 0.5);
      }
      return best;
    }
  }
}

export class RouteTable {
  private readonly routes: Route[] = [];
  private readonly htmlFiles = new Set<string>();

  constructor(files: Iterable<string>) {
    for (const rel of files) {
      const route = nextAppRoute(rel) ?? svelteKitRoute(rel) ?? remixRoute(rel) ?? nextPagesRoute(rel);
      if (route) this.routes.push(route);
      if (HTML_FILE.test(rel)) this.htmlFiles.add(rel);
    }
  }

  get size(): number {
    return this.routes.length + this.htmlFiles.size;
  }

  /** The file rendering the page at `url`, or undefined when no convention recognizes it. */
  match(url: string): RouteLink | undefined {
    const pathname = urlPath(url);
    const urlSegments = pathname.split('/').filter(Boolean);
    let best: { route: Route; score: number } | undefined;
    for (const route of this.routes) {
      const score = matchScore(route.segments, urlSegments);
      if (score < 0) continue;
      if (!best || score > best.score || (score === best.score && route.file.length < best.route.file.length)) best = { route, score };
    }
    if (best) {
      const allStatic = best.route.segments.every((s) => s.kind === 'static');
      return {
        file: best.route.file,
        line: 1,
        column: 1,
        confidence: allStatic ? 0.8 : 0.6,
        reason: `${best.route.framework} route ${best.route.display || '/'}`,
        framework: best.route.framework,
      };
    }
    const html = this.matchHtml(pathname);
    if (html) return { file: html, line: 1, column: 1, confidence: 0.7, reason: `HTML page at ${pathname || '/'}`, framework: 'HTML' };
    return undefined;
  }

  private matchHtml(pathname: string): string | undefined {
    if (this.htmlFiles.size === 0) return undefined;
    const p = pathname.replace(/^\/+/, '');
    const names = p === '' || p.endsWith('/') ? [p + 'index.html', p + 'index.htm'] : HTML_FILE.test(p) ? [p] : [p + '.html', p + '/index.html', p + '.htm'];
    for (const root of HTML_ROOTS) {
      for (const name of names) {
        if (this.htmlFiles.has(root + name)) return root + name;
      }
    }
    return undefined;
  }
}

/** Shorthand for one lookup. */
export function findRouteFile(url: string, files: Iterable<string>): RouteLink | undefined {
  return new RouteTable(files).match(url);
}
