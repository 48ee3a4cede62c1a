/** Test helpers: run observers over events the way runPass does, and build pages. */
import type { Page, RecordingEvent } from '../../../src/core/model';
import type { EventObserver, PassContext } from '../../../src/core/recording/observer';

export const T0 = 1_763_846_163_120; // 2025-11-22T21:16:03.120Z, a navigation start

/** Sort by time (stable), feed every event to the observers with a context like the pass's. */
export function runPass(events: RecordingEvent[], ...observers: EventObserver[]): { events: RecordingEvent[]; start: number } {
  const sorted = events.map((e, i) => ({ e, i })).sort((a, b) => a.e.timestamp - b.e.timestamp || a.i - b.i).map((x) => x.e);
  const start = sorted[0]!.timestamp;
  const urls = new Map<string, string>();
  sorted.forEach((event, index) => {
    const win = event.windowId ?? '';
    if (event.type === 4) urls.set(win, event.data.href);
    const ctx: PassContext = {
      index,
      atMs: event.timestamp - start,
      mirror: {} as PassContext['mirror'],
      url: urls.get(win) ?? '',
      ...(event.windowId ? { windowId: event.windowId } : {}),
    };
    for (const o of observers) o.onEvent(event, ctx);
  });
  for (const o of observers) o.finish?.();
  return { events: sorted, start };
}

/** One page per Meta event per window, as runPass builds them. */
export function pagesOf(events: RecordingEvent[], start: number): Page[] {
  const pages: Page[] = [];
  events.forEach((e, index) => {
    if (e.type !== 4) return;
    pages.push({
      url: e.data.href,
      atMs: e.timestamp - start,
      durationMs: 0,
      metrics: {},
      eventIndex: index,
      ...(e.windowId ? { windowId: e.windowId } : {}),
    });
  });
  return pages;
}

export function meta(ts: number, href: string, windowId?: string): RecordingEvent {
  return { type: 4, timestamp: ts, data: { href, width: 1280, height: 800 }, ...(windowId ? { windowId } : {}) };
}

export function fullSnapshot(ts: number, windowId?: string): RecordingEvent {
  return {
    type: 2,
    timestamp: ts,
    data: { node: { type: 0, id: 1, childNodes: [] }, initialOffset: { top: 0, left: 0 } },
    ...(windowId ? { windowId } : {}),
  };
}

export function click(ts: number, id = 10, windowId?: string): RecordingEvent {
  return { type: 3, timestamp: ts, data: { source: 2, type: 2, id, x: 10, y: 10 }, ...(windowId ? { windowId } : {}) };
}

export function addMutation(ts: number, id = 100): RecordingEvent {
  return {
    type: 3,
    timestamp: ts,
    data: { source: 0, texts: [], attributes: [], removes: [], adds: [{ parentId: 1, nextId: null, node: { type: 3, id, textContent: 'x' } }] },
  };
}

export function textMutation(ts: number): RecordingEvent {
  return { type: 3, timestamp: ts, data: { source: 0, texts: [{ id: 5, value: '00:01' }], attributes: [], removes: [], adds: [] } };
}

export function custom(ts: number, tag: string, payload: unknown): RecordingEvent {
  return { type: 5, timestamp: ts, data: { tag, payload } };
}

export function plugin(ts: number, name: string, payload: unknown): RecordingEvent {
  return { type: 6, timestamp: ts, data: { plugin: name, payload } };
}
