/** `--redact` / struggleLens.export.redactText: no recorded text survives, the analysis does. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../src/cli/args';
import { runCli } from '../../../src/cli/main';
import { REDACTED, redactUrl } from '../../../src/core/redact';
import type { AnalysisReport } from '../../../src/core/report';

const root = join(__dirname, '..', '..', '..');
const files = [join(root, 'test/fixtures/hostile/hostile-text.rrweb.json'), join(root, 'test/fixtures/recordings/rage-click.rrweb.json'), join(root, 'test/fixtures/recordings/error-click.rrweb.json')];

async function cli(args: string[]): Promise<string> {
  const out: string[] = [];
  await runCli(args, { cwd: root, stdout: (t) => out.push(t), stderr: () => undefined });
  return out.join('');
}

describe('--redact', () => {
  it('is a CLI flag', () => {
    expect(parseArgs(['analyze', '--redact', 'x.json'])).toMatchObject({ redact: true });
    expect(parseArgs(['analyze', 'x.json'])).toMatchObject({ redact: false });
  });

  it('keeps kinds, times and metrics but no recorded text', async () => {
    const plain = JSON.parse(await cli(['analyze', '--json', ...files])) as AnalysisReport;
    const redacted = JSON.parse(await cli(['analyze', '--json', '--redact', ...files])) as AnalysisReport;
    const recordedTexts = plain.sessions.flatMap((s) => [
      ...s.struggles.flatMap((st) => [st.target?.text, ...Object.values(st.target?.attributes ?? {})]),
      ...s.errors.map((e) => e.message),
    ]).filter((t): t is string => typeof t === 'string' && t.length > 6);
    expect(recordedTexts.length).toBeGreaterThan(3);
    const text = JSON.stringify(redacted);
    for (const t of recordedTexts) expect(text).not.toContain(JSON.stringify(t).slice(1, -1));
    expect(text).not.toContain('evil');
    expect(redacted.sessions.map((s) => s.struggles.map((st) => [st.kind, st.atMs, st.severity]))).toEqual(plain.sessions.map((s) => s.struggles.map((st) => [st.kind, st.atMs, st.severity])));
    expect(redacted.sessions.map((s) => s.pages.map((p) => p.metrics))).toEqual(plain.sessions.map((s) => s.pages.map((p) => p.metrics)));
    expect(redacted.sessions[0].struggles[0].summary).toMatch(/^error-click on <button> at \/checkout \(text \[redacted\]\)$/);
    const table = await cli(['analyze', '--redact', ...files]);
    for (const t of recordedTexts) expect(table).not.toContain(t.slice(0, 30));
  });

  it('keeps a URL origin and path, never its query or fragment', () => {
    expect(redactUrl('https://shop.example/checkout?email=a@b.c#x')).toBe(`https://shop.example/checkout?${REDACTED}`);
    expect(redactUrl('https://shop.example/cart')).toBe('https://shop.example/cart');
    expect(redactUrl('not a url with text')).toBe(REDACTED);
  });
});
