/**
 * Every threshold of the struggle detectors, with the defaults of struggles.md. `SETTINGS` is the
 * single source of truth for the extension's `contributes.configuration` and for the CLI's
 * `--config FILE` (a JSON object with the same flat keys as VS Code's settings.json).
 */
import { InputError } from '../model';
import { parseSelectorList } from './ignoreSelectors';

export interface RageClickConfig {
  enabled: boolean;
  minClicks: number;
  windowMs: number;
  radiusPx: number;
}

export interface DeadClickConfig {
  enabled: boolean;
  windowMs: number;
  lateWatchMs: number;
  scrollResponseMs: number;
  networkResponseMs: number;
}

export interface ErrorClickConfig {
  enabled: boolean;
  windowMs: number;
}

export interface SlowLoadConfig {
  enabled: boolean;
  lcpMs: number;
  lcpHighMs: number;
  ttfbMs: number;
  ttfbHighMs: number;
  fcpMs: number;
  fcpHighMs: number;
  loadMs: number;
  inpMs: number;
  inpHighMs: number;
  cls: number;
  clsHigh: number;
  /** Without timing data: a click on a link to the next page's first snapshot. */
  navigationMs: number;
  navigationHighMs: number;
}

export interface ErrorConfig {
  enabled: boolean;
}

export interface ThrashedCursorConfig {
  enabled: boolean;
  minReversals: number;
  windowMs: number;
  minTravelPx: number;
  /** Movements shorter than this are jitter, not a change of direction. */
  minSegmentPx: number;
}

export interface ExcessiveScrollConfig {
  enabled: boolean;
  minReversals: number;
  windowMs: number;
  /** Scrolls shorter than this are bounces, not a change of direction. */
  minSegmentPx: number;
}

export interface QuickBackConfig {
  enabled: boolean;
  withinMs: number;
}

export interface FormAbandonConfig {
  enabled: boolean;
  /** An Enter-key submit: a navigation this soon after the last input, with no click between. */
  submitNavigationMs: number;
}

export interface DetectConfig {
  /** CSS selectors; a click on a matching element (or inside one) is never a rage or dead click. */
  ignoreSelectors: string[];
  rageClick: RageClickConfig;
  deadClick: DeadClickConfig;
  errorClick: ErrorClickConfig;
  slowLoad: SlowLoadConfig;
  error: ErrorConfig;
  thrashedCursor: ThrashedCursorConfig;
  excessiveScroll: ExcessiveScrollConfig;
  quickBack: QuickBackConfig;
  formAbandon: FormAbandonConfig;
}

export const DEFAULT_IGNORE_SELECTORS: readonly string[] = [
  '[data-struggle-ignore]',
  '.ph-no-rageclick',
  '[data-dd-action-name-ignore]',
  '[data-sentry-ignore]',
];

export const DEFAULT_DETECT_CONFIG: DetectConfig = deepFreeze({
  ignoreSelectors: [...DEFAULT_IGNORE_SELECTORS],
  rageClick: { enabled: true, minClicks: 3, windowMs: 1000, radiusPx: 30 },
  deadClick: { enabled: true, windowMs: 3000, lateWatchMs: 7000, scrollResponseMs: 300, networkResponseMs: 300 },
  errorClick: { enabled: true, windowMs: 1000 },
  slowLoad: {
    enabled: true,
    lcpMs: 2500,
    lcpHighMs: 4000,
    ttfbMs: 800,
    ttfbHighMs: 1800,
    fcpMs: 1800,
    fcpHighMs: 3000,
    loadMs: 4000,
    inpMs: 200,
    inpHighMs: 500,
    cls: 0.1,
    clsHigh: 0.25,
    navigationMs: 2500,
    navigationHighMs: 4000,
  },
  error: { enabled: true },
  thrashedCursor: { enabled: true, minReversals: 4, windowMs: 1000, minTravelPx: 100, minSegmentPx: 10 },
  excessiveScroll: { enabled: true, minReversals: 3, windowMs: 10000, minSegmentPx: 50 },
  quickBack: { enabled: true, withinMs: 5000 },
  formAbandon: { enabled: true, submitNavigationMs: 1500 },
});

export const SETTINGS_PREFIX = 'struggleLens.detect.';

export type SettingType = 'number' | 'integer' | 'boolean' | 'array';

export interface SettingDescriptor {
  /** Full settings key, e.g. `struggleLens.detect.rageClick.minClicks`. */
  key: string;
  default: number | boolean | string[];
  type: SettingType;
  minimum?: number;
  maximum?: number;
  /** For arrays: the item type. */
  items?: { type: 'string' };
  description: string;
}

type Section = Exclude<keyof DetectConfig, 'ignoreSelectors'>;

interface Row {
  section: Section;
  name: string;
  type: Exclude<SettingType, 'array'>;
  minimum?: number;
  maximum?: number;
  description: string;
}

const enabledRow = (section: Section, what: string): Row => ({
  section,
  name: 'enabled',
  type: 'boolean',
  description: `Report ${what}.`,
});

const ROWS: Row[] = [
  enabledRow('rageClick', 'rage clicks (a burst of unanswered clicks on one target)'),
  { section: 'rageClick', name: 'minClicks', type: 'integer', minimum: 2, description: 'Clicks in one burst that make a rage click.' },
  { section: 'rageClick', name: 'windowMs', type: 'number', minimum: 1, description: 'Sliding window (ms) the burst must fit in.' },
  { section: 'rageClick', name: 'radiusPx', type: 'number', minimum: 0, description: 'Clicks this close (px) count as the same target even when the resolved elements differ.' },
  enabledRow('deadClick', 'dead clicks (a click on an interactive element that gets no response)'),
  { section: 'deadClick', name: 'windowMs', type: 'number', minimum: 1, description: 'Time (ms) a click has to get a response before it is dead.' },
  { section: 'deadClick', name: 'lateWatchMs', type: 'number', minimum: 1, description: 'Keep watching this long (ms) after a dead click, or until the user clicks again, to report a late response latency.' },
  { section: 'deadClick', name: 'scrollResponseMs', type: 'number', minimum: 0, description: 'A scroll that starts within this time (ms) after the click is its response.' },
  { section: 'deadClick', name: 'networkResponseMs', type: 'number', minimum: 0, description: 'A network request that starts within this time (ms) after the click is its response.' },
  enabledRow('errorClick', 'error clicks (a click followed by an uncaught error or a failing request)'),
  { section: 'errorClick', name: 'windowMs', type: 'number', minimum: 1, description: 'An error or failing request within this time (ms) after a click is tied to it.' },
  enabledRow('slowLoad', 'slow page loads'),
  { section: 'slowLoad', name: 'lcpMs', type: 'number', minimum: 0, description: 'Largest Contentful Paint budget (ms).' },
  { section: 'slowLoad', name: 'lcpHighMs', type: 'number', minimum: 0, description: 'LCP above this (ms) is high severity.' },
  { section: 'slowLoad', name: 'ttfbMs', type: 'number', minimum: 0, description: 'Time To First Byte budget (ms).' },
  { section: 'slowLoad', name: 'ttfbHighMs', type: 'number', minimum: 0, description: 'TTFB above this (ms) is high severity.' },
  { section: 'slowLoad', name: 'fcpMs', type: 'number', minimum: 0, description: 'First Contentful Paint budget (ms).' },
  { section: 'slowLoad', name: 'fcpHighMs', type: 'number', minimum: 0, description: 'FCP above this (ms) is high severity.' },
  { section: 'slowLoad', name: 'loadMs', type: 'number', minimum: 0, description: 'Load event budget (ms).' },
  { section: 'slowLoad', name: 'inpMs', type: 'number', minimum: 0, description: 'Interaction to Next Paint budget (ms).' },
  { section: 'slowLoad', name: 'inpHighMs', type: 'number', minimum: 0, description: 'INP above this (ms) is high severity.' },
  { section: 'slowLoad', name: 'cls', type: 'number', minimum: 0, description: 'Cumulative Layout Shift budget.' },
  { section: 'slowLoad', name: 'clsHigh', type: 'number', minimum: 0, description: 'CLS above this is high severity.' },
  { section: 'slowLoad', name: 'navigationMs', type: 'number', minimum: 0, description: 'Without timing data: budget (ms) from a click on a link to the next page\'s first snapshot (reported at lower confidence).' },
  { section: 'slowLoad', name: 'navigationHighMs', type: 'number', minimum: 0, description: 'Inferred navigation time above this (ms) is high severity.' },
  enabledRow('error', 'uncaught errors not tied to a click'),
  enabledRow('thrashedCursor', 'thrashed cursor (erratic mouse movement)'),
  { section: 'thrashedCursor', name: 'minReversals', type: 'integer', minimum: 1, description: 'Horizontal direction reversals that make erratic movement.' },
  { section: 'thrashedCursor', name: 'windowMs', type: 'number', minimum: 1, description: 'Window (ms) the reversals must fit in.' },
  { section: 'thrashedCursor', name: 'minTravelPx', type: 'number', minimum: 0, description: 'Horizontal travel (px) required within the window.' },
  { section: 'thrashedCursor', name: 'minSegmentPx', type: 'number', minimum: 0, description: 'Movements shorter than this (px) are jitter, not a change of direction.' },
  enabledRow('excessiveScroll', 'excessive scrolling (scrolling up and down, hunting for something)'),
  { section: 'excessiveScroll', name: 'minReversals', type: 'integer', minimum: 1, description: 'Direction reversals of one scroll container that make excessive scrolling.' },
  { section: 'excessiveScroll', name: 'windowMs', type: 'number', minimum: 1, description: 'Window (ms) the reversals must fit in.' },
  { section: 'excessiveScroll', name: 'minSegmentPx', type: 'number', minimum: 0, description: 'Scrolls shorter than this (px) are bounces, not a change of direction.' },
  enabledRow('quickBack', 'quick backs (leaving a page soon after it loaded, back to the previous one)'),
  { section: 'quickBack', name: 'withinMs', type: 'number', minimum: 1, description: 'Returning to the previous URL within this time (ms) of a page load is a quick back.' },
  enabledRow('formAbandon', 'abandoned forms (typed into, then left without a submit)'),
  { section: 'formAbandon', name: 'submitNavigationMs', type: 'number', minimum: 0, description: 'A navigation this soon (ms) after the last keystroke, with no click between, is taken as an Enter-key submit.' },
];

/** Every detection setting, in the order the settings UI shows them. */
export const SETTINGS: readonly SettingDescriptor[] = [
  {
    key: `${SETTINGS_PREFIX}ignoreSelectors`,
    default: [...DEFAULT_IGNORE_SELECTORS],
    type: 'array',
    items: { type: 'string' },
    description:
      'CSS selectors of elements whose clicks are never rage or dead clicks (the element itself or any ancestor may match). Supports tags, #id, .class, [attr], [attr=value] (also ^= $= *= ~=), and descendant/child combinators.',
  },
  ...ROWS.map((row): SettingDescriptor => {
    const value = (DEFAULT_DETECT_CONFIG[row.section] as unknown as Record<string, number | boolean>)[row.name];
    return {
      key: `${SETTINGS_PREFIX}${row.section}.${row.name}`,
      default: value,
      type: row.type,
      ...(row.minimum !== undefined ? { minimum: row.minimum } : {}),
      ...(row.maximum !== undefined ? { maximum: row.maximum } : {}),
      description: row.description,
    };
  }),
];

const ROW_BY_KEY = new Map(ROWS.map((row) => [`${SETTINGS_PREFIX}${row.section}.${row.name}`, row]));

export interface ParseDetectConfigOptions {
  /**
   * What to do with keys outside `struggleLens.detect.` (e.g. other sections of a shared config
   * file). Default 'error'. Unknown keys inside `struggleLens.detect.` are always an error.
   */
  otherKeys?: 'error' | 'ignore';
}

/** A deep copy of the defaults (callers may mutate it). */
export function defaultDetectConfig(): DetectConfig {
  return cloneConfig(DEFAULT_DETECT_CONFIG);
}

/**
 * Reads a config object with flat settings keys (`{"struggleLens.detect.rageClick.minClicks": 4}`)
 * over the defaults. Throws InputError(file, problem) naming the key and what was wrong.
 */
export function parseDetectConfig(json: unknown, file: string, options: ParseDetectConfigOptions = {}): DetectConfig {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new InputError(file, `expected a JSON object of settings such as {"${SETTINGS_PREFIX}rageClick.minClicks": 3} (got ${describeValue(json)})`);
  }
  const config = defaultDetectConfig();
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    if (key === `${SETTINGS_PREFIX}ignoreSelectors`) {
      config.ignoreSelectors = parseIgnoreSelectors(value, key, file);
      continue;
    }
    const row = ROW_BY_KEY.get(key);
    if (!row) {
      if (!key.startsWith(SETTINGS_PREFIX) && options.otherKeys === 'ignore') continue;
      throw new InputError(file, unknownKeyMessage(key));
    }
    const section = config[row.section] as unknown as Record<string, number | boolean>;
    section[row.name] = checkValue(row, key, value, file);
  }
  checkConsistency(config, file);
  return config;
}

function parseIgnoreSelectors(value: unknown, key: string, file: string): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new InputError(file, `${key} must be an array of CSS selector strings (got ${describeValue(value)})`);
  }
  for (const selector of value as string[]) {
    try {
      parseSelectorList(selector);
    } catch (error) {
      throw new InputError(file, `${key}: ${JSON.stringify(selector)} is not a selector we can match: ${(error as Error).message}`);
    }
  }
  return [...(value as string[])];
}

function checkValue(row: Row, key: string, value: unknown, file: string): number | boolean {
  if (row.type === 'boolean') {
    if (typeof value !== 'boolean') throw new InputError(file, `${key} must be true or false (got ${describeValue(value)})`);
    return value;
  }
  const what = row.type === 'integer' ? 'an integer' : 'a number';
  const bound =
    row.minimum !== undefined && row.maximum !== undefined
      ? ` between ${row.minimum} and ${row.maximum}`
      : row.minimum !== undefined
        ? ` ≥ ${row.minimum}`
        : row.maximum !== undefined
          ? ` ≤ ${row.maximum}`
          : '';
  const fail = (): never => {
    throw new InputError(file, `${key} must be ${what}${bound} (got ${describeValue(value)})`);
  };
  if (typeof value !== 'number' || !Number.isFinite(value)) return fail();
  if (row.type === 'integer' && !Number.isInteger(value)) return fail();
  if (row.minimum !== undefined && value < row.minimum) return fail();
  if (row.maximum !== undefined && value > row.maximum) return fail();
  return value;
}

function checkConsistency(config: DetectConfig, file: string): void {
  const pairs: [string, number, string, number][] = [
    ['deadClick.windowMs', config.deadClick.windowMs, 'deadClick.lateWatchMs', config.deadClick.lateWatchMs],
    ['slowLoad.lcpMs', config.slowLoad.lcpMs, 'slowLoad.lcpHighMs', config.slowLoad.lcpHighMs],
    ['slowLoad.ttfbMs', config.slowLoad.ttfbMs, 'slowLoad.ttfbHighMs', config.slowLoad.ttfbHighMs],
    ['slowLoad.fcpMs', config.slowLoad.fcpMs, 'slowLoad.fcpHighMs', config.slowLoad.fcpHighMs],
    ['slowLoad.inpMs', config.slowLoad.inpMs, 'slowLoad.inpHighMs', config.slowLoad.inpHighMs],
    ['slowLoad.cls', config.slowLoad.cls, 'slowLoad.clsHigh', config.slowLoad.clsHigh],
    ['slowLoad.navigationMs', config.slowLoad.navigationMs, 'slowLoad.navigationHighMs', config.slowLoad.navigationHighMs],
  ];
  for (const [lowKey, low, highKey, high] of pairs) {
    if (high < low) {
      throw new InputError(file, `${SETTINGS_PREFIX}${highKey} (${high}) must be ≥ ${SETTINGS_PREFIX}${lowKey} (${low})`);
    }
  }
}

function unknownKeyMessage(key: string): string {
  const known = SETTINGS.map((s) => s.key);
  let best: string | undefined;
  let bestDistance = Infinity;
  const lowered = key.toLowerCase();
  for (const candidate of known) {
    const distance = editDistance(lowered, candidate.toLowerCase());
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  // Also try the key as a bare suffix ("rageClick.minClicks" without the prefix).
  const withPrefix = `${SETTINGS_PREFIX}${key}`;
  if (known.includes(withPrefix)) return `unknown setting "${key}" (did you mean "${withPrefix}"?)`;
  const limit = Math.max(2, Math.floor(key.length / 4));
  const hint = best !== undefined && bestDistance <= limit ? ` (did you mean "${best}"?)` : '';
  return `unknown setting "${key}"${hint}`;
}

/** Levenshtein distance (the keys are short). */
function editDistance(a: string, b: string): number {
  const previous = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      previous[j] = Math.min(above + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length];
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function cloneConfig(config: DetectConfig): DetectConfig {
  return {
    ignoreSelectors: [...config.ignoreSelectors],
    rageClick: { ...config.rageClick },
    deadClick: { ...config.deadClick },
    errorClick: { ...config.errorClick },
    slowLoad: { ...config.slowLoad },
    error: { ...config.error },
    thrashedCursor: { ...config.thrashedCursor },
    excessiveScroll: { ...config.excessiveScroll },
    quickBack: { ...config.quickBack },
    formAbandon: { ...config.formAbandon },
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value as Record<string, unknown>)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
