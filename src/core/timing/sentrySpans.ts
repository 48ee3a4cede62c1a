/**
 * Timing from Sentry `performanceSpan` custom events: `navigation.*`, `paint`, `web-vital` (and
 * the older `largest-contentful-paint` op) and `resource.*` → requests.
 */
import type { PageMetrics } from '../model';
import { firstNodeId, isObject, type MetricKey, type TimingSink } from './observations';
import { epochMs, num, positive } from './util';

const SENTRY_WEB_VITALS: Record<string, MetricKey> = {
  'largest-contentful-paint': 'lcpMs',
  'cumulative-layout-shift': 'cls',
  'interaction-to-next-paint': 'inpMs',
  'first-contentful-paint': 'fcpMs',
  'time-to-first-byte': 'ttfbMs',
};


export function readSentrySpan(sink: TimingSink, payload: Record<string, unknown>, index: number, win: string): void {
  const op = typeof payload['op'] === 'string' ? payload['op'] : '';
  const description = typeof payload['description'] === 'string' ? payload['description'] : '';
  const start = epochMs(payload['startTimestamp']);
  const end = epochMs(payload['endTimestamp']);
  const data = isObject(payload['data']) ? payload['data'] : undefined;
  if (start === undefined) return;

  if (op.startsWith('navigation.')) {
    const metrics: PageMetrics = {};
    const ttfb = positive(data?.['responseStart']) ?? positive(data?.['ttfb']);
    const dcl = positive(data?.['domContentLoadedEventEnd']);
    const load = positive(data?.['loadEventEnd']);
    if (ttfb !== undefined) metrics.ttfbMs = ttfb;
    if (dcl !== undefined) metrics.domContentLoadedMs = dcl;
    if (load !== undefined) metrics.loadMs = load;
    if (description) {
      sink.navs.push({ source: 'sentry', url: description, navStart: start, index, window: win, metrics });
      const durationMs = num(data?.['duration']) ?? (end !== undefined ? end - start : undefined);
      sink.requests.push({
        url: description,
        startTimestamp: start,
        ...(durationMs !== undefined && durationMs >= 0 ? { durationMs } : {}),
        initiatorType: 'navigation',
      });
    }
    return;
  }
  if (op === 'paint') {
    if (description === 'first-contentful-paint') {
      sink.metrics.push({ source: 'sentry', index, window: win, metric: 'fcpMs', at: start });
    }
    return;
  }
  if (op === 'web-vital' || op === 'largest-contentful-paint') {
    const metric = op === 'largest-contentful-paint' ? 'lcpMs' : SENTRY_WEB_VITALS[description];
    const value = num(data?.['value']);
    if (!metric || value === undefined) return;
    // Sentry stamps a web vital at timeOrigin + value (CLS: + its unitless value, tiny).
    const docStart = start - value;
    const nodeId = metric === 'lcpMs' || metric === 'inpMs' ? firstNodeId(data) : undefined;
    sink.metrics.push({
      source: 'sentry',
      index,
      window: win,
      metric,
      value,
      docStart,
      ...(nodeId !== undefined ? { nodeId } : {}),
    });
    return;
  }
  if (op.startsWith('resource.') && description) {
    const method = typeof data?.['method'] === 'string' ? (data['method'] as string) : undefined;
    const status = num(data?.['statusCode']);
    const durationMs = end !== undefined ? end - start : undefined;
    sink.requests.push({
      url: description,
      ...(method ? { method } : {}),
      ...(status !== undefined ? { status } : {}),
      startTimestamp: start,
      ...(durationMs !== undefined && durationMs >= 0 ? { durationMs } : {}),
      initiatorType: op.slice('resource.'.length),
    });
  }
}
