/**
 * Every fixture recording (recorded from the demo app by the real rrweb recorder) against its
 * ground truth: each expected struggle is found (kind, atMs within 1 s, target), and nothing else
 * is reported. Prints the expected-vs-found table per kind.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeRecording } from '../../../src/core/analysis';
import { matches, parseSelectorList } from '../../../src/core/detect/ignoreSelectors';
import type { Struggle } from '../../../src/core/model';
import { loadRecording } from '../../../src/core/recording/load';

const DIR = join(__dirname, '..', '..', 'fixtures', 'recordings');
/** The same recordings re-wrapped in PostHog/Sentry shapes (recorder/wrap-formats.mjs). */
const FORMATS = join(__dirname, '..', '..', 'fixtures', 'formats');

interface TruthStruggle {
  kind: string;
  atMs: number;
  /** A selector, a URL path (page-level kinds), or null when the struggle has no element. */
  target: string | null;
  targetText?: string;
}

interface Truth {
  description: string;
  recording: string;
  struggles: TruthStruggle[];
  notStruggles: { what: string; atMs: number; target: string }[];
}

const truths = readdirSync(DIR)
  .filter((f) => f.endsWith('.truth.json'))
  .sort()
  .map((f) => {
    const truth = JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Truth;
    return { name: f.replace(/\.truth\.json$/, ''), truth, file: join(DIR, truth.recording) };
  });
const wrapped = (JSON.parse(readFileSync(join(FORMATS, 'formats.json'), 'utf8')) as { file: string; truth: string }[]).map((w) => ({
  name: w.file,
  truth: JSON.parse(readFileSync(join(DIR, w.truth), 'utf8')) as Truth,
  file: join(FORMATS, w.file),
}));

/** The last compound of a selector (`[data-row="x"] .save-later` → `.save-later`). */
function lastCompound(selector: string): string {
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const ch = selector[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '(') depth++;
    else if (ch === ']' || ch === ')') depth--;
    else if (depth === 0 && (ch === ' ' || ch === '>')) start = i + 1;
  }
  return selector.slice(start).trim();
}

function targetMatches(truth: TruthStruggle, found: Struggle): boolean {
  if (truth.target === null) return true;
  if (truth.target.startsWith('/')) {
    try {
      return new URL(found.url).pathname === truth.target;
    } catch {
      return false;
    }
  }
  const target = found.target;
  if (!target) return false;
  if (target.selector.includes(truth.target)) return true;
  const summary = { nodeId: target.nodeId, tag: target.tag, attributes: target.attributes };
  if (!matches([summary], parseSelectorList(lastCompound(truth.target)))) return false;
  return truth.targetText === undefined || target.text === undefined || target.text === truth.targetText;
}

type Row = { expected: number; found: number; missed: number; extra: number };
const table = new Map<string, Row>();
const row = (kind: string): Row => {
  let r = table.get(kind);
  if (!r) table.set(kind, (r = { expected: 0, found: 0, missed: 0, extra: 0 }));
  return r;
};

describe('ground truth: fixture recordings', () => {
  it('has fixtures to check', () => {
    expect(truths.length).toBeGreaterThan(0);
  });

  it.each([...truths, ...wrapped].map((t) => [t.name, t.truth, t.file] as const))('%s', async (_name, truth, file) => {
    const recording = await loadRecording(file);
    const session = await analyzeRecording(recording);
    const remaining = [...session.struggles];
    const missed: TruthStruggle[] = [];
    for (const expected of truth.struggles) {
      row(expected.kind).expected++;
      const at = remaining.findIndex((s) => s.kind === expected.kind && Math.abs(s.atMs - expected.atMs) <= 1000 && targetMatches(expected, s));
      if (at < 0) {
        missed.push(expected);
        row(expected.kind).missed++;
        continue;
      }
      row(expected.kind).found++;
      remaining.splice(at, 1);
    }
    for (const extra of remaining) row(extra.kind).extra++;
    const describeFound = (s: Struggle): string => `${s.kind} @${Math.round(s.atMs)} ${s.target?.selector ?? s.url}: ${s.summary}`;
    expect({ missed, extra: remaining.map(describeFound) }, `found: ${session.struggles.map(describeFound).join(' | ')}`).toEqual({ missed: [], extra: [] });
  });

  afterAll(() => {
    const kinds = [...table.keys()].sort();
    const lines = ['kind               expected  found  missed  extra'];
    for (const kind of kinds) {
      const r = table.get(kind)!;
      lines.push(`${kind.padEnd(18)} ${String(r.expected).padStart(8)} ${String(r.found).padStart(6)} ${String(r.missed).padStart(7)} ${String(r.extra).padStart(6)}`);
    }
    const total = [...table.values()].reduce((a, r) => ({ expected: a.expected + r.expected, found: a.found + r.found, missed: a.missed + r.missed, extra: a.extra + r.extra }), { expected: 0, found: 0, missed: 0, extra: 0 });
    lines.push(`${'total'.padEnd(18)} ${String(total.expected).padStart(8)} ${String(total.found).padStart(6)} ${String(total.missed).padStart(7)} ${String(total.extra).padStart(6)}`);
    console.log(`\nGround truth over ${truths.length} fixtures and ${wrapped.length} re-wrapped ones:\n${lines.join('\n')}`);
  });
});
