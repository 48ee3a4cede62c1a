/**
 * The re-wrapped fixtures (test/fixtures/formats, written by recorder/wrap-formats.mjs from the
 * recorded fixtures): each loads with its format, session id and window ids, and holds exactly
 * the events of the recording it was made from. (That they analyze to the same struggles is in
 * detect/groundTruth.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRecording } from '../../../src/core/recording/load';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const FORMATS = join(FIXTURES, 'formats');

interface Wrapped {
  file: string;
  from: string;
  truth: string;
  shape: string;
  format: 'rrweb' | 'posthog' | 'sentry';
  sessionId: string | null;
  windowIds: string[];
}

const manifest = JSON.parse(readFileSync(join(FORMATS, 'formats.json'), 'utf8')) as Wrapped[];

describe('re-wrapped fixtures', () => {
  it('cover every shape the loader reads beyond plain rrweb', () => {
    expect(manifest.map((m) => m.shape).sort()).toEqual([
      'PostHog [windowId, event] lines',
      'PostHog events with a windowId',
      'PostHog export (numbered windows, data.id)',
      'PostHog length-prefixed snappy blocks',
      'PostHog snapshot_data_by_window_id page',
      'Sentry replay envelope (zlib segment)',
    ]);
  });

  it.each(manifest.map((m) => [m.file, m] as const))('%s', async (_file, m) => {
    const wrapped = await loadRecording(join(FORMATS, m.file));
    const original = await loadRecording(join(FIXTURES, 'recordings', m.from));
    expect(wrapped.format).toBe(m.format);
    expect(wrapped.sessionId ?? null).toBe(m.sessionId);
    expect([...new Set(wrapped.events.map((e) => e.windowId).filter((w) => w !== undefined))]).toEqual(m.windowIds);
    expect(wrapped.warnings).toEqual(original.warnings);
    const strip = ({ windowId: _w, ...e }: { windowId?: string }) => e;
    expect(wrapped.events.map(strip)).toEqual(original.events.map(strip));
  });
});
