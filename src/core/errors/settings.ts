/**
 * Error-log settings shared by the extension's settings and the CLI's `--config FILE` (flat keys,
 * as in VS Code's settings.json): `struggleLens.errors.attachSlackMs`.
 */
import { InputError } from '../model';
import { DEFAULT_ATTACH_SLACK_MS } from './attribute';

export const ATTACH_SLACK_SETTING = 'struggleLens.errors.attachSlackMs';

export interface ErrorSettings {
  /** Slack (ms) around a session's span when attributing log errors by time. */
  attachSlackMs: number;
}

/**
 * Takes the `struggleLens.errors.*` keys out of a config object: the settings, and the other keys
 * (for parseDetectConfig). Throws InputError naming the key when a value is wrong.
 */
export function takeErrorSettings(json: Record<string, unknown>, file: string): { settings: ErrorSettings; rest: Record<string, unknown> } {
  const rest: Record<string, unknown> = {};
  const settings: ErrorSettings = { attachSlackMs: DEFAULT_ATTACH_SLACK_MS };
  for (const [key, value] of Object.entries(json)) {
    if (key === ATTACH_SLACK_SETTING) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new InputError(file, `${key} must be a number ≥ 0 (got ${JSON.stringify(value) ?? 'nothing'})`);
      }
      settings.attachSlackMs = value;
    } else if (key.startsWith('struggleLens.errors.')) {
      throw new InputError(file, `unknown setting "${key}" (the error-log setting of the CLI is "${ATTACH_SLACK_SETTING}")`);
    } else {
      rest[key] = value;
    }
  }
  return { settings, rest };
}
