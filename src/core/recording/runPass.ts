/**
 * Builds the session model from a loaded recording in one pass over its events: pages (one per
 * Meta/FullSnapshot per window), a node mirror per window kept current through mutations, and
 * whatever the observers (timing, errors, detectors) collect along the way.
 */
import { createHash } from 'node:crypto';
import { EventType, IncrementalSource } from '@rrweb/types';
import type { LoadedRecording, Page, RecordingEvent } from '../model';
import { NodeMirror } from './mirror';
import type { EventObserver, PassContext } from './observer';

interface WindowState {
  mirror: NodeMirror;
  url: string;
  /** The page opened by the last Meta that has not yet received its FullSnapshot. */
  awaitingSnapshot?: Page;
  current?: Page;
  /** Timestamp of the window's latest event: where its current page ends. */
  lastTimestamp: number;
}

/** A stable id: the recording's own session id, else a hash of its first events. */
export function sessionIdFor(recording: LoadedRecording): string {
  if (recording.sessionId) return recording.sessionId;
  const hash = createHash('sha256');
  for (const event of recording.events.slice(0, 3)) {
    hash.update(`${event.type}:${event.timestamp}:`);
    if (event.type === EventType.Meta) hash.update(String(event.data?.href ?? ''));
  }
  return hash.digest('hex').slice(0, 16);
}

export interface PassResult {
  pages: Page[];
}

/**
 * Walks the events once. Observers are called for every event after the mirror has applied it.
 */
export function runPass(events: RecordingEvent[], observers: readonly EventObserver[]): PassResult {
  const start = events.length > 0 ? events[0].timestamp : 0;
  const windows = new Map<string, WindowState>();
  const pages: Page[] = [];
  const ctx: PassContext = { index: 0, atMs: 0, mirror: new NodeMirror(), url: '' };

  const windowFor = (key: string): WindowState => {
    let state = windows.get(key);
    if (!state) {
      state = { mirror: new NodeMirror(), url: '', lastTimestamp: start };
      windows.set(key, state);
    }
    return state;
  };

  const openPage = (state: WindowState, event: RecordingEvent, index: number, url: string): Page => {
    if (state.current) state.current.durationMs = Math.max(0, event.timestamp - start - state.current.atMs);
    const page: Page = {
      url,
      atMs: event.timestamp - start,
      durationMs: 0,
      metrics: {},
      eventIndex: index,
      ...(event.windowId !== undefined ? { windowId: event.windowId } : {}),
    };
    pages.push(page);
    state.current = page;
    return page;
  };

  const before = observers.filter((o) => o.beforeEvent !== undefined);
  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    const state = windowFor(event.windowId ?? '');
    if (event.timestamp > state.lastTimestamp) state.lastTimestamp = event.timestamp;
    if (before.length > 0) {
      ctx.index = index;
      ctx.atMs = event.timestamp - start;
      ctx.mirror = state.mirror;
      ctx.url = state.url;
      ctx.page = state.current;
      ctx.windowId = event.windowId;
      for (const observer of before) observer.beforeEvent!(event, ctx);
    }
    switch (event.type) {
      case EventType.Meta: {
        const href = typeof event.data?.href === 'string' ? event.data.href : state.url;
        state.url = href;
        state.awaitingSnapshot = openPage(state, event, index, href);
        break;
      }
      case EventType.FullSnapshot: {
        if (event.data?.node) state.mirror.applyFullSnapshot(event.data.node);
        // A snapshot without its own Meta (a PostHog export that lost it, or a checkout) is
        // still a new page load: new node ids.
        if (!state.awaitingSnapshot) openPage(state, event, index, state.url);
        state.awaitingSnapshot = undefined;
        break;
      }
      case EventType.IncrementalSnapshot:
        if (event.data?.source === IncrementalSource.Mutation) state.mirror.applyMutation(event.data);
        break;
      case EventType.Custom:
        // Sentry records single-page-app navigations as breadcrumbs; the URL changes, the page
        // load does not.
        if (event.data?.tag === 'breadcrumb' && event.data.payload?.category === 'navigation') {
          const to = event.data.payload.data?.to;
          if (typeof to === 'string' && to) state.url = to;
        }
        break;
      default:
        break;
    }
    ctx.index = index;
    ctx.atMs = event.timestamp - start;
    ctx.mirror = state.mirror;
    ctx.url = state.url;
    ctx.page = state.current;
    ctx.windowId = event.windowId;
    for (const observer of observers) observer.onEvent(event, ctx);
  }
  // A page ends at the next page of its window, else at its window's last event: a tab left
  // alone while another tab carries on does not stay on screen to the end of the session.
  for (const state of windows.values()) {
    if (state.current) state.current.durationMs = Math.max(0, state.lastTimestamp - start - state.current.atMs);
  }
  for (const observer of observers) observer.finish?.();
  return { pages };
}
