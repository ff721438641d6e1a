import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EXIT, runCli } from '../../../src/cli/cli';
import { capture, type Captured } from './capture';

// tsc compiles this file to out/test/unit/cli/; fixtures and the bundle stay where they are.
const REPO = path.join(__dirname, '../../../..');
const FIXTURES = path.join(REPO, 'test/unit/cli/fixtures');
const WORKSPACE = path.join(FIXTURES, 'workspace');
const BROKEN = path.join(FIXTURES, 'broken');
const WARNINGS = path.join(FIXTURES, 'warnings');
const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

type Run = Captured;

const run = (cwd: string, ...argv: string[]): Promise<Run> => capture((w) => runCli(argv, { cwd, ...w }));

const json = (r: Run): unknown => JSON.parse(r.out);

const WORKSPACE_TABLE = [
  'PATH                                   TITLE               SERVICE     ALERTS                                                       STEPS',
  'runbooks/disk-almost-full.md           Disk almost full    node        NodeFilesystemAlmostOutOfSpace,NodeFilesystemSpaceFillingUp  2',
  'runbooks/kubernetes/pods.md            Pod crash looping   kubernetes  KubePod*                                                     1',
  'services/checkout/rollback.runbook.md  Roll back checkout  -           CheckoutDown                                                 1',
  '3 runbooks',
  '',
].join('\n');

const WORKSPACE_JSON = {
  runbooks: [
    {
      path: 'runbooks/disk-almost-full.md', title: 'Disk almost full', alerts: ['NodeFilesystemAlmostOutOfSpace', 'NodeFilesystemSpaceFillingUp'], service: 'node', steps: 2,
      serves: [{ alert: 'NodeFilesystemAlmostOutOfSpace', via: 'front-matter' }, { alert: 'NodeFilesystemSpaceFillingUp', via: 'front-matter' }],
    },
    // A glob serves the alerts of rule files that match it; there are none here.
    { path: 'runbooks/kubernetes/pods.md', title: 'Pod crash looping', alerts: ['KubePod*'], service: 'kubernetes', steps: 1, serves: [] },
    { path: 'services/checkout/rollback.runbook.md', title: 'Roll back checkout', alerts: ['CheckoutDown'], service: null, steps: 1, serves: [{ alert: 'CheckoutDown', via: 'front-matter' }] },
  ],
  errors: [],
};

describe('runbook index', () => {
  it('lists the runbooks under the current directory as a table', async () => {
    const r = await run(WORKSPACE, 'index');
    assert.deepEqual(r, { code: EXIT.ok, out: WORKSPACE_TABLE, err: '' });
  });

  it('--json: {runbooks: [{path, title, alerts, service, steps, serves}], errors: []}', async () => {
    const r = await run(WORKSPACE, 'index', '--json');
    assert.equal(r.code, 0);
    assert.equal(r.err, '');
    assert.deepEqual(json(r), WORKSPACE_JSON);
    assert.ok(r.out.endsWith('}\n'));
  });

  it('gives the same result for `.`, the absolute path and a trailing slash', async () => {
    const expected = await run(WORKSPACE, 'index', '--json');
    assert.deepEqual(await run(WORKSPACE, 'index', '.', '--json'), expected);
    assert.deepEqual(await run(WORKSPACE, 'index', WORKSPACE, '--json'), expected);
    assert.deepEqual(await run(WORKSPACE, '--json', 'index', './'), expected);
  });

  it('prints paths relative to the current directory, also outside it', async () => {
    const r = await run(path.join(WORKSPACE, 'runbooks'), 'index', '..', '--json');
    assert.deepEqual((json(r) as typeof WORKSPACE_JSON).runbooks.map((e) => e.path), [
      'disk-almost-full.md',
      'kubernetes/pods.md',
      '../services/checkout/rollback.runbook.md',
    ]);
  });

  it('indexes only the paths given; a file named is indexed even outside the globs', async () => {
    const r = await run(WORKSPACE, 'index', 'runbooks/kubernetes', 'docs/guide.md', '--json');
    assert.deepEqual(json(r), {
      runbooks: [
        { path: 'docs/guide.md', title: 'Guide', alerts: [], service: null, steps: 0, serves: [] },
        { path: 'runbooks/kubernetes/pods.md', title: 'Pod crash looping', alerts: ['KubePod*'], service: 'kubernetes', steps: 1, serves: [] },
      ],
      errors: [],
    });
  });

  it('applies the globs to paths relative to the current directory, whichever folder is named', async () => {
    const r = await run(WORKSPACE, 'index', 'runbooks', '--json');
    assert.deepEqual((json(r) as typeof WORKSPACE_JSON).runbooks.map((e) => e.path), ['runbooks/disk-almost-full.md', 'runbooks/kubernetes/pods.md']);
    const sub = await run(WORKSPACE, 'index', 'runbooks/kubernetes/', '--json');
    assert.deepEqual((json(sub) as typeof WORKSPACE_JSON).runbooks.map((e) => e.path), ['runbooks/kubernetes/pods.md']);
    // A folder named on the command line is searched for markdown, whatever the globs say.
    const docs = await run(WORKSPACE, 'index', 'docs', '--json');
    assert.deepEqual((json(docs) as typeof WORKSPACE_JSON).runbooks.map((e) => e.path), ['docs/guide.md']);
    // --include globs match paths relative to the folder named, too.
    const inc = await run(WORKSPACE, 'index', 'services', '--include', 'checkout/*.md', '--json');
    assert.deepEqual((json(inc) as typeof WORKSPACE_JSON).runbooks.map((e) => e.path), ['services/checkout/rollback.runbook.md']);
    const none = await run(WORKSPACE, 'index', 'docs', '--include', '*.txt', '--json');
    assert.deepEqual((json(none) as typeof WORKSPACE_JSON).runbooks, []);
    // Outside the current directory: matched as the output shows them, without the leading `../`.
    const outside = await run(path.join(WORKSPACE, 'docs'), 'index', '../runbooks', '../services', '--json');
    assert.deepEqual((json(outside) as typeof WORKSPACE_JSON).runbooks.map((e) => e.path), [
      '../runbooks/disk-almost-full.md',
      '../runbooks/kubernetes/pods.md',
      '../services/checkout/rollback.runbook.md',
    ]);
    const excluded = await run(WORKSPACE, 'index', 'runbooks', '--exclude', 'runbooks/kubernetes/**', '--json');
    assert.deepEqual((json(excluded) as typeof WORKSPACE_JSON).runbooks.map((e) => e.path), ['runbooks/disk-almost-full.md']);
  });

  it('indexes a file given twice once', async () => {
    const r = await run(WORKSPACE, 'index', 'docs/guide.md', './docs/guide.md', '--json');
    assert.equal((json(r) as typeof WORKSPACE_JSON).runbooks.length, 1);
  });

  it('--include replaces the default globs, --exclude adds nothing back', async () => {
    const r = await run(WORKSPACE, 'index', '--include', 'docs/**/*.md', '--include', '**/*.runbook.md', '--json');
    assert.deepEqual((json(r) as typeof WORKSPACE_JSON).runbooks.map((e) => e.path), ['docs/guide.md', 'services/checkout/rollback.runbook.md']);
    const x = await run(WORKSPACE, 'index', '--exclude', '**/kubernetes/**', '--exclude=services/**', '--json');
    assert.deepEqual((json(x) as typeof WORKSPACE_JSON).runbooks.map((e) => e.path), ['runbooks/disk-almost-full.md']);
  });

  it('lists a runbook with invalid YAML with 1-based lines, and exits 0 as lint does for RB101 (a warning)', async () => {
    const r = await run(BROKEN, 'index', '--json');
    assert.equal(r.code, EXIT.ok);
    assert.deepEqual(json(r), {
      runbooks: [
        { path: 'runbooks/bad-yaml.md', title: 'Bad YAML', alerts: [], service: null, steps: 0, serves: [] },
        { path: 'runbooks/ok.md', title: 'Fine', alerts: [], service: null, steps: 0, serves: [] },
      ],
      errors: [{ path: 'runbooks/bad-yaml.md', line: 3, message: 'invalid YAML in front matter: Plain value cannot start with reserved character @' }],
    });
  });

  it('prints problems to stderr as path:line:column in text mode', async () => {
    const r = await run(BROKEN, 'index');
    assert.equal(r.code, 0);
    assert.equal(r.out, [
      'PATH                  TITLE     SERVICE  ALERTS  STEPS',
      'runbooks/bad-yaml.md  Bad YAML  -        -       0',
      'runbooks/ok.md        Fine      -        -       0',
      '2 runbooks, 1 problem',
      '',
    ].join('\n'));
    assert.equal(r.err, 'runbooks/bad-yaml.md:3:8: warning: invalid YAML in front matter: Plain value cannot start with reserved character @\n');
  });

  it('exits 0 when there are only warnings', async () => {
    const r = await run(WARNINGS, 'index');
    assert.equal(r.code, EXIT.ok);
    assert.equal(r.err, 'runbooks/unclosed.md:3:1: warning: code fence ``` is never closed\n');
    assert.match(r.out, /^1 runbook, 1 problem$/m);
    const j = await run(WARNINGS, 'index', '--json');
    assert.equal(j.code, 0);
    assert.deepEqual((json(j) as { errors: unknown }).errors, [{ path: 'runbooks/unclosed.md', line: 3, message: 'code fence ``` is never closed' }]);
  });

  it('lists an empty table for a folder without runbooks, and says why and what to set', async () => {
    const r = await run(path.join(WORKSPACE, 'docs'), 'index');
    assert.equal(r.code, 0);
    assert.equal(r.out, 'PATH  TITLE  SERVICE  ALERTS  STEPS\n0 runbooks\n');
    assert.match(r.err, /^runbook: no runbooks found: no file matches the default globs \(\*\*\/runbooks\/\*\*\/\*\.md, .*no markdown file has a fenced shell step or `alerts:` front matter \(1 other markdown file seen\)\. Name the folder that holds them .*runbooks\.include` in \.vscode\/settings\.json\n$/);
    assert.deepEqual(json(await run(path.join(WORKSPACE, 'docs'), 'index', '--json')), { runbooks: [], errors: [] });
  });

  it('exits 2 for a path that does not exist', async () => {
    const r = await run(WORKSPACE, 'index', 'runbooks', 'no/such/dir');
    assert.deepEqual(r, { code: EXIT.usage, out: '', err: "runbook: no such file or directory: no/such/dir\nTry 'runbook --help'.\n" });
  });
});

describe('runbook index on awkward files', () => {
  let tmp: string;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-cli-'));
    fs.mkdirSync(path.join(tmp, 'runbooks'));
    fs.writeFileSync(path.join(tmp, 'runbooks/screenshot.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    fs.writeFileSync(path.join(tmp, 'runbooks/crlf.md'), '---\r\ntitle: CRLF\r\nalerts: [Crlf]\r\n---\r\n# x\r\n');
    fs.writeFileSync(path.join(tmp, 'runbooks/bom.md'), '\ufeff---\ntitle: BOM\nalerts: [Bom]\n---\n');
    fs.writeFileSync(path.join(tmp, 'runbooks/empty.md'), '');
    fs.symlinkSync(path.join(tmp, 'runbooks'), path.join(tmp, 'runbooks/loop'), 'dir');
  });

  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('reports a binary file, reads CRLF, BOM and empty files, and survives a symlink loop', async () => {
    const r = await run(tmp, 'index', '--json');
    assert.equal(r.code, 0);
    assert.deepEqual(json(r), {
      runbooks: [
        { path: 'runbooks/bom.md', title: 'BOM', alerts: ['Bom'], service: null, steps: 0, serves: [{ alert: 'Bom', via: 'front-matter' }] },
        { path: 'runbooks/crlf.md', title: 'CRLF', alerts: ['Crlf'], service: null, steps: 0, serves: [{ alert: 'Crlf', via: 'front-matter' }] },
        { path: 'runbooks/empty.md', title: 'empty', alerts: [], service: null, steps: 0, serves: [] },
      ],
      errors: [{ path: 'runbooks/screenshot.md', line: 1, message: 'looks like a binary file (NUL byte), skipped' }],
    });
  });
});

describe('runbook show', () => {
  it('shows the runbook for an exact alert name (exit 0)', async () => {
    const r = await run(WORKSPACE, 'show', 'NodeFilesystemSpaceFillingUp');
    assert.deepEqual(r, {
      code: 0,
      out: [
        'Disk almost full',
        '  runbooks/disk-almost-full.md:12  (alerts: NodeFilesystemSpaceFillingUp)',
        '  service: node  owner: @example-org/infra  severity: warning',
        '  ▸ disk-usage  line 16  [Diagnosis]  vars: instance, mountpoint',
        '  ! clean-journal  line 22  [Mitigation]  vars: instance',
        '',
      ].join('\n'),
      err: '',
    });
  });

  it('shows a glob match and a runbook without service', async () => {
    const pod = await run(WORKSPACE, 'show', 'KubePodCrashLooping');
    assert.equal(pod.code, 0);
    assert.equal(pod.out, 'Pod crash looping\n  runbooks/kubernetes/pods.md:6  (alerts: KubePod* glob)\n  service: kubernetes  owner: -  severity: -\n  ▸ describe  line 8  [Pod crash looping]  vars: namespace, pod\n');
    const checkout = await run(WORKSPACE, 'show', 'CheckoutDown');
    assert.equal(checkout.out, 'Roll back checkout\n  services/checkout/rollback.runbook.md:5  (alerts: CheckoutDown)\n  ! rollback  line 7  [Roll back checkout]\n');
  });

  it('--json', async () => {
    const r = await run(WORKSPACE, 'show', 'KubePodPending', '--json');
    assert.equal(r.code, 0);
    assert.deepEqual(json(r), {
      alert: 'KubePodPending',
      runbooks: [{
        path: 'runbooks/kubernetes/pods.md', title: 'Pod crash looping', via: 'front-matter-glob', anchor: null, matchedBy: 'KubePod*', exact: false, line: 6,
        steps: [{ id: 'describe', line: 8, language: 'sh', destructive: false, variables: ['namespace', 'pod'] }],
      }],
    });
  });

  it('exits 1 when no runbook handles the alert', async () => {
    assert.deepEqual(await run(WORKSPACE, 'show', 'NoSuchAlert'), {
      code: EXIT.findings, out: '', err: "runbook: no runbook for alert 'NoSuchAlert' (3 runbooks and 0 alerting rules indexed)\n",
    });
    const j = await run(WORKSPACE, 'show', 'NoSuchAlert', '--json');
    assert.equal(j.code, 1);
    assert.deepEqual(json(j), { alert: 'NoSuchAlert', runbooks: [] });
  });

  it('looks only under the paths given', async () => {
    assert.equal((await run(WORKSPACE, 'show', 'CheckoutDown', 'runbooks')).code, 1);
    assert.equal((await run(WORKSPACE, 'show', 'CheckoutDown', 'services')).code, 0);
    assert.equal((await run(WORKSPACE, 'show', 'KubePodCrashLooping', 'runbooks/kubernetes')).code, 0);
  });

  it('exits 2 without an alert name', async () => {
    assert.deepEqual(await run(WORKSPACE, 'show'), { code: 2, out: '', err: "runbook: show needs an alert name\nTry 'runbook --help'.\n" });
  });
});

describe('runbook usage', () => {
  it('--help and -h print the usage (exit 0)', async () => {
    const r = await run(WORKSPACE, '--help');
    assert.equal(r.code, 0);
    assert.equal(r.err, '');
    assert.ok(r.out.startsWith(`runbook ${VERSION} — `), r.out);
    assert.match(r.out, /^Usage:$/m);
    assert.match(r.out, /^ {2}runbook index \[paths…\] \[--json\]/m);
    assert.match(r.out, /^ {2}runbook show <alert> \[paths…\] \[--json\]/m);
    assert.match(r.out, /^ {2}runbook alerts \[paths…\] \[--json\] \[--strict\]/m);
    assert.match(r.out, /^ {2}runbook resolve \[<alert>\] \[paths…\] \[--url <runbook_url>\] \[--payload <file>\|-\] \[--label k=v…\] \[--json\]/m);
    for (const option of ['--rules <glob>', '--map <prefix>=<folder>', '--root <dir>', '--label <k=v>', '--url <runbook_url>', '--payload <file>|-', '--strict']) {
      assert.ok(r.out.includes(`\n  ${option} `), option);
    }
    assert.match(r.out, /Exit status: 0 ok, 1 findings .*, 2 usage error\./);
    assert.deepEqual(await run(WORKSPACE, '-h'), r);
    assert.deepEqual(await run(WORKSPACE, 'index', '--help'), r);
  });

  it('--version and -v print the version (exit 0)', async () => {
    assert.deepEqual(await run(WORKSPACE, '--version'), { code: 0, out: `${VERSION}\n`, err: '' });
    assert.deepEqual(await run(WORKSPACE, '-v'), { code: 0, out: `${VERSION}\n`, err: '' });
  });

  it('no command prints the usage and exits 2', async () => {
    const r = await run(WORKSPACE);
    assert.equal(r.code, EXIT.usage);
    assert.ok(r.out.startsWith(`runbook ${VERSION} — `));
  });

  it('an unknown command exits 2', async () => {
    assert.deepEqual(await run(WORKSPACE, 'lint-everything'), { code: 2, out: '', err: "runbook: unknown command 'lint-everything'\nTry 'runbook --help'.\n" });
  });

  it('a bad flag exits 2', async () => {
    for (const argv of [['index', '--bogus'], ['index', '-x'], ['index', '--json=yes'], ['index', '--include']]) {
      const r = await run(WORKSPACE, ...argv);
      assert.equal(r.code, EXIT.usage, argv.join(' '));
      assert.equal(r.out, '', argv.join(' '));
      assert.match(r.err, /^runbook: .+\nTry 'runbook --help'\.\n$/s, argv.join(' '));
    }
  });

  it('uses the documented exit codes', () => {
    assert.deepEqual(EXIT, { ok: 0, findings: 1, usage: 2 });
  });
});

describe('the bundled executable (node dist/cli.js)', () => {
  const CLI = path.join(REPO, 'dist/cli.js');
  const exec = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 15_000 });

  it('exists and starts with a shebang', () => {
    assert.ok(fs.readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node\n'));
  });

  it('exits 0, 1 and 2 end to end', () => {
    const version = exec(WORKSPACE, '--version');
    assert.deepEqual([version.status, version.stdout, version.stderr], [0, `${VERSION}\n`, '']);

    const index = exec(WORKSPACE, 'index');
    assert.deepEqual([index.status, index.stdout, index.stderr], [0, WORKSPACE_TABLE, '']);

    const indexJson = exec(WORKSPACE, 'index', '--json');
    assert.equal(indexJson.status, 0);
    assert.deepEqual(JSON.parse(indexJson.stdout), WORKSPACE_JSON);

    const broken = exec(BROKEN, 'index');
    assert.equal(broken.status, 0);
    assert.match(broken.stderr, /^runbooks\/bad-yaml\.md:3:8: warning: invalid YAML/);

    assert.equal(exec(WORKSPACE, 'show', 'KubePodCrashLooping').status, 0);
    assert.equal(exec(WORKSPACE, 'show', 'NoSuchAlert').status, 1);
    assert.equal(exec(WORKSPACE, 'frobnicate').status, 2);
    assert.equal(exec(WORKSPACE, 'index', '--bogus').status, 2);
    assert.equal(exec(WORKSPACE, 'index', 'missing-dir').status, 2);
  });
});

describe('table', () => {
  it('lays out 200,000 rows (no Math.max(...rows))', async () => {
    const { table } = await import('../../../src/cli/format');
    const rows = [['A', 'B'], ...Array.from({ length: 200_000 }, (_, i) => [String(i), 'x'])];
    const out = table(rows);
    assert.equal(out.split('\n')[0], 'A       B');
    assert.equal(out.split('\n')[200_000], '199999  x');
  });
});

describe('symbolic links out of the workspace', () => {
  it('index and lint never read a file through a link out of the repository', async () => {
    const repo = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-links-')));
    const outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-outside-')));
    try {
      fs.mkdirSync(path.join(repo, '.git'));
      fs.mkdirSync(path.join(repo, 'runbooks'));
      fs.writeFileSync(path.join(repo, 'runbooks/disk.md'), '# Disk\n');
      fs.writeFileSync(path.join(outside, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
      fs.writeFileSync(path.join(outside, 'lint.yaml'), 'rules: {}\n');
      fs.symlinkSync(path.join(outside, 'passwd'), path.join(repo, 'runbooks/passwd.md'));
      fs.symlinkSync(outside, path.join(repo, 'runbooks/etc'), 'dir');
      const index = await run(path.join(repo, 'runbooks'), 'index', '--json');
      assert.equal(index.code, 0, index.err);
      assert.doesNotMatch(index.out, /passwd|root:x|etc\//);
      assert.match(index.out, /disk\.md/);
      // A configuration that is a link out of the repository is refused, naming it.
      fs.symlinkSync(path.join(outside, 'lint.yaml'), path.join(repo, '.runbooklint.yaml'));
      const lint = await run(repo, 'lint');
      assert.equal(lint.code, 2);
      assert.match(lint.err, /\.runbooklint\.yaml: a link to .*lint\.yaml, outside the workspace .*: not read/);
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});
