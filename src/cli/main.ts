/** `struggle-lens`: the engine on the command line. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { analyzeInputs, type AnalysisResult, type AnalyzeOptions } from '../core/analysis';
import { expandInputs } from '../core/inputs';
import { analyzeInputsInPool } from '../core/pool/analyzeMany';
import { AnalysisPool } from '../core/pool/pool';
import { parseDetectConfig } from '../core/detect/config';
import { takeErrorSettings } from '../core/errors';
import { InputError } from '../core/model';
import { redactReport } from '../core/redact';
import { analysisReport, TOOL_VERSION } from '../core/report';
import { parseArgs, severityAtLeast, USAGE, UsageError, type AnalyzeArgs } from './args';
import { clean, formatReport } from './table';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

async function readConfig(file: string) {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(file, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'config file not found' : (error as Error).message);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(file, `config is not JSON: ${(error as Error).message}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return { detect: parseDetectConfig(json, file), attachSlackMs: undefined };
  const { settings, rest } = takeErrorSettings(json as Record<string, unknown>, file);
  return { detect: parseDetectConfig(rest, file), attachSlackMs: settings.attachSlackMs };
}

/** The pool's task file, built beside the CLI (dist/analysisTask.js). */
const TASK_FILE = join(__dirname, 'analysisTask.js');

/**
 * The engine over what the user named: many recordings go to a pool of worker threads (one
 * task each; a recording that crashes, hangs or exhausts its worker costs only itself), a single
 * one is analyzed here. Every command that reads recordings goes through this.
 */
export async function analyzeForCli(inputs: readonly string[], options: AnalyzeOptions & { threads?: number }): Promise<AnalysisResult> {
  const { threads, ...rest } = options;
  const many = !options.oneSession && existsSync(TASK_FILE) && (await expandInputs(inputs.map((i) => resolve(options.cwd ?? '.', i)))).files.length > 1;
  if (!many) return analyzeInputs(inputs, rest);
  const pool = new AnalysisPool(TASK_FILE, { threads });
  try {
    return await analyzeInputsInPool(inputs, { ...rest, pool });
  } finally {
    await pool.destroy();
  }
}

async function analyze(args: AnalyzeArgs, io: CliIo): Promise<number> {
  const config = args.config ? await readConfig(resolve(io.cwd, args.config)) : undefined;
  const detect = config?.detect;
  const result = await analyzeForCli(args.inputs, {
    threads: args.threads,
    cwd: io.cwd,
    workspace: resolve(io.cwd, args.workspace ?? '.'),
    errorsFiles: args.errors,
    oneSession: args.session,
    keepEvents: false,
    ...(config?.attachSlackMs !== undefined ? { attachSlackMs: config.attachSlackMs } : {}),
    ...(detect ? { detect } : {}),
    ...(args.maxSizeBytes ? { maxDecompressedBytes: args.maxSizeBytes } : {}),
  });
  for (const { file, message } of result.inputErrors) io.stderr(`struggle-lens: ${clean(file, 300)}: ${clean(message, 500)}\n`);

  const full = analysisReport(result.sessions, result.inputErrors, result.unattachedErrors);
  const report = args.redact ? redactReport(full) : full;
  io.stdout(args.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));

  if (result.sessions.length === 0) return 2;
  if (args.failOn) {
    const threshold = args.failOn;
    const hit = result.sessions.some((s) => s.struggles.some((st) => severityAtLeast(st.severity, threshold)));
    if (hit) return 1;
  }
  return 0;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.command === 'help') {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (args.command === 'version') {
      io.stdout(`${TOOL_VERSION}\n`);
      return 0;
    }
    return await analyze(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`struggle-lens: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof InputError) {
      io.stderr(`struggle-lens: ${error.message}\n`);
      return 2;
    }
    io.stderr(`struggle-lens: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return 2;
  }
}
