/**
 * The engine's shared data model. Everything in src/core speaks these types; the JSON output of
 * `struggle-lens analyze --json` (see schema/analysis.schema.json) is built from them.
 *
 * Data flows one way: bytes → RecordingEvent[] (recording/) → SessionModel (recording/runPass.ts,
 * one pass with the node mirror) → struggles (detect/) → sources (link/) → views.
 */

/** An rrweb event as it arrives (already decoded from PostHog/Sentry wrappers). */
export interface RecordingEvent {
  type: number;
  data: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- validated per use
  timestamp: number;
  /** PostHog: the window (tab) this event belongs to; node ids are per window. */
  windowId?: string;
}

export type RecordingFormat = 'rrweb' | 'posthog' | 'sentry';

/** What the loader hands to the session builder: one session's events, sorted by time. */
export interface LoadedRecording {
  /** The file as given (or several joined with " + " for merged segments). */
  file: string;
  files: string[];
  format: RecordingFormat;
  /** The session id found in the data (PostHog/Sentry), when there is one. */
  sessionId?: string;
  events: RecordingEvent[];
  warnings: string[];
  /** Bytes read from disk (compressed size for gzip). */
  bytesRead: number;
}

/** A problem with one input file. The message names what was expected and where it went wrong. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'InputError';
  }
}

// ---------------------------------------------------------------------------------------------
// Elements as the node mirror saw them at one moment

export interface NodeSummary {
  nodeId: number;
  tag: string;
  attributes: Record<string, string>;
}

export interface ElementInfo extends NodeSummary {
  /** Readable, stable CSS-like selector at that moment (data-testid/id/name/aria-label first). */
  selector: string;
  /** Visible text of the element, whitespace-collapsed and trimmed to 80 characters. */
  text: string;
  /** Parent first, up to the document root. Shadow hosts and iframe elements are included. */
  ancestors: NodeSummary[];
  /** True when the node lives in a shadow root or an iframe document (selector is relative). */
  inShadowRoot?: boolean;
  inIframe?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Pages, timing and errors

export interface PageMetrics {
  ttfbMs?: number;
  fcpMs?: number;
  lcpMs?: number;
  domContentLoadedMs?: number;
  loadMs?: number;
  cls?: number;
  inpMs?: number;
}

export type MetricsSource = 'rrweb/network@1' | 'sentry' | 'har' | 'web-vitals' | 'inferred';

export interface Page {
  url: string;
  atMs: number;
  /** To the next page of the same window, else to that window's last event (not the session's). */
  durationMs: number;
  windowId?: string;
  metrics: PageMetrics;
  metricsSource?: MetricsSource;
  /** Index into SessionModel.events of this page's Meta (or FullSnapshot) event. */
  eventIndex: number;
  /** Node id of the LCP element / INP target when the timing source names one. */
  lcpNodeId?: number;
  inpNodeId?: number;
}

export interface SourceLocation {
  /** Relative to the workspace, `/` separators. */
  file: string;
  line: number; // 1-based
  column: number; // 1-based
  /**
   * The file is not in the workspace: a source map's `sourcesContent` is all there is of it, so
   * views open it read-only.
   */
  contentOnly?: boolean;
}

export interface StackFrame {
  function?: string;
  url?: string;
  line?: number; // 1-based
  column?: number; // 1-based
  /** Filled by link/: the original source through a source map. */
  source?: SourceLocation;
  /** True for frames in node_modules or marked not in_app. */
  library?: boolean;
}

export type ErrorOrigin = 'console-plugin' | 'sentry-breadcrumb' | 'errors-file';

export interface ErrorRecord {
  atMs: number;
  /** Absolute epoch ms (used to attach errors from separate files to sessions). */
  timestamp: number;
  type: string;
  message: string;
  origin: ErrorOrigin;
  /** Innermost (throwing) frame first. */
  frames: StackFrame[];
  /** The file the error came from (errors files only). */
  file?: string;
  /**
   * True when the error was caught (Sentry `mechanism.handled: true`, a PostHog exception marked
   * handled): shown on the timeline, never an uncaught `error` struggle or an error click.
   */
  handled?: boolean;
  /** Errors files: the session the error names (Sentry replay id, PostHog `$session_id`, …). */
  sessionId?: string;
  /** Errors files: the page the error happened on (`request.url`, `$current_url`). */
  url?: string;
}

/** A network request seen in the recording (network plugin, Sentry resource spans, HAR). */
export interface NetworkRequest {
  url: string;
  method?: string;
  status?: number;
  /** Epoch ms when the request started. */
  startTimestamp: number;
  durationMs?: number;
  initiatorType?: string;
}

// ---------------------------------------------------------------------------------------------
// Struggles (filled by detect/, linked by link/)

export type StruggleKind =
  | 'rage-click'
  | 'dead-click'
  | 'error-click'
  | 'slow-load'
  | 'error'
  | 'thrashed-cursor'
  | 'excessive-scroll'
  | 'quick-back'
  | 'form-abandon';

export type Severity = 'low' | 'medium' | 'high';

export interface SourceLink extends SourceLocation {
  confidence: number;
  reason: string;
}

export interface StruggleTarget {
  nodeId: number;
  selector: string;
  tag: string;
  text?: string;
  attributes: Record<string, string>;
}

export interface Struggle {
  id: string;
  kind: StruggleKind;
  atMs: number;
  durationMs: number;
  url: string;
  severity: Severity;
  confidence: number;
  summary: string;
  target?: StruggleTarget;
  details: Record<string, unknown>;
  errorIndex?: number;
  sources: SourceLink[];
}

// ---------------------------------------------------------------------------------------------
// The session

export interface SessionModel {
  file: string;
  id: string;
  format: RecordingFormat;
  /** Epoch ms of the first event. */
  startTimestamp: number;
  durationMs: number;
  /** The events, in time order (empty when analysis was asked not to keep them). */
  events: RecordingEvent[];
  eventCount: number;
  warnings: string[];
  pages: Page[];
  errors: ErrorRecord[];
  requests: NetworkRequest[];
  struggles: Struggle[];
}
