import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../src/cli/table';
import { loadRecording } from '../../../src/core/recording/load';
import { formatMoment } from '../../../src/extension/links';

const dir = mkdtempSync(join(tmpdir(), 'struggle-lens-outliers-'));
const T0 = 1_700_000_000_000;

function write(name: string, events: unknown[]): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(events));
  return file;
}

const session = (times: number[]) => [
  { type: 4, timestamp: times[0], data: { href: 'https://example.invalid/', width: 800, height: 600 } },
  { type: 2, timestamp: times[1], data: { node: { type: 0, id: 1, childNodes: [] }, initialOffset: { top: 0, left: 0 } } },
  ...times.slice(2).map((t) => ({ type: 3, timestamp: t, data: { source: 2, type: 2, id: 1, x: 1, y: 1 } })),
];

describe('absurd timestamps', () => {
  it('clamps an event whose timestamp has an extra digit, and names it', async () => {
    // An 8 s session; event 5 has a digit too many: in time order it would end 198 days later.
    const times = [T0, T0 + 10, T0 + 2000, T0 + 4000, T0 + 6000, T0 + 8000];
    const events = session(times);
    events[5].timestamp = T0 + 8000 + 198 * 86_400_000;
    const rec = await loadRecording(write('digit.rrweb.json', events));
    expect(rec.events[rec.events.length - 1].timestamp - rec.events[0].timestamp).toBe(6000);
    expect(rec.warnings).toEqual([
      `event 5 (type 3) has timestamp ${T0 + 8000 + 198 * 86_400_000}, 198 days after the rest of the session; treated as a bad timestamp and moved to the last good event's time`,
    ]);
  });

  it('clamps a leading event with a lost digit (a snapshot still replays)', async () => {
    const events = session([T0, T0 + 10, T0 + 2000, T0 + 4000, T0 + 6000]);
    events[1].timestamp = Math.floor(T0 / 10);
    const rec = await loadRecording(write('lost.rrweb.json', events));
    expect(rec.events[0].type).toBe(2);
    expect(rec.events[0].timestamp).toBe(T0);
    expect(rec.warnings[0]).toMatch(/^events out of order at index 1; sorted$/);
    expect(rec.warnings[1]).toMatch(/^event 1 \(type 2\) has timestamp 170000000000, \d+ days before the rest of the session; treated as a bad timestamp and moved to the first good event's time$/);
  });

  it('believes a long idle gap when the user came back and did more', async () => {
    const times = [T0, T0 + 10, T0 + 2000, T0 + 3 * 86_400_000, T0 + 3 * 86_400_000 + 1000, T0 + 3 * 86_400_000 + 2000, T0 + 3 * 86_400_000 + 3000];
    const rec = await loadRecording(write('idle.rrweb.json', session(times)));
    expect(rec.warnings).toEqual([]);
  });

  it('refuses timestamps no date can hold', async () => {
    await expect(loadRecording(write('huge.rrweb.json', session([1e20, 1e20 + 1])))).rejects.toThrow(/event 0 has timestamp 100000000000000000000, beyond any date; expected epoch milliseconds/);
  });
});

describe('long durations', () => {
  it('are written in hours and days', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(8200)).toBe('8.2 s');
    expect(formatDuration(245_000)).toBe('4 min 5 s');
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000)).toBe('2 h 5 min');
    expect(formatDuration(285_010 * 60_000 + 3000)).toBe('197 d 22 h');
    expect(formatMoment(3_723_400)).toBe('1:02:03.4');
    expect(formatMoment(3 * 86_400_000 + 7_384_000)).toBe('3d 2:03:04');
  });
});
