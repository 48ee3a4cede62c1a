/**
 * End to end: the built CLI (dist/cli.js, as users run it) over the recorded fixtures. Checks the
 * JSON against the schema, the pages and metrics against what the browser itself reported, the
 * errors and their source-mapped frames, the exit codes and the messages for bad input.
 */
import Ajv from 'ajv';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisReport } from '../../../src/core/report';
import { generateExport } from '../errors/exportFixture';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');
const recordings = join(root, 'test', 'fixtures', 'recordings');
const workspace = join(root, 'test', 'fixtures', 'app');

interface TruthPage {
  url: string;
  atMs: number;
  metrics: Record<string, number>;
  /** Measured by the browser but not part of `metrics` (CLS, INP). */
  alsoMeasured?: Record<string, number>;
  reportedMetrics: string[];
}
interface Truth {
  recording: string;
  durationMs: number;
  pages: TruthPage[];
  errors: { type: string; message: string; sourceFile?: string; sourceLine?: number }[];
}

function run(args: string[], cwd = root) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => !Number.isNaN(Date.parse(s)) && /T/.test(s) });
  return ajv.compile(JSON.parse(readFileSync(join(root, 'src', 'schema', 'analysis.schema.json'), 'utf8')));
}

const truths: Truth[] = readdirSync(recordings)
  .filter((f) => f.endsWith('.truth.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(recordings, f), 'utf8')) as Truth);

let report: AnalysisReport;

beforeAll(() => {
  if (!existsSync(cli)) execFileSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root });
  const { code, stdout, stderr } = run(['analyze', '--json', '--workspace', workspace, recordings]);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  report = JSON.parse(stdout) as AnalysisReport;
});

describe('struggle-lens analyze --json over every fixture', () => {
  it('validates against the JSON Schema', () => {
    const validate = validator();
    const ok = validate(report);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(report.schemaVersion).toBe(1);
    expect(report.tool).toEqual({ name: 'struggle-lens', version: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version });
  });

  it('finds one session per fixture recording', () => {
    expect(truths.length).toBeGreaterThan(10);
    expect(report.sessions.map((s) => s.file.split('/').pop()).sort()).toEqual(truths.map((t) => t.recording).sort());
  });

  describe.each(truths.map((t) => [t.recording, t] as const))('%s', (name, truth) => {
    const session = () => {
      const found = report.sessions.find((s) => s.file.endsWith(`/${name}`));
      if (!found) throw new Error(`no session for ${name}`);
      return found;
    };

    it('has the recorded pages in order', () => {
      // The truth holds the URL the browser showed when the recorder read its timing; a later
      // in-page #fragment jump is not a new page load.
      const noFragment = (url: string) => url.replace(/#.*$/, '');
      expect(session().pages.map((p) => noFragment(p.url))).toEqual(truth.pages.map((p) => noFragment(p.url)));
      for (const [i, page] of session().pages.entries()) expect(Math.abs(page.atMs - truth.pages[i].atMs)).toBeLessThan(250);
      expect(Math.abs(session().durationMs - truth.durationMs)).toBeLessThan(1);
    });

    it('reports load metrics within 5% of what the browser reported', () => {
      for (const [i, page] of session().pages.entries()) {
        const expected = truth.pages[i];
        for (const metric of expected.reportedMetrics) {
          const want = expected.metrics[metric] ?? expected.alsoMeasured?.[metric];
          expect(want, `truth for ${metric}`).toBeTypeOf('number');
          const got = (page.metrics as Record<string, number | undefined>)[metric];
          expect(got, `${metric} of ${expected.url}`).toBeTypeOf('number');
          // Within 5%; values of a few ms get 2 ms, the resolution of HAR's ISO timestamps.
          expect(Math.abs((got as number) - want!), `${metric} of ${expected.url}: ${got} vs ${want}`).toBeLessThanOrEqual(
            metric === 'cls' ? 0.005 : Math.max(want! * 0.05, 2),
          );
        }
      }
    });

    it('reports the errors with parsed, source-mapped frames', () => {
      const errors = session().errors;
      expect(errors.map((e) => [e.type, e.message])).toEqual(truth.errors.map((e) => [e.type, e.message]));
      for (const [i, expected] of truth.errors.entries()) {
        const frames = errors[i].frames;
        expect(frames.length).toBeGreaterThan(0);
        expect(frames[0].line).toBeGreaterThan(0);
        if (expected.sourceFile) {
          const mapped = frames.find((f) => f.source)?.source;
          expect(mapped).toMatchObject({ file: expected.sourceFile, line: expected.sourceLine });
        }
      }
    });
  });
});

describe('struggle-lens analyze: exit codes and bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'struggle-lens-cli-'));
  const good = join(dir, 'good.rrweb.json');
  copyFileSync(join(recordings, 'rage-click.rrweb.json'), good);
  const truncated = join(dir, 'broken.json');
  writeFileSync(truncated, readFileSync(good).subarray(0, 1022));
  const notEvents = join(dir, 'config.json');
  writeFileSync(notEvents, JSON.stringify({ foo: 1, bar: 2 }));
  const empty = join(dir, 'empty.json');
  writeFileSync(empty, '');
  const notGzip = join(dir, 'fake.rrweb.json.gz');
  writeFileSync(notGzip, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x41, 0x42, 0x43]));

  it('exits 0 and prints a table for readable input', () => {
    const { code, stdout } = run(['analyze', '--workspace', workspace, good]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/\d\d:\d\d\.\d {2}rage-click {2}high/);
    expect(stdout).toMatch(/src\/checkout\.tsx:\d+:\d+/);
  });

  it('exits 1 when --fail-on matches, 0 when it does not', () => {
    expect(run(['analyze', '--fail-on', 'high', good]).code).toBe(1);
    expect(run(['analyze', '--fail-on', 'high', join(recordings, 'non-struggles.rrweb.json')]).code).toBe(0);
  });

  it('exits 2 on a usage error or when no input could be read', () => {
    expect(run(['analyze']).code).toBe(2);
    expect(run(['analyze', '--fail-on', 'urgent', good]).stderr).toContain('--fail-on must be one of low, medium, high');
    const none = run(['analyze', '--json', truncated]);
    expect(none.code).toBe(2);
    expect(JSON.parse(none.stdout).sessions).toEqual([]);
  });

  it('reports every unreadable input by name and still analyzes the others', () => {
    const { code, stdout, stderr } = run(['analyze', '--json', good, truncated, notEvents, empty, notGzip, join(dir, 'missing.json')]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as AnalysisReport;
    expect(out.sessions).toHaveLength(1);
    const messages = Object.fromEntries(out.inputErrors.map((e) => [e.file.split('/').pop(), e.message]));
    expect(messages['broken.json']).toMatch(/^not JSON: unexpected end of input at byte 1022/);
    expect(messages['config.json']).toMatch(/expected rrweb events .* found an object with keys "foo", "bar"/);
    expect(messages['empty.json']).toMatch(/empty/);
    expect(messages['fake.rrweb.json.gz']).toMatch(/gzip/);
    expect(messages['missing.json']).toBe('file not found');
    for (const name of ['broken.json', 'config.json', 'empty.json', 'fake.rrweb.json.gz', 'missing.json']) expect(stderr).toContain(name);
  });

  it('rejects a bad --config file with the key that is wrong', () => {
    const config = join(dir, 'detect.json');
    writeFileSync(config, JSON.stringify({ 'struggleLens.detect.rageClick.minClicks': 'three' }));
    const { code, stderr } = run(['analyze', '--config', config, good]);
    expect(code).toBe(2);
    expect(stderr).toContain('detect.json');
    expect(stderr).toContain('struggleLens.detect.rageClick.minClicks');
  });

  it('applies --config thresholds', () => {
    const config = join(dir, 'strict.json');
    writeFileSync(config, JSON.stringify({ 'struggleLens.detect.rageClick.minClicks': 10 }));
    const out = JSON.parse(run(['analyze', '--json', '--config', config, good]).stdout) as AnalysisReport;
    expect(out.sessions[0].struggles.map((s) => s.kind)).not.toContain('rage-click');
  });

  it('attaches a separate --errors file to the session whose span holds it', () => {
    const sentryFile = join(recordings, 'error-click-sentry.rrweb.json');
    const later = join(recordings, 'slow-load-plain.rrweb.json'); // recorded after the error
    const out = JSON.parse(
      run(['analyze', '--json', '--workspace', workspace, '--errors', join(recordings, 'error-click-sentry.errors.json'), sentryFile, later]).stdout,
    ) as AnalysisReport;
    const sentry = out.sessions.find((s) => s.file.includes('error-click-sentry'))!;
    const other = out.sessions.find((s) => s.file.includes('slow-load-plain'))!;
    expect(sentry.errors).toHaveLength(1); // given with --errors and found beside it: read once
    expect(sentry.errors[0].origin).toBe('errors-file');
    expect(other.errors).toHaveLength(0);
  });

  it('lists errors that matched no recording once, in JSON and per log in the table; attachSlackMs from --config', () => {
    const folder = join(dir, 'export');
    const gen = generateExport(folder, { sessions: 3, perSession: 2, shape: 'posthog' });
    const unmatched = [...gen.expected.values()].filter((v) => v === null).length;
    const json = run(['analyze', '--json', '--errors', gen.exportFile, folder], folder);
    expect(json.stderr).toBe('');
    const out = JSON.parse(json.stdout) as AnalysisReport;
    const validate = validator();
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
    expect(out.unattachedErrors).toHaveLength(unmatched);
    expect(out.unattachedErrors[0]).toMatchObject({ file: 'day.posthog.jsonl', type: 'TypeError', at: expect.stringMatching(/Z$/) });
    expect(run(['analyze', '--errors', gen.exportFile, folder], folder).stdout).toContain(`${unmatched} errors from day.posthog.jsonl matched no recording`);

    const config = join(folder, 'slack.json');
    writeFileSync(config, JSON.stringify({ 'struggleLens.errors.attachSlackMs': 0 }));
    const strict = JSON.parse(run(['analyze', '--json', '--config', config, '--errors', gen.exportFile, folder], folder).stdout) as AnalysisReport;
    expect(strict.unattachedErrors).toHaveLength(unmatched + 3); // the errors 1.5 s before each session
    writeFileSync(config, JSON.stringify({ 'struggleLens.errors.attachSlackMs': -1 }));
    expect(run(['analyze', '--config', config, folder], folder).stderr).toContain('struggleLens.errors.attachSlackMs must be a number ≥ 0');
  });

  it('never prints typed input values', () => {
    const file = join(recordings, 'form-abandon.rrweb.json');
    const typed = new Set<string>();
    for (const event of JSON.parse(readFileSync(file, 'utf8')) as { type: number; data: { source?: number; text?: string } }[]) {
      if (event.type === 3 && event.data.source === 5 && event.data.text && event.data.text.length > 3) typed.add(event.data.text);
    }
    expect(typed.size).toBeGreaterThan(0);
    for (const args of [['analyze', file], ['analyze', '--json', file]]) {
      const { stdout } = run(args);
      for (const value of typed) expect(stdout).not.toContain(value);
    }
  });
});
