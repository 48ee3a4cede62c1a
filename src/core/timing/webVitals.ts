/**
 * Timing from web-vitals custom events (tag `web-vitals` / `$web_vitals`): `{name, value}`, an
 * array of them, `{metrics: [...]}`, or PostHog's `{$web_vitals_LCP_value: …}` properties;
 * values already relative to the navigation start.
 */
import { isObject, type MetricKey, type TimingSink } from './observations';
import { num } from './util';

const WEB_VITAL_NAMES: Record<string, MetricKey> = {
  TTFB: 'ttfbMs',
  FCP: 'fcpMs',
  LCP: 'lcpMs',
  CLS: 'cls',
  INP: 'inpMs',
};


export function readWebVitals(sink: TimingSink, payload: unknown, index: number, win: string): void {
  const items: unknown[] = Array.isArray(payload)
    ? payload
    : isObject(payload) && Array.isArray(payload['metrics'])
      ? payload['metrics']
      : [payload];
  for (const item of items) {
    if (!isObject(item)) continue;
    if (typeof item['name'] === 'string') {
      readWebVital(sink, item['name'], item['value'], index, win);
      continue;
    }
    // PostHog property style: {$web_vitals_LCP_value: 5120, ...}
    for (const [key, value] of Object.entries(item)) {
      const m = /^\$web_vitals_([A-Z]+)_value$/.exec(key);
      if (m) readWebVital(sink, m[1]!, value, index, win);
    }
  }
}

function readWebVital(sink: TimingSink, name: string, rawValue: unknown, index: number, win: string): void {
  const metric = WEB_VITAL_NAMES[name.toUpperCase()];
  const value = num(rawValue);
  if (!metric || value === undefined || value < 0) return;
  sink.metrics.push({ source: 'web-vitals', index, window: win, metric, value });
}
