// Links the fixture app's recorded struggles and errors to source, against the truth files.
// The case list is built from whatever test/fixtures holds when the tests run.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ElementIndex } from '../../../src/core/link/elementIndex';
import { ancestorsFromSelector } from '../../../src/core/link/linkSession';
import { RouteTable } from '../../../src/core/link/routes';
import { SourceMapResolver } from '../../../src/core/link/sourceMaps';
import type { ElementInfo, StackFrame } from '../../../src/core/model';

const fixtures = join(__dirname, '..', '..', 'fixtures');
const app = join(fixtures, 'app');
const recordings = join(fixtures, 'recordings');

interface TruthStruggle { kind: string; target?: string; targetText?: string; sourceFile?: string; sourceLine?: number; ambiguousWith?: { sourceFile: string; sourceLine: number }[] }
interface TruthError { sourceFile?: string; sourceLine?: number; sourceColumn?: number }
interface Truth { recording: string; struggles?: TruthStruggle[]; errors?: TruthError[] }

const truths: { name: string; truth: Truth }[] = existsSync(recordings) && existsSync(app)
  ? readdirSync(recordings).filter((f) => f.endsWith('.truth.json')).sort().map((f) => ({ name: f, truth: JSON.parse(readFileSync(join(recordings, f), 'utf8')) as Truth }))
  : [];

const elementCases = truths.flatMap(({ name, truth }) =>
  (truth.struggles ?? []).filter((s) => s.target?.match(/^[[.#a-z]/i) && !s.target.startsWith('/') && s.sourceFile && s.sourceLine).map((s) => ({ name: `${name}: ${s.kind} on ${s.target}`, s })),
);
const routeCases = truths.flatMap(({ name, truth }) =>
  (truth.struggles ?? []).filter((s) => s.kind === 'slow-load' && s.target?.startsWith('/') && s.sourceFile).map((s) => ({ name: `${name}: slow-load ${s.target}`, s })),
);

/** Frames of the recorded errors, innermost first: console-plugin traces and Sentry errors files. */
function recordedErrors(recording: string): StackFrame[][] {
  const out: StackFrame[][] = [];
  const file = join(recordings, recording);
  if (existsSync(file)) {
    const raw = file.endsWith('.gz') ? gunzipSync(readFileSync(file)).toString('utf8') : readFileSync(file, 'utf8');
    const events: { type: number; data: { plugin?: string; payload?: { level?: string; trace?: string[] } } }[] = file.includes('.jsonl')
      ? raw.split('\n').filter(Boolean).map((l) => JSON.parse(l))
      : (([] as unknown[]).concat(JSON.parse(raw).events ?? JSON.parse(raw)) as never);
    for (const e of events) {
      const p = e.data?.payload;
      if (e.type === 6 && e.data.plugin === 'rrweb/console@1' && p?.level === 'error' && p.trace?.length) {
        out.push(p.trace.flatMap((t) => {
          const m = /^(?:(.*?) \()?(\S+):(\d+):(\d+)\)?$/.exec(t.trim());
          return m ? [{ function: m[1], url: m[2], line: Number(m[3]), column: Number(m[4]) }] : [];
        }));
      }
    }
  }
  const errorsFile = file.replace(/\.rrweb\.json(\.gz)?$/, '.errors.json');
  if (errorsFile !== file && existsSync(errorsFile)) {
    const data = JSON.parse(readFileSync(errorsFile, 'utf8'));
    for (const ev of [].concat(data)) {
      for (const v of (ev as { exception?: { values?: { stacktrace?: { frames?: { filename?: string; abs_path?: string; function?: string; lineno?: number; colno?: number }[] } }[] } }).exception?.values ?? []) {
        const frames = (v.stacktrace?.frames ?? []).map((f) => ({ function: f.function, url: f.abs_path ?? f.filename, line: f.lineno, column: f.colno }));
        out.push(frames.reverse());
      }
    }
  }
  return out;
}

const errorCases = truths.flatMap(({ name, truth }) => {
  const expected = (truth.errors ?? []).filter((e) => e.sourceFile && e.sourceLine);
  if (expected.length === 0) return [];
  return [{ name: `${name}: errors`, expected, recorded: recordedErrors(truth.recording) }];
});

function elementFromSelector(target: string, text: string | undefined): ElementInfo {
  const [self, ...ancestors] = ancestorsFromSelector(`${target} *`);
  return { nodeId: 1, tag: self.tag, attributes: self.attributes, text: text ?? '', selector: target, ancestors };
}

describe('linking the fixture app', () => {
  let index: ElementIndex;
  let maps: SourceMapResolver;
  beforeAll(async () => {
    if (truths.length === 0) return;
    index = await ElementIndex.build(app);
    maps = new SourceMapResolver(app);
  });

  it('has fixtures to link: truth files, and element, route and error cases in them', () => {
    expect(existsSync(recordings), recordings).toBe(true);
    expect(existsSync(app), app).toBe(true);
    expect(truths.length).toBeGreaterThan(0);
    expect(elementCases.length).toBeGreaterThan(0);
    expect(routeCases.length).toBeGreaterThan(0);
    expect(errorCases.length).toBeGreaterThan(0);
  });

  it('finds a case for every truth file that names a source', () => {
    const named = truths.filter(({ truth }) => (truth.struggles ?? []).some((s) => s.sourceFile) || (truth.errors ?? []).some((e) => e.sourceFile));
    expect(elementCases.length + routeCases.length + errorCases.length >= named.length).toBe(true);
  });

  it.each(elementCases)('$name', ({ s }) => {
    const found = index.find(elementFromSelector(s.target!, s.targetText));
    const expected = { file: s.sourceFile, line: s.sourceLine };
    if (s.ambiguousWith?.length) {
      const top = found.slice(0, 1 + s.ambiguousWith.length).map((f) => ({ file: f.file, line: f.line }));
      expect(top).toContainEqual(expected);
      expect(found[0].confidence).toBeLessThan(0.6);
    } else {
      expect({ file: found[0]?.file, line: found[0]?.line }).toEqual(expected);
    }
  });

  it.each(routeCases)('$name', ({ s }) => {
    expect(new RouteTable(index.filePaths()).match(`http://127.0.0.1${s.target}`)?.file).toBe(s.sourceFile);
  });

  it.each(errorCases)('$name', async ({ expected, recorded }) => {
    expect(recorded.length).toBeGreaterThan(0);
    const locations = [];
    for (const frames of recorded) locations.push(await maps.mapError({ atMs: 0, timestamp: 0, type: 'Error', message: '', origin: 'console-plugin', frames }));
    for (const e of expected) {
      expect(locations).toContainEqual({ file: e.sourceFile, line: e.sourceLine, column: e.sourceColumn ?? expect.any(Number) });
    }
  });
});
