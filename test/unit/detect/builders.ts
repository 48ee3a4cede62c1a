/**
 * Hand-written rrweb recordings for the detector tests: a tiny page DSL for FullSnapshots, event
 * builders for every interaction the detectors read, and `detect()` that runs the real pass
 * (runPass + node mirror) with the error and timing collectors and the detectors, like the
 * session builder does.
 */
import { EventType, IncrementalSource, MouseInteractions, NodeType } from '@rrweb/types';
import type { ErrorRecord, NetworkRequest, Page, RecordingEvent, SessionModel, Struggle } from '../../../src/core/model';
import { runPass } from '../../../src/core/recording/runPass';
import { createDetectors } from '../../../src/core/detect/detectors';
import type { DescriptionLimits } from '../../../src/core/detect/clicks';
import { defaultDetectConfig, type DetectConfig } from '../../../src/core/detect/config';
import { ErrorCollector } from '../../../src/core/errors';
import { TimingCollector, applyHar, type HarEntry } from '../../../src/core/timing';

export const T0 = 1_763_846_163_120;
export const URL_A = 'https://shop.test/checkout';

export interface El {
  tag: string;
  attrs: Record<string, string>;
  children: (El | string)[];
}

/** An element for the snapshot DSL. */
export function h(tag: string, attrs: Record<string, string> = {}, ...children: (El | string)[]): El {
  return { tag, attrs, children };
}

interface Serialized {
  type: number;
  id: number;
  tagName?: string;
  attributes?: Record<string, string>;
  childNodes?: Serialized[];
  textContent?: string;
  name?: string;
  publicId?: string;
  systemId?: string;
}

export class Rec {
  readonly events: RecordingEvent[] = [];
  /** Node ids by `data-testid` or `id` attribute (last snapshot wins). */
  readonly ids = new Map<string, number>();
  /** Text node ids by the testid/id of their parent element. */
  readonly textIds = new Map<string, number>();
  private nextId = 1;

  constructor(readonly windowId?: string) {}

  /** Look up a node id by its data-testid or id. */
  id(name: string): number {
    const id = this.ids.get(name);
    if (id === undefined) throw new Error(`no element ${name} in the snapshot`);
    return id;
  }

  text(name: string): number {
    const id = this.textIds.get(name);
    if (id === undefined) throw new Error(`no text node under ${name}`);
    return id;
  }

  private push(atMs: number, type: number, data: unknown): this {
    this.events.push({ type, timestamp: T0 + atMs, data, ...(this.windowId ? { windowId: this.windowId } : {}) });
    return this;
  }

  private incremental(atMs: number, data: Record<string, unknown>): this {
    return this.push(atMs, EventType.IncrementalSnapshot, data);
  }

  /** Meta + FullSnapshot of a page whose body holds `body`. */
  page(atMs: number, url: string, ...body: El[]): this {
    this.push(atMs, EventType.Meta, { href: url, width: 1280, height: 800 });
    this.nextId = 1;
    const doc: Serialized = { type: NodeType.Document, id: this.nextId++, childNodes: [] };
    doc.childNodes!.push({ type: NodeType.DocumentType, id: this.nextId++, name: 'html', publicId: '', systemId: '' });
    const html: Serialized = { type: NodeType.Element, id: this.nextId++, tagName: 'html', attributes: {}, childNodes: [] };
    const head: Serialized = { type: NodeType.Element, id: this.nextId++, tagName: 'head', attributes: {}, childNodes: [] };
    html.childNodes!.push(head, this.serialize(h('body', {}, ...body)));
    doc.childNodes!.push(html);
    return this.push(atMs + 1, EventType.FullSnapshot, { node: doc, initialOffset: { top: 0, left: 0 } });
  }

  /** Serialize an element (assigning ids), for snapshots and added nodes. */
  serialize(el: El): Serialized {
    const node: Serialized = { type: NodeType.Element, id: this.nextId++, tagName: el.tag, attributes: { ...el.attrs }, childNodes: [] };
    const name = el.attrs['data-testid'] ?? el.attrs.id;
    if (name !== undefined) this.ids.set(name, node.id);
    for (const child of el.children) {
      if (typeof child === 'string') {
        const text: Serialized = { type: NodeType.Text, id: this.nextId++, textContent: child };
        if (name !== undefined && !this.textIds.has(name)) this.textIds.set(name, text.id);
        node.childNodes!.push(text);
      } else {
        node.childNodes!.push(this.serialize(child));
      }
    }
    return node;
  }

  /** A Click (with its MouseDown/MouseUp around it). */
  click(atMs: number, id: number, x = 100, y = 100): this {
    this.incremental(atMs - 40, { source: IncrementalSource.MouseInteraction, type: MouseInteractions.MouseDown, id, x, y });
    this.incremental(atMs - 1, { source: IncrementalSource.MouseInteraction, type: MouseInteractions.MouseUp, id, x, y });
    return this.incremental(atMs, { source: IncrementalSource.MouseInteraction, type: MouseInteractions.Click, id, x, y });
  }

  /** A text node changes its value. */
  setText(atMs: number, textId: number, value: string): this {
    return this.incremental(atMs, { source: IncrementalSource.Mutation, texts: [{ id: textId, value }], attributes: [], removes: [], adds: [] });
  }

  /** `el.textContent = value`: the old text node removed, a new one added (as rrweb records it). */
  replaceText(atMs: number, parentId: number, oldTextId: number, value: string): number {
    const id = this.nextId++;
    this.incremental(atMs, {
      source: IncrementalSource.Mutation,
      texts: [],
      attributes: [],
      removes: [{ parentId, id: oldTextId }],
      adds: [{ parentId, nextId: null, node: { type: NodeType.Text, id, textContent: value } }],
    });
    return id;
  }

  setAttributes(atMs: number, id: number, attributes: Record<string, string | null>): this {
    return this.incremental(atMs, { source: IncrementalSource.Mutation, texts: [], attributes: [{ id, attributes }], removes: [], adds: [] });
  }

  /** Add an element under `parentId`; returns its id. */
  add(atMs: number, parentId: number, el: El): number {
    const node = this.serialize(el);
    this.incremental(atMs, { source: IncrementalSource.Mutation, texts: [], attributes: [], removes: [], adds: [{ parentId, nextId: null, node }] });
    return node.id;
  }

  scroll(atMs: number, id: number, y: number, x = 0): this {
    return this.incremental(atMs, { source: IncrementalSource.Scroll, id, x, y });
  }

  /** A text selection from `start` to `end` (text node ids). */
  select(atMs: number, start: number, end: number, startOffset = 0, endOffset = 5): this {
    return this.incremental(atMs, { source: IncrementalSource.Selection, ranges: [{ start, startOffset, end, endOffset }] });
  }

  input(atMs: number, id: number, value: { text?: string; isChecked?: boolean }, userTriggered = true): this {
    return this.incremental(atMs, { source: IncrementalSource.Input, id, text: value.text ?? '', isChecked: value.isChecked ?? false, userTriggered });
  }

  focus(atMs: number, id: number): this {
    return this.incremental(atMs, { source: IncrementalSource.MouseInteraction, type: MouseInteractions.Focus, id });
  }

  /** rrweb console plugin output (level `error` with a trace is an uncaught error). */
  console(atMs: number, level: string, payload: string[], trace: string[] = []): this {
    return this.push(atMs, EventType.Plugin, { plugin: 'rrweb/console@1', payload: { level, payload, trace } });
  }

  uncaught(atMs: number, message = 'TypeError: Cannot read properties of null (reading \'id\')'): this {
    return this.console(atMs, 'error', [`"Uncaught ${message}"`], ['handleClick (https://shop.test/assets/index.js:1:4821)']);
  }

  /** Mouse positions (x, y, atMs), sent as one MouseMove event at the last position's time. */
  move(positions: [number, number, number][], id = 4): this {
    const last = positions[positions.length - 1][2];
    return this.incremental(last, {
      source: IncrementalSource.MouseMove,
      positions: positions.map(([x, y, t]) => ({ x, y, id, timeOffset: t - last })),
    });
  }

  /** An event that does nothing but keep the recording going (viewport resize). */
  idle(atMs: number): this {
    return this.incremental(atMs, { source: IncrementalSource.ViewportResize, width: 1280, height: 800 });
  }

  plugin(atMs: number, plugin: string, payload: unknown): this {
    return this.push(atMs, EventType.Plugin, { plugin, payload });
  }

  custom(atMs: number, tag: string, payload: unknown): this {
    return this.push(atMs, EventType.Custom, { tag, payload });
  }

  raw(atMs: number, type: number, data: unknown): this {
    return this.push(atMs, type, data);
  }
}

export interface DetectOptions {
  config?: DetectConfig;
  /** Errors from separate files (atMs is filled from the session start). */
  errors?: Omit<ErrorRecord, 'atMs'>[];
  requests?: NetworkRequest[];
  har?: HarEntry[];
  /** Limits on exact target descriptions (the detectors' defaults otherwise). */
  limits?: DescriptionLimits;
}

export interface DetectResult {
  struggles: Struggle[];
  session: SessionModel;
}

/** Run the real pass with the error/timing collectors and the detectors over the events. */
export function detect(events: RecordingEvent[], options: DetectOptions = {}): DetectResult {
  const sorted = events.map((e, i) => ({ e, i })).sort((a, b) => a.e.timestamp - b.e.timestamp || a.i - b.i).map((x) => x.e);
  const config = options.config ?? defaultDetectConfig();
  const detectors = createDetectors(config, options.limits);
  const errorCollector = new ErrorCollector();
  const timing = new TimingCollector();
  const { pages } = runPass(sorted, [errorCollector, timing, ...detectors.observers]);
  const start = sorted[0].timestamp;
  const requests = timing.applyTo(pages, start);
  if (options.har) requests.push(...applyHar(pages, options.har, start));
  timing.inferPageTimings(pages, start);
  const errors = [
    ...errorCollector.errors(start),
    ...(options.errors ?? []).map((e) => ({ ...e, atMs: e.timestamp - start })),
  ].sort((a, b) => a.atMs - b.atMs);
  const session: SessionModel = {
    file: 'test.rrweb.json',
    id: 'test',
    format: 'rrweb',
    startTimestamp: start,
    durationMs: sorted[sorted.length - 1].timestamp - start,
    events: sorted,
    eventCount: sorted.length,
    warnings: [],
    pages: pages as Page[],
    errors,
    requests: [...requests, ...(options.requests ?? [])],
    struggles: [],
  };
  const struggles = detectors.finish(session);
  session.struggles = struggles;
  return { struggles, session };
}

export const kinds = (struggles: Struggle[]): string[] => struggles.map((s) => s.kind);

/** A small checkout page used by most tests. */
export function checkoutPage(rec: Rec, atMs = 0, url = URL_A, ...extra: El[]): Rec {
  return rec.page(
    atMs,
    url,
    h(
      'main',
      { id: 'main' },
      h('h1', { 'data-testid': 'title' }, 'Checkout'),
      h('p', { 'data-testid': 'intro' }, 'Review your order and pay.'),
      h('button', { 'data-testid': 'pay', class: 'btn btn-primary' }, h('span', { 'data-testid': 'pay-label' }, 'Pay now')),
      h('button', { 'data-testid': 'apply-coupon', class: 'btn' }, 'Apply coupon'),
      h('div', { 'data-testid': 'counter-box' }, h('button', { 'data-testid': 'plus', 'aria-label': 'Add one' }, '+'), h('span', { 'data-testid': 'count' }, '1')),
      h('div', { 'data-testid': 'status' }, 'Ready'),
      h('span', { 'data-testid': 'countdown', class: 'countdown' }, 'Sale ends in 00:59:59'),
      h('div', { 'data-testid': 'panel', hidden: '' }, 'Details'),
      ...extra,
    ),
  );
}
