/**
 * The Markdown form of Export Report: sessions with their struggles (worst first), pages with
 * load metrics, errors, and files that could not be read. Every recorded text is escaped. Free
 * of `vscode`: the caller passes the localized words.
 */
import type { Severity, StruggleKind } from '../core/model';
import type { AnalysisReport } from '../core/report';
import { formatMoment } from './links';
import { escapeMarkdown, markdownCode } from './markdown';
import { compareStruggles } from './struggleIndex';

export interface ReportWords {
  title: string;
  generated: (tool: string, version: string) => string;
  summary: (sessions: number, struggles: number) => string;
  session: (id: string) => string;
  recordedAt: string;
  duration: string;
  format: string;
  struggles: string;
  noStruggles: string;
  pages: string;
  errors: string;
  inputErrors: string;
  warnings: string;
  columns: { time: string; kind: string; severity: string; summary: string; source: string; url: string; metrics: string; type: string; message: string; where: string };
  kind: (kind: StruggleKind) => string;
  severity: (severity: Severity) => string;
}

const cell = (text: string, max = 300) => escapeMarkdown(text, max);
/** A code span in a table cell: a `|` would end the cell even inside the span (GFM). */
const codeCell = (text: string) => markdownCode(text).replace(/\|/g, '\\|');

export function reportMarkdown(report: AnalysisReport, words: ReportWords): string {
  const out: string[] = [];
  const totalStruggles = report.sessions.reduce((n, s) => n + s.struggles.length, 0);
  out.push(`# ${cell(words.title)}`, '', cell(words.generated(report.tool.name, report.tool.version)), '', cell(words.summary(report.sessions.length, totalStruggles)), '');

  for (const session of report.sessions) {
    out.push(`## ${cell(session.file)}`, '');
    out.push(
      `- ${cell(words.session(session.id))}`,
      `- ${cell(words.recordedAt)}: ${cell(session.startedAt)}`,
      `- ${cell(words.duration)}: ${formatMoment(session.durationMs)}`,
      `- ${cell(words.format)}: ${cell(session.format)}`,
      '',
    );
    out.push(`### ${cell(words.struggles)}`, '');
    if (session.struggles.length === 0) {
      out.push(cell(words.noStruggles), '');
    } else {
      const c = words.columns;
      out.push(`| ${c.time} | ${c.kind} | ${c.severity} | ${c.summary} | ${c.source} |`, '|---|---|---|---|---|');
      for (const s of [...session.struggles].sort(compareStruggles)) {
        const link = s.sources[0];
        out.push(
          `| ${formatMoment(s.atMs)} | ${cell(words.kind(s.kind))} | ${cell(words.severity(s.severity))} | ${cell(s.summary)} | ${link ? codeCell(`${link.file}:${link.line}`) : ''} |`,
        );
      }
      out.push('');
    }
    if (session.pages.length > 0) {
      out.push(`### ${cell(words.pages)}`, '', `| ${words.columns.time} | ${words.columns.url} | ${words.columns.metrics} |`, '|---|---|---|');
      for (const page of session.pages) {
        const metrics = Object.entries(page.metrics)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ');
        out.push(`| ${formatMoment(page.atMs)} | ${cell(page.url, 200)} | ${cell(metrics)} |`);
      }
      out.push('');
    }
    if (session.errors.length > 0) {
      out.push(`### ${cell(words.errors)}`, '', `| ${words.columns.time} | ${words.columns.type} | ${words.columns.message} | ${words.columns.where} |`, '|---|---|---|---|');
      for (const error of session.errors) {
        const frame = error.frames.find((f) => f.source && !f.library)?.source;
        out.push(`| ${formatMoment(error.atMs)} | ${cell(error.type, 80)} | ${cell(error.message)} | ${frame ? codeCell(`${frame.file}:${frame.line}`) : ''} |`);
      }
      out.push('');
    }
    if (session.warnings.length > 0) {
      out.push(`### ${cell(words.warnings)}`, '', ...session.warnings.map((w) => `- ${cell(w)}`), '');
    }
  }
  if (report.inputErrors.length > 0) {
    out.push(`## ${cell(words.inputErrors)}`, '', ...report.inputErrors.map((e) => `- ${markdownCode(e.file)}: ${cell(e.message)}`), '');
  }
  return out.join('\n');
}
