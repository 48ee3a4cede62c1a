import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeInputs } from '../../../src/core/analysis';
import { attributeErrors, loadErrorsFile, type AttributionSession } from '../../../src/core/errors';
import type { ErrorRecord } from '../../../src/core/model';
import { generateExport, T } from './exportFixture';

const dir = mkdtempSync(join(tmpdir(), 'sl-attribute-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const error = (at: number, extra: Partial<ErrorRecord> = {}): ErrorRecord => ({
  atMs: 0,
  timestamp: T + at,
  type: 'TypeError',
  message: `at ${at}`,
  origin: 'errors-file',
  frames: [],
  ...extra,
});
const span = (start: number, end: number, extra: Partial<AttributionSession> = {}): AttributionSession => ({
  start: T + start,
  end: T + end,
  pages: [{ url: 'https://shop.example/', at: T + start }],
  ...extra,
});
/** Where each error went: a session index or 'none'. */
function placed(errors: ErrorRecord[], sessions: AttributionSession[], options?: { slackMs?: number }, only?: number[]): (number | 'none')[] {
  const { bySession, unattached } = attributeErrors([{ errors, ...(only ? { only } : {}) }], sessions, options);
  return errors.map((e) => {
    const i = bySession.findIndex((list) => list.some((x) => x.message === e.message));
    if (i >= 0) return i;
    expect(unattached.map((x) => x.message)).toContain(e.message);
    return 'none';
  });
}

describe('attributeErrors', () => {
  it('attaches by time within the slack and never clamps an error into a session', () => {
    const sessions = [span(0, 10_000)];
    const errors = [error(-2_001), error(-2_000), error(5_000), error(12_000), error(12_001), error(-60_000), error(70_000)];
    expect(placed(errors, sessions)).toEqual(['none', 0, 0, 0, 'none', 'none', 'none']);
    const { bySession } = attributeErrors([{ errors }], sessions);
    // The real offset, even a little before the first event or after the last.
    expect(bySession[0].map((e) => e.atMs)).toEqual([-2_000, 5_000, 12_000]);
  });

  it('uses the configured slack', () => {
    expect(placed([error(-500), error(10_400), error(10_600)], [span(0, 10_000)], { slackMs: 500 })).toEqual([0, 0, 'none']);
    expect(placed([error(-1)], [span(0, 10_000)], { slackMs: 0 })).toEqual(['none']);
  });

  it('matches ids before time: the named session wins wherever the error happened', () => {
    const sessions = [span(0, 10_000, { sessionId: 'A' }), span(20_000, 30_000, { sessionId: 'B' })];
    expect(placed([error(5_000, { sessionId: 'B' }), error(500_000, { sessionId: 'A' })], sessions)).toEqual([1, 0]);
  });

  it('never attaches an error naming another session to a recording with its own id', () => {
    const sessions = [span(0, 10_000, { sessionId: 'A' }), span(0, 10_000)];
    // Inside both spans: the session without an id may still take it by time.
    expect(placed([error(5_000, { sessionId: 'Z' })], sessions)).toEqual([1]);
    expect(placed([error(5_000, { sessionId: 'Z' })], [sessions[0]])).toEqual(['none']);
    // Errors without an id go to recordings with an id by time.
    expect(placed([error(5_000)], [sessions[0]])).toEqual([0]);
  });

  it('breaks a tie between overlapping sessions by the page URL, the page open at the time first', () => {
    const a = span(0, 20_000, { pages: [{ url: 'https://shop.example/cart', at: T }] });
    const b = span(5_000, 25_000, {
      pages: [
        { url: 'https://shop.example/cart', at: T + 5_000 },
        { url: 'https://shop.example/checkout?step=2', at: T + 8_000 },
      ],
    });
    expect(placed([error(10_000, { url: 'https://shop.example/checkout?step=2' })], [a, b])).toEqual([1]);
    expect(placed([error(10_000, { url: 'https://shop.example/checkout#top' })], [a, b])).toEqual([1]); // same path
    expect(placed([error(6_000, { url: 'https://shop.example/cart' })], [b, a])).toEqual([0]); // b's current page
    expect(placed([error(10_000, { url: 'https://shop.example/cart' })], [a, b])).toEqual([0]); // a's page now; b has moved on
  });

  it('breaks a tie without a URL by the nearest session', () => {
    const sessions = [span(0, 10_000), span(13_000, 20_000)];
    expect(placed([error(11_000), error(12_000), error(10_500)], sessions, { slackMs: 3_000 })).toEqual([0, 1, 0]);
  });

  it('keeps a log beside a recording to that recording', () => {
    const sessions = [span(0, 10_000), span(0, 10_000)];
    expect(placed([error(5_000), error(30_000)], sessions, undefined, [1])).toEqual([1, 'none']);
  });
});

describe('one export of many sessions beside their recordings', () => {
  for (const shape of ['sentry', 'posthog'] as const) {
    it(`puts each ${shape} error in exactly its session or in unattachedErrors`, async () => {
      const folder = join(dir, shape);
      const gen = generateExport(folder, { sessions: 12, perSession: 4, shape });
      const result = await analyzeInputs([folder], { cwd: folder, errorsFiles: [gen.exportFile] });
      expect(result.inputErrors).toEqual([]);
      expect(result.sessions).toHaveLength(12);
      const landed = new Map<string, string[]>();
      const note = (message: string, where: string) => landed.set(message, [...(landed.get(message) ?? []), where]);
      for (const s of result.sessions) for (const e of s.errors) note(e.message, s.file);
      for (const e of result.unattachedErrors) note(e.message, 'unattached');
      for (const [message, expected] of gen.expected) expect([message, landed.get(message)]).toEqual([message, [expected ?? 'unattached']]);
      expect(result.unattachedErrors.every((e) => e.file === (shape === 'sentry' ? 'day.sentry.json' : 'day.posthog.jsonl'))).toBe(true);
      // No session got an error struggle it did not earn: one per session, at its own errors.
      for (const s of result.sessions) {
        for (const st of s.struggles.filter((x) => x.kind === 'error')) expect(s.errors[st.errorIndex!].file).toBeDefined();
      }
    });
  }

  it('reads a 5,000-event export beside 200 recordings once, and attributes every error', async () => {
    const folder = join(dir, 'big');
    const gen = generateExport(folder, { sessions: 200, perSession: 22, shape: 'sentry', durationMs: 8_000, gapMs: 10_000 });
    expect(gen.expected.size).toBeGreaterThanOrEqual(5_000);
    const reads: string[] = [];
    const result = await analyzeInputs([folder], {
      cwd: folder,
      errorsFiles: [gen.exportFile],
      keepEvents: false,
      readErrorsFile: (file) => {
        reads.push(file);
        return loadErrorsFile(file);
      },
    });
    expect(reads).toEqual([gen.exportFile]);
    expect(result.sessions).toHaveLength(200);
    let right = 0;
    for (const s of result.sessions) for (const e of s.errors) if (gen.expected.get(e.message) === s.file) right++;
    const unattachedRight = result.unattachedErrors.filter((e) => gen.expected.get(e.message) === null).length;
    expect(right + unattachedRight).toBe(gen.expected.size);
  }, 60_000);

  it('keeps a log beside a recording to that recording, and reports what matched nothing', async () => {
    const folder = join(dir, 'sibling');
    const gen = generateExport(folder, { sessions: 2, perSession: 0, shape: 'sentry', idEvery: 0 });
    const [a, b] = gen.sessions;
    const sentry = (at: number, message: string) => ({ timestamp: at / 1000, exception: { values: [{ type: 'Error', value: message }] } });
    // Inside b's span, but beside a: it is a's log.
    writeFileSync(join(folder, 'session-000.errors.json'), JSON.stringify([sentry(a.start + 1_000, 'mine'), sentry(b.start + 1_000, 'in b, not mine')]));
    const result = await analyzeInputs([folder], { cwd: folder });
    expect(result.sessions[0].errors.map((e) => e.message)).toEqual(['mine']);
    expect(result.sessions[1].errors).toEqual([]);
    expect(result.unattachedErrors.map((e) => [e.file, e.message])).toEqual([['session-000.errors.json', 'in b, not mine']]);
  });
});

describe('handled errors', () => {
  it('keeps a caught error on the timeline, never as an uncaught error struggle', async () => {
    const folder = join(dir, 'handled');
    const gen = generateExport(folder, { sessions: 1, perSession: 0, shape: 'sentry', idEvery: 0 });
    const s = gen.sessions[0];
    const event = (handled: boolean, message: string) => ({
      timestamp: (s.start + 3_000) / 1000,
      exception: { values: [{ type: 'TypeError', value: message, mechanism: { type: 'generic', handled } }] },
    });
    const posthog = {
      event: '$exception',
      timestamp: new Date(s.start + 4_000).toISOString(),
      properties: { $exception_list: [{ type: 'Error', value: 'caught by PostHog', mechanism: { handled: true } }] },
    };
    writeFileSync(join(folder, 'caught.json'), JSON.stringify([event(true, 'caught'), event(false, 'thrown')]));
    writeFileSync(join(folder, 'ph.jsonl'), `${JSON.stringify(posthog)}\n`);
    const result = await analyzeInputs([join(folder, s.file)], { cwd: folder, errorsFiles: ['caught.json', 'ph.jsonl'] });
    const session = result.sessions[0];
    expect(session.errors.map((e) => [e.message, e.handled === true])).toEqual([
      ['caught', true],
      ['thrown', false],
      ['caught by PostHog', true],
    ]);
    const errorStruggles = session.struggles.filter((x) => x.kind === 'error');
    expect(errorStruggles.map((x) => x.summary)).toEqual([expect.stringMatching(/^Uncaught TypeError: thrown/)]);
  });
});
