/**
 * Load metrics of the page being replayed (the last page that started at or before the playback
 * time), each coloured against its budget and labelled in words too, with where the numbers came
 * from. Re-renders only when playback crosses into another page.
 */
import type { MetricBudget, MetricBudgets } from '../src/protocol';
import type { MetricsSource, PageMetrics } from '../src/core/model';
import type { PageReport } from '../src/core/report';
import { h, icon } from './dom';

type MetricKey = keyof PageMetrics;

/** The detection defaults (src/core/detect/config.ts slowLoad; Core Web Vitals thresholds). */
export const DEFAULT_BUDGETS: Required<Omit<MetricBudgets, 'domContentLoadedMs'>> = {
  ttfbMs: { good: 800, poor: 1800 },
  fcpMs: { good: 1800, poor: 3000 },
  lcpMs: { good: 2500, poor: 4000 },
  loadMs: { good: 4000 },
  cls: { good: 0.1, poor: 0.25 },
  inpMs: { good: 200, poor: 500 },
};

const METRICS: Array<{ key: MetricKey; short: string; name: string }> = [
  { key: 'ttfbMs', short: 'TTFB', name: 'Time to first byte' },
  { key: 'fcpMs', short: 'FCP', name: 'First contentful paint' },
  { key: 'lcpMs', short: 'LCP', name: 'Largest contentful paint' },
  { key: 'domContentLoadedMs', short: 'DCL', name: 'DOMContentLoaded' },
  { key: 'loadMs', short: 'Load', name: 'Load event' },
  { key: 'cls', short: 'CLS', name: 'Cumulative layout shift' },
  { key: 'inpMs', short: 'INP', name: 'Interaction to next paint' },
];

const SOURCE_LABELS: Record<MetricsSource, string> = {
  'rrweb/network@1': 'rrweb network plugin',
  sentry: 'Sentry performance spans',
  har: 'HAR file',
  'web-vitals': 'web-vitals',
  inferred: 'inferred from the recording (approximate)',
};

export type Rating = 'good' | 'needs-improvement' | 'poor' | 'unrated';

export function rate(value: number, budget: MetricBudget | undefined): Rating {
  if (!budget) return 'unrated';
  if (value <= budget.good) return 'good';
  if (budget.poor === undefined) return 'needs-improvement';
  if (value > budget.poor) return 'poor';
  return 'needs-improvement';
}

const RATING_TEXT: Record<Rating, string> = { good: 'within budget', 'needs-improvement': 'over budget', poor: 'far over budget', unrated: 'no budget' };
const RATING_ICON: Record<Rating, string> = { good: 'pass', 'needs-improvement': 'warning', poor: 'error', unrated: 'dash' };

export class MetricsPanel {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private pages: PageReport[] = [];
  private shown = -2;
  private budgets: MetricBudgets = DEFAULT_BUDGETS;

  constructor() {
    this.body = h('div', { className: 'metrics-body', attrs: { 'aria-live': 'polite' } });
    this.element = h(
      'section',
      { className: 'panel metrics', attrs: { 'aria-labelledby': 'metrics-heading', 'data-testid': 'metrics-panel' } },
      h('h2', { attrs: { id: 'metrics-heading' } }, icon('dashboard'), 'Page load'),
      this.body,
    );
    this.setPages(undefined);
  }

  setBudgets(budgets: MetricBudgets | undefined): void {
    this.budgets = { ...DEFAULT_BUDGETS, ...budgets };
  }

  /** `undefined` while the analysis is pending. */
  setPages(pages: readonly PageReport[] | undefined, atMs = 0): void {
    this.shown = -2;
    if (!pages) {
      this.pages = [];
      this.body.replaceChildren(h('p', { className: 'empty', attrs: { role: 'status' } }, 'Analyzing the recording…'));
      return;
    }
    this.pages = [...pages].sort((a, b) => a.atMs - b.atMs);
    this.update(atMs);
  }

  /** Shows the page being replayed at `atMs` (cheap when it has not changed). */
  update(atMs: number): void {
    let index = this.pages.length > 0 ? 0 : -1;
    for (let i = 0; i < this.pages.length; i++) if (this.pages[i].atMs <= atMs) index = i;
    if (index === this.shown) return;
    this.shown = index;
    if (index < 0) {
      this.body.replaceChildren(h('p', { className: 'empty' }, 'No page loads in this recording.'));
      return;
    }
    this.body.replaceChildren(...this.renderPage(this.pages[index], index));
  }

  private renderPage(page: PageReport, index: number): Node[] {
    const rows = METRICS.filter((m) => typeof page.metrics[m.key] === 'number').map((m) => {
      const value = page.metrics[m.key] as number;
      const budget = this.budgets[m.key];
      const rating = rate(value, budget);
      return h(
        'tr',
        { className: `metric rating-${rating}`, attrs: { 'data-metric': m.key, 'data-rating': rating } },
        h('th', { attrs: { scope: 'row' } }, h('abbr', { attrs: { title: m.name } }, m.short)),
        h('td', { className: 'value' }, formatMetric(m.key, value)),
        h(
          'td',
          { className: 'rating', attrs: { title: budget ? `Budget ${formatMetric(m.key, budget.good)}` : 'No budget for this metric' } },
          icon(RATING_ICON[rating]),
          ` ${RATING_TEXT[rating]}`,
        ),
      );
    });
    const heading = this.pages.length > 1 ? `Page ${index + 1} of ${this.pages.length}` : 'Page';
    return [
      h('p', { className: 'page-url', attrs: { title: page.url } }, h('span', { className: 'meta' }, `${heading}: `), page.url),
      rows.length > 0
        ? h(
            'table',
            { className: 'metric-table' },
            h('caption', { className: 'visually-hidden' }, `Load metrics of ${page.url}`),
            h('thead', {}, h('tr', {}, h('th', { attrs: { scope: 'col' } }, 'Metric'), h('th', { attrs: { scope: 'col' } }, 'Value'), h('th', { attrs: { scope: 'col' } }, 'Budget'))),
            h('tbody', {}, ...rows),
          )
        : h('p', { className: 'empty' }, 'No timing data for this page.'),
      h('p', { className: 'meta metrics-source', attrs: { 'data-testid': 'metrics-source' } }, page.metricsSource ? `Source: ${SOURCE_LABELS[page.metricsSource] ?? page.metricsSource}` : 'Source: none recorded'),
    ];
  }
}

export function formatMetric(key: MetricKey, value: number): string {
  if (key === 'cls') return value.toFixed(3);
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  return `${Math.round(value)} ms`;
}
