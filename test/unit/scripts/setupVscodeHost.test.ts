// scripts/setup-vscode-host.sh starts its installs from a clean environment: what an outer `npm run` exports
// (npm_config_user_agent "npm/… node/v20…", which code-server's postinstall reads to pick the Node version,
// npm_config_nodedir, INIT_CWD, NODE_OPTIONS, node_modules/.bin on PATH) must not reach the inner `npm install`.
// The real script runs against stubs: a stub `npm` first on PATH records the environment it was started with and
// fails (so nothing is installed), a stub node 24 and headers in a throwaway host dir, stub OS tools and chromium.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '../../../..');
const SCRIPT = path.join(ROOT, 'scripts', 'setup-vscode-host.sh');

interface NpmCall {
  readonly cwd: string;
  readonly args: string;
  readonly env: Record<string, string>;
}

let tmp: string;

function stub(dir: string, name: string, body: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

/** Run the installer under an environment like `npm run test:all`'s; returns its output and every npm call. */
function runSetup(extraEnv: Record<string, string> = {}): { status: number | null; output: string; calls: NpmCall[] } {
  const run = fs.mkdtempSync(path.join(tmp, 'run-'));
  const bin = path.join(run, 'bin');
  const host = path.join(run, 'host');
  const record = path.join(run, 'npm-calls');
  fs.mkdirSync(bin);
  fs.mkdirSync(record);
  // npm: one file per call (cwd, arguments, environment), then a failure: nothing gets installed.
  stub(bin, 'npm', `n=$(ls '${record}' | wc -l)\nf='${record}'/$n\n{ pwd; echo "$*"; env -0; } > "$f.tmp" && mv "$f.tmp" "$f"\nexit 1`);
  for (const tool of ['dpkg', 'make', 'g++', 'python3', 'apt-get', 'sudo']) {
    stub(bin, tool, 'exit 0');
  }
  const chromium = stub(bin, 'chromium', 'exit 0');
  // A node 24 with headers already there: the script goes straight to the code-server install.
  fs.mkdirSync(path.join(host, 'node24-bin'), { recursive: true });
  stub(path.join(host, 'node24-bin'), 'node', 'echo v24.99.0');
  fs.mkdirSync(path.join(host, 'node24-dist', 'include', 'node'), { recursive: true });
  fs.writeFileSync(path.join(host, 'node24-dist', 'include', 'node', 'node.h'), '');

  // What `npm run test:all` (npm 10/11 under the system node 20) exports to its script.
  const outer: Record<string, string> = {
    HOME: process.env.HOME ?? os.homedir(),
    PATH: [path.join(ROOT, 'node_modules', '.bin'), path.join(ROOT, '..', 'node_modules', '.bin'), bin, '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
    npm_config_user_agent: 'npm/10.8.2 node/v20.20.2 linux x64 workspaces/false',
    npm_config_nodedir: '/usr',
    npm_config_global_prefix: '/usr/local',
    npm_lifecycle_event: 'test:all',
    npm_lifecycle_script: 'bash scripts/test-all.sh',
    npm_package_name: 'incident-runbooks',
    npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
    npm_node_execpath: '/usr/bin/node',
    INIT_CWD: ROOT,
    NODE: '/usr/bin/node',
    NODE_OPTIONS: '--require /nonexistent/hook.js',
    NODE_PATH: '/usr/lib/node_modules',
    CHROMIUM: chromium,
    KEEP_ME: 'yes',
    ...extraEnv,
  };
  const r = spawnSync('bash', [SCRIPT, host], { env: outer, encoding: 'utf8', timeout: 60_000 });
  const calls = fs.readdirSync(record).filter((f) => !f.endsWith('.tmp')).sort((a, b) => Number(a) - Number(b)).map((f) => {
    const [cwd, args, ...rest] = fs.readFileSync(path.join(record, f), 'utf8').split('\n');
    const env = Object.fromEntries(rest.join('\n').split('\0').filter(Boolean).map((kv) => {
      const i = kv.indexOf('=');
      return [kv.slice(0, i), kv.slice(i + 1)];
    }));
    return { cwd, args, env };
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}`, calls };
}

/** What must not reach an inner install, as messages (empty: clean). */
function leaks(env: Record<string, string>): string[] {
  const allowed = new Set(['npm_config_audit', 'npm_config_fund', 'npm_config_update_notifier', 'npm_config_nodedir', 'npm_config_unsafe_perm']);
  const found = Object.keys(env).filter((k) => (/^npm_/.test(k) && !allowed.has(k)) || ['INIT_CWD', 'NODE', 'NODE_OPTIONS', 'NODE_PATH'].includes(k))
    .map((k) => `${k}=${env[k]}`);
  if (env.npm_config_nodedir === '/usr') {
    found.push('npm_config_nodedir=/usr (the outer one)');
  }
  found.push(...(env.PATH ?? '').split(':').filter((p) => p.endsWith('/node_modules/.bin')).map((p) => `PATH has ${p}`));
  return found;
}

describe('scripts/setup-vscode-host.sh', { skip: process.platform === 'win32' && 'bash script' }, () => {
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'runbooks-setup-'));
  });
  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('runs the code-server install without the outer npm run environment (user agent, nodedir, INIT_CWD, NODE*, .bin on PATH)', () => {
    const { status, output, calls } = runSetup();
    assert.notEqual(status, 0, 'the stub npm fails, so the installer must fail');
    assert.match(output, /npm install code-server@[\d.]+ failed/, output);
    assert.ok(calls.length >= 1, `npm was never called:\n${output}`);
    const install = calls.find((c) => /\/cs$/.test(c.cwd));
    assert.ok(install, `no npm call in the code-server dir: ${calls.map((c) => `${c.cwd}: npm ${c.args}`).join('; ')}`);
    assert.match(install.cwd, /\/cs$/);
    assert.match(install.args, /^install\b/);
    assert.deepEqual(leaks(install.env), []);
    // What the script sets on purpose: node 24 first on PATH (npm then reports node/v24), its headers for node-gyp.
    assert.match(install.env.PATH, /\/host\/node24-bin:/);
    assert.ok(install.env.PATH.split(':')[0].endsWith('/node24-bin'), install.env.PATH);
    assert.ok(install.env.npm_config_nodedir.endsWith('/host/node24-dist'), install.env.npm_config_nodedir);
    assert.equal(install.env.KEEP_ME, 'yes', 'other variables are kept');
    assert.equal(install.env.npm_config_user_agent, undefined);
    for (const call of calls) {
      assert.deepEqual(leaks(call.env), [], `npm ${call.args}`);
    }
  });

  it('leaks them when the cleaning is switched off (RUNBOOKS_SETUP_KEEP_NPM_ENV=1): the check above sees the difference', () => {
    const { calls } = runSetup({ RUNBOOKS_SETUP_KEEP_NPM_ENV: '1' });
    assert.ok(calls.length >= 1);
    const found = leaks(calls.find((c) => /\/cs$/.test(c.cwd))?.env ?? {});
    assert.ok(found.some((l) => l.startsWith('npm_config_user_agent=npm/10.8.2 node/v20')), found.join('\n'));
    assert.ok(found.some((l) => l.startsWith('INIT_CWD=')), found.join('\n'));
    assert.ok(found.some((l) => l.startsWith('PATH has ')), found.join('\n'));
  });
});
