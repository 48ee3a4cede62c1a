/**
 * The engine's one entry point: recordings in, analyzed sessions out. Composes loading, the
 * single pass (pages, timing, errors, detectors), error logs, HAR files and source links.
 */
import { relative, resolve, sep } from 'node:path';
import { createDetectors, DEFAULT_DETECT_CONFIG, type DetectConfig } from './detect';
import { attachErrors, dedupeErrors, ErrorCollector, findErrorSiblings, loadErrorsFile } from './errors';
import { expandInputs } from './inputs';
import { ElementIndex, linkSession, SourceMapResolver, type SourceMapResolverOptions } from './link';
import { InputError, type ErrorRecord, type LoadedRecording, type SessionModel } from './model';
import type { InputErrorReport } from './report';
import { loadRecording, mergeRecordings } from './recording/load';
import { runPass, sessionIdFor } from './recording/session';
import { applyHar, findHarSiblings, loadHar, TimingCollector } from './timing';

export interface AnalyzeOptions {
  /** Resolves relative inputs (default: process.cwd()). */
  cwd?: string;
  /** Link struggles and error frames to sources in this folder. */
  workspace?: string;
  /** Separate error logs that apply to every session (`--errors`). */
  errorsFiles?: string[];
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
}

export interface AnalysisResult {
  sessions: SessionModel[];
  inputErrors: InputErrorReport[];
}

export interface AnalyzeRecordingOptions {
  detect?: DetectConfig;
  /** Errors from separate logs, loaded once; attached when they fall in the session's span. */
  externalErrors?: readonly ErrorRecord[];
  /** Absolute paths of the logs behind externalErrors: not read again as siblings. */
  externalErrorFiles?: readonly string[];
  /** Look for `<base>.har` and `<base>.errors.*` beside each recording file (default true). */
  siblings?: boolean;
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

/** Analyzes one loaded session: pass, timing, errors, struggles. Sources are linked separately. */
export async function analyzeRecording(recording: LoadedRecording, options: AnalyzeRecordingOptions = {}): Promise<SessionModel> {
  const events = recording.events;
  const start = events.length > 0 ? events[0].timestamp : 0;
  const end = events.length > 0 ? events[events.length - 1].timestamp : 0;
  const timing = new TimingCollector();
  const errorCollector = new ErrorCollector();
  const detectors = createDetectors(options.detect ?? DEFAULT_DETECT_CONFIG);
  const { pages } = runPass(events, [timing, errorCollector, ...detectors.observers]);

  const requests = timing.applyTo(pages, start);
  const fileErrors: ErrorRecord[] = [...(options.externalErrors ?? [])];
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
        if (options.externalErrorFiles?.includes(resolve(log))) continue;
        try {
          fileErrors.push(...(await loadErrorsFile(log)));
        } catch (error) {
          options.onInputError?.({ file: log, message: messageOf(error) });
        }
      }
    }
  }
  timing.inferPageTimings(pages, start);

  const errors = dedupeErrors([...errorCollector.errors(start), ...attachErrors(start, end, fileErrors)]).sort((a, b) => a.atMs - b.atMs);
  const session: SessionModel = {
    file: recording.file,
    id: sessionIdFor(recording),
    format: recording.format,
    startTimestamp: start,
    durationMs: end - start,
    events,
    eventCount: events.length,
    warnings: recording.warnings,
    pages,
    errors,
    requests,
    struggles: [],
  };
  session.struggles = detectors.finish(session);
  return session;
}

/** Reads, groups, analyzes and (with a workspace) links every input. Never throws on bad input. */
export async function analyzeInputs(inputs: readonly string[], options: AnalyzeOptions = {}): Promise<AnalysisResult> {
  const cwd = options.cwd ?? process.cwd();
  const inputErrors: InputErrorReport[] = [];
  const expanded = await expandInputs(inputs.map((i) => resolve(cwd, i)));
  // Files inside the working folder are reported relative to it, as a user would type them.
  const shown = (abs: string): string => (abs.startsWith(cwd + sep) ? relative(cwd, abs).split(sep).join('/') : abs);
  inputErrors.push(...expanded.errors.map((e) => ({ file: shown(e.file), message: e.message })));

  const externalErrors: ErrorRecord[] = [];
  for (const file of options.errorsFiles ?? []) {
    try {
      externalErrors.push(...(await loadErrorsFile(resolve(cwd, file))));
    } catch (error) {
      inputErrors.push({ file, message: messageOf(error) });
    }
  }

  const analyze = async (recording: LoadedRecording): Promise<SessionModel> => {
    const session = await analyzeRecording(recording, {
      detect: options.detect,
      externalErrors,
      externalErrorFiles: (options.errorsFiles ?? []).map((f) => resolve(cwd, f)),
      onInputError: (e) => inputErrors.push({ file: shown(e.file), message: e.message }),
    });
    if (options.keepEvents === false) session.events = [];
    return session;
  };

  // A recording without a session id is a session of its own: analyzed as soon as it is read, so
  // only one is in memory at a time. Segments (a shared session id, or --session) wait for the
  // others and are merged; sessions keep the order in which their first file was named.
  const slots: (SessionModel | LoadedRecording[])[] = [];
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
      slots.push(await analyze(recording));
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

  const sessions: SessionModel[] = [];
  for (const slot of slots) {
    throwIfAborted(options.signal);
    if (!Array.isArray(slot)) {
      sessions.push(slot);
      continue;
    }
    const merged = mergeRecordings(slot);
    sessions.push(await analyze(slot.length > 1 ? { ...merged, file: merged.files.map(shown).join(' + ') } : merged));
  }

  if (options.workspace && sessions.length > 0) {
    const workspace = resolve(cwd, options.workspace);
    const needsElements = sessions.some((s) => s.struggles.length > 0);
    const elements = needsElements
      ? await ElementIndex.build(workspace, { include: options.include, exclude: options.exclude, signal: options.signal })
      : undefined;
    const maps = new SourceMapResolver(workspace, options.sourceMaps);
    for (const session of sessions) {
      throwIfAborted(options.signal);
      await linkSession(session, workspace, { elements, maps, signal: options.signal });
    }
  }
  options.onProgress?.({ done: expanded.files.length, total: expanded.files.length, file: '' });
  return { sessions, inputErrors };
}
