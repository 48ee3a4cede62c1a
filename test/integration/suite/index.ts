/**
 * Entry point VS Code loads as `extensionTestsPath`: runs every compiled `*.test.js` beside this
 * file with mocha inside the extension host, in downloaded VS Code (@vscode/test-electron) or in
 * code-server (test/integration/run.mjs). Prints the VS Code it runs in and mocha's results, and
 * writes a summary for the runner when it asks for one.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export interface SuiteSummary {
  vscodeVersion: string;
  appName: string;
  appHost: string;
  passed: number;
  failed: number;
  pending: number;
  failures: Array<{ title: string; error: string }>;
}

/**
 * Prefix of the lines meant for the terminal: in code-server everything the workbench logs
 * reaches the runner through one channel, and the runner prints only these.
 */
const LINE_PREFIX = '[suite] ';

function say(...args: unknown[]): void {
  for (const line of format(...args).split('\n')) console.log(LINE_PREFIX + line);
}

export function run(): Promise<void> {
  // Mocha's reporters print through Base.consoleLog.
  (Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void }).consoleLog = say;
  say(`VS Code ${vscode.version} (${vscode.env.appName}, host: ${vscode.env.appHost}, remote: ${vscode.env.remoteName ?? 'none'})`);
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.STRUGGLE_LENS_TEST_GREP;
  if (grep) mocha.grep(grep);
  const dir = __dirname;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(dir, file));
  }

  return new Promise((resolve, reject) => {
    const failures: SuiteSummary['failures'] = [];
    const runner = mocha.run((failed) => {
      const stats = runner.stats ?? { passes: 0, failures: failed, pending: 0 };
      const summary: SuiteSummary = {
        vscodeVersion: vscode.version,
        appName: vscode.env.appName,
        appHost: vscode.env.appHost,
        passed: stats.passes,
        failed: stats.failures,
        pending: stats.pending,
        failures,
      };
      say(`${summary.passed} passed, ${summary.failed} failed`);
      const summaryFile = process.env.STRUGGLE_LENS_TEST_SUMMARY;
      if (summaryFile) writeFileSync(summaryFile, JSON.stringify(summary, null, 2));
      if (failed > 0) reject(new Error(`${failed} integration test(s) failed`));
      else resolve();
    });
    runner.on('fail', (test, error: Error) => failures.push({ title: test.fullTitle(), error: error?.message ?? String(error) }));
  });
}
