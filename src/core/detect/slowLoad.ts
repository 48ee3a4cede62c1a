/**
 * Slow loads: one struggle per page load whose metrics break the budgets — LCP, TTFB, FCP, the
 * load event, INP and CLS — naming the worst metric (high-severity breaches first, then the
 * largest value/budget ratio) with every metric and breach in `details`. Metrics inferred from
 * the recording alone (`metricsSource: 'inferred'`) are reported at lower confidence and judged
 * on the load time only (the link click to the new page's load, struggles.md): the inferred
 * "stopped mutating" time is too easily stretched by background activity to stand for LCP.
 */
import type { ElementInfo, Page, PageMetrics, Struggle } from '../model';
import type { DetectConfig } from './config';
import { clamp01, round } from '../numbers';
import { targetOf } from './struggleTarget';
import { pathOf, seconds } from './wording';

type MetricKey = keyof PageMetrics;

interface Budget {
  metric: MetricKey;
  name: string;
  budget: number;
  high?: number;
  unit: 'ms' | '';
}

export interface Breach {
  metric: MetricKey;
  name: string;
  value: number;
  budget: number;
  highBudget?: number;
  high: boolean;
}

function budgets(config: DetectConfig): Budget[] {
  const s = config.slowLoad;
  return [
    { metric: 'lcpMs', name: 'LCP', budget: s.lcpMs, high: s.lcpHighMs, unit: 'ms' },
    { metric: 'ttfbMs', name: 'TTFB', budget: s.ttfbMs, high: s.ttfbHighMs, unit: 'ms' },
    { metric: 'fcpMs', name: 'FCP', budget: s.fcpMs, high: s.fcpHighMs, unit: 'ms' },
    { metric: 'loadMs', name: 'load event', budget: s.loadMs, unit: 'ms' },
    { metric: 'inpMs', name: 'INP', budget: s.inpMs, high: s.inpHighMs, unit: 'ms' },
    { metric: 'cls', name: 'CLS', budget: s.cls, high: s.clsHigh, unit: '' },
  ];
}

export function breachesOf(metrics: PageMetrics, config: DetectConfig, only?: readonly MetricKey[]): Breach[] {
  const out: Breach[] = [];
  for (const b of budgets(config)) {
    if (only && !only.includes(b.metric)) continue;
    const value = metrics[b.metric];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= b.budget) continue;
    out.push({
      metric: b.metric,
      name: b.name,
      value,
      budget: b.budget,
      ...(b.high !== undefined ? { highBudget: b.high } : {}),
      high: b.high !== undefined && value > b.high,
    });
  }
  return out.sort((a, b) => Number(b.high) - Number(a.high) || b.value / Math.max(b.budget, 1e-9) - a.value / Math.max(a.budget, 1e-9));
}

function formatValue(breach: Pick<Breach, 'metric' | 'value'>): string {
  return breach.metric === 'cls' ? String(round(breach.value, 3)) : seconds(breach.value);
}

/** Element descriptions of LCP / INP nodes captured during the pass, by `${page.eventIndex}:${nodeId}`. */
export type NodeDescriptions = ReadonlyMap<string, ElementInfo>;

export function slowLoadStruggles(pages: readonly Page[], described: NodeDescriptions, config: DetectConfig): Struggle[] {
  const out: Struggle[] = [];
  for (const page of pages) {
    const inferred = page.metricsSource === 'inferred';
    const breaches = breachesOf(page.metrics, config, inferred ? ['loadMs'] : undefined);
    if (!breaches.length) continue;
    const worst = breaches[0];
    const metrics: Record<string, number> = {};
    for (const [key, value] of Object.entries(page.metrics)) if (typeof value === 'number' && Number.isFinite(value)) metrics[key] = value;
    const details: Record<string, unknown> = {
      metric: worst.metric,
      value: worst.value,
      budget: worst.budget,
      ...(worst.highBudget !== undefined ? { highBudget: worst.highBudget } : {}),
      metrics,
      breaches: breaches.map((b) => ({ metric: b.metric, value: b.value, budget: b.budget, high: b.high })),
    };
    if (page.metricsSource) details.metricsSource = page.metricsSource;
    const nodeId = worst.metric === 'inpMs' ? page.inpNodeId : worst.metric === 'lcpMs' ? page.lcpNodeId : undefined;
    const info = nodeId !== undefined ? described.get(`${page.eventIndex}:${nodeId}`) : undefined;
    const others = breaches.length > 1 ? `; also ${breaches.slice(1).map((b) => `${b.name} ${formatValue(b)}`).join(', ')}` : '';
    const struggle: Struggle = {
      id: '',
      kind: 'slow-load',
      atMs: page.atMs,
      durationMs: worst.metric === 'cls' ? 0 : Math.round(worst.value),
      url: page.url,
      severity: breaches.some((b) => b.high) ? 'high' : 'medium',
      confidence: clamp01(inferred ? 0.5 : 0.9),
      summary: `Slow load of ${pathOf(page.url)}: ${worst.name} ${formatValue(worst)} (budget ${formatValue({ metric: worst.metric, value: worst.budget })})${inferred ? ', inferred from the recording' : ''}${others}`,
      details,
      sources: [],
    };
    if (info) struggle.target = targetOf(info);
    out.push(struggle);
  }
  return out;
}
