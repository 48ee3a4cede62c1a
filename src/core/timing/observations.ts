/**
 * What the timing parsers (network plugin, Sentry spans, web-vitals events) observe, before
 * TimingCollector.applyTo matches it to pages.
 */
import type { MetricsSource, NetworkRequest, PageMetrics } from '../model';
import { num } from './util';

export type MetricKey = keyof PageMetrics;

/** A document's navigation (its page is found by URL and navigation start). */
export interface NavObservation {
  source: MetricsSource;
  url: string;
  navStart: number;
  index: number;
  window: string;
  metrics: PageMetrics;
}

/** One metric value whose page is found through its anchor. */
export interface MetricObservation {
  source: MetricsSource;
  index: number;
  window: string;
  metric: MetricKey;
  /** Relative to the document's navigation start, when the source says so directly. */
  value?: number;
  /** Epoch ms when it happened (Sentry paint spans): value = at − the page's navigation start. */
  at?: number;
  /** Epoch ms of the document's navigation start (timeOrigin), when known. */
  docStart?: number;
  nodeId?: number;
}

/** Where a parser puts what it found. */
export interface TimingSink {
  readonly navs: NavObservation[];
  readonly metrics: MetricObservation[];
  readonly requests: NetworkRequest[];
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}


/** The first numeric rrweb node id of a span's `data.nodeIds` / `data.nodeId`. */
export function firstNodeId(data: Record<string, unknown> | undefined): number | undefined {
  if (!data) return undefined;
  const ids = data['nodeIds'];
  if (Array.isArray(ids)) {
    for (const id of ids) if (typeof id === 'number' && Number.isFinite(id)) return id;
  }
  return num(data['nodeId']);
}
