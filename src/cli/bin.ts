/** The `struggle-lens` executable (dist/cli.js). */
import { runCli } from './main';

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`struggle-lens: ${String(error)}\n`);
    process.exitCode = 2;
  },
);
