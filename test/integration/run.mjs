// Runs the integration suite (mocha, inside VS Code's extension host) in a real VS Code:
//
//  - downloaded VS Code through @vscode/test-electron's runTests, where it can be downloaded
//    (or the executable in VSCODE_EXECUTABLE);
//  - otherwise, or when STRUGGLE_LENS_TEST_HOST=code-server, the same suite in code-server
//    (installed on demand into .vscode-test/ from the npm registry), driven by headless Chromium.
//
// Exits with the suite's exit code. Environment:
//   STRUGGLE_LENS_TEST_HOST    code-server | electron (default: electron if downloadable, else code-server)
//   VSCODE_EXECUTABLE          a VS Code executable to use instead of downloading one
//   VSCODE_VERSION             version to download (default: stable)
//   STRUGGLE_LENS_TEST_GREP    only run tests whose title matches
//   CHROME_PATH                Chromium to drive code-server with (default: /usr/bin/chromium)
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBridge } from '../harness/bridge.mjs';
import { launchChromium } from '../harness/chromium.mjs';
import { freePort } from '../harness/free-port.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// The fixture folder: its recordings (recordings/) and the demo app's sources (app/src/) are both
// inside, so struggles link to workspace files as they would in a real project.
const workspace = path.join(root, 'test', 'fixtures');
const suiteIndex = path.join(root, 'out', 'test', 'integration', 'suite', 'index.js');
const outputDir = path.join(root, 'test-output', 'integration');
const SUITE_TIMEOUT_MS = 30 * 60_000;
const DOWNLOAD_TIMEOUT_MS = 15_000;

function log(message) {
  console.log(`[integration] ${message}`);
}

function ensureBuilt() {
  if (!existsSync(path.join(root, 'dist', 'extension.js'))) {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
  }
  execFileSync(process.execPath, ['test/integration/build.mjs'], { cwd: root, stdio: 'inherit' });
}

/** Reads what the suite wrote and prints the closing line; returns the suite's exit code. */
function report(summaryFile, exitCode) {
  if (!existsSync(summaryFile)) {
    log(`the suite wrote no summary (exit code ${exitCode}): it did not run or crashed before finishing`);
    return exitCode === 0 ? 1 : exitCode;
  }
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
  log(`ran in ${summary.appName} ${summary.vscodeVersion} (${summary.appHost})`);
  for (const failure of summary.failures) log(`FAILED: ${failure.title}: ${failure.error}`);
  console.log(`integration: ${summary.passed} passed, ${summary.failed} failed`);
  if (summary.passed + summary.failed === 0) {
    log('no test ran');
    return 1;
  }
  return summary.failed > 0 ? exitCode || 1 : exitCode;
}

// ---------------------------------------------------------------------------------------------
// Downloaded VS Code (Electron)

async function resolveElectronExecutable() {
  if (process.env.VSCODE_EXECUTABLE) return process.env.VSCODE_EXECUTABLE;
  const { downloadAndUnzipVSCode } = await import('@vscode/test-electron');
  const version = process.env.VSCODE_VERSION ?? 'stable';
  let timer;
  try {
    return await Promise.race([
      downloadAndUnzipVSCode({ version, cachePath: path.join(root, '.vscode-test'), timeout: DOWNLOAD_TIMEOUT_MS }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${DOWNLOAD_TIMEOUT_MS / 1000} s`)), DOWNLOAD_TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function runInElectron(executable) {
  const { runTests } = await import('@vscode/test-electron');
  const { chromium } = await import('playwright-core');
  const temp = mkdtempSync(path.join(tmpdir(), 'struggle-lens-vscode-'));
  const summaryFile = path.join(temp, 'summary.json');
  const debugPort = await freePort();
  let browser;
  const bridge = await startBridge(async () => {
    // The workbench window, reached over the Chrome DevTools Protocol.
    browser ??= await chromium.connectOverCDP(`http://127.0.0.1:${debugPort}`);
    const pages = browser.contexts().flatMap((c) => c.pages());
    const workbench = pages.find((p) => p.url().includes('workbench')) ?? pages[0];
    if (!workbench) throw new Error('no VS Code window found over CDP');
    return workbench;
  }, outputDir);
  log(`VS Code executable: ${executable}`);
  writeUserSettings(path.join(temp, 'user-data', 'User'));
  let exitCode;
  try {
    exitCode = await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: root,
      extensionTestsPath: suiteIndex,
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${path.join(temp, 'user-data')}`,
        `--extensions-dir=${path.join(temp, 'extensions')}`,
        `--remote-debugging-port=${debugPort}`,
      ],
      extensionTestsEnv: {
        STRUGGLE_LENS_BRIDGE_URL: bridge.url,
        STRUGGLE_LENS_TEST_SUMMARY: summaryFile,
        STRUGGLE_LENS_REPO_ROOT: root,
      },
    });
  } catch (error) {
    log(`VS Code run failed: ${error instanceof Error ? error.message : error}`);
    exitCode = 1;
  } finally {
    await browser?.close().catch(() => {});
    await bridge.close();
  }
  const code = report(summaryFile, exitCode);
  rmSync(temp, { recursive: true, force: true });
  return code;
}

// ---------------------------------------------------------------------------------------------
// code-server in headless Chromium

/** Lines the suite prints for the terminal start with this (suite/index.ts adds it). */
const SUITE_LINE_PREFIX = '[suite] ';

/** Settings that keep the workbench quiet and offline. */
function writeUserSettings(userDir) {
  mkdirSync(userDir, { recursive: true });
  const settings = {
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'workbench.startupEditor': 'none',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'chat.disableAIFeatures': true,
    'git.enabled': false,
    'security.workspace.trust.enabled': false,
    // The fixture folder also holds the bad-input corpus and the hostile recordings. The suite
    // copies those into a folder of their own when it tests them (badCorpus.test.ts), so the
    // workspace analysis the other tests read sees only the recordings with ground truth.
    'struggleLens.recordings.exclude': ['**/node_modules/**', 'bad/**', 'hostile/**'],
  };
  writeFileSync(path.join(userDir, 'settings.json'), JSON.stringify(settings, null, 2));
}

function isLoopback(url) {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  try {
    const { hostname } = new URL(url);
    return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
  } catch {
    return false;
  }
}

/** console-style formatting (%s, %d, %i, %f, %o, %O, %j, %c) of what the workbench logs. */
function formatLog(args) {
  const parts = args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a)));
  if (parts.length === 0) return '';
  let rest = parts.slice(1);
  const first = parts[0].replace(/%([sdifoOjc%])/g, (match, kind) => {
    if (kind === '%') return '%';
    if (rest.length === 0) return match;
    const [value] = rest;
    rest = rest.slice(1);
    return kind === 'c' ? '' : value;
  });
  return [first, ...rest].join(' ');
}

async function waitForHealth(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before answering`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs / 1000} s`);
}

function killGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      resolve();
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      // Helper processes of the group may outlive the server process itself.
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      resolve();
    });
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

async function runInCodeServer() {
  const { ensureCodeServer } = await import('../harness/code-server-install.mjs');
  const started = Date.now();
  const { nodeBinary, entry, installedNow, seconds } = ensureCodeServer();
  if (installedNow) log(`code-server installed in ${seconds} s`);
  const version = execFileSync(nodeBinary, [entry, '--version'], { encoding: 'utf8' }).trim().split('\n')[0];
  log(`code-server ${version}`);

  const temp = mkdtempSync(path.join(tmpdir(), 'struggle-lens-code-server-'));
  const summaryFile = path.join(temp, 'summary.json');
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const configFile = path.join(temp, 'config.yaml');
  writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  mkdirSync(outputDir, { recursive: true });
  writeUserSettings(path.join(temp, 'user-data', 'User'));
  const serverLog = path.join(outputDir, 'code-server.log');
  const consoleLog = path.join(outputDir, 'workbench-console.log');

  let browser;
  let page;
  const blockedRequests = [];
  const bridge = await startBridge(async () => {
    if (!page) throw new Error('the workbench page is not open yet');
    return page;
  }, outputDir);

  const args = [
    entry,
    '--config', configFile,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', path.join(temp, 'user-data'),
    '--extensions-dir', path.join(temp, 'extensions'),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  const child = spawn(nodeBinary, args, {
    cwd: root,
    detached: true, // own process group, killed as a whole
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      XDG_CONFIG_HOME: path.join(temp, 'xdg-config'),
      XDG_DATA_HOME: path.join(temp, 'xdg-data'),
      XDG_CACHE_HOME: path.join(temp, 'xdg-cache'),
      // No extension gallery (code-server defaults to open-vsx.org): only loopback traffic.
      EXTENSIONS_GALLERY: '{}',
      // Read by the suite in the extension host, which inherits the server's environment.
      STRUGGLE_LENS_BRIDGE_URL: bridge.url,
      STRUGGLE_LENS_TEST_SUMMARY: summaryFile,
      STRUGGLE_LENS_REPO_ROOT: root,
    },
  });
  const serverOut = createWriteStream(serverLog);
  child.stdout.pipe(serverOut);
  child.stderr.pipe(serverOut);

  let exitCode = 1;
  try {
    await waitForHealth(`${origin}/healthz`, child, 60_000);
    log(`code-server listening on ${origin} after ${((Date.now() - started) / 1000).toFixed(1)} s`);

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const consoleOut = createWriteStream(consoleLog);
    // Only loopback traffic leaves the page; anything else is refused and logged.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (isLoopback(url)) return route.continue();
      blockedRequests.push(url);
      consoleOut.write(`[blocked request] ${url}\n`);
      return route.abort('blockedbyclient');
    });
    page = await context.newPage();
    // Info-level console output repeats what codeAutomationLog receives; keep the rest.
    page.on('console', (m) => m.type() !== 'log' && m.type() !== 'info' && consoleOut.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => consoleOut.write(`[pageerror] ${e.message}\n`));

    let resolveExit;
    const exited = new Promise((resolve) => (resolveExit = resolve));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = formatLog(Array.isArray(args) ? args : [args]);
      consoleOut.write(`[automation:${type}] ${text}\n`);
      // The suite's own lines (see suite/index.ts) go to the terminal; the workbench's to the file.
      for (const line of text.replace(/\n$/, '').split('\n')) {
        if (line.startsWith(SUITE_LINE_PREFIX)) console.log(line.slice(SUITE_LINE_PREFIX.length));
      }
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));

    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(root)],
      ['extensionTestsPath', remote(suiteIndex)],
      ['skipWelcome', 'true'],
    ]);
    const url = `${origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;
    await page.goto(url);
    let timer;
    const timedOut = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), SUITE_TIMEOUT_MS);
    });
    const result = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (result === 'timeout') {
      log(`the suite did not finish within ${SUITE_TIMEOUT_MS / 60_000} minutes`);
      await page.screenshot({ path: path.join(outputDir, 'timeout.png') }).catch(() => {});
      exitCode = 1;
    } else {
      exitCode = result;
    }
  } catch (error) {
    log(`code-server run failed: ${error instanceof Error ? error.message : error} (server log: ${path.relative(root, serverLog)})`);
    exitCode = 1;
  } finally {
    await browser?.close().catch(() => {});
    await killGroup(child);
    await bridge.close();
  }
  if (blockedRequests.length > 0) {
    const hosts = [...new Set(blockedRequests.map((u) => new URL(u).host))];
    log(`refused ${blockedRequests.length} non-loopback request(s) from the workbench (to ${hosts.join(', ')})`);
  }
  const code = report(summaryFile, exitCode);
  rmSync(temp, { recursive: true, force: true });
  log(`code-server run took ${((Date.now() - started) / 1000).toFixed(1)} s (logs in ${path.relative(root, outputDir)}/)`);
  return code;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  ensureBuilt();
  const host = process.env.STRUGGLE_LENS_TEST_HOST;
  let code;
  if (host === 'code-server') {
    log('STRUGGLE_LENS_TEST_HOST=code-server: running in code-server');
    code = await runInCodeServer();
  } else if (!process.env.VSCODE_EXECUTABLE && host !== 'electron' && process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    log('no display for Electron (DISPLAY is not set; use xvfb-run to force it): running in code-server');
    code = await runInCodeServer();
  } else {
    let executable;
    try {
      executable = await resolveElectronExecutable();
    } catch (error) {
      if (host === 'electron') throw error;
      log(`cannot download VS Code (${error instanceof Error ? error.message : error}); running in code-server instead`);
    }
    code = executable ? await runInElectron(executable) : await runInCodeServer();
  }
  log(`total ${((Date.now() - started) / 1000).toFixed(1)} s, exit code ${code}`);
  process.exitCode = code;
}

await main();
