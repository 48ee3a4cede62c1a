/**
 * The single pass over a session's events. The session builder walks the events once, in time
 * order, keeping one node mirror per window current; observers (pages, timing, errors, and the
 * struggle detectors) see every event together with the mirror *as it was at that moment*.
 */
import type { Page, RecordingEvent } from '../model';
import type { NodeMirror } from './mirror';

export interface PassContext {
  /** Index of the event in SessionModel.events. */
  index: number;
  /** Milliseconds since the session's first event. */
  atMs: number;
  /** The mirror of the event's window, already updated with this event (for snapshots and mutations). */
  mirror: NodeMirror;
  /** URL of the current page in the event's window ('' before the first Meta). */
  url: string;
  /**
   * The current page of the event's window (undefined before its first Meta or FullSnapshot).
   * A Meta or FullSnapshot that opens a page is already on it in onEvent, not yet in beforeEvent.
   */
  page?: Page;
  windowId?: string;
}

export interface EventObserver {
  /**
   * Optional: called before the event is applied to the mirror, with `ctx.mirror` (and `ctx.url`)
   * still as they were just before it — to capture the page as it stood at that moment.
   */
  beforeEvent?(event: RecordingEvent, ctx: PassContext): void;
  onEvent(event: RecordingEvent, ctx: PassContext): void;
  /** Called once after the last event. */
  finish?(): void;
}
