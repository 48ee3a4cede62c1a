/**
 * The analyzed workspace as the views see it: recordings → sessions → struggles, sorted, and the
 * struggles grouped by the source line they link to (diagnostics, CodeLens, hovers, status bar).
 * Free of `vscode` (unit-tested with plain Node).
 */
import type { AttributionSession } from '../core/errors';
import type { Severity, SourceLink, Struggle, StruggleKind } from '../core/model';
import type { InputErrorReport, SessionReport } from '../core/report';

/** One recording file's analysis, cached by its modification time and size. */
export interface RecordingAnalysis {
  /** The recording's URI (string form). */
  uri: string;
  /** The workspace folder it belongs to (URI string); sources are relative to it. */
  folder: string;
  /** Path relative to the folder, `/` separators. */
  relativePath: string;
  mtime: number;
  size: number;
  sessions: SessionReport[];
  inputErrors: InputErrorReport[];
  /** Why the recording was not analyzed (e.g. not on the local file system). */
  skipped?: string;
  /** What attributing the workspace's error exports needs of each session (parallel to sessions). */
  spans?: AttributionSession[];
  /** Digest of the export errors the sessions were analyzed with ('' for none). */
  exportKey?: string;
}

/** Identifies one struggle across the views and in command arguments (JSON-safe). */
export interface StruggleRef {
  recording: string;
  sessionId: string;
  struggleId: string;
}

export interface StruggleEntry {
  recording: RecordingAnalysis;
  session: SessionReport;
  struggle: Struggle;
}

const SEVERITY_RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1 };

export function severityRank(severity: Severity): number {
  return SEVERITY_RANK[severity] ?? 0;
}

/** Most severe first, then earliest. */
export function compareStruggles(a: Struggle, b: Struggle): number {
  return severityRank(b.severity) - severityRank(a.severity) || a.atMs - b.atMs || a.id.localeCompare(b.id);
}

export function sortedStruggles(session: SessionReport): Struggle[] {
  return [...session.struggles].sort(compareStruggles);
}

export function worstSeverity(struggles: readonly Struggle[]): Severity | undefined {
  let worst: Severity | undefined;
  for (const s of struggles) if (!worst || severityRank(s.severity) > severityRank(worst)) worst = s.severity;
  return worst;
}

export function struggleCount(recording: RecordingAnalysis): number {
  return recording.sessions.reduce((n, s) => n + s.struggles.length, 0);
}

function worstRank(r: RecordingAnalysis): number {
  return severityRank(worstSeverity(r.sessions.flatMap((s) => s.struggles)) ?? 'low') * (struggleCount(r) > 0 ? 1 : 0);
}

/** Recordings with the worst struggles first, then the most struggles, then by path. */
export function compareRecordings(a: RecordingAnalysis, b: RecordingAnalysis): number {
  return worstRank(b) - worstRank(a) || struggleCount(b) - struggleCount(a) || a.relativePath.localeCompare(b.relativePath);
}

/** localeCompare's order, without its per-call setup. */
const PATH_ORDER = new Intl.Collator();

/** Sorted as compareRecordings sorts, each recording's ranks computed once (not per comparison). */
export function sortRecordings(recordings: Iterable<RecordingAnalysis>): RecordingAnalysis[] {
  return [...recordings]
    .map((r) => ({ r, worst: worstRank(r), count: struggleCount(r) }))
    .sort((a, b) => b.worst - a.worst || b.count - a.count || PATH_ORDER.compare(a.r.relativePath, b.r.relativePath))
    .map((k) => k.r);
}

export function refOf(entry: StruggleEntry): StruggleRef {
  return { recording: entry.recording.uri, sessionId: entry.session.id, struggleId: entry.struggle.id };
}

export function isStruggleRef(value: unknown): value is StruggleRef {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.recording === 'string' && typeof v.sessionId === 'string' && typeof v.struggleId === 'string';
}

export function findEntry(recordings: Iterable<RecordingAnalysis>, ref: StruggleRef): StruggleEntry | undefined {
  for (const recording of recordings) {
    if (recording.uri !== ref.recording) continue;
    for (const session of recording.sessions) {
      if (session.id !== ref.sessionId) continue;
      const struggle = session.struggles.find((s) => s.id === ref.struggleId);
      if (struggle) return { recording, session, struggle };
    }
  }
  return undefined;
}

export function allEntries(recordings: Iterable<RecordingAnalysis>): StruggleEntry[] {
  const out: StruggleEntry[] = [];
  for (const recording of recordings) {
    for (const session of recording.sessions) for (const struggle of session.struggles) out.push({ recording, session, struggle });
  }
  return out;
}

/**
 * The source link a struggle is shown on: its best link when that is sure enough and points at
 * a file in the workspace (not a source-map-only copy).
 */
export function primarySource(entry: StruggleEntry, minConfidence: number): SourceLink | undefined {
  const link = entry.struggle.sources[0];
  if (!link || link.confidence < minConfidence) return undefined;
  if (isContentOnly(entry.session, link)) return undefined;
  return link;
}

/** True when the link is an error frame whose file exists only inside a source map. */
export function isContentOnly(session: SessionReport, link: { file: string; line: number }): boolean {
  for (const error of session.errors) {
    for (const frame of error.frames) {
      const source = frame.source;
      if (source?.contentOnly && source.file === link.file && source.line === link.line) return true;
    }
  }
  return false;
}

/** Struggles linked to one line of one file (of one workspace folder). */
export interface LineGroup {
  folder: string;
  file: string;
  /** 1-based, as in SourceLocation. */
  line: number;
  column: number;
  entries: StruggleEntry[];
}

export function locationKey(folder: string, file: string): string {
  return `${folder}\u0000${file}`;
}

/** file key (folder + file) → line → group; each group's entries sorted most severe first. */
export function groupBySourceLine(entries: readonly StruggleEntry[], minConfidence: number): Map<string, Map<number, LineGroup>> {
  const byFile = new Map<string, Map<number, LineGroup>>();
  for (const entry of entries) {
    const link = primarySource(entry, minConfidence);
    if (!link) continue;
    const key = locationKey(entry.recording.folder, link.file);
    let lines = byFile.get(key);
    if (!lines) byFile.set(key, (lines = new Map()));
    let group = lines.get(link.line);
    if (!group) lines.set(link.line, (group = { folder: entry.recording.folder, file: link.file, line: link.line, column: link.column, entries: [] }));
    group.entries.push(entry);
  }
  for (const lines of byFile.values()) for (const group of lines.values()) group.entries.sort((a, b) => compareStruggles(a.struggle, b.struggle));
  return byFile;
}

/** Per kind on a line: how many struggles, in how many sessions; most severe kinds first. */
export interface KindSummary {
  kind: StruggleKind;
  count: number;
  sessions: number;
  worst: StruggleEntry;
}

export function summarizeKinds(entries: readonly StruggleEntry[]): KindSummary[] {
  const byKind = new Map<StruggleKind, StruggleEntry[]>();
  for (const e of entries) {
    const list = byKind.get(e.struggle.kind);
    if (list) list.push(e);
    else byKind.set(e.struggle.kind, [e]);
  }
  return [...byKind.entries()]
    .map(([kind, list]) => {
      const sorted = [...list].sort((a, b) => compareStruggles(a.struggle, b.struggle));
      return { kind, count: list.length, sessions: new Set(list.map((e) => `${e.recording.uri}#${e.session.id}`)).size, worst: sorted[0] };
    })
    .sort((a, b) => compareStruggles(a.worst.struggle, b.worst.struggle));
}

/**
 * The same struggle in other sessions: same kind, linked to the same file and line, i.e. in the
 * entry's own line group (groupBySourceLine). At most `limit` of them, most severe first: linear
 * in what it returns, not in the workspace (a diagnostic per struggle would otherwise make the
 * rebuild quadratic).
 */
export function sameStruggleElsewhere(entry: StruggleEntry, group: LineGroup, limit = Infinity): StruggleEntry[] {
  const out: StruggleEntry[] = [];
  for (const other of group.entries) {
    if (out.length >= limit) break;
    if (other.struggle.kind !== entry.struggle.kind) continue;
    if (other.recording.uri === entry.recording.uri && other.session.id === entry.session.id) continue;
    out.push(other);
  }
  return out;
}
