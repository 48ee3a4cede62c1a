/**
 * A generated day of recordings and one error export beside them, the way users bring them:
 * sessions minutes apart (some carrying their own session id, some not), and an export holding
 * errors from inside those sessions, before the first, between them and after the last — in
 * Sentry's event shape or PostHog's `$exception` shape. Each error's message says where it must
 * land (`expected`), so a test (or the measurement script) can check every one.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const T = Date.UTC(2026, 10, 22, 9, 0, 0);

export interface GeneratedSession {
  file: string;
  /** The recording's own session id (Sentry replay_id), when it carries one. */
  id?: string;
  start: number;
  end: number;
  url: string;
}

export interface GeneratedExport {
  sessions: GeneratedSession[];
  /** Error message → the recording file it belongs to, or null (matches no recording). */
  expected: Map<string, string | null>;
  exportFile: string;
}

export interface GenerateOptions {
  sessions: number;
  /** Errors inside each session (besides the special cases). */
  perSession: number;
  shape: 'sentry' | 'posthog';
  /** Every how many sessions one carries its own id (0: none do). */
  idEvery?: number;
  gapMs?: number;
  durationMs?: number;
}

function recording(start: number, end: number, url: string): object[] {
  const node = {
    type: 0,
    id: 1,
    childNodes: [{ type: 2, id: 2, tagName: 'html', attributes: {}, childNodes: [{ type: 2, id: 3, tagName: 'body', attributes: {}, childNodes: [] }] }],
  };
  const events: object[] = [
    { type: 4, data: { href: url, width: 1280, height: 720 }, timestamp: start },
    { type: 2, data: { node, initialOffset: { top: 0, left: 0 } }, timestamp: start + 5 },
  ];
  for (let t = start + 1000; t < end; t += 1000) events.push({ type: 3, data: { source: 1, positions: [{ x: 10, y: 10, id: 3, timeOffset: 0 }] }, timestamp: t });
  events.push({ type: 3, data: { source: 1, positions: [{ x: 20, y: 20, id: 3, timeOffset: 0 }] }, timestamp: end });
  return events;
}

interface PlannedError {
  at: number;
  message: string;
  sessionId?: string;
  url?: string;
  expected: string | null;
}

function sentryEvent(e: PlannedError): object {
  return {
    event_id: e.message.replace(/\W/g, ''),
    timestamp: e.at / 1000,
    platform: 'javascript',
    level: 'error',
    exception: {
      values: [
        {
          type: 'TypeError',
          value: e.message,
          mechanism: { type: 'onerror', handled: false },
          stacktrace: { frames: [{ filename: 'https://shop.example/assets/index.js', function: 'onClick', lineno: 1, colno: 100, in_app: true }] },
        },
      ],
    },
    ...(e.url ? { request: { url: e.url } } : {}),
    ...(e.sessionId ? { contexts: { replay: { replay_id: e.sessionId } }, tags: { replayId: e.sessionId } } : {}),
  };
}

function posthogEvent(e: PlannedError): object {
  return {
    uuid: e.message.replace(/\W/g, ''),
    event: '$exception',
    timestamp: new Date(e.at).toISOString(),
    distinct_id: 'user-1',
    properties: {
      $exception_list: [
        {
          type: 'TypeError',
          value: e.message,
          mechanism: { type: 'onerror', handled: false, synthetic: false },
          stacktrace: { type: 'raw', frames: [{ filename: 'https://shop.example/assets/index.js', function: 'onClick', lineno: 1, colno: 100, in_app: true }] },
        },
      ],
      ...(e.sessionId ? { $session_id: e.sessionId } : {}),
      ...(e.url ? { $current_url: e.url } : {}),
    },
  };
}

/** Writes the recordings and the export into `dir`; returns what each error should match. */
export function generateExport(dir: string, options: GenerateOptions): GeneratedExport {
  mkdirSync(dir, { recursive: true });
  const gap = options.gapMs ?? 40_000;
  const duration = options.durationMs ?? 20_000;
  const idEvery = options.idEvery ?? 2;
  const sessions: GeneratedSession[] = [];
  for (let i = 0; i < options.sessions; i++) {
    const start = T + i * (duration + gap);
    const end = start + duration;
    const url = `https://shop.example/page-${i}`;
    const name = `session-${String(i).padStart(3, '0')}.rrweb.json`;
    const id = idEvery > 0 && i % idEvery === 0 ? `replay-${i}` : undefined;
    const events = recording(start, end, url);
    writeFileSync(join(dir, name), JSON.stringify(id ? { replay_id: id, events } : events));
    sessions.push({ file: name, ...(id ? { id } : {}), start, end, url });
  }
  const planned: PlannedError[] = [];
  let n = 0;
  const add = (at: number, expected: string | null, extra: Partial<PlannedError> = {}): void => {
    planned.push({ at, message: `generated error #${n++}`, expected, ...extra });
  };
  const first = sessions[0];
  const last = sessions[sessions.length - 1];
  add(first.start - 30_000, null); // before every session
  add(first.start - 2_500, null); // just outside the slack: never clamped in
  add(last.end + 45_000, null); // after every session
  sessions.forEach((s, i) => {
    const step = duration / (options.perSession + 1);
    for (let k = 1; k <= options.perSession; k++) {
      // Alternate: with the session's id (when it has one) and without any id.
      const withId = s.id !== undefined && k % 2 === 0;
      add(s.start + Math.round(k * step), s.file, { ...(withId ? { sessionId: s.id } : {}), url: s.url });
    }
    add(s.start - 1_500, s.file); // within the slack before the first event
    const next = sessions[i + 1];
    if (next) add(s.end + Math.round(gap / 2), null); // between two sessions
    // A different session's id, inside this session's span.
    if (s.id !== undefined) add(s.start + 100, null, { sessionId: `ghost-${i}` });
    // This session's id, far from its span (the id wins over time).
    if (s.id !== undefined && next) add(next.start + 500, s.file, { sessionId: s.id });
  });
  const expected = new Map(planned.map((e) => [e.message, e.expected]));
  const exportFile = join(dir, options.shape === 'sentry' ? 'day.sentry.json' : 'day.posthog.jsonl');
  if (options.shape === 'sentry') writeFileSync(exportFile, JSON.stringify(planned.map(sentryEvent)));
  else writeFileSync(exportFile, `${planned.map((e) => JSON.stringify(posthogEvent(e))).join('\n')}\n`);
  return { sessions, expected, exportFile };
}
