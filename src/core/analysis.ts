/**
 * The engine's one entry point: recordings in, analyzed sessions out. Composes loading, the
 * single pass (pages, timing, errors, detectors), error logs, HAR files and source links.
 *
 * Error logs are read once per run and attributed once across all sessions (errors/attribute.ts):
 * each recording's pass runs as it is read and leaves a small prepared session; when every
 * session is known, the logs' errors are attributed and each session's detectors finish.
 */
import { relative, resolve, sep } from 'node:path';
import { createDetectors, DEFAULT_DETECT_CONFIG, type DetectConfig, type Detectors } from './detect/detectors';
import {
  attributeErrors,
  dedupeErrors,
  ErrorCollector,
  findErrorSiblings,
  loadErrorsFile,
  type AttributionSession,
  type ErrorSource,
} from './errors';
import { expandInputs } from './inputs';
import { ElementIndex, linkSession, SourceMapResolver, type SourceMapResolverOptions } from './link';
import { InputError, type ErrorRecord, type LoadedRecording, type SessionModel } from './model';
import type { InputErrorReport } from './report';
import { loadRecording, mergeRecordings } from './recording/load';
import { runPass, sessionIdFor } from './recording/runPass';
import { applyHar, findHarSiblings, loadHar, TimingCollector } from './timing';

export interface AnalyzeOptions {
  /** Resolves relative inputs (default: process.cwd()). */
  cwd?: string;
  /** Link struggles and error frames to sources in this folder. */
  workspace?: string;
  /** Separate error logs that apply to every session (`--errors`). */
  errorsFiles?: string[];
  /** Slack (ms) around a session's span when attributing errors from logs by time (default 2000). */
  attachSlackMs?: number;
  /**
   * Errors attributed elsewhere (the extension attributes workspace exports itself, across all
   * its recordings): called once every session's pass is done, with each session's files and
   * span; returns errors by absolute recording path, which join that recording's session.
   */
  assignErrors?: (sessions: readonly { files: string[]; span: AttributionSession }[]) => Promise<ReadonlyMap<string, readonly ErrorRecord[]>>;
  /** Logs (absolute paths) never read as a recording's sibling log (the extension's exports). */
  ignoreSiblingLogs?: readonly string[];
  /** Reads an error log (default loadErrorsFile); each log is read once per run. */
  readErrorsFile?: (file: string) => Promise<ErrorRecord[]>;
  /** Treat every input as a segment of one session (`--session`). */
  oneSession?: boolean;
  detect?: DetectConfig;
  maxDecompressedBytes?: number;
  sourceMaps?: SourceMapResolverOptions;
  /** Globs for the element index (workspace-relative). */
  include?: string[];
  exclude?: string[];
  signal?: AbortSignal;
  onProgress?: (progress: { done: number; total: number; file: string }) => void;
  /**
   * Keep each session's events (default true). Reports need only the analysis: without the
   * events, one recording at a time is held in memory (segments of one session excepted).
   */
  keepEvents?: boolean;
  /**
   * The workspace's element index and source maps, when the caller keeps them between runs (a
   * pool worker does, across the tasks of one workspace analysis). Default: built for this run.
   */
  link?: { elements: () => Promise<ElementIndex>; maps: SourceMapResolver };
}

export interface AnalysisResult {
  sessions: SessionModel[];
  /** What attribution needs of each session (same order as sessions). */
  spans: AttributionSession[];
  /** Errors from separate logs that matched no session (`file` names the log). */
  unattachedErrors: ErrorRecord[];
  inputErrors: InputErrorReport[];
}

export interface AnalyzeRecordingOptions {
  detect?: DetectConfig;
  /** Errors from separate logs, loaded once; attached by the attribution rule (errors/attribute.ts). */
  externalErrors?: readonly ErrorRecord[];
  /** Absolute paths of the logs behind externalErrors: not read again as siblings. */
  externalErrorFiles?: readonly string[];
  /** Look for `<base>.har` and `<base>.errors.*` beside each recording file (default true). */
  siblings?: boolean;
  attachSlackMs?: number;
  /** Problems with sibling files (the session is still analyzed). */
  onInputError?: (error: InputErrorReport) => void;
}

function messageOf(error: unknown): string {
  if (error instanceof InputError) return error.problem;
  return error instanceof Error ? error.message : String(error);
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('analysis cancelled');
}

/**
 * A session after its pass, waiting for the errors of separate logs: the model without struggles
 * and the detectors' small pending state (no mirror; the events only when kept).
 */
export interface PreparedSession {
  session: SessionModel;
  span: AttributionSession;
  /** Errors the recording holds itself (console plugin, Sentry breadcrumbs). */
  ownErrors: ErrorRecord[];
  /** The recording's files (absolute paths) and the error logs beside them. */
  files: string[];
  siblingLogs: string[];
  detectors: Detectors;
}

/** The pass, timing and the recording's own errors; struggles wait for finishSession. */
export async function prepareRecording(
  recording: LoadedRecording,
  options: Omit<AnalyzeRecordingOptions, 'externalErrors' | 'attachSlackMs'> & { keepEvents?: boolean } = {},
): Promise<PreparedSession> {
  const events = recording.events;
  const start = events.length > 0 ? events[0].timestamp : 0;
  const end = events.length > 0 ? events[events.length - 1].timestamp : 0;
  const timing = new TimingCollector();
  const errorCollector = new ErrorCollector();
  const detectors = createDetectors(options.detect ?? DEFAULT_DETECT_CONFIG);
  const { pages } = runPass(events, [timing, errorCollector, ...detectors.observers]);
  detectors.release();

  const requests = timing.applyTo(pages, start);
  const siblingLogs: string[] = [];
  if (options.siblings !== false) {
    for (const file of recording.files) {
      for (const har of await findHarSiblings(file)) {
        try {
          const harRequests = applyHar(pages, await loadHar(har), start);
          if (requests.length === 0) requests.push(...harRequests);
        } catch (error) {
          options.onInputError?.({ file: har, message: messageOf(error) });
        }
      }
      for (const log of await findErrorSiblings(file)) {
        if (!options.externalErrorFiles?.includes(resolve(log))) siblingLogs.push(resolve(log));
      }
    }
  }
  timing.inferPageTimings(pages, start);

  const session: SessionModel = {
    file: recording.file,
    id: sessionIdFor(recording),
    format: recording.format,
    startTimestamp: start,
    durationMs: end - start,
    events: options.keepEvents === false ? [] : events,
    eventCount: events.length,
    warnings: recording.warnings,
    pages,
    errors: [],
    requests,
    struggles: [],
  };
  const span: AttributionSession = {
    ...(recording.sessionId ? { sessionId: recording.sessionId } : {}),
    start,
    end,
    pages: pages.map((p) => ({ url: p.url, at: start + p.atMs })),
  };
  return { session, span, ownErrors: errorCollector.errors(start), files: recording.files.map((f) => resolve(f)), siblingLogs, detectors };
}

/** Adds the session's attributed log errors to its own and runs the detectors' last step. */
export function finishSession(prepared: PreparedSession, logErrors: readonly ErrorRecord[]): SessionModel {
  const { session } = prepared;
  const start = session.startTimestamp;
  const attached = logErrors.map((e) => ({ ...e, atMs: e.timestamp - start }));
  session.errors = dedupeErrors([...prepared.ownErrors, ...attached]).sort((a, b) => a.atMs - b.atMs);
  session.struggles = prepared.detectors.finish(session);
  return session;
}

/** Reads each log once; problems go to onError and the log counts as empty. */
export async function readLogs(
  files: readonly string[],
  read: (file: string) => Promise<ErrorRecord[]>,
  onError: (file: string, message: string) => void,
): Promise<Map<string, ErrorRecord[]>> {
  const logs = new Map<string, ErrorRecord[]>();
  for (const file of files) {
    if (logs.has(file)) continue;
    try {
      logs.set(file, await read(file));
    } catch (error) {
      onError(file, messageOf(error));
      logs.set(file, []);
    }
  }
  return logs;
}

/** Analyzes one loaded session: pass, timing, errors (its siblings and externalErrors), struggles. */
export async function analyzeRecording(recording: LoadedRecording, options: AnalyzeRecordingOptions = {}): Promise<SessionModel> {
  const prepared = await prepareRecording(recording, options);
  const siblings = await readLogs(prepared.siblingLogs, loadErrorsFile, (file, message) => options.onInputError?.({ file, message }));
  const sources: ErrorSource[] = [{ errors: options.externalErrors ?? [] }, ...[...siblings.values()].map((errors) => ({ errors, only: [0] }))];
  const { bySession } = attributeErrors(sources, [prepared.span], { slackMs: options.attachSlackMs });
  return finishSession(prepared, bySession[0]);
}

/** Files inside the working folder are reported relative to it, as a user would type them. */
export function shownPath(cwd: string, abs: string): string {
  return abs.startsWith(cwd + sep) ? relative(cwd, abs).split(sep).join('/') : abs;
}

/** Reads, groups, analyzes and (with a workspace) links every input. Never throws on bad input. */
export async function analyzeInputs(inputs: readonly string[], options: AnalyzeOptions = {}): Promise<AnalysisResult> {
  const cwd = options.cwd ?? process.cwd();
  const inputErrors: InputErrorReport[] = [];
  const expanded = await expandInputs(inputs.map((i) => resolve(cwd, i)));
  const shown = (abs: string): string => shownPath(cwd, abs);
  inputErrors.push(...expanded.errors.map((e) => ({ file: shown(e.file), message: e.message })));

  const readErrors = options.readErrorsFile ?? loadErrorsFile;
  // Every log is read once per run and attributed once, across all sessions.
  const externalFiles = [...new Set((options.errorsFiles ?? []).map((f) => resolve(cwd, f)))];
  const logs = await readLogs(externalFiles, readErrors, (file, message) => inputErrors.push({ file: shown(file), message }));

  const prepare = async (recording: LoadedRecording): Promise<PreparedSession> =>
    prepareRecording(recording, {
      detect: options.detect,
      externalErrorFiles: [...externalFiles, ...(options.ignoreSiblingLogs ?? []).map((f) => resolve(f))],
      keepEvents: options.keepEvents,
      onInputError: (e) => inputErrors.push({ file: shown(e.file), message: e.message }),
    });

  // A recording without a session id is a session of its own: its pass runs as soon as it is
  // read, so only one recording's events are in memory at a time (the prepared session keeps no
  // mirror, and no events unless asked). Segments (a shared session id, or --session) wait for
  // the others and are merged; sessions keep the order in which their first file was named.
  const slots: (PreparedSession | LoadedRecording[])[] = [];
  const segmentsById = new Map<string, LoadedRecording[]>();
  for (const [i, file] of expanded.files.entries()) {
    throwIfAborted(options.signal);
    options.onProgress?.({ done: i, total: expanded.files.length, file: shown(file) });
    let recording: LoadedRecording;
    try {
      recording = await loadRecording(file, { maxDecompressedBytes: options.maxDecompressedBytes, signal: options.signal });
    } catch (error) {
      throwIfAborted(options.signal);
      inputErrors.push({ file: shown(file), message: messageOf(error) });
      continue;
    }
    // `file` is what reports show; `files` keeps the real paths for sibling look-ups.
    recording = { ...recording, file: shown(file) };
    const key = options.oneSession ? '' : recording.sessionId;
    if (key === undefined) {
      throwIfAborted(options.signal);
      slots.push(await prepare(recording));
      continue;
    }
    let segments = segmentsById.get(key);
    if (!segments) {
      segments = [];
      segmentsById.set(key, segments);
      slots.push(segments);
    }
    segments.push(recording);
  }

  const prepared: PreparedSession[] = [];
  for (const slot of slots) {
    throwIfAborted(options.signal);
    if (!Array.isArray(slot)) {
      prepared.push(slot);
      continue;
    }
    const merged = mergeRecordings(slot);
    prepared.push(await prepare(slot.length > 1 ? { ...merged, file: merged.files.map(shown).join(' + ') } : merged));
  }

  // Logs beside a recording belong to its session; the others apply to every session.
  const sources: ErrorSource[] = externalFiles.map((file) => ({ errors: logs.get(file)!.map((e) => ({ ...e, file: shown(file) })) }));
  const siblingOwners = new Map<string, number[]>();
  prepared.forEach((p, index) => {
    for (const log of p.siblingLogs) siblingOwners.set(log, [...(siblingOwners.get(log) ?? []), index]);
  });
  const siblingLogs = await readLogs([...siblingOwners.keys()], readErrors, (file, message) => inputErrors.push({ file: shown(file), message }));
  for (const [file, only] of siblingOwners) sources.push({ errors: siblingLogs.get(file)!.map((e) => ({ ...e, file: shown(file) })), only });
  const attribution = attributeErrors(sources, prepared.map((p) => p.span), { slackMs: options.attachSlackMs });

  const assignedByFile = options.assignErrors ? await options.assignErrors(prepared.map((p) => ({ files: p.files, span: p.span }))) : undefined;
  throwIfAborted(options.signal);
  const sessions = prepared.map((p, index) => {
    const assigned = p.files.flatMap((f) => assignedByFile?.get(f) ?? []);
    return finishSession(p, [...attribution.bySession[index], ...assigned]);
  });

  if (options.workspace && sessions.length > 0) {
    const workspace = resolve(cwd, options.workspace);
    const needsElements = sessions.some((s) => s.struggles.length > 0);
    const elements = !needsElements
      ? undefined
      : options.link
        ? await options.link.elements()
        : await ElementIndex.build(workspace, { include: options.include, exclude: options.exclude, signal: options.signal });
    const maps = options.link?.maps ?? new SourceMapResolver(workspace, options.sourceMaps);
    for (const session of sessions) {
      throwIfAborted(options.signal);
      await linkSession(session, workspace, { elements, maps, signal: options.signal });
    }
  }
  options.onProgress?.({ done: expanded.files.length, total: expanded.files.length, file: '' });
  return { sessions, spans: prepared.map((p) => p.span), unattachedErrors: attribution.unattached, inputErrors };
}
