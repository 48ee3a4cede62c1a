import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeInputs } from '../../src/core/analysis';
import type { RecordingEvent } from '../../src/core/model';

const dir = mkdtempSync(join(tmpdir(), 'sl-analysis-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

const T = 1_700_000_000_000;
const meta = (t: number): RecordingEvent => ({ type: 4, data: { href: 'https://shop.test/', width: 1280, height: 720 }, timestamp: t });
const full = (t: number): RecordingEvent => ({
  type: 2,
  data: { node: { type: 0, id: 1, childNodes: [{ type: 2, id: 2, tagName: 'html', attributes: {}, childNodes: [] }] }, initialOffset: { top: 0, left: 0 } },
  timestamp: t,
});
const move = (t: number): RecordingEvent => ({ type: 3, data: { source: 1, positions: [{ x: 1, y: 1, id: 2, timeOffset: 0 }] }, timestamp: t });

describe('analyzeInputs', () => {
  it('merges segments that share a session id into one session, in the order the files were named', async () => {
    const a1 = file('a1.json', { replay_id: 'A', events: [meta(T), full(T + 1)] });
    const b = file('b.json', [meta(T + 7), full(T + 8)]);
    const a2 = file('a2.json', { replay_id: 'A', events: [move(T + 500)] });
    const { sessions, inputErrors } = await analyzeInputs([a2, b, a1], { cwd: dir });
    expect(inputErrors).toEqual([]);
    expect(sessions.map((s) => s.file)).toEqual(['a1.json + a2.json', 'b.json']); // segments in time order
    expect(sessions[0].id).toBe('A');
    expect(sessions[0].eventCount).toBe(3);
    expect(sessions[0].warnings).toEqual([]);
  });

  it('treats every input as one session with oneSession (--session)', async () => {
    const one = file('one.json', [meta(T), full(T + 1)]);
    const two = file('two.json', [move(T + 2000)]);
    const { sessions } = await analyzeInputs([two, one], { cwd: dir, oneSession: true });
    expect(sessions).toHaveLength(1);
    expect(sessions[0].file).toBe('one.json + two.json');
    expect(sessions[0].durationMs).toBe(2000);
  });

  it('lets go of the events when asked, keeping their count', async () => {
    const rec = file('keep.json', [meta(T), full(T + 1), move(T + 10)]);
    const kept = await analyzeInputs([rec], { cwd: dir });
    const released = await analyzeInputs([rec], { cwd: dir, keepEvents: false });
    expect(kept.sessions[0].events).toHaveLength(3);
    expect(released.sessions[0].events).toEqual([]);
    expect(released.sessions[0].eventCount).toBe(3);
    expect(released.sessions[0].pages).toEqual(kept.sessions[0].pages);
  });
});
