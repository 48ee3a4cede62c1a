/** The human report: one block per session, struggles as a table. Never prints typed input values. */
import type { AnalysisReport, SessionReport } from '../core/report';
import { inertText } from '../core/text';

export function formatTime(ms: number): string {
  const totalTenths = Math.max(0, Math.round(ms / 100));
  const minutes = Math.floor(totalTenths / 600);
  const seconds = (totalTenths % 600) / 10;
  return `${String(minutes).padStart(2, '0')}:${seconds.toFixed(1).padStart(4, '0')}`;
}

/** "850 ms", "8.2 s", "4 min 5 s", "2 h 5 min", "198 d 3 h". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  const hours = Math.round(ms / 3_600_000);
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** Control characters, ANSI escapes and newlines from recordings must not break (or forge) terminal output. */
export function clean(text: string, max = 80): string {
  return inertText(text, max);
}

function table(rows: string[][], header: string[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

const METRIC_LABELS: [keyof SessionReport['pages'][number]['metrics'], string, (v: number) => string][] = [
  ['ttfbMs', 'TTFB', (v) => `${Math.round(v)} ms`],
  ['fcpMs', 'FCP', (v) => `${Math.round(v)} ms`],
  ['lcpMs', 'LCP', (v) => `${Math.round(v)} ms`],
  ['domContentLoadedMs', 'DCL', (v) => `${Math.round(v)} ms`],
  ['loadMs', 'load', (v) => `${Math.round(v)} ms`],
  ['cls', 'CLS', (v) => v.toFixed(3)],
  ['inpMs', 'INP', (v) => `${Math.round(v)} ms`],
];

export function formatSession(session: SessionReport): string {
  const out: string[] = [];
  out.push(
    `${clean(session.file, 200)}  (${session.format}, ${formatDuration(session.durationMs)}, ${session.eventCount} events, ` +
      `${session.pages.length} page${session.pages.length === 1 ? '' : 's'}, started ${session.startedAt})`,
  );
  for (const warning of session.warnings) out.push(`  warning: ${clean(warning, 200)}`);
  for (const page of session.pages) {
    const metrics = METRIC_LABELS.filter(([k]) => page.metrics[k] !== undefined)
      .map(([k, label, fmt]) => `${label} ${fmt(page.metrics[k] as number)}`)
      .join(', ');
    out.push(
      `  page ${formatTime(page.atMs)}  ${clean(page.url, 100)}` +
        (metrics ? `  ${metrics} (${page.metricsSource ?? 'unknown source'})` : '  no timing data'),
    );
  }
  for (const error of session.errors) {
    const where = error.frames.find((f) => f.source)?.source ?? undefined;
    const top = error.frames[0];
    const loc = where
      ? `${where.file}:${where.line}:${where.column}`
      : top?.url
        ? `${clean(top.url, 100)}:${top.line ?? '?'}:${top.column ?? '?'}`
        : 'no stack';
    out.push(`  error ${formatTime(error.atMs)}  ${clean(`${error.type}: ${error.message}`, 100)}${error.handled ? ' (handled)' : ''}  at ${loc}`);
  }
  if (session.struggles.length === 0) {
    out.push('  no struggles found');
  } else {
    const rows = session.struggles.map((s) => {
      const best = s.sources[0];
      return [
        formatTime(s.atMs),
        s.kind,
        s.severity,
        clean(s.target?.selector ?? '—', 40),
        best ? `${best.file}:${best.line}:${best.column}` : '—',
        clean(s.summary, 120),
      ];
    });
    out.push(
      table(rows, ['time', 'kind', 'severity', 'target', 'source', 'summary'])
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n'),
    );
  }
  return out.join('\n');
}

/** Per log: "N errors from FILE matched no recording". */
export function formatUnattached(report: AnalysisReport): string[] {
  const byFile = new Map<string, number>();
  for (const e of report.unattachedErrors) byFile.set(e.file, (byFile.get(e.file) ?? 0) + 1);
  return [...byFile].map(([file, n]) => `${n} error${n === 1 ? '' : 's'} from ${clean(file, 200)} matched no recording`);
}

export function formatReport(report: AnalysisReport): string {
  const blocks = report.sessions.map(formatSession);
  const unattached = formatUnattached(report);
  if (unattached.length) blocks.push(unattached.join('\n'));
  const total = report.sessions.reduce((n, s) => n + s.struggles.length, 0);
  blocks.push(
    `${report.sessions.length} session${report.sessions.length === 1 ? '' : 's'}, ${total} struggle${total === 1 ? '' : 's'}` +
      (report.inputErrors.length ? `, ${report.inputErrors.length} unreadable input${report.inputErrors.length === 1 ? '' : 's'}` : ''),
  );
  return blocks.join('\n\n') + '\n';
}
