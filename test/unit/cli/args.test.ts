import { describe, expect, it } from 'vitest';
import { parseArgs, severityAtLeast, UsageError } from '../../../src/cli/args';

describe('parseArgs', () => {
  it('parses analyze with every option', () => {
    expect(
      parseArgs(['analyze', '--workspace', 'ws', '--errors', 'a.log', '--errors', 'b.json', '--json', '--fail-on', 'medium',
        '--config', 'c.json', '--session', '--max-size', '1000', '--redact', 'one.json', 'two.json']),
    ).toEqual({
      command: 'analyze', inputs: ['one.json', 'two.json'], workspace: 'ws', errors: ['a.log', 'b.json'], json: true,
      failOn: 'medium', config: 'c.json', session: true, maxSizeBytes: 1000, redact: true,
    });
  });

  it('treats everything after -- as inputs', () => {
    expect(parseArgs(['analyze', '--', '--json'])).toMatchObject({ inputs: ['--json'], json: false });
  });

  it.each([
    [[], 'no command given'],
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['analyze'], 'no recordings given'],
    [['analyze', '--fail-on', 'critical', 'x'], '--fail-on must be one of low, medium, high (got "critical")'],
    [['analyze', '--workspace'], '--workspace needs a value'],
    [['analyze', '--bogus', 'x'], 'unknown option "--bogus"'],
    [['analyze', '--max-size', '-5', 'x'], '--max-size must be a positive number of bytes'],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it('knows help and version', () => {
    expect(parseArgs(['--help'])).toEqual({ command: 'help' });
    expect(parseArgs(['analyze', '-h'])).toEqual({ command: 'help' });
    expect(parseArgs(['--version'])).toEqual({ command: 'version' });
  });

  it('orders severities', () => {
    expect(severityAtLeast('high', 'medium')).toBe(true);
    expect(severityAtLeast('medium', 'medium')).toBe(true);
    expect(severityAtLeast('low', 'medium')).toBe(false);
  });
});
