/**
 * Error frame → original source, through the source maps found in the workspace. The bundle a
 * frame's URL names is found by path suffix (or `pathMapping`), its map through the
 * `sourceMappingURL` comment (file or inline `data:`) or a sibling `.map`; `sources[]` are resolved
 * with `sourceRoot` and the VS Code debugger's `sourceMapPathOverrides`. Nothing outside the
 * workspace is ever returned or read; a source missing from the workspace falls back to the map's
 * `sourcesContent`, flagged `contentOnly`.
 */
import { existsSync, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FlattenMap, isIgnored, traceSegment, type TraceMap } from '@jridgewell/trace-mapping';
import picomatch from 'picomatch';
import type { ErrorRecord, SourceLocation, StackFrame } from '../model';
import { DEFAULT_SOURCE_MAP_PATH_OVERRIDES, SourceMapPathOverrides, substituteWorkspaceVariables } from './overrides';
import { existingFileInside, relativeInside, sharedSuffixSegments, urlPath } from './paths';
import { walkWorkspace } from './workspaceFiles';

export const DEFAULT_OUT_FILES = ['**/dist/**', '**/build/**', '**/out/**', '.next/**'];

export interface SourceMapResolverOptions {
  /** Globs of build output (workspace-relative). Default: dist, build, out, .next. */
  outFiles?: string[];
  /** Replaces the defaults of VS Code's JavaScript debugger when given. */
  sourceMapPathOverrides?: Record<string, string>;
  /** URL prefix → workspace folder, like the debugger's `pathMapping` (`{"/": "${workspaceFolder}/public"}`). */
  pathMapping?: Record<string, string>;
}

export interface MappedLocation extends SourceLocation {
  /** The file is not in the workspace; `sourceContent` holds the map's copy, to show read-only. */
  contentOnly?: boolean;
  sourceContent?: string;
  /** The original name at that position (`names[]`), when the map has one. */
  name?: string;
  /** In node_modules, or on the map's ignore list. */
  library?: boolean;
  /** `source-map`: through a map; `direct`: the script itself is a workspace file with no map. */
  via: 'source-map' | 'direct';
  /** Workspace-relative path of the map (or the bundle, for inline maps). */
  mapFile?: string;
}

interface ResolvedSource {
  file: string;
  contentOnly: boolean;
  content?: string;
  library: boolean;
}

interface LoadedMap {
  trace: TraceMap;
  mapDir: string;
  mapFile: string;
  sources: (ResolvedSource | null | undefined)[];
}

interface ScriptIndex {
  /** basename → workspace-relative paths */
  byName: Map<string, string[]>;
}

const SCRIPT_FILE = /\.(m?js|cjs|jsx|tsx?|mts|vue|svelte|map)$/i;
const MAX_BUNDLE_BYTES = 64 * 1024 * 1024;

export class SourceMapResolver {
  readonly workspaceDir: string;
  private readonly outFilesMatch: (rel: string) => boolean;
  private readonly overrides: SourceMapPathOverrides;
  private readonly pathMapping: [string, string][];
  private scripts: Promise<ScriptIndex> | undefined;
  /** The listing, once done: source resolution (sync) uses it for suffix matching. */
  private scriptsSnapshot: ScriptIndex | undefined;
  private readonly mapsByBundle = new Map<string, Promise<LoadedMap | undefined>>();
  private readonly mapsByFile = new Map<string, Promise<LoadedMap | undefined>>();
  private readonly bundleByUrl = new Map<string, Promise<BundleLookup | undefined>>();
  /** Problems met on the way (unreadable maps, refused paths), one line each, for logs. */
  readonly warnings: string[] = [];

  constructor(workspaceDir: string, options: SourceMapResolverOptions = {}) {
    this.workspaceDir = path.resolve(workspaceDir);
    this.outFilesMatch = picomatch(options.outFiles?.length ? options.outFiles : DEFAULT_OUT_FILES, { dot: true });
    this.overrides = new SourceMapPathOverrides(options.sourceMapPathOverrides ?? DEFAULT_SOURCE_MAP_PATH_OVERRIDES, this.workspaceDir);
    this.warnings.push(...this.overrides.problems);
    this.pathMapping = Object.entries(options.pathMapping ?? {})
      .map(([from, to]) => [from, substituteWorkspaceVariables(to, this.workspaceDir)] as [string, string])
      .sort((a, b) => b[0].length - a[0].length);
  }

  /** Forgets cached maps and the file listing (call when build output changed). */
  clearCache(): void {
    this.scripts = undefined;
    this.scriptsSnapshot = undefined;
    this.mapsByBundle.clear();
    this.mapsByFile.clear();
    this.bundleByUrl.clear();
  }

  private warn(message: string): void {
    if (this.warnings.length < 200 && !this.warnings.includes(message)) this.warnings.push(message);
  }

  /** The original location of a frame, or undefined when there is no usable map. Never throws. */
  async mapFrame(frame: StackFrame): Promise<MappedLocation | undefined> {
    if (!frame.url || !frame.line || frame.line < 1) return undefined;
    try {
      this.scriptsSnapshot ??= await this.listScripts();
      const bundle = await this.findBundle(frame.url);
      if (!bundle) return undefined;
      const map = bundle.map ? await bundle.map : undefined;
      if (!map) {
        if (bundle.directFile) return { file: bundle.directFile, line: frame.line, column: frame.column ?? 1, via: 'direct' };
        return undefined;
      }
      const column0 = Math.max(0, (frame.column ?? 1) - 1);
      const segment = traceSegment(map.trace, frame.line - 1, column0);
      if (!segment || segment.length < 4) return undefined;
      const [, sourceIndex, line0, col0, nameIndex] = segment as readonly [number, number, number, number, number?];
      const source = this.resolveSource(map, sourceIndex);
      if (!source) return undefined;
      const name = nameIndex !== undefined ? map.trace.names[nameIndex] : undefined;
      const out: MappedLocation = { file: source.file, line: line0 + 1, column: col0 + 1, via: 'source-map', mapFile: map.mapFile };
      if (source.contentOnly) {
        out.contentOnly = true;
        out.sourceContent = source.content;
      }
      if (name) out.name = name;
      if (source.library) out.library = true;
      return out;
    } catch (err) {
      this.warn(`${frame.url}: ${(err as Error).message}`);
      return undefined;
    }
  }

  /**
   * Fills `frame.source` for every frame that maps, marks library frames (node_modules, not in
   * app, ignore-listed) and returns the error's location: the first mapped in-app frame.
   */
  async mapError(error: ErrorRecord): Promise<SourceLocation | undefined> {
    let location: SourceLocation | undefined;
    for (const frame of error.frames) {
      if (frame.url && /[/\\]node_modules[/\\]/.test(frame.url)) frame.library = true;
      const mapped = await this.mapFrame(frame);
      if (mapped) {
        // contentOnly travels with the frame (the JSON schema allows it) so views open it read-only.
        const source: SourceLocation = { file: mapped.file, line: mapped.line, column: mapped.column };
        if (mapped.contentOnly) source.contentOnly = true;
        frame.source = source;
        if (mapped.library || /(^|\/)node_modules\//.test(mapped.file)) frame.library = true;
      }
      if (!location && frame.source && !frame.library) location = frame.source;
    }
    return location;
  }

  // ------------------------------------------------------------------------------------------
  // Finding the bundle and its map

  private listScripts(): Promise<ScriptIndex> {
    this.scripts ??= walkWorkspace(this.workspaceDir, {
      skipDirs: new Set(['node_modules', '.git', '.hg', '.svn']),
      gitignore: false, // build output is usually git-ignored
      accept: (rel) => SCRIPT_FILE.test(rel),
    }).then((files) => {
      const byName = new Map<string, string[]>();
      for (const f of files) {
        const base = f.rel.slice(f.rel.lastIndexOf('/') + 1);
        const list = byName.get(base);
        if (list) list.push(f.rel);
        else byName.set(base, [f.rel]);
      }
      return { byName };
    });
    return this.scripts;
  }

  /** The workspace file whose path shares the longest suffix with `p` (at least `minSegments`). */
  private async bestSuffixMatch(p: string, minSegments: number, preferOut: boolean): Promise<string | undefined> {
    const base = p.slice(p.lastIndexOf('/') + 1);
    if (!base) return undefined;
    const candidates = (await this.listScripts()).byName.get(base);
    if (!candidates) return undefined;
    let best: string | undefined;
    let bestScore = -1;
    for (const rel of candidates) {
      const shared = sharedSuffixSegments(p, rel);
      if (shared < minSegments) continue;
      const score = shared * 4 + (preferOut && this.outFilesMatch(rel) ? 2 : 0) - rel.split('/').length * 0.01;
      if (score > bestScore) {
        bestScore = score;
        best = rel;
      }
    }
    return best;
  }

  private findBundle(url: string): Promise<BundleLookup | undefined> {
    let found = this.bundleByUrl.get(url);
    if (!found) {
      found = this.lookUpBundle(url);
      this.bundleByUrl.set(url, found);
    }
    return found;
  }

  private async lookUpBundle(url: string): Promise<BundleLookup | undefined> {
    let rel: string | undefined;
    for (const [from, to] of this.pathMapping) {
      const subject = from.startsWith('/') ? urlPath(url) : url;
      if (subject.startsWith(from)) {
        const abs = path.resolve(this.workspaceDir, to, '.' + '/' + subject.slice(from.length).replace(/^\/+/, '').replace(/[?#].*$/, ''));
        rel = existingFileInside(this.workspaceDir, abs);
        if (rel) break;
      }
    }
    if (!rel && /^file:\/\//i.test(url)) {
      try {
        rel = existingFileInside(this.workspaceDir, fileURLToPath(url.replace(/[?#].*$/, '')));
      } catch {
        rel = undefined;
      }
    }
    const p = urlPath(url);
    if (!rel) rel = await this.bestSuffixMatch(p, 1, true);
    if (rel && rel.endsWith('.map')) rel = undefined;
    if (rel) {
      const abs = path.join(this.workspaceDir, rel);
      const map = this.mapForBundle(abs, rel);
      const isOut = this.outFilesMatch(rel);
      return { bundle: rel, map, directFile: isOut ? undefined : await this.directFileIfSource(abs, rel) };
    }
    // No copy of the bundle: a `<name>.map` in the build output may still be there.
    const mapRel = await this.bestSuffixMatch(p + '.map', 1, true);
    if (mapRel) return { bundle: undefined, map: this.loadMapFile(path.join(this.workspaceDir, mapRel)) };
    return undefined;
  }

  /** A workspace script with no map is its own source unless it is minified. */
  private async directFileIfSource(abs: string, rel: string): Promise<string | undefined> {
    const text = await readTextSafe(abs, MAX_BUNDLE_BYTES);
    if (text === undefined) return undefined;
    const lines = text.split('\n', 50);
    if (lines.some((l) => l.length > 1000)) return undefined;
    return rel;
  }

  private mapForBundle(abs: string, rel: string): Promise<LoadedMap | undefined> {
    let loaded = this.mapsByBundle.get(abs);
    if (!loaded) {
      loaded = this.loadMapForBundle(abs, rel);
      this.mapsByBundle.set(abs, loaded);
    }
    return loaded;
  }

  private async loadMapForBundle(abs: string, rel: string): Promise<LoadedMap | undefined> {
    const text = await readTextSafe(abs, MAX_BUNDLE_BYTES);
    const ref = text === undefined ? undefined : sourceMappingUrlOf(text);
    if (ref?.startsWith('data:')) {
      const json = decodeDataUrl(ref);
      if (json === undefined) {
        this.warn(`${rel}: the inline source map is not a readable data: URL`);
        return undefined;
      }
      return this.parseMap(json, path.dirname(abs), rel);
    }
    if (ref) {
      let target = ref.replace(/[?#].*$/, '');
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
        target = /^file:/i.test(target) ? safeFileUrlToPath(target) ?? '' : path.posix.basename(urlPath(target));
      } else {
        try {
          target = decodeURIComponent(target);
        } catch {
          // keep as written
        }
      }
      if (target) {
        const mapAbs = path.resolve(path.dirname(abs), target);
        if (!relativeInside(this.workspaceDir, mapAbs)) {
          this.warn(`${rel}: sourceMappingURL points outside the workspace; ignored`);
        } else {
          const viaComment = await this.loadMapFile(mapAbs);
          if (viaComment) return viaComment;
        }
      }
    }
    return this.loadMapFile(abs + '.map');
  }

  private loadMapFile(abs: string): Promise<LoadedMap | undefined> {
    let loaded = this.mapsByFile.get(abs);
    if (!loaded) {
      loaded = (async () => {
        const rel = existingFileInside(this.workspaceDir, abs);
        if (rel === undefined) return undefined;
        const text = await readTextSafe(abs, MAX_BUNDLE_BYTES);
        if (text === undefined) return undefined;
        return this.parseMap(text, path.dirname(abs), rel);
      })();
      this.mapsByFile.set(abs, loaded);
    }
    return loaded;
  }

  private parseMap(json: string, mapDir: string, mapFile: string): LoadedMap | undefined {
    let raw: unknown;
    try {
      raw = JSON.parse(json.replace(/^\)\]\}'[^\n]*\n/, ''));
    } catch (err) {
      this.warn(`${mapFile}: not a JSON source map (${(err as Error).message})`);
      return undefined;
    }
    if (!raw || typeof raw !== 'object' || !('sections' in raw || ('mappings' in raw && Array.isArray((raw as { sources?: unknown }).sources)))) {
      this.warn(`${mapFile}: not a source map (expected "version", "sources" and "mappings")`);
      return undefined;
    }
    const badSection = sectionProblem(raw);
    if (badSection) {
      this.warn(`${mapFile}: unreadable source map (${badSection})`);
      return undefined;
    }
    try {
      // No mapUrl: sources stay as written; resolveSource applies sourceRoot and overrides itself.
      const trace = new FlattenMap(raw as never);
      return { trace, mapDir, mapFile, sources: [] };
    } catch (err) {
      this.warn(`${mapFile}: unreadable source map (${(err as Error).message})`);
      return undefined;
    }
  }

  // ------------------------------------------------------------------------------------------
  // sources[] → workspace files

  private resolveSource(map: LoadedMap, index: number): ResolvedSource | undefined {
    const cached = map.sources[index];
    if (cached !== undefined) return cached ?? undefined;
    const resolved = this.resolveSourceUncached(map, index);
    map.sources[index] = resolved ?? null;
    return resolved;
  }

  private resolveSourceUncached(map: LoadedMap, index: number): ResolvedSource | undefined {
    const { trace } = map;
    const source = trace.sources[index];
    if (source == null) return undefined;
    const content = trace.sourcesContent?.[index] ?? undefined;
    let ignored = false;
    try {
      ignored = isIgnored(trace, trace.resolvedSources[index]);
    } catch {
      ignored = false;
    }
    const combined = combineSourceRoot(trace.sourceRoot, source);
    const overridden = this.overrides.apply(combined);
    let abs: string | undefined;
    let suffixHint: string | undefined;
    if (overridden !== undefined) {
      abs = path.resolve(this.workspaceDir, overridden);
    } else if (/^file:\/\//i.test(combined)) {
      abs = safeFileUrlToPath(combined);
    } else if (/^[a-z][a-z0-9+.-]*:/i.test(combined) && !/^[a-z]:[\\/]/i.test(combined)) {
      // http(s)://host/src/a.ts, vite:/…, rollup://… — match the path part by suffix.
      suffixHint = urlPath(combined).replace(/^\/+/, '');
    } else {
      abs = path.resolve(map.mapDir, combined);
    }
    const library = ignored || /(^|[/\\])node_modules[/\\]/.test(abs ?? suffixHint ?? combined);
    if (abs !== undefined) {
      const rel = relativeInside(this.workspaceDir, abs);
      if (rel === undefined) {
        // Outside the workspace: never read it. A build machine's absolute path may still name a
        // workspace file by suffix; anything else is refused.
        const bySuffix = path.isAbsolute(combined) || overridden !== undefined ? this.suffixMatchSync(abs) : undefined;
        if (bySuffix) return { file: bySuffix, contentOnly: false, library };
        this.warn(`${map.mapFile}: source "${source}" resolves outside the workspace; refused`);
        return undefined;
      }
      if (existingFileInside(this.workspaceDir, abs) !== undefined) return { file: rel, contentOnly: false, library };
      if (isSymlinkEscape(this.workspaceDir, abs)) {
        this.warn(`${map.mapFile}: source "${source}" is a link to outside the workspace; refused`);
        return undefined;
      }
      if (content !== undefined && content !== null) return { file: rel, contentOnly: true, content, library };
      const bySuffix = this.suffixMatchSync(abs);
      if (bySuffix) return { file: bySuffix, contentOnly: false, library };
      return undefined;
    }
    if (suffixHint) {
      const bySuffix = this.suffixMatchSync(suffixHint);
      if (bySuffix) return { file: bySuffix, contentOnly: false, library };
      const rel = path.posix.normalize(suffixHint);
      if (content != null && !rel.startsWith('..') && !path.posix.isAbsolute(rel)) return { file: rel, contentOnly: true, content, library };
    }
    return undefined;
  }

  /** Suffix match (≥ 2 segments) against the listed workspace scripts; sync once listed. */
  private suffixMatchSync(p: string): string | undefined {
    const index = this.scriptsSnapshot;
    if (!index) return undefined;
    const posix = p.replace(/\\/g, '/');
    const base = posix.slice(posix.lastIndexOf('/') + 1);
    let best: string | undefined;
    let bestShared = 1;
    for (const rel of index.byName.get(base) ?? []) {
      if (this.outFilesMatch(rel)) continue;
      const shared = sharedSuffixSegments(posix, rel);
      if (shared > bestShared) {
        bestShared = shared;
        best = rel;
      }
    }
    return best && existingFileInside(this.workspaceDir, path.join(this.workspaceDir, best)) !== undefined ? best : undefined;
  }
}

interface BundleLookup {
  bundle: string | undefined;
  map: Promise<LoadedMap | undefined> | undefined;
  directFile?: string;
}

function combineSourceRoot(sourceRoot: string | undefined | null, source: string): string {
  if (!sourceRoot) return source;
  if (/^[a-z][a-z0-9+.-]*:/i.test(source) || source.startsWith('/')) return source;
  return sourceRoot.endsWith('/') ? sourceRoot + source : sourceRoot + '/' + source;
}

function safeFileUrlToPath(url: string): string | undefined {
  try {
    return fileURLToPath(url);
  } catch {
    return undefined;
  }
}

/** The path exists but its real location is outside the workspace (a symlink escape). */
function isSymlinkEscape(root: string, abs: string): boolean {
  return existsSync(abs) && existingFileInside(root, abs) === undefined;
}

/** The last `sourceMappingURL` comment of a script. */
/** Largest section offset of an index map: trace-mapping fills every line up to the offset. */
const MAX_SECTION_LINE = 1_000_000;
const MAX_SECTION_COLUMN = 10_000_000;

/**
 * What is wrong with the `sections` of an index map (nested ones too), or undefined. An offset of
 * 1e185 lines is valid JSON that would run the host out of memory.
 */
function sectionProblem(raw: object, depth = 0): string | undefined {
  if (!('sections' in raw)) return undefined;
  const sections = (raw as { sections: unknown }).sections;
  if (!Array.isArray(sections)) return '"sections" is not an array';
  if (depth > 8) return 'index maps nested too deeply';
  for (const [i, section] of sections.entries()) {
    const offset = (section as { offset?: { line?: unknown; column?: unknown } } | null)?.offset;
    const { line, column } = offset ?? {};
    if (!Number.isSafeInteger(line) || !Number.isSafeInteger(column) || (line as number) < 0 || (column as number) < 0) return `section ${i} has no valid offset`;
    if ((line as number) > MAX_SECTION_LINE || (column as number) > MAX_SECTION_COLUMN) return `section ${i} offset ${line}:${column} is out of range`;
    const map = (section as { map?: unknown }).map;
    if (map !== null && typeof map === 'object') {
      const nested = sectionProblem(map, depth + 1);
      if (nested) return `section ${i}: ${nested}`;
    }
  }
  return undefined;
}

export function sourceMappingUrlOf(text: string): string | undefined {
  const at = text.lastIndexOf('sourceMappingURL=');
  if (at < 0) return undefined;
  const before = text.slice(Math.max(0, at - 4), at);
  if (!/[#@]\s*$/.test(before)) return undefined;
  const m = /^sourceMappingURL=([^\s'"*]+)/.exec(text.slice(at));
  return m ? m[1] : undefined;
}

export function decodeDataUrl(url: string): string | undefined {
  const comma = url.indexOf(',');
  if (comma < 0) return undefined;
  const meta = url.slice(5, comma);
  const body = url.slice(comma + 1);
  try {
    return /;base64$/i.test(meta) ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body);
  } catch {
    return undefined;
  }
}

async function readTextSafe(abs: string, maxBytes: number): Promise<string | undefined> {
  try {
    const st = await fsp.stat(abs);
    if (!st.isFile() || st.size > maxBytes) return undefined;
    return await fsp.readFile(abs, 'utf8');
  } catch {
    return undefined;
  }
}
