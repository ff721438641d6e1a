// scripts/vscode-host.js fails fast, naming the cause, when the VS Code host cannot start: a native module that does
// not load, code-server exiting (its port taken), chromium missing or crashing, a workbench that never loads, an
// extension host that never starts, code-server dying while the tests run. The host here is a stub: a small
// "code-server" (entry.js, run by this node) that misbehaves as told, and stub native-module packages.
// Each run must end by itself with exit 3 and the cause in its output; the 60 s kill is the bound it must beat.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '../../../..');
const HOST = path.join(ROOT, 'scripts', 'vscode-host.js');
const INTEGRATION = path.join(ROOT, 'scripts', 'test-integration.js');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const haveChromium = fs.existsSync(CHROMIUM) && fs.existsSync(path.join(ROOT, 'node_modules', 'playwright-core'));
const built = fs.existsSync(path.join(ROOT, 'dist', 'extension.js')) && fs.existsSync(path.join(ROOT, 'out', 'test', 'integration', 'index.js'));
const BOUND_MS = 60_000;

/** The stub code-server: STUB_MODE says how it misbehaves. */
const ENTRY = `
const http = require('http');
const fs = require('fs');
const path = require('path');
const arg = (n) => process.argv[process.argv.indexOf(n) + 1];
const [host, port] = arg('--bind-addr').split(':');
const userData = arg('--user-data-dir');
const mode = process.env.STUB_MODE;
console.log('[stub code-server] starting, mode ' + mode);
if (mode === 'exit') {
  console.error('Error: listen EADDRINUSE: address already in use ' + host + ':' + port);
  process.exit(1);
}
const page = mode === 'blank' ? '<html><title>blank</title><body></body></html>'
  : '<html><title>stub workbench</title><body><div class="monaco-workbench"><div class="part activitybar"></div></div></body></html>';
let dying = false;
http.createServer((req, res) => {
  if (req.url === '/healthz') { res.end('{"status":"alive"}'); return; }
  res.setHeader('content-type', 'text/html');
  res.end(page);
  if (mode === 'dies' && !dying) { // the workbench was served and its extension host "started": now die
    dying = true;
    const dir = path.join(userData, 'logs', '20260101T000000', 'exthost1');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'remoteexthost.log'), '[info] Extension host with pid 1 started\\n[error] stub: the extension host is going down\\n');
    setTimeout(() => { console.error('stub: fatal error, exiting'); process.exit(7); }, 4000);
  }
}).listen(Number(port), host, () => {
  console.log('[stub code-server] listening on ' + host + ':' + port);
});
`;

let tmp: string;

/** A code-server install that is a stub; `broken`: the native module whose .node file is garbage. */
function stubHost(broken?: string): string {
  const dir = fs.mkdtempSync(path.join(tmp, 'cs-'));
  const pkg = path.join(dir, 'node_modules', 'code-server');
  fs.mkdirSync(path.join(pkg, 'out', 'node'), { recursive: true });
  fs.writeFileSync(path.join(pkg, 'out', 'node', 'entry.js'), ENTRY);
  fs.writeFileSync(path.join(pkg, 'package.json'), '{"name":"code-server","version":"0.0.0-stub"}');
  fs.mkdirSync(path.join(pkg, 'lib', 'vscode'), { recursive: true });
  fs.writeFileSync(path.join(pkg, 'lib', 'vscode', 'package.json'), '{"version":"0.0.0-stub"}');
  for (const m of ['@vscode/spdlog', '@vscode/sqlite3', '@vscode/native-watchdog', 'kerberos', 'node-pty']) {
    const d = path.join(pkg, 'lib', 'vscode', 'node_modules', m);
    fs.mkdirSync(path.join(d, 'build', 'Release'), { recursive: true });
    fs.writeFileSync(path.join(d, 'package.json'), JSON.stringify({ name: m, main: 'index.js' }));
    const binding = path.join(d, 'build', 'Release', 'binding.node');
    if (m === broken) {
      fs.writeFileSync(binding, 'not a shared object');
      fs.writeFileSync(path.join(d, 'index.js'), "module.exports = require('./build/Release/binding.node');\n");
    } else {
      fs.writeFileSync(path.join(d, 'index.js'), 'module.exports = {};\n');
    }
  }
  return dir;
}

interface Run { status: number | null; signal: NodeJS.Signals | null; output: string }

function run(script: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        CODE_SERVER_NODE: process.execPath,
        CHROMIUM,
        RUNBOOKS_HOST_STARTUP_TIMEOUT: '8',
        VSCODE_HOST_TMPDIR: tmp,
        ...env,
      },
    });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const kill = setTimeout(() => child.kill('SIGKILL'), BOUND_MS);
    child.on('close', (status, signal) => {
      clearTimeout(kill);
      resolve({ status, signal, output });
    });
  });
}

function assertFailedFast(r: Run, ...causes: RegExp[]): void {
  assert.equal(r.signal, null, `still running after ${BOUND_MS / 1000} s (killed):\n${r.output}`);
  assert.equal(r.status, 3, r.output);
  for (const c of causes) {
    assert.match(r.output, c);
  }
}

describe('scripts/vscode-host.js fails fast and names the cause', () => {
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'runbooks-host-'));
  });
  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a native module that does not load: named before code-server starts', async () => {
    const r = await run(HOST, ['--serve', `--folder=${tmp}`], { CODE_SERVER_DIR: stubHost('@vscode/sqlite3'), STUB_MODE: 'ok' });
    assertFailedFast(r, /native module @vscode\/sqlite3 does not load/, /binding\.node/, /setup-vscode-host\.sh/);
    assert.doesNotMatch(r.output, /stub code-server\] starting/, 'code-server must not be started');
  });

  it('code-server exits at start (its port is taken): the cause and the tail of its log', async () => {
    const r = await run(HOST, ['--serve', `--folder=${tmp}`], { CODE_SERVER_DIR: stubHost(), STUB_MODE: 'exit' });
    assertFailedFast(r, /code-server did not start: its port is already in use: Error: listen EADDRINUSE/, /--- code-server\.log/,
      /\[stub code-server\] starting, mode exit/);
  });

  it('the same through test-integration.js: a harness error (exit 3), not a 300 s timeout', { skip: !built && 'build first (dist/, out/test/integration)' }, async () => {
    const r = await run(INTEGRATION, [], { CODE_SERVER_DIR: stubHost(), STUB_MODE: 'exit' });
    assertFailedFast(r, /harness error: code-server did not start: its port is already in use/);
  });

  it('chromium that cannot start', { skip: !haveChromium && 'no chromium/playwright-core' }, async () => {
    const fake = path.join(tmp, 'crashing-chromium');
    fs.writeFileSync(fake, '#!/bin/sh\necho "stub chromium: Segmentation fault" >&2\nexit 139\n', { mode: 0o755 });
    const r = await run(HOST, ['--serve', `--folder=${tmp}`, `--screenshot=${path.join(tmp, 'x.png')}`], { CODE_SERVER_DIR: stubHost(), STUB_MODE: 'ok', CHROMIUM: fake });
    assertFailedFast(r, /could not open the workbench in chromium/, /--- code-server\.log/);
  });

  it('a workbench that never loads', { skip: !haveChromium && 'no chromium/playwright-core' }, async () => {
    const r = await run(HOST, ['--serve', `--folder=${tmp}`, `--screenshot=${path.join(tmp, 'x.png')}`], { CODE_SERVER_DIR: stubHost(), STUB_MODE: 'blank' });
    assertFailedFast(r, /the workbench never loaded in chromium within 8 s \(page "blank"/, /--- code-server\.log/);
  });

  it('an extension host that never starts: said so, with the logs there are', { skip: !haveChromium && 'no chromium/playwright-core' }, async () => {
    const r = await run(HOST, ['--serve', `--folder=${tmp}`, `--screenshot=${path.join(tmp, 'x.png')}`], { CODE_SERVER_DIR: stubHost(), STUB_MODE: 'workbench' });
    assertFailedFast(r, /the extension host never started within 8 s/, /no extension host log .*remoteexthost\.log.*it never started/);
  });

  it('code-server dying after start-up: the exit and the extension host log tail, at once', { skip: !haveChromium && 'no chromium/playwright-core' }, async () => {
    const r = await run(HOST, ['--serve', `--folder=${tmp}`, `--screenshot=${path.join(tmp, 'x.png')}`], { CODE_SERVER_DIR: stubHost(), STUB_MODE: 'dies' });
    // the stub workbench has no Runbooks view: without the watch the demo check would wait out its own timeouts
    assertFailedFast(r, /\[demo\] FAILED: code-server stopped \(exit 7; stub: fatal error, exiting\)/, /exthost1\/remoteexthost\.log ---\n[^]*the extension host is going down/);
  });
});
