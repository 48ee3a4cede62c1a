/** Small synthetic events and a temporary folder for the loader tests. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { RecordingEvent } from '../../../src/core/model';

/** A temporary folder removed after the test file; `file(name, content)` writes into it. */
export function tempFiles(prefix: string): (name: string, content: string | Buffer) => string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return (name, content) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
}

export const T = 1_700_000_000_000;
export const meta = (t: number, href = 'https://shop.test/'): RecordingEvent => ({ type: 4, data: { href, width: 1280, height: 720 }, timestamp: t });
export const full = (t: number): RecordingEvent => ({
  type: 2,
  data: {
    node: {
      type: 0,
      id: 1,
      childNodes: [{ type: 2, id: 2, tagName: 'html', attributes: {}, childNodes: [{ type: 3, id: 3, textContent: 'Caf\u00e9 \u{1F6D2}' }] }],
    },
    initialOffset: { left: 0, top: 0 },
  },
  timestamp: t,
});
export const click = (t: number, id = 3): RecordingEvent => ({ type: 3, data: { source: 2, type: 2, id, x: 10, y: 20 }, timestamp: t });
export const move = (t: number): RecordingEvent => ({ type: 3, data: { source: 1, positions: [{ x: 1, y: 2, id: 3, timeOffset: 0 }] }, timestamp: t });
