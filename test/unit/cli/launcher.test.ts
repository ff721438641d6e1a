import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { isAscii } from 'node:buffer';
import { cacheDirectory, cacheFileName, outgrows, runWithCodeCache } from '../../../src/cli/launcher';

// tsc compiles this file to out/test/unit/cli/; the bundles stay in dist/.
const REPO = path.join(__dirname, '../../../..');
const CLI = path.join(REPO, 'dist/cli.js');
const WORKSPACE = path.join(REPO, 'test/unit/cli/fixtures/workspace');

describe('the runbook launcher: V8 code cache', () => {
  it('puts the cache in the per-user cache folder, or where RUNBOOK_COMPILE_CACHE says, or nowhere when disabled', () => {
    assert.equal(cacheDirectory({}, 'linux', '/home/u'), path.join('/home/u', '.cache', 'incident-runbooks', 'cli'));
    assert.equal(cacheDirectory({ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/u'), path.join('/xdg', 'incident-runbooks', 'cli'));
    assert.equal(cacheDirectory({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/u'), path.join('/home/u', '.cache', 'incident-runbooks', 'cli'));
    assert.equal(cacheDirectory({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u'), path.join('C:\\Users\\u\\AppData\\Local', 'incident-runbooks', 'cli'));
    assert.equal(cacheDirectory({}, 'win32', 'C:\\Users\\u'), undefined);
    assert.equal(cacheDirectory({ RUNBOOK_COMPILE_CACHE: '/tmp/c' }, 'linux', '/home/u'), path.resolve('/tmp/c'));
    assert.equal(cacheDirectory({ RUNBOOK_COMPILE_CACHE: '/tmp/c', RUNBOOK_DISABLE_COMPILE_CACHE: '1' }, 'linux', '/home/u'), undefined);
    assert.equal(cacheDirectory({ NODE_DISABLE_COMPILE_CACHE: '1' }, 'linux', '/home/u'), undefined);
  });

  it('keys the cache by command, bundle size and time, Node version and architecture', () => {
    const bundle = { size: 1000, mtimeMs: 1234.5 };
    assert.equal(cacheFileName(bundle, 'lint', 'v20.1.0', 'x64'), 'lint-1000-1234-v20.1.0-x64.cache');
    assert.equal(cacheFileName(bundle, '--version', 'v20.1.0', 'x64'), 'other-1000-1234-v20.1.0-x64.cache');
    assert.equal(cacheFileName(bundle, undefined, 'v20.1.0', 'x64'), 'other-1000-1234-v20.1.0-x64.cache');
    assert.notEqual(cacheFileName({ size: 1001, mtimeMs: 1234.5 }, 'lint'), cacheFileName(bundle, 'lint'));
    assert.notEqual(cacheFileName({ size: 1000, mtimeMs: 9999 }, 'lint'), cacheFileName(bundle, 'lint'));
    assert.notEqual(cacheFileName(bundle, 'lint', 'v22.0.0'), cacheFileName(bundle, 'lint', 'v20.1.0'));
  });

  it('writes the cache on the first run, uses it on the next, and rewrites one V8 rejects; the output never changes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-cache-'));
    try {
      const exec = (env: Record<string, string>) => spawnSync(process.execPath, [CLI, 'index', '--json'], { cwd: WORKSPACE, encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...env } });
      const plain = exec({ RUNBOOK_DISABLE_COMPILE_CACHE: '1', RUNBOOK_COMPILE_CACHE: dir });
      assert.equal(plain.status, 0, plain.stderr);
      assert.deepEqual(fs.readdirSync(dir), [], 'disabled: nothing written');

      const first = exec({ RUNBOOK_COMPILE_CACHE: dir });
      assert.deepEqual([first.status, first.stdout, first.stderr], [0, plain.stdout, '']);
      const files = fs.readdirSync(dir);
      assert.equal(files.length, 1);
      assert.match(files[0], /^index-\d+-\d+-v[\d.]+-\w+\.cache$/);
      const file = path.join(dir, files[0]);
      const written = fs.statSync(file);
      assert.ok(written.size > 10_000, `${written.size} bytes of cached code`);

      const header = fs.readFileSync(file).subarray(0, 8);
      assert.equal(header.toString('latin1', 0, 4), 'RBC1', 'the header names the format');
      assert.ok(header.readUInt32LE(4) > 0, 'and how long the run that wrote it took');

      // Written by a run far longer than any to come: read, never rewritten.
      const data = fs.readFileSync(file);
      data.writeUInt32LE(0xffffffff, 4);
      fs.writeFileSync(file, data);
      const stamped = fs.statSync(file).mtimeMs;
      const second = exec({ RUNBOOK_COMPILE_CACHE: dir });
      assert.deepEqual([second.status, second.stdout, second.stderr], [0, plain.stdout, '']);
      assert.equal(fs.statSync(file).mtimeMs, stamped, 'accepted: not rewritten');
      assert.ok(written.mtimeMs <= stamped);

      fs.writeFileSync(file, 'not V8 code cache data');
      const third = exec({ RUNBOOK_COMPILE_CACHE: dir });
      assert.deepEqual([third.status, third.stdout, third.stderr], [0, plain.stdout, '']);
      assert.ok(fs.statSync(file).size > 10_000, 'rejected data is replaced');
      assert.deepEqual(fs.readdirSync(dir), files, 'no temporary file left');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the bundle as Latin-1 when it is ASCII (the build escapes the rest), else as UTF-8', () => {
    assert.ok(isAscii(fs.readFileSync(path.join(REPO, 'dist/cli-main.js'))), 'dist/cli-main.js is ASCII');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-bundle-'));
    try {
      const probe = globalThis as { launcherProbe?: string };
      const cases: [string, string, string][] = [
        ['ascii.js', 'globalThis.launcherProbe = "plain\\u2026" + /\\u2026/.source;', 'plain…\\u2026'],
        ['utf8.js', 'globalThis.launcherProbe = "ẞ ✓ \u{1F525}" + /…/.source;', 'ẞ ✓ \u{1F525}…'],
      ];
      for (const [name, source, expected] of cases) {
        const file = path.join(dir, name);
        fs.writeFileSync(file, source);
        assert.equal(isAscii(fs.readFileSync(file)), name === 'ascii.js');
        runWithCodeCache(file, undefined, undefined);
        assert.equal(probe.launcherProbe, expected, name);
      }
      delete probe.launcherProbe;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rewrites a cache when a run takes at least twice as long as the one that wrote it (and 250 ms or more)', () => {
    assert.equal(outgrows(120, 40), false, 'short runs never pay for a rewrite');
    assert.equal(outgrows(300, 100), true, 'the whole repository after a small folder');
    assert.equal(outgrows(300, 200), false, 'about as long: the cache already has what it runs');
    assert.equal(outgrows(700, 700), false);
    assert.equal(outgrows(5000, 0xffffffff), false);
  });

  it('runs (without a cache) when the cache folder cannot be written', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-cache-'));
    try {
      const blocker = path.join(dir, 'a-file');
      fs.writeFileSync(blocker, '');
      const r = spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, RUNBOOK_COMPILE_CACHE: path.join(blocker, 'cache') } });
      assert.deepEqual([r.status, r.stderr], [0, '']);
      assert.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
