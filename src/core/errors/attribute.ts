/**
 * Which session an error from a separate log belongs to (formats.md, "Error logs"). One error
 * belongs to one session, or to none. In order:
 *
 * 1. ids: the session the error names (Sentry replay id, PostHog `$session_id`, a `sessionId`
 *    field) when a session has that id. An error naming a session that is not here is never
 *    attached to a session that has an id of its own (only, by time, to one without).
 * 2. time: the sessions whose span (first to last event) contains the error's timestamp, give or
 *    take `slackMs` for clock rounding. One: that one. Several: the one whose page URL matches
 *    the error's page (`request.url` / `$current_url`), else the nearest.
 *
 * Nothing is ever clamped into a session: an error outside every span is unattached, and an
 * attached error's `atMs` is its real offset from the session's first event (a little below 0 or
 * past the end within the slack).
 *
 * Pure: the caller loads every log once and passes every session of the run.
 */
import type { ErrorRecord } from '../model';

export const DEFAULT_ATTACH_SLACK_MS = 2000;

export interface AttributionSession {
  /** The recording's own session id (from its data), when it has one. */
  sessionId?: string;
  /** Epoch ms of the first and last event. */
  start: number;
  end: number;
  /** The session's pages: URL and epoch ms when each was opened. */
  pages: readonly { url: string; at: number }[];
}

export interface ErrorSource {
  errors: readonly ErrorRecord[];
  /**
   * A log beside a recording (same base name): its errors may go only to these sessions (indexes
   * into the sessions list), by the same rule. Without it the log applies to every session.
   */
  only?: readonly number[];
}

export interface AttributeOptions {
  slackMs?: number;
}

export interface Attribution {
  /** Per session (same order as the sessions given): its errors, `atMs` set, in time order. */
  bySession: ErrorRecord[][];
  /** Errors that matched no session, in the order of their logs. */
  unattached: ErrorRecord[];
}

/** 2: the same URL (fragment aside); 1: the same origin and path; 0: neither (or no URL). */
function urlMatch(pageUrl: string, errorUrl: string): number {
  if (!pageUrl || !errorUrl) return 0;
  const strip = (u: string) => u.replace(/#.*$/, '');
  if (strip(pageUrl) === strip(errorUrl)) return 2;
  const a = originAndPath(pageUrl);
  return a !== undefined && a === originAndPath(errorUrl) ? 1 : 0;
}

function originAndPath(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}

/** How well a session's pages match the error's page: the page open at that moment counts most. */
function urlScore(session: AttributionSession, url: string | undefined, at: number): number {
  if (!url) return 0;
  let best = 0;
  let current: { url: string; at: number } | undefined;
  for (const page of session.pages) {
    best = Math.max(best, urlMatch(page.url, url));
    if (page.at <= at && (!current || page.at >= current.at)) current = page;
  }
  return current && urlMatch(current.url, url) > 0 ? best + 2 : best;
}

function distance(session: AttributionSession, at: number): number {
  return at < session.start ? session.start - at : at > session.end ? at - session.end : 0;
}

/** The session index for one error, or undefined. */
function pick(
  error: ErrorRecord,
  sessions: readonly AttributionSession[],
  candidates: readonly number[] | undefined,
  slackMs: number,
): number | undefined {
  const indexes = candidates ?? sessions.map((_, i) => i);
  if (error.sessionId !== undefined) {
    const named = indexes.filter((i) => sessions[i].sessionId === error.sessionId);
    if (named.length === 1) return named[0];
    if (named.length > 1) return nearest(error, sessions, named);
  }
  const at = error.timestamp;
  const inSpan = indexes.filter((i) => {
    const s = sessions[i];
    // An error that names a session is never attached to another session with an id of its own.
    if (error.sessionId !== undefined && s.sessionId !== undefined) return false;
    return at >= s.start - slackMs && at <= s.end + slackMs;
  });
  if (inSpan.length <= 1) return inSpan[0];
  return nearest(error, sessions, inSpan);
}

/** Among several candidates: the best URL match, then the nearest span, then the latest start. */
function nearest(error: ErrorRecord, sessions: readonly AttributionSession[], indexes: readonly number[]): number {
  const at = error.timestamp;
  let best = indexes[0];
  let bestKey = [urlScore(sessions[best], error.url, at), -distance(sessions[best], at), sessions[best].start];
  for (const i of indexes.slice(1)) {
    const key = [urlScore(sessions[i], error.url, at), -distance(sessions[i], at), sessions[i].start];
    const better = key[0] !== bestKey[0] ? key[0] > bestKey[0] : key[1] !== bestKey[1] ? key[1] > bestKey[1] : key[2] > bestKey[2];
    if (better) {
      best = i;
      bestKey = key;
    }
  }
  return best;
}

/** Attribute every error of every log to at most one session. */
export function attributeErrors(
  sources: readonly ErrorSource[],
  sessions: readonly AttributionSession[],
  options: AttributeOptions = {},
): Attribution {
  const slackMs = Math.max(0, options.slackMs ?? DEFAULT_ATTACH_SLACK_MS);
  const bySession: ErrorRecord[][] = sessions.map(() => []);
  const unattached: ErrorRecord[] = [];
  for (const source of sources) {
    for (const error of source.errors) {
      const index = pick(error, sessions, source.only, slackMs);
      if (index === undefined) unattached.push(error);
      else bySession[index].push({ ...error, atMs: error.timestamp - sessions[index].start });
    }
  }
  for (const list of bySession) list.sort((a, b) => a.timestamp - b.timestamp);
  return { bySession, unattached };
}
