/** Detection settings: defaults, the settings table, and parsing a --config file. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECT_CONFIG, SETTINGS, parseDetectConfig } from '../../../src/core/detect/config';
import { InputError } from '../../../src/core/model';

function problem(json: unknown): string {
  try {
    parseDetectConfig(json, 'lens.json');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).message;
  }
  throw new Error('expected an InputError');
}

describe('detect config', () => {
  it('has the spec defaults', () => {
    expect(DEFAULT_DETECT_CONFIG.rageClick).toEqual({ enabled: true, minClicks: 3, windowMs: 1000, radiusPx: 30 });
    expect(DEFAULT_DETECT_CONFIG.deadClick).toMatchObject({ windowMs: 3000, lateWatchMs: 7000, scrollResponseMs: 300, networkResponseMs: 300 });
    expect(DEFAULT_DETECT_CONFIG.errorClick.windowMs).toBe(1000);
    expect(DEFAULT_DETECT_CONFIG.slowLoad).toMatchObject({ lcpMs: 2500, lcpHighMs: 4000, ttfbMs: 800, ttfbHighMs: 1800, fcpMs: 1800, fcpHighMs: 3000, loadMs: 4000, inpMs: 200, inpHighMs: 500, cls: 0.1, clsHigh: 0.25 });
    expect(DEFAULT_DETECT_CONFIG.thrashedCursor).toMatchObject({ minReversals: 4, windowMs: 1000, minTravelPx: 100 });
    expect(DEFAULT_DETECT_CONFIG.excessiveScroll).toMatchObject({ minReversals: 3, windowMs: 10000 });
    expect(DEFAULT_DETECT_CONFIG.quickBack.withinMs).toBe(5000);
    expect(DEFAULT_DETECT_CONFIG.ignoreSelectors).toContain('[data-struggle-ignore]');
    expect(DEFAULT_DETECT_CONFIG.ignoreSelectors).toContain('.ph-no-rageclick');
    expect(Object.isFrozen(DEFAULT_DETECT_CONFIG.rageClick)).toBe(true);
  });

  it('lists every setting once, with its default, type and description', () => {
    const keys = SETTINGS.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain('struggleLens.detect.rageClick.minClicks');
    expect(keys).toContain('struggleLens.detect.ignoreSelectors');
    for (const kind of ['rageClick', 'deadClick', 'errorClick', 'slowLoad', 'error', 'thrashedCursor', 'excessiveScroll', 'quickBack', 'formAbandon']) {
      expect(keys).toContain(`struggleLens.detect.${kind}.enabled`);
    }
    for (const s of SETTINGS) {
      expect(s.description.length, s.key).toBeGreaterThan(10);
      expect(['number', 'integer', 'boolean', 'array']).toContain(s.type);
    }
    expect(SETTINGS.find((s) => s.key === 'struggleLens.detect.rageClick.minClicks')).toMatchObject({ default: 3, type: 'integer', minimum: 2 });
  });

  it('parses flat settings keys over the defaults', () => {
    const config = parseDetectConfig(
      {
        'struggleLens.detect.rageClick.minClicks': 4,
        'struggleLens.detect.deadClick.enabled': false,
        'struggleLens.detect.ignoreSelectors': ['#chat-widget', '.carousel button'],
      },
      'lens.json',
    );
    expect(config.rageClick.minClicks).toBe(4);
    expect(config.rageClick.windowMs).toBe(1000);
    expect(config.deadClick.enabled).toBe(false);
    expect(config.ignoreSelectors).toEqual(['#chat-widget', '.carousel button']);
    // The defaults are untouched.
    expect(DEFAULT_DETECT_CONFIG.rageClick.minClicks).toBe(3);
  });

  it('rejects bad values with the key and what was wrong', () => {
    expect(problem({ 'struggleLens.detect.rageClick.windowMs': 'abc' })).toBe('lens.json: struggleLens.detect.rageClick.windowMs must be a number ≥ 1 (got "abc")');
    expect(problem({ 'struggleLens.detect.rageClick.minClicks': 2.5 })).toBe('lens.json: struggleLens.detect.rageClick.minClicks must be an integer ≥ 2 (got 2.5)');
    expect(problem({ 'struggleLens.detect.deadClick.windowMs': -1 })).toContain('must be a number ≥ 1 (got -1)');
    expect(problem({ 'struggleLens.detect.error.enabled': 'yes' })).toBe('lens.json: struggleLens.detect.error.enabled must be true or false (got "yes")');
    expect(problem({ 'struggleLens.detect.ignoreSelectors': '.x' })).toContain('must be an array of CSS selector strings');
    expect(problem({ 'struggleLens.detect.ignoreSelectors': ['a:hover'] })).toContain('pseudo-classes are not supported');
    expect(problem({ 'struggleLens.detect.slowLoad.lcpHighMs': 1000 })).toBe(
      'lens.json: struggleLens.detect.slowLoad.lcpHighMs (1000) must be ≥ struggleLens.detect.slowLoad.lcpMs (2500)',
    );
    expect(problem([1, 2])).toContain('expected a JSON object of settings');
    expect(problem(null)).toContain('(got null)');
  });

  it('rejects unknown keys, suggesting the closest one', () => {
    expect(problem({ 'struggleLens.detect.rageClick.minClick': 3 })).toBe(
      'lens.json: unknown setting "struggleLens.detect.rageClick.minClick" (did you mean "struggleLens.detect.rageClick.minClicks"?)',
    );
    expect(problem({ 'rageClick.minClicks': 3 })).toContain('did you mean "struggleLens.detect.rageClick.minClicks"?');
    expect(problem({ 'struggleLens.detect.totallyDifferent': 1 })).toBe('lens.json: unknown setting "struggleLens.detect.totallyDifferent"');
  });

  it('can leave other sections of a shared config file to their owners', () => {
    const config = parseDetectConfig({ 'struggleLens.sourceMaps.pathMapping': {}, 'struggleLens.detect.quickBack.withinMs': 3000 }, 'lens.json', { otherKeys: 'ignore' });
    expect(config.quickBack.withinMs).toBe(3000);
    expect(() => parseDetectConfig({ 'struggleLens.detect.quickBack.within': 1 }, 'lens.json', { otherKeys: 'ignore' })).toThrow(InputError);
  });
});
