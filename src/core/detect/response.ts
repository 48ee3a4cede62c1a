/**
 * What counts as a response to a click (struggles.md → "What counts as a response"), event by
 * event: a visible DOM mutation or style/canvas/media change that is not background activity, a
 * navigation (URL change, or rrweb's DomContentLoaded/Load of a new document), a scroll (the
 * caller applies the 300 ms limit), a text selection, focus (the caller drops focus on the clicked
 * element itself), an input/checked change, and a new window opening. Network requests are
 * matched after the pass (they are known only then). Console output is never a response.
 *
 * `ResponseClassifier` sees every event of one window once, in order; it also feeds the window's
 * background ActivityModel, so learning and classification stay a single linear pass.
 */
import { EventType, IncrementalSource, MouseInteractions } from '@rrweb/types';
import type { RecordingEvent } from '../model';
import type { NodeMirror } from '../recording/mirror';
import { ActivityModel } from './background';

export type ResponseKind = 'mutation' | 'style' | 'media' | 'navigation' | 'scroll' | 'selection' | 'focus' | 'input' | 'window-open' | 'network';

export interface Signal {
  kind: ResponseKind;
  /** The node that changed, scrolled, got focus or input. */
  nodeId?: number;
}

export interface Classified {
  /** The event is (or contains) a response candidate. */
  signal?: Signal;
  /** Changes in the event that repeat background activity (not responses). */
  background: number;
  /** One node of those background changes (for evidence). */
  backgroundNodeId?: number;
  /** Console output (never a response; counted for evidence). */
  console?: boolean;
}

/** Tags whose content is never seen on the page. */
const INVISIBLE_TAGS = new Set(['head', 'script', 'style', 'noscript', 'template', 'title', 'meta', 'link', 'base']);
const DISPLAY_NONE = /display\s*:\s*none/i;

/** Shared results with nothing in them (never modified by callers). */
const NOTHING: Classified = Object.freeze({ background: 0 });
const CONSOLE: Classified = Object.freeze({ background: 0, console: true });
const NAVIGATION: Classified = Object.freeze({ signal: Object.freeze({ kind: 'navigation' as const }), background: 0 });
const SELECTION: Classified = Object.freeze({ signal: Object.freeze({ kind: 'selection' as const }), background: 0 });

interface MutationData {
  texts?: { id: number }[];
  attributes?: { id: number; attributes: Record<string, unknown> }[];
  removes?: { parentId: number; id: number }[];
  adds?: { parentId: number; node: { id: number; type?: number; tagName?: string } }[];
}


export class ResponseClassifier {
  readonly activity = new ActivityModel();

  /** A new document in the window: node ids restart. */
  reset(): void {
    this.activity.reset();
  }

  noteInteraction(): void {
    this.activity.noteInteraction();
  }

  /**
   * Classify one event of this window. `wantResponse` is false when no click is waiting: the
   * background model still learns, but visibility (which walks ancestors) is not computed.
   */
  classify(event: RecordingEvent, mirror: NodeMirror, atMs: number, wantResponse: boolean): Classified {
    const out = this.classifyEvent(event, mirror, atMs, wantResponse || this.activity.awaitingResponse);
    const kind = out.signal?.kind;
    if (kind !== undefined && kind !== 'scroll' && kind !== 'focus') this.activity.noteAnswered();
    return out;
  }

  private classifyEvent(event: RecordingEvent, mirror: NodeMirror, atMs: number, wantResponse: boolean): Classified {
    const data = event.data;
    switch (event.type) {
      case EventType.DomContentLoaded:
      case EventType.Load:
        return NAVIGATION;
      case EventType.IncrementalSnapshot:
        break;
      case EventType.Plugin:
        return typeof data?.plugin === 'string' && data.plugin.includes('console') ? CONSOLE : NOTHING;
      case EventType.Custom:
        return data?.tag === 'breadcrumb' && data.payload?.category === 'console' ? CONSOLE : NOTHING;
      default:
        return NOTHING;
    }
    switch (data?.source) {
      case IncrementalSource.Mutation:
        return this.mutation(data as MutationData, mirror, atMs, wantResponse);
      case IncrementalSource.StyleSheetRule:
      case IncrementalSource.StyleDeclaration:
      case IncrementalSource.AdoptedStyleSheet:
        return this.keyed('style', `s:${data.id ?? ''}:${data.styleId ?? ''}`, atMs, data.id);
      case IncrementalSource.CanvasMutation:
        return this.keyed('style', `cv:${data.id}`, atMs, data.id);
      case IncrementalSource.MediaInteraction:
        return this.keyed('media', `m:${data.id}`, atMs, data.id);
      case IncrementalSource.Scroll:
        return { signal: { kind: 'scroll', nodeId: data.id }, background: 0 };
      case IncrementalSource.Selection:
        return selectsText(data) ? SELECTION : NOTHING;
      case IncrementalSource.Input:
        return { signal: { kind: 'input', nodeId: data.id }, background: 0 };
      case IncrementalSource.MouseInteraction:
        if (data.type === MouseInteractions.Focus) return { signal: { kind: 'focus', nodeId: data.id }, background: 0 };
        return NOTHING;
      case IncrementalSource.Log:
        return CONSOLE;
      default:
        return NOTHING;
    }
  }

  private keyed(kind: ResponseKind, key: string, atMs: number, nodeId: unknown): Classified {
    const id = typeof nodeId === 'number' ? nodeId : undefined;
    if (this.activity.observe(key, atMs)) return { background: 1, ...(id !== undefined ? { backgroundNodeId: id } : {}) };
    return { signal: { kind, ...(id !== undefined ? { nodeId: id } : {}) }, background: 0 };
  }

  private mutation(data: MutationData, mirror: NodeMirror, atMs: number, wantResponse: boolean): Classified {
    // One change after another, in the order adds, removes, texts, attributes: every key of a
    // change is observed; the first visible change that is not background is the response.
    const activity = this.activity;
    const adds = Array.isArray(data.adds) && data.adds.length > 0 ? data.adds : undefined;
    let added: Set<number> | undefined;
    if (adds) {
      added = new Set<number>();
      for (const add of adds) if (add?.node && typeof add.node.id === 'number') added.add(add.node.id);
    }
    let background = 0;
    let backgroundNodeId: number | undefined;
    let responseId: number | undefined;
    const settle = (isBackground: boolean, nodeId: number, changedId: number, own: boolean): void => {
      if (isBackground) {
        background++;
        backgroundNodeId ??= changedId;
        return;
      }
      if (responseId === undefined && wantResponse && visible(mirror, nodeId, own)) responseId = changedId;
    };
    if (adds) {
      for (const add of adds) {
        if (!add?.node || typeof add.parentId !== 'number' || added!.has(add.parentId)) continue;
        const tag = typeof add.node.tagName === 'string' ? add.node.tagName.toLowerCase() : '';
        if (INVISIBLE_TAGS.has(tag)) continue;
        settle(activity.observeNode('c', add.parentId, atMs), add.parentId, add.node.id, false);
      }
    }
    if (Array.isArray(data.removes)) {
      for (const remove of data.removes) {
        if (!remove || typeof remove.parentId !== 'number' || added?.has(remove.parentId)) continue;
        settle(activity.observeNode('c', remove.parentId, atMs), remove.parentId, remove.parentId, false);
      }
    }
    if (Array.isArray(data.texts)) {
      for (const text of data.texts) {
        if (!text || typeof text.id !== 'number' || added?.has(text.id)) continue;
        const parent = mirror.parentOf(text.id);
        let isBackground = activity.observeNode('t', text.id, atMs);
        if (parent !== undefined && activity.observeNode('pt', parent, atMs)) isBackground = true;
        settle(isBackground, parent ?? text.id, parent ?? text.id, false);
      }
    }
    if (Array.isArray(data.attributes)) {
      for (const change of data.attributes) {
        if (!change || typeof change.id !== 'number' || added?.has(change.id) || typeof change.attributes !== 'object' || !change.attributes) continue;
        const parent = mirror.parentOf(change.id);
        let any = false;
        let isBackground = false;
        for (const name of Object.keys(change.attributes)) {
          any = true;
          if (activity.observeAttribute('a', change.id, name, atMs)) isBackground = true;
          if (parent !== undefined && activity.observeAttribute('pa', parent, name, atMs)) isBackground = true;
        }
        if (any) settle(isBackground, change.id, change.id, true);
      }
    }
    if (background === 0 && responseId === undefined) return NOTHING;
    const out: Classified = { background };
    if (backgroundNodeId !== undefined) out.backgroundNodeId = backgroundNodeId;
    if (responseId !== undefined) out.signal = { kind: 'mutation', nodeId: responseId };
    return out;
  }
}

/** Could the user see this change? Not in <head>, scripts and styles, or under a hidden element. */
function visible(mirror: NodeMirror, nodeId: number, own: boolean): boolean {
  let first = true;
  let node = mirror.getNode(nodeId);
  for (let steps = 0; node && steps < 10_000; steps++) {
    if (node.tagName) {
      if (INVISIBLE_TAGS.has(node.tagName)) return false;
      // The element's own attribute change (e.g. removing `hidden`) is visible even when it was hidden.
      if (!(first && own)) {
        const attrs = node.attributes;
        if (attrs.hidden !== undefined) return false;
        if (attrs.style !== undefined && DISPLAY_NONE.test(attrs.style)) return false;
      }
    }
    first = false;
    node = node.parentNode ?? undefined;
  }
  return true;
}

/** A Selection event that selects something (not a collapsed caret). */
export function selectsText(data: { ranges?: unknown }): boolean {
  if (!Array.isArray(data?.ranges)) return false;
  for (const range of data.ranges as { start?: number; startOffset?: number; end?: number; endOffset?: number }[]) {
    if (!range) continue;
    if (range.start !== range.end || range.startOffset !== range.endOffset) return true;
  }
  return false;
}
