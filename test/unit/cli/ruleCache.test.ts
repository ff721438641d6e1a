import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { MIN_CACHED_BYTES, ruleCacheDirectory } from '../../../src/cli/ruleCache';
import { loadWorkspace, type LoadOptions } from '../../../src/cli/workspace';

const REPO = path.join(__dirname, '../../../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-rule-cache-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A rule file of `n` alerts, each with a runbook link: big enough for the cache past a few hundred. */
function ruleFile(n: number, name = (i: number) => `Alert${i}`): string {
  const rules = Array.from({ length: n }, (_, i) => [
    `      - alert: ${name(i)}`,
    `        expr: sum by (job) (rate(http_requests_total{job="api",code=~"5.."}[5m])) / sum by (job) (rate(http_requests_total{job="api"}[5m])) > 0.05`,
    '        for: 10m',
    '        labels:',
    '          severity: page',
    '        annotations:',
    `          runbook_url: runbooks/alert-${i}.md`,
  ].join('\n'));
  return `groups:\n  - name: api\n    rules:\n${rules.join('\n')}\n`;
}

/** A workspace with one big rule file (`rules/big.rules.yml`) and one runbook. */
function workspace(name: string, rules = ruleFile(500)): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(path.join(dir, 'rules'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'runbooks'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'rules', 'big.rules.yml'), rules);
  fs.writeFileSync(path.join(dir, 'runbooks', 'alert-0.md'), '# Alert0\n');
  return dir;
}

const options = (cwd: string, cache: LoadOptions['ruleCache'], paths: string[] = []): LoadOptions => ({ cwd, paths, include: undefined, exclude: undefined, rules: undefined, maps: [], root: undefined, ruleCache: cache });

async function alerts(cwd: string, cache: LoadOptions['ruleCache'], paths?: string[]): Promise<readonly string[]> {
  const loaded = await loadWorkspace(options(cwd, cache, paths));
  loaded.resolver.dispose();
  return loaded.rules.alerts();
}

const cacheFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith('rules-')) : []);

/** The one cache file in `dir` (parsed). */
function cacheData(dir: string): { root: string; keys: string[]; files: Record<string, [string, { rules: Record<string, unknown>[]; problems: unknown[] }]> } {
  const [file] = cacheFiles(dir);
  return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
}

/** Rename one alert inside the cache file, leaving the file's hash as it was: a run that shows it read the cache. */
function tamper(dir: string, from: string, to: string): void {
  const [file] = cacheFiles(dir);
  const p = path.join(dir, file);
  fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replace(`"alert":"${from}"`, `"alert":"${to}"`));
}

describe('the CLI\'s rule cache (parsed rule files kept between runs)', () => {
  it('a second run takes the parse from the cache, for the same bytes only', async () => {
    const ws = workspace('same-bytes');
    const dir = path.join(tmp, 'cache-1');
    const cache = { dir, build: 'b1' };
    assert.equal((await alerts(ws, cache)).length, 500);
    assert.equal(cacheFiles(dir).length, 1);
    tamper(dir, 'Alert7', 'FromTheCache');
    assert.ok((await alerts(ws, cache)).includes('FromTheCache'), 'the second run read the cache');

    // Same size and modification time, other bytes: parsed again (the cache is keyed by content, not by stat).
    const file = path.join(ws, 'rules', 'big.rules.yml');
    const st = fs.statSync(file);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Alert7\n', 'AlertX\n'));
    fs.utimesSync(file, st.atime, st.mtime);
    assert.equal(fs.statSync(file).size, st.size);
    const names = await alerts(ws, cache);
    assert.ok(names.includes('AlertX') && !names.includes('FromTheCache') && !names.includes('Alert7'));
  });

  it('another build, or none, never reads the entries', async () => {
    const ws = workspace('other-build');
    const dir = path.join(tmp, 'cache-2');
    await alerts(ws, { dir, build: 'b1' });
    tamper(dir, 'Alert3', 'FromTheCache');
    assert.ok(!(await alerts(ws, { dir, build: 'b2' })).includes('FromTheCache'));
    assert.equal(cacheFiles(dir).length, 2, 'one file per build: a global install and npx do not overwrite each other');
    assert.ok((await alerts(ws, { dir, build: 'b1' })).includes('FromTheCache'));
    assert.ok((await alerts(ws, undefined)).includes('Alert3'));
  });

  it('uses no entry that is not as it writes them, nor a file written for another root or other keys: it parses, and writes the file anew', async () => {
    const ws = workspace('validated');
    const dir = path.join(tmp, 'cache-7');
    const cache = { dir, build: 'b1' };
    const fresh = await alerts(ws, cache);
    const [file] = cacheFiles(dir);
    const good = cacheData(dir);
    const [rulePath] = Object.keys(good.files);
    const [hash, parsed] = good.files[rulePath];
    const variants: unknown[] = [
      '{"build":"b1","files":{"x":', // cut short
      'null',
      { ...good, root: '/elsewhere' },
      { ...good, keys: ['other'] },
      { ...good, files: { [rulePath]: [hash, { rules: [{}], problems: [] }] } }, // used to crash the CLI (toLowerCase of undefined)
      { ...good, files: { [rulePath]: [hash, { rules: [{ ...parsed.rules[0], alert: 'Injected', labels: { severity: 1 } }], problems: [] }] } },
      { ...good, files: { [rulePath]: [hash, { rules: [{ ...parsed.rules[0], alert: 'Injected', path: '/another/file.yml' }], problems: [] }] } },
      { ...good, files: { [rulePath]: [hash, { rules: [{ ...parsed.rules[0], alert: 'Injected', line: -1 }], problems: [] }] } },
    ];
    for (const v of variants) {
      fs.writeFileSync(path.join(dir, file), typeof v === 'string' ? v : JSON.stringify(v));
      assert.deepEqual(await alerts(ws, cache), fresh, JSON.stringify(v).slice(0, 200));
      assert.deepEqual(cacheData(dir).files[rulePath], good.files[rulePath]);
    }
  });

  it('keeps a parse with a problem (a templated file is the slowest to find unparsable), not one that ran out of stack', async () => {
    const ws = workspace('problem', `${ruleFile(500)}  - name: broken\n    rules: [\n`);
    const deep = `groups:\n  - name: deep\n    rules:\n      - alert: Deep\n        expr: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`;
    fs.writeFileSync(path.join(ws, 'rules', 'deep.rules.yml'), deep);
    const dir = path.join(tmp, 'cache-8');
    const loaded = await loadWorkspace(options(ws, { dir, build: 'b1' }));
    loaded.resolver.dispose();
    assert.deepEqual(loaded.rules.problems().map((p) => path.basename(p.path)), ['big.rules.yml', 'deep.rules.yml']);
    assert.match(loaded.rules.problems()[1].message, /Maximum call stack size exceeded/);
    const kept = Object.entries(cacheData(dir).files).map(([f, [, parsed]]) => [path.basename(f), parsed.problems.length]);
    assert.deepEqual(kept, [['big.rules.yml', 1]]);
  });

  it('reads no cache file that is a link to a device or a FIFO (bounded, regular files only)', { skip: process.platform === 'win32' && 'no FIFOs' }, async () => {
    const ws = workspace('special');
    const dir = path.join(tmp, 'cache-9');
    const cache = { dir, build: 'b1' };
    await alerts(ws, cache);
    const [file] = cacheFiles(dir);
    fs.rmSync(path.join(dir, file));
    fs.symlinkSync('/dev/zero', path.join(dir, file));
    assert.equal((await alerts(ws, cache)).length, 500);
    fs.rmSync(path.join(dir, file), { force: true });
    spawnSync('mkfifo', [path.join(dir, file)]);
    assert.equal((await alerts(ws, cache)).length, 500, 'a FIFO nobody writes to never holds the run');
  });

  it('a cache file only read is touched once a day, so that pruning (30 days unused) spares it', async () => {
    const ws = workspace('touched');
    const dir = path.join(tmp, 'cache-10');
    const cache = { dir, build: 'b1' };
    await alerts(ws, cache);
    const p = path.join(dir, cacheFiles(dir)[0]);
    const old = new Date(Date.now() - 3 * 24 * 60 * 60 * 1000);
    fs.utimesSync(p, old, old);
    await alerts(ws, cache);
    assert.ok(Date.now() - fs.statSync(p).mtimeMs < 60_000);
    // A cache file of another root, unused for 31 days, goes when a cache is written.
    const stale = path.join(dir, 'rules-stale-b0.json');
    fs.writeFileSync(stale, '{}');
    const longAgo = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000);
    fs.utimesSync(stale, longAgo, longAgo);
    fs.appendFileSync(path.join(ws, 'rules', 'big.rules.yml'), '# changed\n');
    await alerts(ws, cache);
    assert.ok(!fs.existsSync(stale));
  });

  it('a folder that cannot be written costs nothing but the cache', async () => {
    const ws = workspace('unwritable');
    const blocker = path.join(tmp, 'blocker');
    fs.writeFileSync(blocker, 'a file where the cache folder would be');
    assert.equal((await alerts(ws, { dir: path.join(blocker, 'cache'), build: 'b1' })).length, 500);
  });

  it('is not used for a few small rule files (loading it would cost more than parsing them)', async () => {
    const small = ruleFile(5);
    assert.ok(small.length < MIN_CACHED_BYTES);
    const ws = workspace('small', small);
    const dir = path.join(tmp, 'cache-4');
    assert.equal((await alerts(ws, { dir, build: 'b1' })).length, 5);
    assert.deepEqual(cacheFiles(dir), []);
  });

  it('a run over a subfolder keeps the entries of the files it did not read', async () => {
    const ws = workspace('subfolder');
    fs.mkdirSync(path.join(ws, 'more'));
    fs.writeFileSync(path.join(ws, 'more', 'other.rules.yml'), ruleFile(400, (i) => `Other${i}`));
    const dir = path.join(tmp, 'cache-5');
    const cache = { dir, build: 'b1' };
    await alerts(ws, cache);
    tamper(dir, 'Alert1', 'FromTheCache');
    tamper(dir, 'Other1', 'OtherFromTheCache');
    // Only `more/` changes: its file is parsed again and the cache written, with rules/big.rules.yml's entry kept.
    fs.appendFileSync(path.join(ws, 'more', 'other.rules.yml'), '# changed\n');
    assert.ok((await alerts(ws, cache, ['more'])).includes('Other1'));
    assert.ok((await alerts(ws, cache)).includes('FromTheCache'));
  });

  it('RUNBOOK_DISABLE_RULE_CACHE=1 turns it off; RUNBOOK_DISABLE_COMPILE_CACHE=1 turns every cache off', () => {
    assert.equal(ruleCacheDirectory({ RUNBOOK_COMPILE_CACHE: '/tmp/c' }), path.resolve('/tmp/c'));
    assert.equal(ruleCacheDirectory({ RUNBOOK_COMPILE_CACHE: '/tmp/c', RUNBOOK_DISABLE_RULE_CACHE: '1' }), undefined);
    assert.equal(ruleCacheDirectory({ RUNBOOK_COMPILE_CACHE: '/tmp/c', RUNBOOK_DISABLE_COMPILE_CACHE: '1' }), undefined);
  });

  it('the bundled `runbook` writes it in its cache folder, private to the user, and gives the same answers from it', () => {
    const ws = workspace('bundle');
    const dir = path.join(tmp, 'cache-6');
    const exec = (env: Record<string, string>) => spawnSync(process.execPath, [path.join(REPO, 'dist/cli.js'), 'alerts', '--json'], { cwd: ws, encoding: 'utf8', timeout: 60_000, env: { ...process.env, RUNBOOK_COMPILE_CACHE: dir, ...env } });
    const off = exec({ RUNBOOK_DISABLE_RULE_CACHE: '1' });
    assert.deepEqual(cacheFiles(dir), []);
    const first = exec({});
    const [file] = cacheFiles(dir);
    assert.ok(file, 'a rule cache file');
    if (process.platform !== 'win32') {
      assert.equal(fs.statSync(path.join(dir, file)).mode & 0o777, 0o600);
    }
    const second = exec({});
    assert.equal(first.status, off.status);
    assert.equal(first.stdout, off.stdout);
    assert.equal(second.stdout, off.stdout);
    assert.equal(second.stderr, off.stderr);
  });
});
