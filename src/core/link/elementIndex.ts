/**
 * Element → source. An inverted index over the opening tags written in the workspace's markup
 * sources; `find()` ranks the tags that could have rendered an element the recording saw by how
 * specific the shared evidence is (IDF-like: a unique test id beats a common class), with the
 * element's ancestors, text and component annotations adding evidence.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import type { ElementInfo, NodeSummary, SourceLink } from '../model';
import {
  attrKey,
  keysOfRuntimeElement,
  keysOfScannedTag,
  matchesPattern,
  normalizeText,
  textKey,
  TEXT_WEIGHT,
  type TagPattern,
} from './elementKeys';
import { relativeInside, toPosix } from './paths';
import { fileKindOf, scanSource, type ComponentDefinition, type SourceLanguage } from './scanMarkup';
import { abortError, passesFolderRules, walkWorkspace, type WorkspaceFile } from './workspaceFiles';

export const INDEXED_EXTENSIONS = [
  'tsx', 'jsx', 'ts', 'js', 'mjs', 'mts', 'html', 'htm', 'vue', 'svelte', 'astro',
  'hbs', 'handlebars', 'ejs', 'njk', 'liquid', 'erb', 'php', 'twig', 'mustache',
];

/** Tests, stories and type declarations repeat elements; they rank below the real component. */
const SECONDARY_FILE = /(^|\/)(__tests__|__mocks__|test|tests|e2e|cypress|playwright|stories|__stories__)\/|\.(test|spec|stories|story|cy|e2e)\.[a-z]+$/i;
const NEVER_INDEXED = /\.d\.[mc]?ts$|\.min\.[a-z]+$|(^|\/)(vite|webpack|rollup|babel|jest|vitest|playwright|tailwind|postcss|eslint|next|svelte|astro|nuxt)\.config\.[a-z]+$/i;
const MAX_FILE_BYTES = 1_000_000;

export interface ElementIndexProgress {
  phase: 'listing' | 'reading';
  done: number;
  total: number;
}

export interface ElementIndexOptions {
  /** Globs (workspace-relative, `/`) a file must match; default: every indexed extension. */
  include?: string[];
  /** Globs to leave out, on top of node_modules, build output and git-ignored files. */
  exclude?: string[];
  signal?: AbortSignal;
  onProgress?: (progress: ElementIndexProgress) => void;
  /** Files read in parallel. Default 32. */
  concurrency?: number;
}

export interface FindOptions {
  /** At most this many candidates (default 5). */
  limit?: number;
  /** Drop candidates scoring below this share of the best one (default 0.35). */
  minRelativeScore?: number;
}

/** A ranked candidate, with what made it one. */
export interface ElementSourceLink extends SourceLink {
  language: SourceLanguage;
  /** The tag as written in source (`button`, `Button`, `motion.div`). */
  tag: string;
  score: number;
}

interface IndexedTag {
  file: IndexedFile;
  tag: string;
  /** The DOM tag this renders, when the source says (`button`, `motion.div` → `div`). */
  domTag: string | undefined;
  line: number;
  column: number;
  start: number;
  end: number;
  keys: string[];
  language: SourceLanguage;
}

interface IndexedFile {
  rel: string;
  mtimeMs: number;
  size: number;
  tags: IndexedTag[];
  patterns: PatternEntry[];
  components: ComponentDefinition[];
  secondary: boolean;
  /** File name without extension, for `data-sentry-source-file` / Vue/Svelte component names. */
  stem: string;
  base: string;
}

interface PatternEntry {
  pattern: TagPattern;
  tag: IndexedTag;
}

interface Evidence {
  label: string;
  weight: number;
}

interface Candidate {
  tag: IndexedTag;
  evidence: Evidence[];
  score: number;
}

const HTML_TAG = /^[a-z][a-z0-9]*(-[a-z0-9-]+)?$/;

function domTagOf(tag: string): string | undefined {
  if (HTML_TAG.test(tag)) return tag;
  const member = /\.([a-z][a-z0-9]*)$/.exec(tag); // motion.div, animated.span
  return member ? member[1] : undefined;
}

/** Generated ids (React useId, Radix, Headless UI, MUI) never appear in source. */
function isGeneratedValue(value: string): boolean {
  return /^:r[0-9a-z]+:$|^radix-|^headlessui-|^mui-\d|^react-aria\d|^«r[0-9a-z]+»$/.test(value);
}

function patternBucket(value: string): string {
  return value.slice(0, 2);
}

export class ElementIndex {
  private readonly files = new Map<string, IndexedFile>();
  /** key → the tags carrying it (one tag inline, several in a Set: most keys are unique). */
  private readonly postings = new Map<string, IndexedTag | Set<IndexedTag>>();
  /** attribute → first two characters of the pattern's literal start ('' when it starts with a hole) → patterns */
  private readonly patterns = new Map<string, Map<string, Set<PatternEntry>>>();
  private tagTotal = 0;
  private readonly includeMatcher: ((rel: string) => boolean) | undefined;
  private readonly excludeMatcher: ((rel: string) => boolean) | undefined;
  /** Files read from disk since the index was created (build, refresh and update). */
  filesRead = 0;

  private constructor(
    readonly workspaceDir: string,
    private readonly options: ElementIndexOptions,
  ) {
    this.includeMatcher = options.include?.length ? picomatch(options.include, { dot: true }) : undefined;
    this.excludeMatcher = options.exclude?.length ? picomatch(options.exclude, { dot: true }) : undefined;
  }

  static async build(workspaceDir: string, options: ElementIndexOptions = {}): Promise<ElementIndex> {
    const index = new ElementIndex(path.resolve(workspaceDir), options);
    await index.refresh();
    return index;
  }

  get fileCount(): number {
    return this.files.size;
  }

  get tagCount(): number {
    return this.tagTotal;
  }

  /** Workspace-relative paths of the indexed files (route detection uses them). */
  filePaths(): string[] {
    return [...this.files.keys()];
  }

  private accepts(rel: string): boolean {
    const ext = /\.([a-z]+)$/i.exec(rel)?.[1]?.toLowerCase();
    if (!ext || !INDEXED_EXTENSIONS.includes(ext) || NEVER_INDEXED.test(rel)) return false;
    if (this.includeMatcher && !this.includeMatcher(rel)) return false;
    if (this.excludeMatcher && this.excludeMatcher(rel)) return false;
    return true;
  }

  /** Re-lists the workspace; reads only new files and files whose mtime or size changed. */
  async refresh(): Promise<void> {
    const { signal, onProgress } = this.options;
    onProgress?.({ phase: 'listing', done: 0, total: 0 });
    // A cold build stats each file while reading it instead of in a separate pass.
    const listed = await walkWorkspace(this.workspaceDir, { accept: (rel) => this.accepts(rel), signal, stat: this.files.size > 0 });
    const seen = new Set<string>();
    const toRead: WorkspaceFile[] = [];
    for (const f of listed) {
      seen.add(f.rel);
      const known = this.files.get(f.rel);
      if (!known || known.mtimeMs !== f.mtimeMs || known.size !== f.size) toRead.push(f);
    }
    for (const rel of [...this.files.keys()]) if (!seen.has(rel)) this.removeFile(rel);
    await this.readAll(toRead);
  }

  /** Applies a batch of changed, created or deleted files (absolute or workspace-relative paths). */
  async update(changedFiles: readonly string[]): Promise<void> {
    if (changedFiles.some((f) => path.basename(f) === '.gitignore')) {
      await this.refresh();
      return;
    }
    const toRead: WorkspaceFile[] = [];
    for (const changed of changedFiles) {
      const abs = path.resolve(this.workspaceDir, changed);
      const rel = relativeInside(this.workspaceDir, abs);
      if (!rel) continue;
      if (!this.accepts(rel) || !(await passesFolderRules(this.workspaceDir, rel))) {
        this.removeFile(rel);
        continue;
      }
      let st;
      try {
        st = await fsp.stat(abs);
      } catch {
        this.removeFile(rel);
        continue;
      }
      if (!st.isFile()) {
        this.removeFile(rel);
        continue;
      }
      const known = this.files.get(rel);
      if (known && known.mtimeMs === st.mtimeMs && known.size === st.size) continue;
      toRead.push({ rel, abs, mtimeMs: st.mtimeMs, size: st.size });
    }
    await this.readAll(toRead);
  }

  private async readAll(files: WorkspaceFile[]): Promise<void> {
    const { signal, onProgress } = this.options;
    const concurrency = Math.max(1, this.options.concurrency ?? 32);
    let next = 0;
    let done = 0;
    const total = files.length;
    onProgress?.({ phase: 'reading', done, total });
    const worker = async () => {
      while (next < files.length) {
        if (signal?.aborted) throw abortError();
        const f = files[next++];
        let text: string | undefined;
        try {
          text = await readIfSmall(f);
          if (text !== undefined) this.filesRead++;
        } catch {
          text = undefined; // vanished or unreadable: drop it from the index
        }
        this.removeFile(f.rel);
        if (text !== undefined && !looksMinified(text)) this.addFile(f, text);
        done++;
        if (onProgress && (done % 200 === 0 || done === total)) onProgress({ phase: 'reading', done, total });
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  }

  private addFile(f: WorkspaceFile, text: string): void {
    const kind = fileKindOf(f.rel);
    if (!kind) return;
    const scanned = scanSource(text, kind);
    const base = f.rel.slice(f.rel.lastIndexOf('/') + 1);
    const file: IndexedFile = {
      rel: f.rel,
      mtimeMs: f.mtimeMs,
      size: f.size,
      tags: [],
      patterns: [],
      components: scanned.components,
      secondary: SECONDARY_FILE.test(f.rel),
      base,
      stem: base.replace(/\.[^.]+$/, ''),
    };
    for (const t of scanned.tags) {
      const { keys, patterns } = keysOfScannedTag(t);
      const tag: IndexedTag = {
        file,
        tag: t.tag,
        domTag: domTagOf(t.tag),
        line: t.line,
        column: t.column,
        start: t.start,
        end: t.end,
        keys,
        language: t.language,
      };
      file.tags.push(tag);
      for (const key of keys) {
        const existing = this.postings.get(key);
        if (existing === undefined) this.postings.set(key, tag);
        else if (existing instanceof Set) existing.add(tag);
        else this.postings.set(key, new Set([existing, tag]));
      }
      for (const pattern of patterns) {
        const entry = { pattern, tag };
        file.patterns.push(entry);
        let byBucket = this.patterns.get(pattern.attribute);
        if (!byBucket) this.patterns.set(pattern.attribute, (byBucket = new Map()));
        const bucket = pattern.pieces[0].length >= 2 ? patternBucket(pattern.pieces[0]) : '';
        let set = byBucket.get(bucket);
        if (!set) byBucket.set(bucket, (set = new Set()));
        set.add(entry);
      }
    }
    this.tagTotal += file.tags.length;
    this.files.set(f.rel, file);
  }

  private removeFile(rel: string): void {
    const file = this.files.get(rel);
    if (!file) return;
    for (const tag of file.tags) {
      for (const key of tag.keys) {
        const existing = this.postings.get(key);
        if (existing === tag) this.postings.delete(key);
        else if (existing instanceof Set) {
          existing.delete(tag);
          if (existing.size === 1) this.postings.set(key, existing.values().next().value!);
        }
      }
    }
    for (const entry of file.patterns) {
      const byBucket = this.patterns.get(entry.pattern.attribute);
      const bucket = entry.pattern.pieces[0].length >= 2 ? patternBucket(entry.pattern.pieces[0]) : '';
      byBucket?.get(bucket)?.delete(entry);
    }
    this.tagTotal -= file.tags.length;
    this.files.delete(rel);
  }

  // ------------------------------------------------------------------------------------------
  // Ranking

  /** IDF-like specificity in (0, 1]: 1 for evidence found on one tag, near 0 for evidence everywhere. */
  private specificity(df: number): number {
    const total = Math.max(this.tagTotal, 2);
    return Math.log(1 + total / Math.max(df, 1)) / Math.log(1 + total);
  }

  private df(key: string): number {
    const p = this.postings.get(key);
    return p === undefined ? 0 : p instanceof Set ? p.size : 1;
  }

  private tagsWith(key: string): Iterable<IndexedTag> {
    const p = this.postings.get(key);
    return p === undefined ? [] : p instanceof Set ? p : [p];
  }

  /** Source locations that may have rendered the element, best first. */
  find(element: ElementInfo, options: FindOptions = {}): ElementSourceLink[] {
    const limit = options.limit ?? 5;
    const minRelative = options.minRelativeScore ?? 0.35;
    const elementTag = element.tag.toLowerCase();
    const own = keysOfRuntimeElement(element.attributes, element.text, true).filter((k) => !isGeneratedValue(k.key.slice(k.key.indexOf('=') + 1)));
    const ownByKey = new Map(own.map((k) => [k.key, k]));
    const candidates = new Map<IndexedTag, Candidate>();
    const candidateOf = (tag: IndexedTag): Candidate => {
      let c = candidates.get(tag);
      if (!c) candidates.set(tag, (c = { tag, evidence: [], score: 0 }));
      return c;
    };

    // 1. Candidates from rare-enough exact keys. Common keys (a `btn` class on thousands of tags)
    //    only add evidence to candidates found otherwise.
    //    When the element's ancestors are located in source, a common key only yields the tags
    //    inside them (unless that leaves nothing).
    const generateLimit = Math.max(300, Math.round(this.tagTotal * 0.02));
    const containers = this.ancestorContainers(element.ancestors ?? []);
    const keysByRarity = own.map((k) => ({ k, df: this.df(k.key) })).filter((x) => x.df > 0).sort((a, b) => a.df - b.df);
    for (const restrictCommon of containers.size > 0 ? [true, false] : [false]) {
      for (const { k, df } of keysByRarity) {
        if (df > generateLimit && candidates.size > 0) break;
        const restrict = restrictCommon && df > RESTRICT_ABOVE_DF;
        let n = 0;
        for (const tag of this.tagsWith(k.key)) {
          if (restrict && !insideAny(tag, containers)) continue;
          candidateOf(tag);
          if (++n >= generateLimit) break;
        }
      }
      if (candidates.size > 0) break;
    }

    // 2. Template-literal patterns (`data-testid={`row-${id}`}` ~ `row-42`).
    const patternEvidence = new Map<IndexedTag, Evidence>();
    for (const [name, value] of Object.entries(element.attributes)) {
      const byBucket = this.patterns.get(name);
      if (!byBucket || typeof value !== 'string') continue;
      for (const bucket of [patternBucket(value), '']) {
        const set = byBucket.get(bucket);
        if (!set) continue;
        const matched = [...set].filter((e) => matchesPattern(e.pattern, value));
        for (const e of matched) {
          const weight = 0.7 * (ownByKey.get(attrKey(name, value))?.weight ?? 1) * this.specificity(matched.length) * Math.min(1, e.pattern.staticLength / value.length + 0.3);
          const prev = patternEvidence.get(e.tag);
          if (!prev || prev.weight < weight) patternEvidence.set(e.tag, { label: `${name}={\`${e.pattern.pieces.join('${…}')}\`}`, weight });
          candidateOf(e.tag);
        }
      }
    }

    // 3. Text that only partly matches (`Place order {total}` ~ "Place order $42.00").
    const partialText = new Map<IndexedTag, Evidence>();
    const text = normalizeText(element.text ?? '');
    if (text.length >= 3 && this.df(textKey(text)) === 0) {
      const words = text.split(' ');
      for (let n = words.length - 1; n >= 1; n--) {
        for (const piece of [words.slice(0, n).join(' '), words.slice(words.length - n).join(' ')]) {
          if (piece.length < 3) continue;
          const df = this.df(textKey(piece));
          if (df === 0 || df > generateLimit) continue;
          const weight = TEXT_WEIGHT * this.specificity(df) * Math.sqrt(piece.length / text.length);
          for (const tag of this.tagsWith(textKey(piece))) {
            const prev = partialText.get(tag);
            if (!prev || prev.weight < weight) partialText.set(tag, { label: `text starting ${JSON.stringify(piece)}`, weight });
            candidateOf(tag);
          }
        }
        if (partialText.size > 0) break;
      }
    }

    // 4. Component annotations (Sentry's babel plugin, data-component) on the element or an ancestor.
    const annotations = this.annotationsOf(element);

    // 5. Nothing identifies the element itself: look inside the nearest identifiable ancestor.
    if (candidates.size === 0) this.candidatesFromAncestors(element, elementTag, annotations, candidateOf);

    const ownEvidence = new Map<string, Evidence>();
    for (const k of own) {
      const df = this.df(k.key);
      if (df > 0) ownEvidence.set(k.key, { label: k.label, weight: k.weight * this.specificity(df) });
    }
    for (const c of candidates.values()) {
      this.scoreOwnEvidence(c, ownEvidence, elementTag, patternEvidence, partialText, annotations);
      if (c.score > 0) this.addAncestorEvidence(c, containers);
    }
    const ranked = [...candidates.values()].filter((c) => c.score > 0);
    ranked.sort((a, b) => b.score - a.score || a.tag.file.rel.localeCompare(b.tag.file.rel) || a.tag.start - b.tag.start);
    if (ranked.length === 0) return [];

    const best = ranked[0].score;
    const kept = ranked.filter((c) => c.score >= best * minRelative).slice(0, limit);
    const top = ranked.slice(0, 5);
    const sumSquares = top.reduce((s, c) => s + c.score * c.score, 0);
    const close = ranked.filter((c) => c.score >= best * 0.8).length;
    return kept.map((c) => {
      const strength = 1 - Math.exp(-c.score / 1.5);
      const share = (c.score * c.score) / sumSquares;
      const confidence = Math.min(0.99, Math.round(strength * share * 100) / 100);
      return {
        file: c.tag.file.rel,
        line: c.tag.line,
        column: c.tag.column,
        confidence,
        reason: this.reasonFor(c, close),
        language: c.tag.language,
        tag: c.tag.tag,
        score: Math.round(c.score * 1000) / 1000,
      };
    });
  }

  private scoreOwnEvidence(
    c: Candidate,
    ownEvidence: Map<string, Evidence>,
    elementTag: string,
    patternEvidence: Map<IndexedTag, Evidence>,
    partialText: Map<IndexedTag, Evidence>,
    annotations: Annotations,
  ): void {
    const { tag } = c;
    for (const key of tag.keys) {
      const e = ownEvidence.get(key);
      if (e) c.evidence.push(e);
    }
    const p = patternEvidence.get(tag);
    if (p) c.evidence.push(p);
    const t = partialText.get(tag);
    if (t) c.evidence.push(t);
    let score = c.evidence.reduce((s, e) => s + e.weight, 0);
    // Component annotations
    const fileMatch = annotations.files.find((a) => a.file === tag.file.base || a.file === tag.file.rel || tag.file.rel.endsWith('/' + a.file));
    if (fileMatch) {
      const w = fileMatch.depth === 0 ? 1.5 : 1.5 * Math.pow(0.8, fileMatch.depth);
      c.evidence.push({ label: `in ${fileMatch.file} (data-sentry-source-file)`, weight: w });
      score += w;
    }
    if (annotations.components.length > 0) {
      const enclosing = this.enclosingComponent(tag);
      const compMatch = annotations.components.find((a) => a.name === enclosing || a.name === tag.file.stem);
      if (compMatch) {
        const w = compMatch.depth === 0 ? 1.5 : 1.5 * Math.pow(0.8, compMatch.depth);
        c.evidence.push({ label: `in component ${compMatch.name}`, weight: w });
        score += w;
      }
    }
    // Tag agreement (an element known only by a selector like `[data-testid="x"]` has no tag)
    if (elementTag === '') {
      // nothing to compare
    } else if (tag.domTag !== undefined) {
      if (tag.domTag === elementTag) score += 0.3;
      else score *= 0.5;
    } else if (tag.tag.toLowerCase() === elementTag) {
      score += 0.2; // <Button> for a <button>
    }
    if (tag.file.secondary) score *= 0.6;
    c.score = score;
  }

  private enclosingComponent(tag: IndexedTag): string | undefined {
    let name: string | undefined;
    for (const def of tag.file.components) {
      if (def.start > tag.start) break;
      name = def.name;
    }
    return name;
  }

  private annotationsOf(element: ElementInfo): Annotations {
    const files: Annotations['files'] = [];
    const components: Annotations['components'] = [];
    const visit = (node: NodeSummary | ElementInfo, depth: number) => {
      const a = node.attributes ?? {};
      const file = a['data-sentry-source-file'];
      if (typeof file === 'string' && file) files.push({ file: toPosix(file), depth });
      for (const attr of ['data-sentry-component', 'data-component']) {
        const name = a[attr];
        if (typeof name === 'string' && /^[\w$.-]+$/.test(name)) components.push({ name, depth });
      }
    };
    visit(element, 0);
    (element.ancestors ?? []).slice(0, 30).forEach((n, i) => visit(n, i + 1));
    return { files, components };
  }

  /**
   * Where the element's DOM ancestors appear in source: for each ancestor key rare enough to mean
   * something (an id, a test id, an uncommon class), the ranges of the tags carrying it, per file.
   */
  private ancestorContainers(ancestors: readonly NodeSummary[]): Map<IndexedFile, Container[]> {
    const out = new Map<IndexedFile, Container[]>();
    const seen = new Set<string>();
    ancestors.slice(0, 12).forEach((a, i) => {
      const tag = a.tag?.toLowerCase();
      if (tag === 'html' || tag === 'body') return;
      const depth = i + 1;
      for (const k of keysOfRuntimeElement(a.attributes ?? {}, undefined, false)) {
        if (k.kind === 'role' || k.kind === 'type' || seen.has(k.key) || isGeneratedValue(k.key.slice(k.key.indexOf('=') + 1))) continue;
        seen.add(k.key);
        const df = this.df(k.key);
        if (df === 0 || df > MAX_CONTAINER_DF) continue;
        const evidence = { label: `inside ${k.label}`, weight: 0.5 * k.weight * this.specificity(df) * Math.pow(0.85, depth - 1) };
        for (const t of this.tagsWith(k.key)) {
          let list = out.get(t.file);
          if (!list) out.set(t.file, (list = []));
          list.push({ start: t.start, end: t.end, depth, evidence });
        }
      }
    });
    return out;
  }

  /** Ancestors found as tags enclosing the candidate in the same file add evidence (capped). */
  private addAncestorEvidence(c: Candidate, containers: Map<IndexedFile, Container[]>): void {
    const list = containers.get(c.tag.file);
    if (!list) return;
    const bestPerDepth = new Map<number, Evidence>();
    for (const box of list) {
      if (box.start >= c.tag.start || box.end < c.tag.end) continue;
      const prev = bestPerDepth.get(box.depth);
      if (!prev || prev.weight < box.evidence.weight) bestPerDepth.set(box.depth, box.evidence);
    }
    let total = 0;
    for (const e of [...bestPerDepth.values()].sort((a, b) => b.weight - a.weight)) {
      const w = Math.min(e.weight, 2.5 - total);
      if (w <= 0) break;
      c.evidence.push(w === e.weight ? e : { label: e.label, weight: w });
      total += w;
    }
    c.score += total;
  }

  private candidatesFromAncestors(
    element: ElementInfo,
    elementTag: string,
    annotations: Annotations,
    candidateOf: (tag: IndexedTag) => Candidate,
  ): void {
    const sameTag = (t: IndexedTag) => t.domTag === elementTag || (t.domTag === undefined && t.tag.toLowerCase() === elementTag);
    const ancestors = (element.ancestors ?? []).slice(0, 12);
    for (const a of ancestors) {
      const keys = keysOfRuntimeElement(a.attributes ?? {}, undefined, false)
        .filter((k) => k.kind !== 'role' && k.kind !== 'type')
        .filter((k) => this.df(k.key) > 0 && this.df(k.key) <= 20);
      let found = false;
      for (const k of keys) {
        for (const container of this.tagsWith(k.key)) {
          for (const t of container.file.tags) {
            if (t.start > container.start && t.end <= container.end && sameTag(t)) {
              candidateOf(t);
              found = true;
            }
          }
        }
      }
      if (found) return;
    }
    // Sentry-annotated file: the same tag anywhere in it.
    for (const a of annotations.files) {
      for (const file of this.files.values()) {
        if (file.base !== a.file && !file.rel.endsWith('/' + a.file) && file.rel !== a.file) continue;
        for (const t of file.tags) if (sameTag(t)) candidateOf(t);
      }
    }
  }

  private reasonFor(c: Candidate, closeCount: number): string {
    const own = c.evidence.filter((e) => !e.label.startsWith('inside ') && !e.label.startsWith('in ')).sort((a, b) => b.weight - a.weight);
    const context = c.evidence.filter((e) => e.label.startsWith('inside ') || e.label.startsWith('in ')).sort((a, b) => b.weight - a.weight);
    const what = own.slice(0, 3).map((e) => e.label);
    const lang = c.tag.language === 'HTML template literal' ? 'an HTML template literal' : c.tag.language;
    let reason = what.length > 0 ? `${what.join(', ')} on a <${c.tag.tag}> in ${lang}` : `a <${c.tag.tag}> in ${lang}`;
    if (context.length > 0) reason += `, ${context[0].label}`;
    if (closeCount > 1) reason += ` (one of ${closeCount} similar candidates)`;
    return reason;
  }
}

interface Container {
  start: number;
  end: number;
  depth: number;
  evidence: Evidence;
}

/** Ancestor keys on more tags than this say too little to be worth locating. */
const MAX_CONTAINER_DF = 200;
/** Own keys on more tags than this only yield candidates inside located ancestors, when there are any. */
const RESTRICT_ABOVE_DF = 100;

function insideAny(tag: IndexedTag, containers: Map<IndexedFile, Container[]>): boolean {
  const list = containers.get(tag.file);
  if (!list) return false;
  for (const box of list) if (box.start < tag.start && box.end >= tag.end) return true;
  return false;
}

interface Annotations {
  files: { file: string; depth: number }[];
  components: { name: string; depth: number }[];
}

/** Reads a file unless it is over MAX_FILE_BYTES; fills in mtime/size when the listing had none. */
async function readIfSmall(f: WorkspaceFile): Promise<string | undefined> {
  if (!Number.isNaN(f.size)) return f.size <= MAX_FILE_BYTES ? fsp.readFile(f.abs, 'utf8') : undefined;
  const handle = await fsp.open(f.abs, 'r');
  try {
    const st = await handle.stat();
    f.mtimeMs = st.mtimeMs;
    f.size = st.size;
    return st.size <= MAX_FILE_BYTES ? await handle.readFile('utf8') : undefined;
  } finally {
    await handle.close();
  }
}

/** Bundles and minified files in source folders only add noise. */
function looksMinified(text: string): boolean {
  if (text.length < 20_000) return false;
  let newlines = 0;
  for (let i = text.indexOf('\n'); i >= 0 && newlines < 20; i = text.indexOf('\n', i + 1)) newlines++;
  return text.length / (newlines + 1) > 1000;
}
