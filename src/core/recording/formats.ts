/**
 * Recognises the shapes recordings come in and turns them into rrweb events.
 *
 * The streaming reader (jsonStream.ts) hands over each top-level JSON value; the collector works
 * out from its content what it is:
 * - an rrweb event (one JSON Lines record), or an array of them;
 * - `{"events": [...]}`;
 * - a PostHog export `{"version", "data": {"snapshots": [...]}}` (snapshots are events, or
 *   `{windowId, data: event}` wrappers), the older `data.snapshotsByWindowId`;
 * - PostHog's stored form, `{"window_id", "data": [events]}` per line, `[windowId, event]` lines
 *   (what its snapshot storage writes inside snappy blocks, see snappy.ts) and events carrying a
 *   `windowId`; the older API page `{snapshot_data_by_window_id: {windowId: [events]}}` (also
 *   under `result`, and the long-term-storage file with a `version`); PostHog `$snapshot`
 *   events; PostHog compressed events (`cv`);
 * - Sentry replay segments: events plus `breadcrumb`/`performanceSpan` custom events, also as an
 *   array of segments (`[[...], [...]]`, the recording-segments download) or behind the
 *   `{"segment_id": N}` header line of a replay envelope item (envelopes: envelope.ts), and the
 *   envelope's `replay_event` item, which names the replay.
 *
 * Session ids: `$session_id`/`session_id`/`sessionId` beside the events or on each event,
 * PostHog's export `data.id`, Sentry's `replay_id`.
 */
import { EventType } from '@rrweb/types';
import { InputError, type RecordingEvent, type RecordingFormat } from '../model';
import type { ElementPositions, TopLevelValue } from './jsonStream';
import { decompressPostHogEvent } from './posthog';

type Obj = Record<string, unknown>;

export const EXPECTED_EVENTS =
  'expected rrweb events (objects with type and timestamp) or a PostHog/Sentry export';

/** Arrays of segments of events nest two deep; a file nesting far deeper is not a recording. */
const MAX_ARRAY_NESTING = 4;
const SENTRY_TAGS = new Set(['breadcrumb', 'performanceSpan']);
/** Top-level fields that name the session: PostHog first, then Sentry. */
const POSTHOG_SESSION_KEYS = ['$session_id', 'session_id', 'sessionId'];
const SENTRY_SESSION_KEYS = ['replay_id', 'replayId'];

interface Where {
  offset: number;
  line: number;
}

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A window id: PostHog writes uuids; its own player numbers windows (1, 2, …) in exports. */
function windowIdOf(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return str(v);
}

/** `[windowId, event]`: one line of PostHog's snapshot storage. */
function isWindowPair(x: unknown): x is [string | number, Obj] {
  return Array.isArray(x) && x.length === 2 && windowIdOf(x[0]) !== undefined && isObj(x[1]);
}

/** The keys of PostHog's older snapshots API page / long-term storage file. */
const BY_WINDOW_KEY = 'snapshot_data_by_window_id';

/** A short description of a JSON value that never quotes string values (they may be user input). */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : `an array of ${describeJson(value[0]).replace(/^an? /, '')}s`;
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object': {
      const keys = Object.keys(value as Obj);
      if (keys.length === 0) return 'an empty object';
      const shown = keys.slice(0, 6).map((k) => JSON.stringify(k.length > 40 ? `${k.slice(0, 40)}…` : k));
      return `an object with key${keys.length > 1 ? 's' : ''} ${shown.join(', ')}${keys.length > 6 ? ', …' : ''}`;
    }
    default:
      return typeof value;
  }
}

export class RecordingCollector {
  readonly events: RecordingEvent[] = [];
  readonly warnings: string[] = [];
  readonly sessionIds: string[] = [];
  posthog = false;
  sentry = false;
  /** Top-level values that held no events at all (e.g. `[]`), for the "no events" message. */
  emptyContainers = 0;

  constructor(
    private readonly file: string,
    /** Whether the input has more than one line (then places are given as lines, else bytes). */
    private readonly multiline: () => boolean,
  ) {}

  get format(): RecordingFormat {
    if (this.sentry) return 'sentry';
    if (this.posthog) return 'posthog';
    return 'rrweb';
  }

  get sessionId(): string | undefined {
    return this.sessionIds[0];
  }

  add(top: TopLevelValue): void {
    const { value, positions } = top;
    const where: Where = { offset: top.offset, line: top.line };
    if (isWindowPair(value)) {
      this.pair(value, positions, where);
      return;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) this.emptyContainers++;
      this.items(value, positions, where);
      return;
    }
    if (!isObj(value)) throw this.notEvents(value, where);
    if (typeof value.type === 'number') {
      this.event(value, where, undefined);
      return;
    }
    this.container(value, positions, where);
  }

  private place(where: Where): string {
    return this.multiline() ? `line ${where.line}` : `byte ${where.offset}`;
  }

  private notEvents(value: unknown, where: Where): InputError {
    return new InputError(this.file, `${EXPECTED_EVENTS}; found ${describeJson(value)} at ${this.place(where)}`);
  }

  private noteSession(obj: Obj): void {
    for (const key of POSTHOG_SESSION_KEYS) {
      const id = str(obj[key]);
      if (id) {
        if (key !== 'sessionId') this.posthog = true;
        this.addSessionId(id);
        return;
      }
    }
    for (const key of SENTRY_SESSION_KEYS) {
      const id = str(obj[key]);
      if (id) {
        this.sentry = true;
        this.addSessionId(id);
        return;
      }
    }
  }

  /**
   * A Sentry `replay_event` (an envelope item, or a line of its own): it names the replay and
   * carries no events.
   */
  replayEvent(obj: Obj): void {
    this.sentry = true;
    const id = str(obj.replay_id) ?? str(obj.event_id);
    if (id) this.addSessionId(id);
  }

  private addSessionId(id: string): void {
    if (this.sessionIds.includes(id)) return;
    this.sessionIds.push(id);
    if (this.sessionIds.length === 2) {
      this.warnings.push(`more than one session id in the file (${this.sessionIds.join(', ')}); read as one recording`);
    }
  }

  private items(list: unknown[], positions: Map<unknown[], ElementPositions>, where: Where, windowId?: string, depth = 0): void {
    const pos = positions.get(list);
    for (let i = 0; i < list.length; i++) {
      const at = pos && i < pos.offsets.length ? { offset: pos.offsets[i], line: pos.lines[i] } : where;
      this.item(list[i], positions, at, windowId, depth);
    }
  }

  /** `[windowId, event]`. */
  private pair(x: [string | number, Obj], positions: Map<unknown[], ElementPositions>, where: Where): void {
    this.posthog = true;
    this.item(x[1], positions, where, windowIdOf(x[0]));
  }

  /** One element of an events array: an event or a wrapper around events. */
  private item(x: unknown, positions: Map<unknown[], ElementPositions>, where: Where, windowId: string | undefined, depth = 0): void {
    if (isWindowPair(x)) {
      this.pair(x, positions, where);
      return;
    }
    if (Array.isArray(x)) {
      // Sentry's recording-segments download: an array of segments, each an array of events.
      if (depth >= MAX_ARRAY_NESTING) {
        throw new InputError(this.file, `${EXPECTED_EVENTS}; found arrays nested more than ${MAX_ARRAY_NESTING + 1} deep at ${this.place(where)}`);
      }
      this.items(x, positions, where, windowId, depth + 1);
      return;
    }
    if (!isObj(x)) throw this.notEvents(x, where);
    if (typeof x.type === 'number') {
      this.event(x, where, windowId);
      return;
    }
    if (this.snapshotEvent(x, positions, where)) return;
    const wid = windowIdOf(x.windowId) ?? windowIdOf(x.window_id);
    if (isObj(x.data) && typeof x.data.type === 'number' && ('windowId' in x || 'window_id' in x)) {
      this.posthog = true;
      this.event(x.data, where, wid ?? windowId);
      return;
    }
    if (Array.isArray(x.data) && ('windowId' in x || 'window_id' in x)) {
      this.posthog = true;
      this.noteSession(x);
      this.items(x.data, positions, where, wid ?? windowId);
      return;
    }
    throw this.notEvents(x, where);
  }

  /** PostHog's `$snapshot` analytics event: `{event, properties: {$snapshot_data, $window_id, $session_id}}`. */
  private snapshotEvent(x: Obj, positions: Map<unknown[], ElementPositions>, where: Where): boolean {
    if (x.event !== '$snapshot' || !isObj(x.properties)) return false;
    const props = x.properties;
    this.posthog = true;
    this.noteSession(props);
    const data = props.$snapshot_data;
    const wid = windowIdOf(props.$window_id);
    if (Array.isArray(data)) this.items(data, positions, where, wid);
    else this.item(data, positions, where, wid);
    return true;
  }

  /** `{windowId: [events], …}`: PostHog's events grouped by window. */
  private byWindow(groups: Obj, positions: Map<unknown[], ElementPositions>, where: Where): void {
    for (const [wid, list] of Object.entries(groups)) {
      if (!Array.isArray(list)) throw this.notEvents(list, where);
      this.items(list, positions, where, wid);
    }
  }

  /** A top-level object that is not itself an event. */
  private container(obj: Obj, positions: Map<unknown[], ElementPositions>, where: Where): void {
    this.noteSession(obj);
    const before = this.events.length;
    if (Array.isArray(obj.events)) {
      this.items(obj.events, positions, where);
    } else if (isObj(obj.data) && (Array.isArray(obj.data.snapshots) || isObj(obj.data.snapshotsByWindowId))) {
      // PostHog export file.
      const data = obj.data;
      this.posthog = true;
      this.noteSession(data);
      if (!this.sessionIds.length && str(data.id) && 'version' in obj) this.addSessionId(data.id as string);
      if (Array.isArray(data.snapshots)) this.items(data.snapshots, positions, where);
      else this.byWindow(data.snapshotsByWindowId as Obj, positions, where);
    } else if (isObj(obj[BY_WINDOW_KEY]) || (isObj(obj.result) && isObj(obj.result[BY_WINDOW_KEY]))) {
      // PostHog's older snapshots API page (`next` links the following page), also under
      // `result`, and its long-term storage file (`version` "2022-12-22").
      this.posthog = true;
      this.byWindow((isObj(obj[BY_WINDOW_KEY]) ? obj[BY_WINDOW_KEY] : (obj.result as Obj)[BY_WINDOW_KEY]) as Obj, positions, where);
    } else if (Array.isArray(obj.snapshots)) {
      this.posthog = true;
      this.items(obj.snapshots, positions, where);
    } else if (Array.isArray(obj.data) && ('window_id' in obj || 'windowId' in obj)) {
      // PostHog stored snapshots: one line per window batch.
      this.posthog = true;
      this.items(obj.data, positions, where, str(obj.window_id) ?? str(obj.windowId));
    } else if (this.snapshotEvent(obj, positions, where)) {
      return;
    } else if (typeof obj.segment_id === 'number' && Object.keys(obj).length <= 2) {
      // The header line of a Sentry replay_recording envelope item; the events follow.
      this.sentry = true;
      return;
    } else if (obj.type === 'replay_event') {
      this.replayEvent(obj);
      return;
    } else {
      throw this.notEvents(obj, where);
    }
    if (this.events.length === before) this.emptyContainers++;
  }

  private event(ev: Obj, where: Where, windowId: string | undefined): void {
    const index = this.events.length;
    if (typeof ev.timestamp !== 'number' || !Number.isFinite(ev.timestamp)) {
      throw new InputError(this.file, `event ${index} (${this.place(where)}) has no numeric timestamp`);
    }
    if ('cv' in ev) {
      this.posthog = true;
      const bad = decompressPostHogEvent(ev);
      if (bad !== undefined) {
        throw new InputError(
          this.file,
          `event ${index} (${this.place(where)}): PostHog compressed "${bad}" is not gzip-compressed JSON`,
        );
      }
    }
    const wid = windowId ?? windowIdOf(ev.windowId) ?? windowIdOf(ev.window_id);
    if ('window_id' in ev) delete ev.window_id;
    if (wid !== undefined) {
      ev.windowId = wid;
      this.posthog = true;
    } else if ('windowId' in ev) delete ev.windowId;
    const sid = str(ev.sessionId) ?? str(ev.$session_id);
    if (sid !== undefined) this.addSessionId(sid);
    if (ev.data === undefined || ev.data === null) ev.data = {};
    if (ev.type === EventType.Custom && isObj(ev.data) && SENTRY_TAGS.has(ev.data.tag as string)) this.sentry = true;
    this.events.push(ev as unknown as RecordingEvent);
  }
}
