#!/usr/bin/env node
// A real VS Code, offline and headless: code-server (VS Code server build = node extension host + pty host) plus
// Debian's chromium, driven by the project's playwright-core, showing the workbench. The extension under development
// (and, for tests, the standard `run()` test runner) is handed to the workbench through the URL `payload`, the
// mechanism VS Code's own browser integration tests use. Install the host first: scripts/setup-vscode-host.sh.
//
// Used by scripts/test-integration.js (tests), scripts/ui-screenshot.js (UI check) and scripts/demo.sh (demo).
// CLI (the demo): node scripts/vscode-host.js --serve --folder=DIR [--port=N] [--public-host=HOST:PORT]
//                                             [--screenshot=FILE.png] [--wait-for=CSS] [--verbose]
//
// Where the host is: CODE_SERVER_DIR / CODE_SERVER_NODE / CHROMIUM, else the install of setup-vscode-host.sh in
// ${RUNBOOKS_VSCODE_HOST_DIR:-~/.cache/incident-runbooks/vscode-host}.
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');
const util = require('util');

const ROOT = path.resolve(__dirname, '..');
const HOST_DIR = process.env.RUNBOOKS_VSCODE_HOST_DIR || path.join(os.homedir(), '.cache', 'incident-runbooks', 'vscode-host');
const CS_DIR = process.env.CODE_SERVER_DIR || path.join(HOST_DIR, 'cs');
const NODE = process.env.CODE_SERVER_NODE || path.join(HOST_DIR, 'node24-bin', 'node');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ENTRY = path.join(CS_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const VSCODE_DIR = path.join(CS_DIR, 'node_modules', 'code-server', 'lib', 'vscode');
/**
 * The whole start-up (server up, workbench shown, extension host running) must fit in this; past it the harness
 * stops and names what never happened, with the logs' tails, instead of waiting for the test timeout.
 */
const STARTUP_MS = Number(process.env.RUNBOOKS_HOST_STARTUP_TIMEOUT || 60) * 1000;
/** code-server's native modules (each package loads its .node binding when required); checked before starting. */
const NATIVE_MODULES = ['@vscode/spdlog', '@vscode/sqlite3', '@vscode/native-watchdog', 'native-watchdog', 'kerberos', 'node-pty'];

/** Log lines of an offline code-server that say nothing about the extension. */
const NOISE = /open-vsx\.org|ENOTFOUND|EAI_AGAIN|AccountPolicyGate|connection token|Creating a socket|grace time|Service Worker|AgentHost|builtin extensions cache|marketplace|update\.code\.visualstudio/i;

/** Quiet, deterministic workbench: no welcome page, no trust prompt, no update/telemetry/AI chatter. */
const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'terminal.integrated.gpuAcceleration': 'off', // DOM renderer: terminal text is readable from the page
  'workbench.secondarySideBar.defaultVisibility': 'hidden', // no empty chat side bar in screenshots
};

/** The repo's sample runbooks, opened as the workspace folder by the demo and the UI screenshot. */
const SAMPLE_FOLDER = path.join(ROOT, 'runbooks');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class HostError extends Error {}

function checkInstalled({ browser = true } = {}) {
  const missing = [];
  if (!fs.existsSync(ENTRY)) { missing.push(`code-server (${ENTRY})`); }
  if (!fs.existsSync(NODE)) { missing.push(`node 24 (${NODE})`); }
  if (browser && !fs.existsSync(CHROMIUM)) { missing.push(`chromium (${CHROMIUM})`); }
  if (missing.length) {
    throw new HostError(`VS Code test host not installed: missing ${missing.join(', ')}.\n` +
      `Run: bash scripts/setup-vscode-host.sh   (installs into ${HOST_DIR}; set RUNBOOKS_VSCODE_HOST_DIR to change)`);
  }
}

/**
 * Every native module of code-server loads in its node: a build against the wrong headers or a missing library
 * otherwise shows up as a server that dies on start, or a workbench without terminals, minutes later.
 */
function checkNativeModules() {
  // Each one whose package is there (VS Code 1.93 has no sqlite3, an unscoped native-watchdog); spdlog always.
  const probe = 'const bad = {}; for (const m of JSON.parse(process.argv[1])) { try { require.resolve(`${m}/package.json`); } catch { if (m !== "@vscode/spdlog") { continue; } } try { require(m); } catch (e) { bad[m] = String(e && e.message || e).split("\\n")[0]; } } process.stdout.write(JSON.stringify(bad));';
  const r = spawnSync(NODE, ['-e', probe, JSON.stringify(NATIVE_MODULES)], { cwd: VSCODE_DIR, encoding: 'utf8', timeout: 30000 });
  if (r.error || r.status !== 0) {
    throw new HostError(`node ${NODE} does not run in ${VSCODE_DIR}: ${r.error ? r.error.message : (r.stderr || `exit ${r.status}`).trim()}`);
  }
  let bad;
  try { bad = JSON.parse(r.stdout); } catch { bad = { '?': r.stdout.slice(0, 500) }; }
  const names = Object.keys(bad);
  if (names.length) {
    throw new HostError(`code-server's native module${names.length > 1 ? 's' : ''} ${names.join(', ')} do${names.length > 1 ? '' : 'es'} not load in ${NODE}:\n` +
      names.map((n) => `  ${n}: ${bad[n]}`).join('\n') +
      `\nRe-run: bash scripts/setup-vscode-host.sh   (it rebuilds them against the host's node; needs g++, make, python3, libkrb5-dev)`);
  }
}

/** The last `n` lines of a file, or undefined when it cannot be read. */
function tail(file, n = 30) {
  try {
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    return `${lines.length > n ? `  … (${lines.length - n} lines before)\n` : ''}${lines.slice(-n).join('\n')}`;
  } catch {
    return undefined;
  }
}

/**
 * The server-side logs of one run: user-data/logs/<stamp>/*.log (remoteagent, ptyhost, …) and
 * <stamp>/exthostN/*.log (remoteexthost), not the logs of single extensions below those.
 */
function serverLogs(tmp) {
  const out = [];
  const list = (d) => { try { return fs.readdirSync(d, { withFileTypes: true }); } catch { return []; } };
  const root = path.join(tmp, 'user-data', 'logs');
  for (const stamp of list(root).filter((e) => e.isDirectory())) {
    for (const e of list(path.join(root, stamp.name))) {
      const p = path.join(root, stamp.name, e.name);
      if (e.isFile() && e.name.endsWith('.log')) { out.push(p); }
      if (e.isDirectory() && /^exthost\d*$/.test(e.name)) {
        out.push(...list(p).filter((f) => f.isFile() && f.name.endsWith('.log') && !/Telemetry/.test(f.name)).map((f) => path.join(p, f.name)));
      }
    }
  }
  // extension host logs last: they are what one reads first
  const rank = (f) => (/exthost/i.test(f) ? 1 : 0);
  return out.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** The extension host has started: its log is there (code-server writes it when the host connects). */
function extensionHostLog(tmp) {
  return serverLogs(tmp).find((f) => /remoteexthost\.log$|exthost\d*\.log$/.test(path.basename(f)));
}

/** Tails of code-server's log and of every server-side log, for a failure message. */
function logTails(tmp) {
  const parts = [];
  const main = tail(path.join(tmp, 'code-server.log'));
  parts.push(`--- code-server.log (${path.join(tmp, 'code-server.log')}) ---\n${main ?? '(missing)'}`);
  const logs = serverLogs(tmp);
  for (const f of logs) {
    const t = tail(f, 20);
    if (t) { parts.push(`--- ${path.relative(tmp, f)} ---\n${t}`); }
  }
  if (!logs.some((f) => /exthost/i.test(f))) {
    parts.push(`--- no extension host log (${path.join(tmp, 'user-data', 'logs', '*', 'exthost*', 'remoteexthost.log')}): it never started ---`);
  }
  return parts.join('\n');
}

/** Why code-server stopped, from its output: the first line that names a known cause. */
function serverCause(log, code, signal) {
  const line = (re) => log.split('\n').find((l) => re.test(l))?.trim();
  const known = [
    [/EADDRINUSE|address already in use/i, 'its port is already in use'],
    [/NODE_MODULE_VERSION|compiled against a different Node\.js|invalid ELF header|\.node: (cannot open shared object|undefined symbol)|Module did not self-register/i, 'a native module does not load'],
    [/Cannot find module|ERR_MODULE_NOT_FOUND/, 'a module is missing'],
    [/EACCES|EPERM/, 'permission denied'],
  ];
  for (const [re, what] of known) {
    const l = line(re);
    if (l) { return `${what}: ${l}`; }
  }
  const err = line(/error/i);
  return `exit ${signal || code}${err ? `; ${err}` : ''}`;
}

/** This code-server passes VS Code options through (--vscode-option, code-server 4.10x and later). */
function hasVscodeOption() {
  try {
    return fs.readFileSync(path.join(CS_DIR, 'node_modules', 'code-server', 'out', 'node', 'cli.js'), 'utf8').includes('"vscode-option"');
  } catch {
    return true;
  }
}

function portFree(port, host) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, host, () => s.close(() => resolve(true)));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (r) => { r.resume(); resolve(r.statusCode); });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => { req.destroy(); resolve(0); });
  });
}

/**
 * Start code-server (and, unless `browser: false`, a headless chromium showing the workbench).
 * @param {object}  o
 * @param {string}  [o.extensionDevelopmentPath]  extension under development (default: this repo)
 * @param {string}  [o.extensionTestsPath]        test runner module exporting run(): Promise<void>; omit to just open the workbench
 * @param {string}  [o.workspace]                 folder to open (default: an empty temp folder)
 * @param {string}  [o.installVsix]               a .vsix to install into the (fresh) extensions folder first
 * @param {boolean} [o.asInstalled]               load the extension under development as an installed one (a copy in
 *                                                the fresh extensions folder, without node_modules, .git, out: the
 *                                                bundles need nothing else), not through the payload, and without the
 *                                                smoke-test driver, which hides notification toasts: the workbench
 *                                                behaves as a user's does (no "[Extension Development Host]" either).
 *                                                Not with extensionTestsPath; o.env then reaches only the server
 *                                                process (the payload's extensionEnvironment needs the driver).
 * @param {object}  [o.env]                       env for the extension host (like test-electron's extensionTestsEnv)
 * @param {object}  [o.settings]                  user settings on top of DEFAULT_SETTINGS
 * @param {number}  [o.port]                      fixed port (default: a free one); fails if it is taken
 * @param {string}  [o.bindHost]                  address to bind (default 127.0.0.1)
 * @param {string}  [o.publicHost]                host:port the browser uses to reach the server (default 127.0.0.1:port);
 *                                                the payload URIs must name it
 * @param {boolean} [o.browser]                   start chromium and open the workbench (default true)
 * @param {{width:number,height:number}} [o.viewport] default 1400x900
 * @param {boolean} [o.verbose]                   print every workbench / extension-host log line, code-server log level trace
 * @param {(code:number)=>void} [o.onExit]        called with 0/1 when the test runner's run() settles
 * @returns {Promise<{page, browser, server, base, url, log, tmp, workspace, close: (o?: {removeTmp?: boolean}) => Promise<void>}>}
 */
async function startHost(o = {}) {
  const useBrowser = o.browser !== false;
  checkInstalled({ browser: useBrowser });
  checkNativeModules();
  const deadline = Date.now() + STARTUP_MS;
  let chromium;
  if (useBrowser) {
    try {
      ({ chromium } = require('playwright-core'));
    } catch (e) {
      throw new HostError(`playwright-core is not installed in ${ROOT} (run npm ci): ${e.message}`);
    }
  }

  const bindHost = o.bindHost || '127.0.0.1';
  let port = o.port;
  if (port) {
    if (!(await portFree(port, bindHost))) { throw new HostError(`port ${bindHost}:${port} is already in use (choose another one: PORT=...)`); }
  } else {
    port = await freePort();
  }

  // One temp dir per run: user data, extensions dir, code-server log, and TMPDIR for the server (VS Code's IPC
  // sockets land there; unix socket paths must stay under ~107 bytes, hence the short name).
  const tmpRoot = process.env.VSCODE_HOST_TMPDIR || os.tmpdir();
  fs.mkdirSync(tmpRoot, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(tmpRoot, 'rbvsh-'));
  const userDataDir = path.join(tmp, 'user-data');
  const extensionsDir = path.join(tmp, 'extensions');
  const serverTmp = path.join(tmp, 't');
  for (const d of [path.join(userDataDir, 'User'), extensionsDir, serverTmp]) { fs.mkdirSync(d, { recursive: true }); }
  const extensionDevelopmentPath = path.resolve(o.extensionDevelopmentPath || ROOT);
  if (o.asInstalled) {
    if (o.extensionTestsPath) { throw new HostError('asInstalled cannot run tests: the test runner needs the payload'); }
    const m = JSON.parse(fs.readFileSync(path.join(extensionDevelopmentPath, 'package.json'), 'utf8'));
    const skip = new Set(['node_modules', '.git', 'out', '.vscode-host', '.vscode-test'].map((d) => path.join(extensionDevelopmentPath, d)));
    fs.cpSync(extensionDevelopmentPath, path.join(extensionsDir, `${m.publisher}.${m.name}-${m.version}`), {
      recursive: true, filter: (f) => !skip.has(f) && !f.endsWith('.vsix'),
    });
  }
  if (o.installVsix) {
    const r = spawnSync(NODE, [ENTRY, '--extensions-dir', extensionsDir, '--install-extension', path.resolve(o.installVsix)], { encoding: 'utf8' });
    if (r.status !== 0) { throw new HostError(`could not install ${o.installVsix}: ${r.stderr || r.stdout}`); }
  }
  // o.untrusted: Workspace Trust on, and the folder left untrusted (Restricted Mode), without a startup prompt.
  const trust = o.untrusted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' } : {};
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...trust, ...(o.settings || {}) }, null, 2));
  const workspace = o.workspace ? path.resolve(o.workspace) : fs.mkdtempSync(path.join(tmp, 'ws-'));
  const env = o.env || {};

  const log = path.join(tmp, 'code-server.log');
  const logFd = fs.openSync(log, 'w');
  const server = spawn(NODE, [
    ENTRY,
    '--auth', 'none', '--bind-addr', `${bindHost}:${port}`,
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    '--disable-telemetry', '--disable-update-check', ...(o.untrusted ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override', '--ignore-last-opened', '--log', o.verbose ? 'trace' : 'info',
    // A *built* VS Code only honours the extensionDevelopmentPath/extensionTestsPath payload when the smoke-test
    // driver is on (BrowserWorkbenchEnvironmentService: `!isBuilt || enableSmokeTestDriver`). Without it the
    // workbench opens normally and the tests never run. (Older releases, VS Code 1.93 / code-server 4.93, neither
    // gate the payload nor have --vscode-option: their code-server refuses it.)
    ...(o.asInstalled || !hasVscodeOption() ? [] : ['--vscode-option', 'enable-smoke-test-driver']),
  ], {
    detached: true, // own process group: server, extension host and pty host are stopped together
    stdio: ['ignore', logFd, logFd],
    env: { ...process.env, ...env, SHELL: process.env.SHELL || '/bin/bash', TMPDIR: serverTmp },
  });
  fs.closeSync(logFd);
  const serverExited = new Promise((r) => server.once('exit', r));
  let serverGone = false;
  let closing = false;
  // Resolves with a HostError when the host breaks after start-up: callers race it with their own waits.
  let reportFailure;
  const failed = new Promise((r) => { reportFailure = r; });
  const fail = (what) => { if (!closing) { reportFailure(new HostError(`${what}\n${logTails(tmp)}`)); } };
  server.once('exit', (code, signal) => {
    serverGone = true;
    fail(`code-server stopped (${serverCause(readLog(), code, signal)})`);
  });
  const killServer = (signal = 'SIGTERM') => { if (!serverGone) { try { process.kill(-server.pid, signal); } catch { /* gone */ } } };
  process.on('exit', () => killServer('SIGKILL'));

  const base = `http://127.0.0.1:${port}`;
  function readLog() { try { return fs.readFileSync(log, 'utf8'); } catch { return ''; } }
  for (;;) {
    if (await httpStatus(`${base}/healthz`) === 200) { break; }
    if (serverGone || Date.now() > deadline) {
      await sleep(serverGone ? 0 : 100);
      closing = true;
      killServer('SIGKILL');
      throw new HostError(`code-server did not start: ${serverGone
        ? serverCause(readLog(), server.exitCode, server.signalCode)
        : `no answer on ${base}/healthz in ${STARTUP_MS / 1000} s`}\n${logTails(tmp)}`);
    }
    await sleep(100);
  }

  const publicHost = o.publicHost || `127.0.0.1:${port}`;
  // Payload URIs: vscode-remote://<host:port the browser uses>/abs/path
  const remoteUri = (p) => `vscode-remote://${publicHost}${path.resolve(p).split(path.sep).map(encodeURIComponent).join('/')}`;
  const payload = [['skipWelcome', 'true'], ['skipReleaseNotes', 'true']];
  if (!o.asInstalled) { payload.unshift(['extensionDevelopmentPath', remoteUri(extensionDevelopmentPath)]); }
  if (o.extensionTestsPath) { payload.push(['extensionTestsPath', remoteUri(o.extensionTestsPath)]); }
  if (Object.keys(env).length) { payload.push(['extensionEnvironment', JSON.stringify(env)]); }
  const query = `?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const url = `${base}/${query}`;
  const publicUrl = `http://${publicHost}/${query}`;

  let browser;
  let page;
  const close = async ({ removeTmp = false } = {}) => {
    closing = true;
    if (browser) { await browser.close().catch(() => { }); }
    killServer('SIGTERM');
    await Promise.race([serverExited, sleep(3000)]);
    killServer('SIGKILL'); // the extension host or pty host may linger; same process group
    if (removeTmp) {
      await sleep(200);
      fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
    }
  };

  if (useBrowser) {
    try {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking',
          '--disable-component-update', '--disable-sync', '--disable-quic', '--disable-default-apps'],
      });
      page = await browser.newPage({ viewport: o.viewport || { width: 1400, height: 900 } });
      page.on('pageerror', (e) => { if (o.verbose || !NOISE.test(e.message)) { console.error(`[pageerror] ${e.message}`); } });
      // Workbench + extension-host console output (mocha's reporter, console.log in tests): codeAutomationLog(level, args)
      await page.exposeFunction('codeAutomationLog', (level, a) => {
        const line = util.format(...(Array.isArray(a) ? a : [a]));
        if (!o.verbose && NOISE.test(line)) { return; }
        (level === 'error' ? console.error : console.log)(line);
      });
      // Called by the workbench when the test runner's run() settles: 0 resolved, 1 rejected/threw.
      await page.exposeFunction('codeAutomationExit', (code) => { if (o.onExit) { o.onExit(code); } });
      browser.on('disconnected', () => fail('chromium disconnected (it crashed or was killed)'));
      page.on('crash', () => fail('the workbench page crashed in chromium'));
      await page.goto(url, { timeout: Math.max(1000, deadline - Date.now()) });
    } catch (e) {
      await Promise.race([serverExited, sleep(1000)]); // a refused connection: was it code-server that went away?
      const tails = logTails(tmp);
      const why = serverGone ? `code-server stopped (${serverCause(readLog(), server.exitCode, server.signalCode)})`
        : `could not open the workbench in chromium (${CHROMIUM}): ${e.message.split('\n')[0]}`;
      await close();
      throw new HostError(`${why}\n${tails}`);
    }
    // Start-up watchdog: the workbench shows and the extension host starts within the budget, or we stop here.
    const broke = failed.then((e) => { throw e; });
    try {
      await Promise.race([broke, page.waitForSelector('.monaco-workbench', { state: 'attached', timeout: Math.max(1000, deadline - Date.now()) })
        .catch(async (e) => {
          if (e instanceof HostError) { throw e; }
          throw new HostError(`the workbench never loaded in chromium within ${STARTUP_MS / 1000} s (page "${await page.title().catch(() => '?')}" at ${url})\n${logTails(tmp)}`);
        })]);
      await Promise.race([broke, (async () => {
        while (!extensionHostLog(tmp)) {
          if (Date.now() > deadline) {
            throw new HostError(`the extension host never started within ${STARTUP_MS / 1000} s of launching code-server (the workbench loaded)\n${logTails(tmp)}`);
          }
          await sleep(200);
        }
      })()]);
    } catch (e) {
      await close();
      throw e instanceof HostError ? e : new HostError(e.message);
    }
    broke.catch(() => { });
  }
  return { page, browser, server, base, url, publicUrl, log, tmp, workspace, close, failed };
}

// ------------------------------------------------------------------------------------------------------------------
// CLI: serve the workbench with the extension under development (the demo), optionally take a screenshot and exit.
function parseArgs(argv) {
  return Object.fromEntries(argv.map((a) => {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (!m) { throw new HostError(`bad argument ${a}`); }
    return [m[1], m[2] ?? 'true'];
  }));
}

async function serve(args) {
  const folder = path.resolve(args.folder || SAMPLE_FOLDER);
  const screenshot = args.screenshot;
  const host = await startHost({
    workspace: folder,
    port: args.port ? Number(args.port) : undefined,
    publicHost: args['public-host'],
    settings: args.settings ? JSON.parse(args.settings) : undefined,
    browser: !!screenshot,
    verbose: !!args.verbose,
  });
  console.log(`\n  Incident Runbooks demo: VS Code ${codeVersion()} with the extension under development (${ROOT}),`);
  console.log(`  folder ${folder}\n`);
  console.log(`  Open this URL in a browser (the extension is loaded through its payload):\n\n  ${host.publicUrl}\n`);
  console.log(`  (code-server log: ${host.log})`);
  if (screenshot) {
    // Headless check of the demo: the same URL, in chromium; the window must be an Extension Development Host
    // (proof that the payload loaded the extension) and, when it has one, show the Runbooks view.
    const { page } = host;
    let ok = false;
    let harness = false;
    const check = async () => {
      await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60000 });
      await page.waitForFunction('document.title.includes("Extension Development Host")', null, { timeout: 30000 })
        .catch(async () => { throw new Error(`the window is not an Extension Development Host (title "${await page.title()}")`); });
      const item = page.locator('.part.activitybar .action-label[aria-label="Runbooks"], .part.activitybar .action-label[aria-label^="Runbooks ("]').first();
      if (await item.waitFor({ timeout: 15000 }).then(() => true, () => false)) {
        if (!(await page.locator('#workbench\\.view\\.extension\\.runbooks').isVisible())) { await item.click(); }
        await page.locator('#workbench\\.view\\.extension\\.runbooks [role=treeitem]').first().waitFor({ timeout: 30000 })
          .catch(() => console.error('[demo] the Runbooks view shows no items'));
      } else {
        console.error('[demo] no "Runbooks" activity-bar item');
      }
      await page.mouse.move(900, 500); // no hover tooltip in the picture
      await sleep(Number(args.settle || 1000));
      fs.mkdirSync(path.dirname(path.resolve(screenshot)), { recursive: true });
      await page.screenshot({ path: screenshot });
      console.log(`[demo] screenshot: ${screenshot} (window title: ${await page.title()})`);
    };
    try {
      // code-server or chromium gone: stop now, with the cause, not after the checks' own timeouts
      const broke = host.failed.then((e) => { harness = true; throw e; });
      broke.catch(() => { }); // raced here; never an unhandled rejection
      await Promise.race([check(), broke]);
      ok = true;
    } catch (e) {
      console.error(`[demo] FAILED: ${e.message}`);
      await page.screenshot({ path: screenshot }).catch(() => { });
    }
    await host.close({ removeTmp: ok });
    if (!ok) { console.error(`[demo] logs kept in ${host.tmp}`); }
    return ok ? 0 : harness ? 3 : 1;
  }
  console.log('  Press Ctrl-C to stop.\n');
  let died;
  await new Promise((resolve) => {
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) { process.once(sig, resolve); }
    died = (code) => { console.error(`[demo] code-server exited (${code}); log: ${host.log}`); resolve(); };
    host.server.once('exit', died);
  });
  host.server.removeListener('exit', died);
  console.log('\n[demo] stopping…');
  await host.close({ removeTmp: true });
  return 0;
}

function codeVersion() {
  try {
    return require(path.join(CS_DIR, 'node_modules', 'code-server', 'lib', 'vscode', 'package.json')).version;
  } catch {
    return '?';
  }
}

if (require.main === module) {
  const args = parseArgs(process.argv.slice(2));
  if (!args.serve) {
    console.error('usage: node scripts/vscode-host.js --serve [--folder=DIR] [--port=N] [--public-host=HOST:PORT] [--screenshot=FILE.png] [--verbose]');
    process.exit(3);
  }
  serve(args).then((c) => process.exit(c), (e) => {
    console.error(`[vscode-host] ${e instanceof HostError ? e.message : e.stack}`);
    process.exit(3);
  });
}

module.exports = { startHost, sleep, HostError, NOISE, ROOT, HOST_DIR, SAMPLE_FOLDER, codeVersion, logTails };
