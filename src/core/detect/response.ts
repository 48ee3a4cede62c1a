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

interface MutationData {
  texts?: { id: number }[];
  attributes?: { id: number; attributes: Record<string, unknown> }[];
  removes?: { parentId: number; id: number }[];
  adds?: { parentId: number; node: { id: number; type?: number; tagName?: string } }[];
}

interface Unit {
  /** Node whose visibility decides whether the change can be seen. */
  nodeId: number;
  /** The node reported as the response (the changed node). */
  changedId: number;
  keys: string[];
  /** Attribute changes: the element's own visibility toggles count even when it was hidden. */
  own?: boolean;
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
        return { signal: { kind: 'navigation' }, background: 0 };
      case EventType.IncrementalSnapshot:
        break;
      case EventType.Plugin:
        return typeof data?.plugin === 'string' && data.plugin.includes('console') ? { background: 0, console: true } : { background: 0 };
      case EventType.Custom:
        return data?.tag === 'breadcrumb' && data.payload?.category === 'console' ? { background: 0, console: true } : { background: 0 };
      default:
        return { background: 0 };
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
        return selectsText(data) ? { signal: { kind: 'selection' }, background: 0 } : { background: 0 };
      case IncrementalSource.Input:
        return { signal: { kind: 'input', nodeId: data.id }, background: 0 };
      case IncrementalSource.MouseInteraction:
        if (data.type === MouseInteractions.Focus) return { signal: { kind: 'focus', nodeId: data.id }, background: 0 };
        return { background: 0 };
      case IncrementalSource.Log:
        return { background: 0, console: true };
      default:
        return { background: 0 };
    }
  }

  private keyed(kind: ResponseKind, key: string, atMs: number, nodeId: unknown): Classified {
    const id = typeof nodeId === 'number' ? nodeId : undefined;
    if (this.activity.observe(key, atMs)) return { background: 1, ...(id !== undefined ? { backgroundNodeId: id } : {}) };
    return { signal: { kind, ...(id !== undefined ? { nodeId: id } : {}) }, background: 0 };
  }

  private mutation(data: MutationData, mirror: NodeMirror, atMs: number, wantResponse: boolean): Classified {
    const units: Unit[] = [];
    const added = new Set<number>();
    if (Array.isArray(data.adds)) for (const add of data.adds) if (add?.node && typeof add.node.id === 'number') added.add(add.node.id);
    if (Array.isArray(data.adds)) {
      for (const add of data.adds) {
        if (!add?.node || typeof add.parentId !== 'number' || added.has(add.parentId)) continue;
        const tag = typeof add.node.tagName === 'string' ? add.node.tagName.toLowerCase() : '';
        if (INVISIBLE_TAGS.has(tag)) continue;
        units.push({ nodeId: add.parentId, changedId: add.node.id, keys: [`c:${add.parentId}`] });
      }
    }
    if (Array.isArray(data.removes)) {
      for (const remove of data.removes) {
        if (!remove || typeof remove.parentId !== 'number' || added.has(remove.parentId)) continue;
        units.push({ nodeId: remove.parentId, changedId: remove.parentId, keys: [`c:${remove.parentId}`] });
      }
    }
    if (Array.isArray(data.texts)) {
      for (const text of data.texts) {
        if (!text || typeof text.id !== 'number' || added.has(text.id)) continue;
        const parent = mirror.parentOf(text.id);
        const keys = [`t:${text.id}`];
        if (parent !== undefined) keys.push(`pt:${parent}`);
        units.push({ nodeId: parent ?? text.id, changedId: parent ?? text.id, keys });
      }
    }
    if (Array.isArray(data.attributes)) {
      for (const change of data.attributes) {
        if (!change || typeof change.id !== 'number' || added.has(change.id) || typeof change.attributes !== 'object' || !change.attributes) continue;
        const parent = mirror.parentOf(change.id);
        const keys: string[] = [];
        for (const name of Object.keys(change.attributes)) {
          keys.push(`a:${change.id}:${name}`);
          if (parent !== undefined) keys.push(`pa:${parent}:${name}`);
        }
        if (keys.length) units.push({ nodeId: change.id, changedId: change.id, keys, own: true });
      }
    }
    let background = 0;
    let backgroundNodeId: number | undefined;
    let responseId: number | undefined;
    for (const unit of units) {
      let isBackground = false;
      for (const key of unit.keys) if (this.activity.observe(key, atMs)) isBackground = true;
      if (isBackground) {
        background++;
        backgroundNodeId ??= unit.changedId;
        continue;
      }
      if (responseId === undefined && wantResponse && visible(mirror, unit)) responseId = unit.changedId;
    }
    const out: Classified = { background };
    if (backgroundNodeId !== undefined) out.backgroundNodeId = backgroundNodeId;
    if (responseId !== undefined) out.signal = { kind: 'mutation', nodeId: responseId };
    return out;
  }
}

/** Could the user see this change? Not in <head>, scripts and styles, or under a hidden element. */
function visible(mirror: NodeMirror, unit: Unit): boolean {
  let cur: number | undefined = unit.nodeId;
  let first = true;
  for (let steps = 0; cur !== undefined && steps < 10_000; steps++) {
    const node = mirror.getNode(cur);
    if (!node) return true;
    if (node.tagName) {
      if (INVISIBLE_TAGS.has(node.tagName)) return false;
      // The element's own attribute change (e.g. removing `hidden`) is visible even when it was hidden.
      if (!(first && unit.own)) {
        const attrs = node.attributes;
        if (attrs.hidden !== undefined) return false;
        if (attrs.style !== undefined && /display\s*:\s*none/i.test(attrs.style)) return false;
      }
    }
    first = false;
    cur = node.parentId;
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
