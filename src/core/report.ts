/**
 * The JSON contract of `struggle-lens analyze --json` (analysis-json.md, src/schema/analysis.schema.json).
 * The extension uses the same objects, so both views agree on what a session contains.
 */
import type { ErrorRecord, Page, SessionModel, Struggle } from './model';

export const SCHEMA_VERSION = 1;
export const TOOL_NAME = 'struggle-lens';
declare const __STRUGGLE_LENS_VERSION__: string | undefined;
export const TOOL_VERSION: string =
  typeof __STRUGGLE_LENS_VERSION__ === 'string' ? __STRUGGLE_LENS_VERSION__ : '0.1.0';

export interface InputErrorReport {
  file: string;
  message: string;
}

export interface SessionReport {
  file: string;
  id: string;
  format: SessionModel['format'];
  startedAt: string;
  durationMs: number;
  eventCount: number;
  warnings: string[];
  pages: PageReport[];
  errors: ErrorReport[];
  struggles: Struggle[];
}

export type PageReport = Pick<Page, 'url' | 'atMs' | 'durationMs' | 'metrics' | 'metricsSource'>;
export type ErrorReport = Pick<ErrorRecord, 'atMs' | 'type' | 'message' | 'origin' | 'frames' | 'file' | 'handled'>;

/** An error from a separate log that matched no session. */
export interface UnattachedErrorReport {
  file: string;
  /** ISO-8601 time of the error. */
  at: string;
  type: string;
  message: string;
  handled?: boolean;
  frames: ErrorRecord['frames'];
}

export interface AnalysisReport {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: typeof TOOL_NAME; version: string };
  sessions: SessionReport[];
  /** Errors from separate logs that matched no session, once each. */
  unattachedErrors: UnattachedErrorReport[];
  inputErrors: InputErrorReport[];
}

const round = (n: number, digits = 1): number => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

function pageReport(page: Page): PageReport {
  const metrics: Page['metrics'] = {};
  for (const [key, value] of Object.entries(page.metrics) as [keyof Page['metrics'], number | undefined][]) {
    if (typeof value === 'number' && Number.isFinite(value)) metrics[key] = key === 'cls' ? round(value, 4) : round(value);
  }
  return {
    url: page.url,
    atMs: round(page.atMs),
    durationMs: round(page.durationMs),
    metrics,
    ...(page.metricsSource ? { metricsSource: page.metricsSource } : {}),
  };
}

function errorReport(error: ErrorRecord): ErrorReport {
  return {
    atMs: round(error.atMs),
    type: error.type,
    message: error.message,
    origin: error.origin,
    ...(error.file ? { file: error.file } : {}),
    ...(error.handled ? { handled: true } : {}),
    frames: error.frames.map((f) => ({ ...f })),
  };
}

export function unattachedErrorReport(error: ErrorRecord): UnattachedErrorReport {
  return {
    file: error.file ?? '',
    at: new Date(error.timestamp).toISOString(),
    type: error.type,
    message: error.message,
    ...(error.handled ? { handled: true } : {}),
    frames: error.frames.map((f) => ({ ...f })),
  };
}

export function sessionReport(session: SessionModel): SessionReport {
  return {
    file: session.file,
    id: session.id,
    format: session.format,
    startedAt: new Date(session.startTimestamp).toISOString(),
    durationMs: round(session.durationMs),
    eventCount: session.eventCount,
    warnings: [...session.warnings],
    pages: session.pages.map(pageReport),
    errors: session.errors.map(errorReport),
    struggles: session.struggles,
  };
}

export function analysisReport(
  sessions: SessionModel[],
  inputErrors: InputErrorReport[],
  unattachedErrors: readonly ErrorRecord[] = [],
): AnalysisReport {
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    sessions: sessions.map(sessionReport),
    unattachedErrors: unattachedErrors.map(unattachedErrorReport),
    inputErrors,
  };
}
