/**
 * Which sources a struggle gets: an error-click links to the throwing line first, then to the
 * clicked element; rage and dead clicks (and any other struggle with a target) to the element;
 * a slow load to the page's route file when the framework's routing convention is recognizable;
 * an error to its first mapped in-app frame.
 */
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { ElementInfo, ErrorRecord, NodeSummary, SessionModel, SourceLink, SourceLocation, Struggle } from '../model';
import { ElementIndex, type ElementIndexOptions } from './elementIndex';
import { RouteTable } from './routes';
import { SourceMapResolver, type SourceMapResolverOptions } from './sourceMaps';

export interface LinkContext {
  elements?: ElementIndex;
  maps?: SourceMapResolver;
  /** Built from `elements.filePaths()` when not given. */
  routes?: RouteTable;
  /**
   * The struggle's target with its ancestors, when the caller still has the node mirror. Without
   * it the target's own attributes are used, with ancestors read from its selector.
   */
  resolveElement?: (struggle: Struggle) => ElementInfo | undefined;
  /** Element candidates per struggle (default 3). */
  elementLimit?: number;
}

const MAX_SOURCES = 5;
const ROUTE_KINDS = new Set<Struggle['kind']>(['slow-load']);

/** Links for one struggle, best first (also maps the struggle's error's frames when needed). */
export async function linkStruggle(struggle: Struggle, session: SessionModel, ctx: LinkContext): Promise<SourceLink[]> {
  const links: SourceLink[] = [];
  const add = (link: SourceLink | undefined) => {
    if (!link) return;
    if (links.some((l) => l.file === link.file && l.line === link.line)) return;
    links.push({ file: link.file, line: link.line, column: link.column, confidence: link.confidence, reason: link.reason });
  };

  if (struggle.kind === 'error-click' || struggle.kind === 'error') {
    const error = struggle.errorIndex !== undefined ? session.errors[struggle.errorIndex] : undefined;
    if (error) add(await errorLink(error, ctx.maps));
  }

  if (struggle.kind !== 'error' && !ROUTE_KINDS.has(struggle.kind) && ctx.elements) {
    const element = elementOf(struggle, ctx);
    if (element) {
      for (const c of ctx.elements.find(element, { limit: ctx.elementLimit ?? 3 })) add(c);
    }
  }

  if (ROUTE_KINDS.has(struggle.kind) && struggle.url) {
    const routes = ctx.routes ?? (ctx.elements ? new RouteTable(ctx.elements.filePaths()) : undefined);
    const route = routes?.match(struggle.url);
    if (route) add(route);
  }
  return links.slice(0, MAX_SOURCES);
}

async function errorLink(error: ErrorRecord, maps: SourceMapResolver | undefined): Promise<SourceLink | undefined> {
  let location: SourceLocation | undefined = error.frames.find((f) => f.source && !f.library)?.source;
  if (!location && maps && error.frames.some((f) => f.url && !f.source)) location = await maps.mapError(error);
  if (!location) return undefined;
  const frame = error.frames.find((f) => f.source === location);
  const where = frame?.url ? `${path.posix.basename(frame.url.replace(/[?#].*$/, ''))}:${frame.line ?? '?'}:${frame.column ?? '?'}` : undefined;
  const name = (maps && enclosingFunctionName(maps.workspaceDir, location)) ?? (frame?.function && frame.function.length > 2 ? frame.function : undefined);
  const fn = name ? ` in ${name}` : '';
  const contentOnly = location.contentOnly === true;
  const type = /^[\w$.]{1,60}$/.test(error.type) ? error.type : 'error';
  const via = where && where !== `${location.file}:${location.line}:${location.column}` ? ` (source-mapped from ${where})` : '';
  return {
    file: location.file,
    line: location.line,
    column: location.column,
    confidence: contentOnly ? 0.7 : 0.95,
    reason: `${type} thrown${fn}${via}${contentOnly ? '; the file is not in the workspace, shown from the source map' : ''}`,
  };
}

const FUNCTION_HEADS = [
  /\bfunction\s*\*?\s*([\w$]+)\s*\(/,
  /\b([\w$]+)\s*[:=]\s*(?:async\s*)?(?:function\b|\([^)]*\)\s*(?::[^=;]+)?=>|[\w$]+\s*=>)/,
  /^\s*(?:(?:public|private|protected|static|async|override)\s+)*([\w$]+)\s*\([^)]*\)\s*(?::[^{;]+)?\{\s*$/,
];
const NOT_FUNCTION_NAMES = new Set(['if', 'for', 'while', 'switch', 'catch', 'return', 'function']);

/**
 * The name of the function around a source line, read from the workspace file: minified bundles
 * report names like `n`, the source says `addLine`.
 */
function enclosingFunctionName(workspaceDir: string, location: SourceLocation): string | undefined {
  if (location.contentOnly) return undefined;
  let text: string;
  try {
    const abs = path.join(workspaceDir, location.file);
    if (statSync(abs).size > 2_000_000) return undefined;
    text = readFileSync(abs, 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  for (let i = Math.min(location.line, lines.length) - 1, n = 0; i >= 0 && n < 200; i--, n++) {
    for (const re of FUNCTION_HEADS) {
      const m = re.exec(lines[i]);
      if (m && !NOT_FUNCTION_NAMES.has(m[1])) return m[1];
    }
  }
  return undefined;
}

/** The struggle's target as an ElementInfo: from the caller, or from the target itself. */
export function elementOf(struggle: Struggle, ctx: Pick<LinkContext, 'resolveElement'> = {}): ElementInfo | undefined {
  const resolved = ctx.resolveElement?.(struggle);
  if (resolved) return resolved;
  const t = struggle.target;
  if (!t) return undefined;
  const maybe = t as Partial<ElementInfo>;
  return {
    nodeId: t.nodeId,
    tag: t.tag,
    attributes: t.attributes ?? {},
    selector: t.selector,
    text: t.text ?? '',
    ancestors: Array.isArray(maybe.ancestors) ? maybe.ancestors : ancestorsFromSelector(t.selector),
  };
}

/**
 * Ancestors as far as a selector like `main#app > form.checkout [data-testid="pay"] > button`
 * tells them (nearest first), without the last compound (the element itself).
 */
export function ancestorsFromSelector(selector: string | undefined): NodeSummary[] {
  if (!selector) return [];
  const compounds: string[] = [];
  let current = '';
  let quote = '';
  let bracket = 0;
  for (const ch of selector) {
    if (quote) {
      current += ch;
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (ch === '[') {
      bracket++;
      current += ch;
    } else if (ch === ']') {
      bracket--;
      current += ch;
    } else if (bracket === 0 && (ch === ' ' || ch === '>' || ch === '+' || ch === '~')) {
      if (current) compounds.push(current);
      current = '';
    } else current += ch;
  }
  if (current) compounds.push(current);
  compounds.pop();
  return compounds.reverse().map((c) => parseCompound(c));
}

function parseCompound(compound: string): NodeSummary {
  const attributes: Record<string, string> = {};
  const tag = /^[a-zA-Z][\w-]*/.exec(compound)?.[0]?.toLowerCase() ?? '';
  const classes: string[] = [];
  const re = /#((?:\\.|[\w-])+)|\.((?:\\.|[\w-])+)|\[([\w-]+)(?:[~|^$*]?=\s*(?:"([^"]*)"|'([^']*)'|([^\]\s]*)))?\s*\]/g;
  for (let m = re.exec(compound); m; m = re.exec(compound)) {
    if (m[1]) attributes.id = m[1].replace(/\\(.)/g, '$1');
    else if (m[2]) classes.push(m[2].replace(/\\(.)/g, '$1'));
    else if (m[3]) attributes[m[3]] = m[4] ?? m[5] ?? m[6] ?? '';
  }
  if (classes.length) attributes.class = classes.join(' ');
  return { nodeId: -1, tag, attributes };
}

export interface LinkSessionOptions extends Omit<LinkContext, 'routes'> {
  /** Used to build the element index when `elements` is not given. */
  include?: ElementIndexOptions['include'];
  exclude?: ElementIndexOptions['exclude'];
  /** Used to create the resolver when `maps` is not given. */
  sourceMaps?: SourceMapResolverOptions;
  signal?: AbortSignal;
}

/**
 * Fills `errors[].frames[].source` (and library flags) and every `struggle.sources` of a session.
 * Pass `elements`/`maps` to share them across sessions; missing ones are created for this call.
 */
export async function linkSession(session: SessionModel, workspaceDir: string, options: LinkSessionOptions = {}): Promise<void> {
  const maps = options.maps ?? new SourceMapResolver(workspaceDir, options.sourceMaps);
  const needsElements = session.struggles.some((s) => s.target || ROUTE_KINDS.has(s.kind));
  const elements =
    options.elements ??
    (needsElements ? await ElementIndex.build(workspaceDir, { include: options.include, exclude: options.exclude, signal: options.signal }) : undefined);
  for (const error of session.errors) {
    if (options.signal?.aborted) return;
    await maps.mapError(error);
  }
  const routes = elements ? new RouteTable(elements.filePaths()) : undefined;
  const ctx: LinkContext = { elements, maps, routes, resolveElement: options.resolveElement, elementLimit: options.elementLimit };
  for (const struggle of session.struggles) {
    if (options.signal?.aborted) return;
    struggle.sources = await linkStruggle(struggle, session, ctx);
  }
}
