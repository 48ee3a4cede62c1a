/**
 * Recorded text is inert everywhere it is shown: the hostile recording (test/fixtures/hostile)
 * through the CLI's table, the JSON report, the Markdown export, and the helpers every hover,
 * tooltip, tree label, quick pick and diagnostic uses (escapeMarkdown, markdownCode, plainText).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main';
import { analyzeInputs } from '../../../src/core/analysis';
import { analysisReport, type AnalysisReport } from '../../../src/core/report';
import { inertText } from '../../../src/core/text';
import { escapeMarkdown, markdownCode, plainText } from '../../../src/extension/markdown';
import { reportMarkdown } from '../../../src/extension/reportMarkdown';
import { WORDS } from '../../fuzz/targets';

const root = join(__dirname, '..', '..', '..');
const hostile = join(root, 'test/fixtures/hostile/hostile-text.rrweb.json');
const TYPED_SECRET = 'hunter2-SECRET-typed';
// eslint-disable-next-line no-control-regex
const DANGEROUS = /[\u0007\u001b\u202a-\u202e\u2066-\u2069\u200e\u200f]/;
/** `$(name)` as VS Code's icon renderer finds it, before or after Markdown removes escapes. */
const ICON = /\$\([a-z0-9-]+(~[a-z0-9-]+)?\)/i;


async function cli(args: string[]): Promise<string> {
  const out: string[] = [];
  await runCli(args, { cwd: root, stdout: (t) => out.push(t), stderr: (t) => out.push(t) });
  return out.join('');
}

let report: AnalysisReport;
beforeAll(async () => {
  const result = await analyzeInputs([hostile], { cwd: root, keepEvents: false });
  report = analysisReport(result.sessions, result.inputErrors);
  expect(report.sessions[0].struggles.length).toBeGreaterThan(0);
  expect(report.sessions[0].struggles[0].summary).toContain('$(alert)');
});

describe('theme-icon syntax', () => {
  it.each(['$(alert)', '$(loading~spin)', 'x $(zap) y', '\\$(alert)'])('%s never renders as an icon', (text) => {
    for (const shown of [escapeMarkdown(text), markdownCode(text), plainText(text)]) {
      expect(shown.replace(/\\/g, '')).not.toMatch(ICON);
      // Still reads as written.
      expect(shown.replace(/[\\\u2060`]/g, '')).toContain(text.replace(/\\/g, '').trim());
    }
  });
});

describe('bidi overrides and control characters', () => {
  it.each([
    ['\u202Eevil\u202C', 'evil'],
    ['a\u2066b\u2069c\u200F', 'abc'],
    ['bell\u0007!', 'bell!'],
    ['\u001b[31mred\u001b[0m', 'red'],
    ['\u001b]8;;https://x.invalid\u0007link\u001b]8;;\u0007', 'link'],
    ['two\nlines\r\nand\u2028more', 'two lines and more'],
    ['\u009b31mcsi', 'csi'],
  ])('%j shows as %j', (text, shown) => {
    expect(inertText(text)).toBe(shown);
    expect(plainText(text)).toBe(shown);
    expect(escapeMarkdown(text)).not.toMatch(DANGEROUS);
    expect(markdownCode(text)).not.toMatch(DANGEROUS);
  });
});

describe('the hostile recording', () => {
  it('prints literally in the CLI table, with no escape sequence reaching the terminal', async () => {
    const text = await cli(['analyze', hostile]);
    expect(text).not.toMatch(DANGEROUS);
    expect(text).toContain('$(alert) $(loading~spin) evil RED <table>');
  });

  it('exports Markdown without HTML, extra table cells or icons', () => {
    const md = reportMarkdown(report, WORDS);
    expect(md).not.toMatch(DANGEROUS);
    expect(md).not.toMatch(/<[a-z/]/i);
    expect(md.replace(/\\/g, '')).not.toMatch(ICON);
    expect(md).toContain('&lt;table&gt;');
    // Every row of every table has as many cells as its header: no `|` from a recording splits one.
    const lines = md.split('\n');
    const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length - 2;
    let width = 0;
    let rows = 0;
    for (const [i, line] of lines.entries()) {
      if (lines[i + 1]?.startsWith('|---')) width = cells(line);
      else if (line.startsWith('| ')) {
        expect(cells(line)).toBe(width);
        rows++;
      }
    }
    expect(rows).toBeGreaterThan(2);
  });

  it('never shows the typed value, in any output', async () => {
    const outputs = [await cli(['analyze', hostile]), await cli(['analyze', '--json', hostile]), reportMarkdown(report, WORDS), JSON.stringify(report)];
    for (const out of outputs) expect(out).not.toContain(TYPED_SECRET);
  });
});
