import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { lintCommand, lintExitCode, parseLintArgs, writeIfUnchanged } from '../../../src/cli/commands/lint';
import { FAKE_RULES } from '../core/lint/fakeRules';
import { capture, type Captured } from './capture';

// tsc compiles this file to out/test/unit/cli/; the fixtures stay where they are.
const REPO = path.join(__dirname, '../../../..');
const FIXTURES = path.join(REPO, 'test/unit/cli/fixtures/lint');

const temps: string[] = [];
after(() => {
  for (const t of temps) {
    fs.rmSync(t, { recursive: true, force: true });
  }
});

/** A copy of a fixture in a temporary folder (no `.git` above it: the search for configuration stops there). */
function copy(name: string, extra: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-lint-'));
  temps.push(dir);
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  for (const [file, text] of Object.entries(extra)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

type Run = Captured;

const lint = (cwd: string, ...argv: string[]): Promise<Run> =>
  capture((w) => lintCommand(argv, { cwd, ...w }, { ruleSet: FAKE_RULES, today: '2026-03-01', version: '9.9.9' }));

const PROJECT_TEXT = [
  'monitoring/node.rules.yml:6:16  warning  RB904/alert-without-runbook  alert NodeDown has no runbook',
  'runbooks/disk.md:7:1  warning  RB901/no-todo  TODO left in the runbook',
  'runbooks/disk.md:9:1  error  RB902/fence-language  code block without a language',
  'runbooks/disk.md:13:1  info  RB903/note  a note',
  'runbooks/pods.md:3:1  warning  RB901/no-todo  TODO left in the runbook',
  '',
  '5 problems (1 error, 3 warnings, 1 info), 1 fixable with --fix',
  '',
].join('\n');

describe('runbook lint: exit codes and output', () => {
  it('exits 0 and prints nothing when the runbooks are clean', async () => {
    assert.deepEqual(await lint(copy('clean')), { code: 0, out: '', err: '' });
  });

  it('exits 1 on errors; text output sorted, with rule-file findings, and inline directives honoured', async () => {
    assert.deepEqual(await lint(copy('project')), { code: 1, out: PROJECT_TEXT, err: '' });
  });

  it('exits 0 with warnings only, 1 when they are more than --max-warnings', async () => {
    const dir = copy('project', { '.runbooklint.yaml': 'rules:\n  fence-language: off\n' });
    const r = await lint(dir);
    assert.equal(r.code, 0);
    assert.doesNotMatch(r.out, /RB902/);
    assert.equal((await lint(dir, '--max-warnings', '3')).code, 0);
    const over = await lint(dir, '--max-warnings', '2');
    assert.equal(over.code, 1);
    assert.equal(over.err, 'runbook lint: 3 warnings, more than --max-warnings 2\n');
    assert.equal((await lint(dir, '--max-warnings=-1')).code, 0);
    assert.equal((await lint(dir, '--max-warnings', '0', '--quiet')).code, 1, 'hidden warnings still count');
  });

  it('--quiet shows errors only', async () => {
    const r = await lint(copy('project'), '--quiet');
    assert.equal(r.code, 1);
    assert.equal(r.out, 'runbooks/disk.md:9:1  error  RB902/fence-language  code block without a language\n\n1 problem (1 error, 0 warnings, 0 infos), 1 fixable with --fix\n');
  });

  it('--format github prints workflow commands', async () => {
    const r = await lint(copy('project'), '--format', 'github');
    assert.equal(r.code, 1);
    assert.equal(r.out, [
      '::warning file=monitoring/node.rules.yml,line=6,col=16,endLine=6,endColumn=24,title=RB904/alert-without-runbook::alert NodeDown has no runbook',
      '::warning file=runbooks/disk.md,line=7,col=1,endLine=7,endColumn=5,title=RB901/no-todo::TODO left in the runbook',
      '::error file=runbooks/disk.md,line=9,col=1,endLine=9,endColumn=4,title=RB902/fence-language::code block without a language',
      '::notice file=runbooks/disk.md,line=13,col=1,endLine=13,endColumn=38,title=RB903/note::a note',
      '::warning file=runbooks/pods.md,line=3,col=1,endLine=3,endColumn=5,title=RB901/no-todo::TODO left in the runbook',
      '',
    ].join('\n'));
  });

  it('--format json and sarif', async () => {
    const dir = copy('project');
    const json = await lint(dir, '--format', 'json');
    assert.equal(json.code, 1);
    const findings = JSON.parse(json.out) as { path: string; ruleId: string; fixable: boolean }[];
    assert.deepEqual(findings.map((f) => `${f.path} ${f.ruleId} ${f.fixable}`), [
      'monitoring/node.rules.yml RB904 false', 'runbooks/disk.md RB901 false', 'runbooks/disk.md RB902 true', 'runbooks/disk.md RB903 false', 'runbooks/pods.md RB901 false',
    ]);
    const sarif = await lint(dir, '-f', 'sarif');
    const log = JSON.parse(sarif.out) as { version: string; runs: { tool: { driver: { version: string } }; results: unknown[]; originalUriBaseIds: Record<string, { uri: string }> }[] };
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs[0].tool.driver.version, '9.9.9');
    assert.equal(log.runs[0].results.length, 5);
    assert.equal(fs.realpathSync(new URL(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri)), fs.realpathSync(dir));
    assert.equal((await lint(copy('clean'), '--format', 'json')).out, '[]\n');
  });

  it('lints the paths and globs given; rule-file findings only under them', async () => {
    const dir = copy('project');
    const pods = await lint(dir, 'runbooks/pods.md');
    assert.deepEqual(pods, { code: 0, out: 'runbooks/pods.md:3:1  warning  RB901/no-todo  TODO left in the runbook\n\n1 problem (0 errors, 1 warning, 0 infos)\n', err: '' });
    assert.deepEqual(await lint(dir, 'runbooks/p*.md'), pods);
    const monitoring = await lint(dir, 'monitoring');
    assert.equal(monitoring.out.split('\n')[0], 'monitoring/node.rules.yml:6:16  warning  RB904/alert-without-runbook  alert NodeDown has no runbook');
    assert.equal(monitoring.code, 0);
    // A markdown file named on the command line is linted whatever its name.
    assert.match((await lint(dir, 'docs/notes.md')).out, /^docs\/notes\.md:3:1 {2}warning {2}RB901\/no-todo/);
    // From a subfolder, paths stay relative to the current directory.
    const sub = await lint(path.join(dir, 'runbooks'), '--root', '..', 'pods.md');
    assert.equal(sub.out.split('\n')[0], 'pods.md:3:1  warning  RB901/no-todo  TODO left in the runbook');
  });

  it('exits 2 on usage errors', async () => {
    const dir = copy('clean');
    const cases: [string[], RegExp][] = [
      [['--format', 'xml'], /--format must be one of text, json, sarif, github, got 'xml'/],
      [['--bogus'], /Unknown option '--bogus'/],
      [['--max-warnings', 'many'], /--max-warnings needs a number/],
      [['nope.md'], /no such file or directory: nope\.md/],
      [['nothing/**/*.md'], /no files match 'nothing\/\*\*\/\*\.md'/],
      [['--config', 'missing.yaml'], /missing\.yaml:1:1: configuration file not found/],
    ];
    for (const [argv, expected] of cases) {
      const r = await lint(dir, ...argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.err, expected);
      assert.equal(r.out, '');
    }
  });

  it('exits 2 on a configuration error, naming the file and line', async () => {
    const dir = copy('project', { 'runbooks/.runbooklint.yaml': 'rules:\n  RB901: off\n  no-todoo: error\n' });
    const r = await lint(dir);
    assert.deepEqual(r, { code: 2, out: '', err: 'runbook lint: runbooks/.runbooklint.yaml:3:3: unknown rule "no-todoo" (did you mean no-todo?)\n' });
    const bad = copy('clean', { '.runbooklint.json': '{\n  "rules": {\n    "RB901": "off",,\n  }\n}\n' });
    assert.match((await lint(bad)).err, /^runbook lint: \.runbooklint\.json:3:20: invalid JSON: /);
  });

  it('uses --config for every file, and the nearest configuration otherwise', async () => {
    const dir = copy('project', { 'lint/strict.yaml': 'rules:\n  no-todo: error\n', 'runbooks/.runbooklint.yml': 'rules:\n  RB902: warning\n' });
    const nearest = await lint(dir);
    assert.match(nearest.out, /runbooks\/disk\.md:9:1 {2}warning {2}RB902/);
    assert.equal(nearest.code, 0);
    const strict = await lint(dir, '--config', 'lint/strict.yaml');
    assert.match(strict.out, /runbooks\/pods\.md:3:1 {2}error {2}RB901/);
    assert.match(strict.out, /runbooks\/disk\.md:9:1 {2}error {2}RB902/);
  });

  it('reads a configuration found in the repository only if it is a regular file; the --config named may be a pipe', { skip: process.platform === 'win32' && 'FIFOs' }, async () => {
    const dir = copy('project');
    // A FIFO nobody writes to: it used to hold the run for ever. (A link out of the workspace is refused anyway.)
    spawnSync('mkfifo', [path.join(dir, '.runbooklint.json')]);
    const found = await lint(dir);
    assert.equal(found.code, 2);
    assert.match(found.err, /\.runbooklint\.json: not a regular file/);
    fs.rmSync(path.join(dir, '.runbooklint.json'));
    const fifo = path.join(dir, 'strict.fifo');
    spawnSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `printf 'rules:\\n  no-todo: error\\n' > "${fifo}"`]);
    const strict = await lint(dir, '--config', 'strict.fifo');
    writer.kill();
    assert.match(strict.out, /runbooks\/pods\.md:3:1 {2}error {2}RB901/);
  });

  it('skips files the configuration ignores', async () => {
    const dir = copy('project', { '.runbooklint.yaml': 'ignores: [runbooks/disk.md]\n' });
    const r = await lint(dir);
    assert.equal(r.code, 0);
    assert.doesNotMatch(r.out, /disk\.md/);
  });

  it('--help', async () => {
    const r = await lint(copy('clean'), '--help');
    assert.equal(r.code, 0);
    assert.match(r.out, /^Usage: runbook lint/);
  });
});

describe('runbook lint --fix', () => {
  it('writes the fixed files only, and a second --fix changes nothing', async () => {
    const dir = copy('project');
    const disk = path.join(dir, 'runbooks/disk.md');
    const pods = path.join(dir, 'runbooks/pods.md');
    const before = fs.readFileSync(disk, 'utf8');
    const podsStat = fs.statSync(pods);
    fs.chmodSync(disk, 0o640);

    const first = await lint(dir, '--fix');
    assert.equal(first.code, 0, first.out);
    assert.doesNotMatch(first.out, /RB902/);
    assert.match(first.out, /4 problems \(0 errors, 3 warnings, 1 info\)\n$/);
    const fixed = fs.readFileSync(disk, 'utf8');
    assert.equal(fixed, before.replace('```\ndf -h', '```sh\ndf -h'));
    assert.equal(fs.statSync(disk).mode & 0o777, 0o640, 'mode kept');
    assert.equal(fs.statSync(pods).mtimeMs, podsStat.mtimeMs, 'a file without fixes is not written');
    assert.deepEqual(fs.readdirSync(path.join(dir, 'runbooks')).sort(), ['disk.md', 'pods.md'], 'no temporary file left');

    const snapshot = fs.statSync(disk).mtimeMs;
    const second = await lint(dir, '--fix');
    assert.deepEqual(second, { ...first });
    assert.equal(fs.readFileSync(disk, 'utf8'), fixed);
    assert.equal(fs.statSync(disk).mtimeMs, snapshot, 'nothing written the second time');
  });

  it('keeps a byte order mark and CRLF line endings', async () => {
    const dir = copy('clean', { 'runbooks/crlf.md': '\ufeff# CRLF\r\n\r\n```\r\nls\r\n```\r\n' });
    await lint(dir, '--fix');
    assert.equal(fs.readFileSync(path.join(dir, 'runbooks/crlf.md'), 'utf8'), '\ufeff# CRLF\r\n\r\n```sh\r\nls\r\n```\r\n');
  });

  it('never writes over a file whose content changed since it was read', async () => {
    const dir = copy('clean');
    const file = path.join(dir, 'runbooks/ok.md');
    const read = fs.readFileSync(file);
    fs.writeFileSync(file, 'edited meanwhile\n');
    assert.equal(await writeIfUnchanged(file, read, Buffer.from('fixed\n')), false);
    assert.equal(fs.readFileSync(file, 'utf8'), 'edited meanwhile\n');
    assert.equal(await writeIfUnchanged(file, fs.readFileSync(file), Buffer.from('fixed\n')), true);
    assert.equal(fs.readFileSync(file, 'utf8'), 'fixed\n');
  });
});

describe('runbook lint: each runbook read and parsed once', () => {
  it('the index keeps the text and parse the lint uses; --fix reads again (it writes), with the same findings', async () => {
    const dir = copy('project', { 'runbooks/links.md': '# Links\n\nTODO: see [disk](disk.md#disk-full) and [gone](gone.md).\n' });
    // tsc's CommonJS output reads `fs.readFileSync` and `parse.parseRunbook` from the module objects at each call.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module objects themselves, to count calls
    const nodeFs = require('node:fs') as { readFileSync: typeof fs.readFileSync; promises: { readFile: typeof fs.promises.readFile } };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const parse = require('../../../src/core/parse') as { parseRunbook: (...a: unknown[]) => unknown };
    const reads = new Map<string, number>();
    const parses = new Map<string, number>();
    const count = (m: Map<string, number>, p: unknown) => {
      const key = path.basename(String(p));
      if (key.endsWith('.md')) {
        m.set(key, (m.get(key) ?? 0) + 1);
      }
    };
    const { readFileSync } = nodeFs;
    const { readFile } = nodeFs.promises;
    const { parseRunbook } = parse;
    nodeFs.readFileSync = ((p: fs.PathOrFileDescriptor, o?: unknown) => (count(reads, p), readFileSync(p, o as undefined))) as typeof fs.readFileSync;
    nodeFs.promises.readFile = ((p: fs.PathLike, o?: unknown) => (count(reads, p), readFile(p, o as undefined))) as typeof fs.promises.readFile;
    parse.parseRunbook = (...a: unknown[]) => (count(parses, a[0]), (parseRunbook as (...b: unknown[]) => unknown)(...a));
    let once: Run;
    try {
      once = await lint(dir, '--format', 'json');
    } finally {
      nodeFs.readFileSync = readFileSync;
      nodeFs.promises.readFile = readFile;
      parse.parseRunbook = parseRunbook;
    }
    reads.delete('notes.md'); // docs/notes.md: not a runbook (a rule looks at it once)
    parses.delete('notes.md');
    assert.deepEqual(Object.fromEntries(reads), { 'disk.md': 1, 'links.md': 1, 'pods.md': 1 });
    assert.deepEqual(Object.fromEntries(parses), { 'disk.md': 1, 'links.md': 1, 'pods.md': 1 });
    // The same findings as the path that reads and parses again (--fix, on a copy whose only fix is not applied here).
    const json = JSON.parse(once.out) as { ruleId: string; path: string }[];
    assert.ok(json.some((f) => f.path === 'runbooks/links.md'), once.out);
    const again = copy('project', { 'runbooks/links.md': '# Links\n\nTODO: see [disk](disk.md#disk-full) and [gone](gone.md).\n' });
    const fixed = await lint(again, '--format', 'json', '--fix');
    const fixedFindings = JSON.parse(fixed.out) as { ruleId: string }[];
    const fixable = new Set(['RB902']); // FAKE_RULES: the one rule with a fix
    assert.deepEqual(fixedFindings, json.filter((f) => !fixable.has(f.ruleId)));
  });
});

describe('ParsedRunbookIndex', () => {
  it('indexes as RunbookIndex does, keeps text and parse up to its limit, and gives them once', async () => {
    const { ParsedRunbookIndex } = await import('../../../src/cli/workspace');
    const { RunbookIndex } = await import('../../../src/core/runbookIndex');
    const { parseRunbook } = await import('../../../src/core/parse');
    const a = '# A\n\nSee [b](b.md).\n\n```sh\necho {{ x }}\n```\n';
    const b = '---\nalerts: [B]\n---\n# B\n';
    const kept = new ParsedRunbookIndex(a.length + 1);
    const plain = new RunbookIndex();
    for (const [p, t] of [['/w/a.md', a], ['/w/b.md', b]]) {
      kept.set(p, Buffer.from(t));
      plain.set(p, Buffer.from(t));
    }
    kept.set('/w/bin.md', Buffer.from([0x23, 0, 0x41]));
    plain.set('/w/bin.md', Buffer.from([0x23, 0, 0x41]));
    assert.deepEqual(kept.all(), plain.all());
    assert.deepEqual(kept.problems(), plain.problems());
    assert.deepEqual(kept.take('/w/a.md'), { text: a, runbook: parseRunbook('/w/a.md', a) });
    assert.equal(kept.take('/w/a.md'), undefined, 'given once');
    assert.equal(kept.take('/w/b.md'), undefined, 'over the limit: not kept');
    assert.equal(kept.take('/w/bin.md'), undefined);
    kept.set('/w/b.md', b); // room again now that a.md was taken
    kept.delete('/w/b.md');
    assert.equal(kept.take('/w/b.md'), undefined, 'not in the index: not given');
  });
});

describe('lint arguments', () => {
  it('parses options and targets', () => {
    const a = parseLintArgs(['runbooks', '--format=sarif', '--fix', '--max-warnings', '0', '-q', 'ops/**/*.md', '--config', 'x.yaml']);
    assert.deepEqual([a.targets, a.format, a.fix, a.maxWarnings, a.quiet, a.config], [['runbooks', 'ops/**/*.md'], 'sarif', true, 0, true, 'x.yaml']);
    assert.deepEqual([parseLintArgs([]).format, parseLintArgs([]).maxWarnings], ['text', undefined]);
  });

  it('exit code: errors, or warnings over the limit; info never', () => {
    const w = { severity: 'warning' as const };
    assert.equal(lintExitCode([], undefined), 0);
    assert.equal(lintExitCode([{ severity: 'info' }], 0), 0);
    assert.equal(lintExitCode([w, w], undefined), 0);
    assert.equal(lintExitCode([w, w], 2), 0);
    assert.equal(lintExitCode([w, w], 1), 1);
    assert.equal(lintExitCode([{ severity: 'error' }], undefined), 1);
  });
});
