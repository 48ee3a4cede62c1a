/**
 * Timing from the rrweb network plugin (`rrweb/network@1`, PostHog's `posthog/network@1`):
 * navigation entries (ttfb, dcl, load relative to startTime), paint and largest-contentful-paint
 * entries (startTime already relative to the document's timeOrigin), resource entries → requests.
 */
import type { PageMetrics, RecordingEvent } from '../model';
import { isObject, type TimingSink } from './observations';
import { num, positive } from './util';


export function readNetworkPlugin(sink: TimingSink, payload: unknown, event: RecordingEvent, index: number, win: string): void {
  const list = isObject(payload) ? payload['requests'] : Array.isArray(payload) ? payload : undefined;
  if (!Array.isArray(list)) return;
  for (const raw of list) {
    if (!isObject(raw)) continue;
    const entryType = typeof raw['entryType'] === 'string' ? raw['entryType'] : undefined;
    const url = typeof raw['name'] === 'string' ? raw['name'] : typeof raw['url'] === 'string' ? raw['url'] : '';
    const startTime = num(raw['startTime']) ?? 0;
    const timeOrigin = positive(raw['timeOrigin']);
    const timestamp = positive(raw['timestamp']);
    // Epoch ms of this entry's start, and of its document's navigation start (timeOrigin).
    const absStart = timeOrigin !== undefined ? timeOrigin + startTime : timestamp;
    const docStart = timeOrigin ?? (timestamp !== undefined ? timestamp - startTime : undefined);

    if (entryType === 'paint') {
      if (url === 'first-contentful-paint') {
        sink.metrics.push({ source: 'rrweb/network@1', index, window: win, metric: 'fcpMs', value: startTime, docStart });
      }
      continue;
    }
    if (entryType === 'largest-contentful-paint') {
      const value = positive(startTime) ?? positive(raw['renderTime']) ?? positive(raw['loadTime']);
      if (value !== undefined) {
        sink.metrics.push({ source: 'rrweb/network@1', index, window: win, metric: 'lcpMs', value, docStart });
      }
      continue;
    }
    if (entryType !== undefined && entryType !== 'navigation' && entryType !== 'resource') continue;
    if (!url) continue;

    const method = typeof raw['method'] === 'string' ? raw['method'] : undefined;
    const initiatorType =
      entryType === 'navigation' ? 'navigation' : typeof raw['initiatorType'] === 'string' ? raw['initiatorType'] : undefined;
    let status = num(raw['status']) ?? num(raw['responseStatus']);
    // Resource Timing reports 0 for cross-origin responses without Timing-Allow-Origin: only
    // fetch/xhr captured by the plugin's own wrappers mean "failed" by 0.
    if (status === 0 && initiatorType !== 'fetch' && initiatorType !== 'xmlhttprequest' && initiatorType !== 'xhr') {
      status = undefined;
    }
    const endTime = num(raw['endTime']);
    const durationMs = num(raw['duration']) ?? (endTime !== undefined ? endTime - startTime : undefined);
    sink.requests.push({
      url,
      ...(method ? { method } : {}),
      ...(status !== undefined ? { status } : {}),
      // rrweb's own plugin has neither timeOrigin nor timestamp: it reports a request once it
      // has finished, so its start is about the event time minus its duration.
      startTimestamp: absStart ?? event.timestamp - (durationMs !== undefined && durationMs > 0 ? durationMs : 0),
      ...(durationMs !== undefined && durationMs >= 0 ? { durationMs } : {}),
      ...(initiatorType ? { initiatorType } : {}),
    });

    if (entryType === 'navigation') {
      const rel = (v: unknown): number | undefined => {
        const p = positive(v);
        return p !== undefined ? p - startTime : undefined;
      };
      const metrics: PageMetrics = {};
      const ttfb = rel(raw['responseStart']);
      const dcl = rel(raw['domContentLoadedEventEnd']);
      const load = rel(raw['loadEventEnd']);
      if (ttfb !== undefined) metrics.ttfbMs = ttfb;
      if (dcl !== undefined) metrics.domContentLoadedMs = dcl;
      if (load !== undefined) metrics.loadMs = load;
      sink.navs.push({ source: 'rrweb/network@1', url, navStart: absStart ?? event.timestamp, index, window: win, metrics });
    }
  }
}
