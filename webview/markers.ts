/**
 * Timeline markers: rrweb-player draws every custom event (type 5) on its progress bar, coloured
 * by `props.tags[tag]`. We add one per struggle (`struggle:<kind>`) and one per recorded error
 * (`error`, or `error:handled` for a caught one) to a copy of the events before the player is created (markers added later need a
 * `$set({ tags })` and would be lost on the next rebuild anyway).
 */
import type { RecordingEvent } from '../src/core/model';
import type { SessionReport } from '../src/core/report';
import { ERROR_MARKER_COLOR, HANDLED_ERROR_MARKER_COLOR, KIND_STYLES, kindStyle } from './format';

const CUSTOM_EVENT = 5;

export const ERROR_TAG = 'error';
export const HANDLED_ERROR_TAG = 'error:handled';
export const struggleTag = (kind: string): string => `struggle:${kind}`;

export interface MarkedEvents {
  events: RecordingEvent[];
  tags: Record<string, string>;
  /** Marker tags in time order, for tests and the accessible summary. */
  markers: Array<{ tag: string; atMs: number }>;
}

export function withMarkers(events: readonly RecordingEvent[], analysis: SessionReport | undefined): MarkedEvents {
  const tags: Record<string, string> = { [ERROR_TAG]: ERROR_MARKER_COLOR, [HANDLED_ERROR_TAG]: HANDLED_ERROR_MARKER_COLOR };
  for (const kind of Object.keys(KIND_STYLES)) tags[struggleTag(kind)] = kindStyle(kind).color;
  if (!analysis || events.length === 0) return { events: [...events], tags, markers: [] };

  let start = Infinity;
  let end = -Infinity;
  for (const e of events) {
    if (e.timestamp < start) start = e.timestamp;
    if (e.timestamp > end) end = e.timestamp;
  }
  const markers: Array<{ tag: string; atMs: number; payload: Record<string, unknown> }> = [];
  for (const s of analysis.struggles) {
    const tag = struggleTag(s.kind);
    tags[tag] ??= kindStyle(s.kind).color;
    markers.push({ tag, atMs: s.atMs, payload: { struggleId: s.id } });
  }
  analysis.errors.forEach((e, index) => markers.push({ tag: e.handled ? HANDLED_ERROR_TAG : ERROR_TAG, atMs: e.atMs, payload: { errorIndex: index } }));
  markers.sort((a, b) => a.atMs - b.atMs);

  const custom: RecordingEvent[] = markers.map((m) => ({
    type: CUSTOM_EVENT,
    // Kept inside the recording so a marker never stretches the timeline.
    timestamp: Math.min(end, Math.max(start, start + m.atMs)),
    data: { tag: m.tag, payload: { struggleLensMarker: true, ...m.payload } },
  }));
  return {
    events: mergeByTime(events, custom),
    tags,
    markers: markers.map(({ tag, atMs }) => ({ tag, atMs })),
  };
}

/** Inserts the markers after recorded events of the same time; both inputs stay in order. */
function mergeByTime(events: readonly RecordingEvent[], markers: RecordingEvent[]): RecordingEvent[] {
  const sorted = isSorted(events) ? events : [...events].sort((a, b) => a.timestamp - b.timestamp);
  const out: RecordingEvent[] = [];
  let j = 0;
  for (const e of sorted) {
    while (j < markers.length && markers[j].timestamp < e.timestamp) out.push(markers[j++]);
    out.push(e);
  }
  while (j < markers.length) out.push(markers[j++]);
  return out;
}

function isSorted(events: readonly RecordingEvent[]): boolean {
  for (let i = 1; i < events.length; i++) if (events[i].timestamp < events[i - 1].timestamp) return false;
  return true;
}
