/** package.json's contributed settings stay in sync with the engine's SETTINGS and defaults. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../../../src/core/detect/config';
import { DEFAULT_OUT_FILES, DEFAULT_SOURCE_MAP_PATH_OVERRIDES } from '../../../src/core/link';
import { DEFAULT_MAX_DECOMPRESSED_BYTES } from '../../../src/core/recording/load';

const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
const properties = pkg.contributes.configuration.properties as Record<string, Record<string, unknown>>;

/** A `%key%` placeholder resolved through package.nls.json. */
function localized(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const m = /^%(.+)%$/.exec(value);
  return m ? nls[m[1]] : value;
}

describe('contributed settings', () => {
  it('contribute every detection setting with the engine\'s key, type, default, bounds and description', () => {
    const contributed = Object.keys(properties).filter((k) => k.startsWith('struggleLens.detect.'));
    expect(contributed).toEqual(SETTINGS.map((s) => s.key));
    for (const setting of SETTINGS) {
      const property = properties[setting.key];
      expect(property.type, setting.key).toBe(setting.type);
      expect(property.default, setting.key).toEqual(setting.default);
      expect(property.minimum, setting.key).toBe(setting.minimum);
      expect(property.maximum, setting.key).toBe(setting.maximum);
      expect(property.items, setting.key).toEqual(setting.items);
      expect(localized(property.description), setting.key).toBe(setting.description);
    }
  });

  it('use the engine\'s defaults for sizes and source maps', () => {
    expect(properties['struggleLens.maxRecordingSize'].default).toBe(DEFAULT_MAX_DECOMPRESSED_BYTES);
    expect(properties['struggleLens.sourceMaps.outFiles'].default).toEqual(DEFAULT_OUT_FILES);
    expect(properties['struggleLens.sourceMaps.sourceMapPathOverrides'].default).toEqual({ ...DEFAULT_SOURCE_MAP_PATH_OVERRIDES });
    expect(properties['struggleLens.recordings.globs'].default).toEqual(['**/*.rrweb.json', '**/*.rrweb.json.gz', '**/*.rrweb.jsonl']);
    expect(properties['struggleLens.replay.allowRemoteAssets'].default).toBe(false);
    expect(properties['struggleLens.replay.leadInMs'].default).toBe(3000);
  });

  it('resolve every %placeholder% of package.json through package.nls.json, and use every entry', () => {
    const text = readFileSync(join(root, 'package.json'), 'utf8');
    const used = new Set([...text.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]));
    for (const key of used) expect(nls[key], key).toBeTypeOf('string');
    expect(Object.keys(nls).filter((k) => !used.has(k))).toEqual([]);
  });

  it('declare that workspace code never runs, so untrusted workspaces are supported', () => {
    expect(pkg.capabilities.untrustedWorkspaces.supported).toBe(true);
    expect(localized(pkg.capabilities.untrustedWorkspaces.description)).toMatch(/never executes workspace code/);
  });

  it('register every command the menus and views name', () => {
    const commands = new Set((pkg.contributes.commands as Array<{ command: string }>).map((c) => c.command));
    const menus = Object.values(pkg.contributes.menus as Record<string, Array<{ command: string }>>).flat();
    for (const item of menus) expect(commands.has(item.command), item.command).toBe(true);
    for (const item of pkg.contributes.viewsWelcome as Array<{ contents: string }>) {
      for (const m of String(localized(item.contents)).matchAll(/command:([\w.]+)/g)) expect(commands.has(m[1]), m[1]).toBe(true);
    }
  });
});
