/** Argument parsing for the `struggle-lens` command. Pure: no I/O, so it is easy to test. */
import type { Severity } from '../core/model';

export interface AnalyzeArgs {
  command: 'analyze';
  inputs: string[];
  workspace?: string;
  errors: string[];
  json: boolean;
  failOn?: Severity;
  config?: string;
  /** Treat all inputs as segments of one session. */
  session: boolean;
  maxSizeBytes?: number;
  /** Leave every recorded text out of the report. */
  redact: boolean;
  /** Worker threads for many recordings (default: every available core). */
  threads?: number;
}

export type ParsedArgs = AnalyzeArgs | { command: 'help' } | { command: 'version' };

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage: struggle-lens analyze [options] RECORDING|DIR...

Reads session recordings (rrweb JSON/JSONL/gzip, PostHog, Sentry), detects struggles and prints
a report. Directories are searched for *.rrweb.json, *.rrweb.json.gz and *.rrweb.jsonl files.

Options:
  --workspace DIR      source folder to link struggles to (default: current directory)
  --errors FILE        a separate error log (Sentry events JSON/JSONL or a text log); repeatable
  --json               print the JSON report (schemaVersion 1) instead of tables
  --fail-on SEVERITY   exit 1 when a struggle of this severity or higher is found (low|medium|high)
  --config FILE        JSON with detection settings, same keys as the extension's settings
  --session            treat all given recordings as segments of one session
  --max-size BYTES     largest decompressed recording to read (default 2147483648)
  --threads N          worker threads for many recordings (default: every available core)
  --redact             leave recorded text out of the report (element text, attribute values,
                       error messages, URL queries); kinds, times, metrics and sources stay
  -h, --help           show this help
  -v, --version        show the version

Exit codes: 0 done; 1 --fail-on matched; 2 usage error or no input could be read.`;

const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high'];

export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0) throw new UsageError('no command given');
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === 'help') return { command: 'help' };
  if (command === '-v' || command === '--version') return { command: 'version' };
  if (command !== 'analyze') throw new UsageError(`unknown command "${command}" (expected "analyze")`);

  const args: AnalyzeArgs = { command: 'analyze', inputs: [], errors: [], json: false, session: false, redact: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = (): string => {
      const v = rest[++i];
      if (v === undefined || (v.startsWith('--') && v.length > 2)) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '-h':
      case '--help':
        return { command: 'help' };
      case '--json':
        args.json = true;
        break;
      case '--session':
        args.session = true;
        break;
      case '--redact':
        args.redact = true;
        break;
      case '--workspace':
        args.workspace = value();
        break;
      case '--errors':
        args.errors.push(value());
        break;
      case '--config':
        args.config = value();
        break;
      case '--fail-on': {
        const v = value();
        if (!SEVERITIES.includes(v as Severity)) throw new UsageError(`--fail-on must be one of low, medium, high (got "${v}")`);
        args.failOn = v as Severity;
        break;
      }
      case '--threads': {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n <= 0 || n > 256) throw new UsageError(`--threads must be a whole number from 1 to 256 (got "${v}")`);
        args.threads = n;
        break;
      }
      case '--max-size': {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--max-size must be a positive number of bytes (got "${v}")`);
        args.maxSizeBytes = n;
        break;
      }
      case '--':
        args.inputs.push(...rest.slice(i + 1));
        i = rest.length;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option "${arg}"`);
        args.inputs.push(arg);
    }
  }
  if (args.inputs.length === 0) throw new UsageError('no recordings given');
  return args;
}

export function severityAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(threshold);
}
