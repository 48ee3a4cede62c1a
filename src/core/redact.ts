/**
 * `--redact` / struggleLens.export.redactText: a report with every recorded text removed, for
 * sharing outside the team. Kept: kinds, times, severities, confidence, metrics, element tags and
 * attribute names, source locations (they are the workspace's, not the recording's), error types
 * and the URL's origin and path. Removed: text shown on or typed into the page, attribute values
 * (also where a link's reason quotes them), error messages, URL queries and fragments, and every
 * string in a struggle's details.
 */
import type { StackFrame, Struggle } from './model';
import type { AnalysisReport, SessionReport } from './report';

export const REDACTED = '[redacted]';

/** Origin and path only: a query or fragment often holds an e-mail address or a token. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return `${parsed.origin}${parsed.pathname}${parsed.search || parsed.hash ? `?${REDACTED}` : ''}`;
  } catch {
    // not an absolute URL
  }
  return url ? REDACTED : url;
}

/** Quoted parts of a summary or selector (`"Add to cart"`, `[aria-label='x']`) are recorded text. */
function redactQuoted(text: string): string {
  return text.replace(/"[^"]*"|'[^']*'|“[^”]*”/g, `"${REDACTED}"`);
}

function redactDeep(value: unknown): unknown {
  if (typeof value === 'string') return REDACTED;
  if (Array.isArray(value)) return value.map(redactDeep);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)]));
  return value;
}

/** Summaries quote element text and error messages: rebuilt from the kind, the tag and the path. */
function redactedSummary(struggle: Struggle): string {
  let path = '';
  try {
    path = new URL(struggle.url).pathname;
  } catch {
    // no URL
  }
  return `${struggle.kind}${struggle.target ? ` on <${struggle.target.tag}>` : ''}${path ? ` at ${path}` : ''} (text ${REDACTED})`;
}

function redactStruggle(struggle: Struggle): Struggle {
  const out: Struggle = { ...struggle, url: redactUrl(struggle.url), summary: redactedSummary(struggle), details: redactDeep(struggle.details) as Record<string, unknown>, sources: struggle.sources.map((l) => ({ ...l, reason: redactQuoted(l.reason) })) };
  if (struggle.target) {
    out.target = {
      ...struggle.target,
      selector: redactQuoted(struggle.target.selector),
      attributes: Object.fromEntries(Object.keys(struggle.target.attributes).map((k) => [k, REDACTED])),
      ...(struggle.target.text !== undefined ? { text: REDACTED } : {}),
    };
  }
  return out;
}

/** Error types and frames are code, not recorded text; the message and URL queries are. */
function redactError<E extends { message: string; frames: StackFrame[] }>(error: E): E {
  return { ...error, message: REDACTED, frames: error.frames.map((f) => ({ ...f, ...(f.url ? { url: redactUrl(f.url) } : {}) })) };
}

export function redactSession(session: SessionReport): SessionReport {
  return {
    ...session,
    pages: session.pages.map((p) => ({ ...p, url: redactUrl(p.url) })),
    errors: session.errors.map(redactError),
    struggles: session.struggles.map(redactStruggle),
  };
}

export function redactReport(report: AnalysisReport): AnalysisReport {
  return {
    ...report,
    sessions: report.sessions.map(redactSession),
    unattachedErrors: report.unattachedErrors.map(redactError),
  };
}
