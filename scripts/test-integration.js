#!/usr/bin/env node
// Integration tests in a real VS Code extension host. One entry point, two hosts, one suite
// (out/test/integration/index.js, the standard `run(): Promise<void>` mocha runner, compiled by `tsc -p .`):
//   VSCODE_TEST_HOST=code-server (default) -> VS Code server build (code-server) + headless chromium, offline;
//                                            install it once with scripts/setup-vscode-host.sh
//   VSCODE_TEST_HOST=electron              -> @vscode/test-electron: downloads VS Code desktop (needs internet);
//                                            VSCODE_EXECUTABLE_PATH=... uses a local one, VSCODE_TEST_VERSION=... pins one
// Build first (npm run test:integration does): tsc -p . && node scripts/build.mjs
//
// Usage: node scripts/test-integration.js [--timeout=SECONDS] [--grep=PATTERN] [--skip=PATTERN] [--untrusted] [--verbose] [--keep-logs]
//                                         [--screenshot=FILE.png]
// Env:   VSCODE_TEST_RESULTS_FILE=FILE  the runner writes {passes, failures, pending, failed[]} there
//        VSCODE_TEST_TIMEOUT=SECONDS    default 300
// The fixture workspace test/integration/workspace is copied to a temp dir first (tests change it); the extension
// host gets the copy's path as RUNBOOKS_TEST_WORKSPACE, an empty RUNBOOKS_TEST_FAKEBIN first on PATH and a
// KUBECONFIG in that temp dir (the target guard's tests write a fake kubectl and the kubeconfig there).
// Exit code: 0 passed, 1 tests failed, 2 timeout, 3 harness error (host missing, not built, VS Code not startable:
// vscode-host.js names the cause within RUNBOOKS_HOST_STARTUP_TIMEOUT, default 60 s, with the logs' tails).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
// --vsix=FILE: install the packaged extension and check it (test/vsix), instead of the suite on the source tree.
const VSIX = process.argv.find((a) => a.startsWith('--vsix='))?.slice('--vsix='.length);
const TESTS = path.join(ROOT, 'out', 'test', VSIX ? 'vsix' : 'integration', 'index.js');
const DEVELOPMENT_PATH = VSIX ? path.join(ROOT, 'test', 'vsix', 'harness') : ROOT;
const FIXTURE = path.join(ROOT, 'test', 'integration', 'workspace');
const EXIT = { pass: 0, fail: 1, timeout: 2, harness: 3 };

const args = Object.fromEntries(process.argv.slice(2).map((a) => {
  const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
  if (!m) {
    console.error(`[integration] bad argument ${a}`);
    process.exit(EXIT.harness);
  }
  return [m[1], m[2] ?? 'true'];
}));
const timeoutSec = Number(args.timeout || process.env.VSCODE_TEST_TIMEOUT || 300);
const hostKind = process.env.VSCODE_TEST_HOST || 'code-server';
const log = (...a) => console.log('[integration]', ...a);
const fail = (...a) => console.error('[integration]', ...a);

function prepare() {
  const missing = [
    [TESTS, 'compile the tests: npx tsc -p .'],
    [path.join(ROOT, 'dist', 'extension.js'), 'build the extension: node scripts/build.mjs'],
    [FIXTURE, 'the fixture workspace test/integration/workspace is missing'],
  ].filter(([f]) => !fs.existsSync(f));
  if (missing.length) {
    throw new Error(missing.map(([f, fix]) => `missing ${path.relative(ROOT, f)}: ${fix}`).join('\n'));
  }
  // A fresh copy per run: the tests create, change and delete files in it.
  const wsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'runbooks-it-'));
  const workspace = path.join(wsRoot, 'workspace');
  fs.cpSync(FIXTURE, workspace, { recursive: true });
  const resultsFile = process.env.VSCODE_TEST_RESULTS_FILE ? path.resolve(process.env.VSCODE_TEST_RESULTS_FILE) : undefined;
  if (resultsFile) {
    fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
    fs.rmSync(resultsFile, { force: true }); // never report a previous run's results
  }
  const env = { RUNBOOKS_TEST_WORKSPACE: workspace };
  // Target guard tests: an empty folder first on PATH (the test writes a fake kubectl there) and a kubeconfig of
  // the test's own, for the extension host and its terminals alike.
  const fakeBin = path.join(wsRoot, 'fakebin');
  fs.mkdirSync(fakeBin);
  fs.mkdirSync(path.join(wsRoot, 'kube'));
  Object.assign(env, {
    RUNBOOKS_TEST_FAKEBIN: fakeBin,
    PATH: `${fakeBin}${path.delimiter}${process.env.PATH || ''}`,
    KUBECONFIG: path.join(wsRoot, 'kube', 'config'),
  });
  if (resultsFile) { env.VSCODE_TEST_RESULTS_FILE = resultsFile; }
  if (args.grep) { env.RUNBOOKS_TEST_GREP = args.grep; }
  if (args.skip) { env.RUNBOOKS_TEST_SKIP = args.skip; }
  if (args.untrusted) {
    // A second pass in Restricted Mode: only the tests written for it (their titles say "Restricted Mode").
    env.RUNBOOKS_TEST_UNTRUSTED = '1';
    env.RUNBOOKS_TEST_GREP = args.grep || 'Restricted Mode';
  }
  return { wsRoot, workspace, env };
}

async function viaCodeServer({ workspace, env }) {
  const { startHost, sleep, codeVersion, logTails } = require('./vscode-host');
  const t0 = Date.now();
  let onExit;
  const exited = new Promise((r) => { onExit = r; });
  const host = await startHost({
    extensionDevelopmentPath: DEVELOPMENT_PATH,
    extensionTestsPath: TESTS,
    installVsix: VSIX,
    workspace,
    env: { ...env, RUNBOOKS_REPO: ROOT },
    // The terminals get the fake PATH and KUBECONFIG as a user would give them, through terminal.integrated.env: a
    // server's own environment does not reach them unchanged. VS Code 1.93 (code-server 4.93) builds a terminal's
    // environment as { ...the server's, ...the user's login-shell environment (bash -ilc) }, and Debian's
    // /etc/profile sets PATH from scratch: the fake kubectl dropped off PATH and /usr/bin/kubectl ran instead.
    // (1.139 resolves the login shell too, yet kept the server's PATH; the setting holds on both.)
    settings: { 'terminal.integrated.env.linux': { PATH: env.PATH, KUBECONFIG: env.KUBECONFIG } },
    untrusted: !!args.untrusted,
    verbose: !!args.verbose,
    onExit,
  });
  log(`VS Code ${codeVersion()} (code-server at ${host.base}) + headless chromium; workspace ${workspace}; timeout ${timeoutSec} s`);
  let interrupted = false;
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.once(sig, () => { interrupted = true; host.close().finally(() => process.exit(130)); });
  }
  // host.failed: code-server stopped, chromium crashed: no test result will ever come, say why now.
  const code = await Promise.race([exited, sleep(timeoutSec * 1000).then(() => 'timeout'), host.failed]);
  if (interrupted) { return new Promise(() => { }); }
  if (code instanceof Error) {
    fail(`harness error: ${code.message}`);
    await host.close({ removeTmp: false });
    log(`logs kept in ${host.tmp}`);
    return EXIT.harness;
  }
  const ok = code === 0;
  const shot = args.screenshot || (ok ? undefined : path.join(host.tmp, 'final.png'));
  if (shot) { await host.page.screenshot({ path: shot }).catch((e) => fail('screenshot:', e.message)); }
  const keep = !ok || !!args['keep-logs'];
  await host.close({ removeTmp: !keep });
  log(`${((Date.now() - t0) / 1000).toFixed(1)} s` +
    (keep ? `; logs kept in ${host.tmp} (code-server.log, user-data/logs/*/exthost*/, ${ok ? '' : 'final.png'})` : ''));
  if (code === 'timeout') {
    fail(`TIMEOUT after ${timeoutSec} s: the test runner never reported back\n${logTails(host.tmp)}`);
    return EXIT.timeout;
  }
  log(`extension host test run exited with code ${code}`);
  return ok ? EXIT.pass : EXIT.fail;
}

async function viaElectron({ workspace, env }) {
  let testElectron;
  try {
    testElectron = require('@vscode/test-electron');
  } catch (e) {
    fail(`@vscode/test-electron is not installed (npm ci): ${e.message}`);
    return EXIT.harness;
  }
  const { runTests, TestRunFailedError } = testElectron;
  const run = runTests({
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: TESTS,
    extensionTestsEnv: env,
    ...(process.env.VSCODE_EXECUTABLE_PATH ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH } : {}),
    ...(process.env.VSCODE_TEST_VERSION ? { version: process.env.VSCODE_TEST_VERSION } : {}),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes',
      '--disable-telemetry', '--disable-updates'],
  }).then(() => EXIT.pass, (e) => {
    if (e instanceof TestRunFailedError || /Test run (failed|terminated)/.test(e && e.message)) {
      fail(e.message);
      return EXIT.fail;
    }
    fail(`could not run VS Code (download or launch failed): ${e && e.stack || e}`);
    return EXIT.harness;
  });
  const timeout = new Promise((r) => { setTimeout(() => r(EXIT.timeout), timeoutSec * 1000).unref(); });
  const code = await Promise.race([run, timeout]);
  if (code === EXIT.timeout) { fail(`TIMEOUT after ${timeoutSec} s`); }
  return code;
}

async function main() {
  if (!['code-server', 'electron'].includes(hostKind)) {
    fail(`VSCODE_TEST_HOST must be code-server or electron, not ${hostKind}`);
    return EXIT.harness;
  }
  let ctx;
  try {
    ctx = prepare();
  } catch (e) {
    fail(e.message);
    return EXIT.harness;
  }
  let code;
  try {
    code = hostKind === 'electron' ? await viaElectron(ctx) : await viaCodeServer(ctx);
  } catch (e) {
    fail(`harness error: ${e.message}`);
    code = EXIT.harness;
  }
  if ((code === EXIT.pass || code === EXIT.harness) && !args['keep-logs']) {
    fs.rmSync(ctx.wsRoot, { recursive: true, force: true });
  } else {
    log(`workspace copy kept: ${ctx.workspace}`);
  }
  return code;
}

main().then((c) => process.exit(c), (e) => { fail(e && e.stack || e); process.exit(EXIT.harness); });
