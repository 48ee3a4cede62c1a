/**
 * The extension's settings, read and validated at the edge: a bad value is reported once (a
 * warning naming the setting) and its default is used; nothing downstream sees an invalid value.
 */
import * as vscode from 'vscode';
import { defaultDetectConfig, parseDetectConfig, SETTINGS, type DetectConfig } from '../core/detect/detectors';
import { DEFAULT_OUT_FILES, DEFAULT_SOURCE_MAP_PATH_OVERRIDES, type SourceMapResolverOptions } from '../core/link';
import { DEFAULT_ATTACH_SLACK_MS } from '../core/errors';
import { DEFAULT_MAX_DECOMPRESSED_BYTES } from '../core/recording/load';
import type { Severity } from '../core/model';
import { DEFAULT_TIMEOUT_SECONDS, DEFAULT_TIMEOUT_SECONDS_PER_MB, type PoolSettings } from '../core/pool/pool';

export const SECTION = 'struggleLens';
export const DEFAULT_RECORDING_GLOBS = ['**/*.rrweb.json', '**/*.rrweb.json.gz', '**/*.rrweb.jsonl'];
/** Error exports that apply to every recording: files whose names say what they hold. */
export const DEFAULT_ERROR_GLOBS = ['**/*.sentry.json', '**/*.sentry.jsonl', '**/*.exceptions.json', '**/*.exceptions.jsonl'];
const SEVERITY_NAMES = ['error', 'warning', 'information', 'hint'] as const;
type SeverityName = (typeof SEVERITY_NAMES)[number];
const DEFAULT_SEVERITY_MAP: Record<Severity, SeverityName> = { high: 'warning', medium: 'warning', low: 'information' };

/** What analysis depends on: a change invalidates cached results. */
export interface AnalysisSettings {
  detect: DetectConfig;
  maxRecordingSize: number;
  sourceMaps: SourceMapResolverOptions;
  include: string[];
  exclude: string[];
}

export interface ExtensionSettings {
  analysis: AnalysisSettings;
  /** The analysis worker pool: threads (0: every core), heap limit per worker, time limits per file. */
  pool: PoolSettings;
  recordingGlobs: string[];
  recordingExclude: string[];
  /** Workspace error exports and how their errors are attributed to recordings. */
  errors: { globs: string[]; attachSlackMs: number };
  analyzeOnStartup: boolean;
  diagnostics: { enabled: boolean; minConfidence: number; severity: Record<Severity, vscode.DiagnosticSeverity> };
  codeLensEnabled: boolean;
  hoversEnabled: boolean;
  statusBarEnabled: boolean;
  leadInMs: number;
  allowRemoteAssets: boolean;
  /** struggleLens.export.redactText: Export Report leaves out every recorded text. */
  redactExport: boolean;
}

export interface SettingsResult {
  settings: ExtensionSettings;
  /** One line per bad setting: which, what was wrong, that the default is used. */
  problems: string[];
}

export function readSettings(scope?: vscode.ConfigurationScope): SettingsResult {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const problems: string[] = [];
  const bad = (key: string, what: string) => problems.push(vscode.l10n.t('Setting {0}: {1}; using the default.', `${SECTION}.${key}`, what));

  const stringArray = (key: string, fallback: string[]): string[] => {
    const value = config.get<unknown>(key);
    if (value === undefined) return fallback;
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.filter((v) => v.trim().length > 0);
    bad(key, vscode.l10n.t('expected a list of glob patterns'));
    return fallback;
  };
  const stringMap = (key: string, fallback: Record<string, string>): Record<string, string> => {
    const value = config.get<unknown>(key);
    if (value === undefined) return fallback;
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string')) {
      return { ...(value as Record<string, string>) };
    }
    bad(key, vscode.l10n.t('expected an object whose values are strings'));
    return fallback;
  };
  const bool = (key: string, fallback: boolean): boolean => {
    const value = config.get<unknown>(key);
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    bad(key, vscode.l10n.t('expected true or false'));
    return fallback;
  };
  const number = (key: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const value = config.get<unknown>(key);
    if (value === undefined) return fallback;
    if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) return value;
    bad(key, vscode.l10n.t('expected a number between {0} and {1}', min, max));
    return fallback;
  };

  const severityConfig = config.get<unknown>('diagnostics.severity');
  const severity: Record<Severity, vscode.DiagnosticSeverity> = {
    high: toDiagnosticSeverity(DEFAULT_SEVERITY_MAP.high),
    medium: toDiagnosticSeverity(DEFAULT_SEVERITY_MAP.medium),
    low: toDiagnosticSeverity(DEFAULT_SEVERITY_MAP.low),
  };
  if (severityConfig !== undefined) {
    if (typeof severityConfig !== 'object' || severityConfig === null || Array.isArray(severityConfig)) {
      bad('diagnostics.severity', vscode.l10n.t('expected an object such as {"high": "error", "medium": "warning", "low": "information"}'));
    } else {
      for (const [key, value] of Object.entries(severityConfig as Record<string, unknown>)) {
        if (key !== 'high' && key !== 'medium' && key !== 'low') {
          bad('diagnostics.severity', vscode.l10n.t('unknown struggle severity "{0}" (use high, medium, low)', key.slice(0, 40)));
        } else if (typeof value !== 'string' || !(SEVERITY_NAMES as readonly string[]).includes(value)) {
          bad(`diagnostics.severity.${key}`, vscode.l10n.t('expected error, warning, information or hint'));
        } else {
          severity[key] = toDiagnosticSeverity(value as SeverityName);
        }
      }
    }
  }

  const settings: ExtensionSettings = {
    analysis: {
      detect: readDetectConfig(config, problems),
      maxRecordingSize: number('maxRecordingSize', DEFAULT_MAX_DECOMPRESSED_BYTES, 1024),
      sourceMaps: {
        outFiles: stringArray('sourceMaps.outFiles', [...DEFAULT_OUT_FILES]),
        sourceMapPathOverrides: stringMap('sourceMaps.sourceMapPathOverrides', { ...DEFAULT_SOURCE_MAP_PATH_OVERRIDES }),
        pathMapping: stringMap('sourceMaps.pathMapping', {}),
      },
      include: stringArray('link.include', []),
      exclude: stringArray('link.exclude', []),
    },
    pool: {
      threads: Math.floor(number('analysis.threads', 0, 0, 256)),
      memoryMb: Math.floor(number('analysis.workerMemoryMb', 0, 0, 65_536)),
      timeoutSeconds: number('analysis.timeoutSeconds', DEFAULT_TIMEOUT_SECONDS, 0.1, 86_400),
      timeoutSecondsPerMb: number('analysis.timeoutSecondsPerMb', DEFAULT_TIMEOUT_SECONDS_PER_MB, 0, 3600),
    },
    recordingGlobs: stringArray('recordings.globs', [...DEFAULT_RECORDING_GLOBS]),
    recordingExclude: stringArray('recordings.exclude', ['**/node_modules/**']),
    errors: {
      globs: stringArray('errors.globs', [...DEFAULT_ERROR_GLOBS]),
      attachSlackMs: number('errors.attachSlackMs', DEFAULT_ATTACH_SLACK_MS, 0, 3_600_000),
    },
    analyzeOnStartup: bool('recordings.analyzeOnStartup', true),
    diagnostics: { enabled: bool('diagnostics.enabled', true), minConfidence: number('diagnostics.minConfidence', 0.3, 0, 1), severity },
    codeLensEnabled: bool('codeLens.enabled', true),
    hoversEnabled: bool('hovers.enabled', true),
    statusBarEnabled: bool('statusBar.enabled', true),
    leadInMs: number('replay.leadInMs', 3000, 0, 3_600_000),
    allowRemoteAssets: bool('replay.allowRemoteAssets', false),
    redactExport: bool('export.redactText', false),
  };
  return { settings, problems };
}

/**
 * The detection settings through the engine's own validation (parseDetectConfig): each key is
 * checked alone first so one bad value costs only its own default; a combination that is
 * inconsistent (a "high" threshold below its budget) falls back to every default.
 */
function readDetectConfig(config: vscode.WorkspaceConfiguration, problems: string[]): DetectConfig {
  const good: Record<string, unknown> = {};
  for (const setting of SETTINGS) {
    const key = setting.key.slice(SECTION.length + 1);
    const inspected = config.inspect(key);
    const value =
      inspected?.workspaceFolderLanguageValue ??
      inspected?.workspaceLanguageValue ??
      inspected?.globalLanguageValue ??
      inspected?.workspaceFolderValue ??
      inspected?.workspaceValue ??
      inspected?.globalValue;
    if (value === undefined) continue;
    try {
      parseDetectConfig({ [setting.key]: value }, 'settings');
      good[setting.key] = value;
    } catch (error) {
      problems.push(vscode.l10n.t('{0}; using the default.', problemOf(error)));
    }
  }
  try {
    return parseDetectConfig(good, 'settings');
  } catch (error) {
    problems.push(vscode.l10n.t('{0}; using the default detection settings.', problemOf(error)));
    return defaultDetectConfig();
  }
}

function problemOf(error: unknown): string {
  const problem = (error as { problem?: unknown }).problem;
  return typeof problem === 'string' ? problem : error instanceof Error ? error.message : String(error);
}

function toDiagnosticSeverity(name: SeverityName): vscode.DiagnosticSeverity {
  switch (name) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'information':
      return vscode.DiagnosticSeverity.Information;
    default:
      return vscode.DiagnosticSeverity.Hint;
  }
}

/** Settings that change which errors the workspace's error exports give each recording. */
export function affectsErrorExports(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${SECTION}.errors`);
}

/** Settings whose change invalidates cached analyses. */
export function affectsAnalysis(event: vscode.ConfigurationChangeEvent): boolean {
  // The slack also decides which errors of a recording's sibling logs it keeps (in the worker).
  return ['detect', 'maxRecordingSize', 'sourceMaps', 'link', 'errors.attachSlackMs'].some((k) => event.affectsConfiguration(`${SECTION}.${k}`));
}
