import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runCommand, type ExecRequest, type RunIo } from '../../../src/cli/commands/run';
import { stepsCommand } from '../../../src/cli/commands/steps';
import { capture, type Captured } from './capture';

// tsc compiles this file to out/test/unit/cli/; fixtures stay where they are.
const REPO = path.join(__dirname, '../../../..');
const FIXTURES = path.join(REPO, 'test/unit/cli/fixtures/run');

interface Result {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  /** What would have been spawned (nothing when undefined). */
  readonly exec: ExecRequest | undefined;
  /** Questions asked. */
  readonly asked: string[];
}

interface Options {
  readonly isTTY?: boolean;
  readonly answer?: boolean;
  /** Use the real spawn (default: record the request, exit 0). */
  readonly realExec?: boolean;
  readonly env?: Record<string, string>;
  readonly cwd?: string;
}

async function run(argv: string[], o: Options = {}): Promise<Result> {
  let out = '';
  let err = '';
  let exec: ExecRequest | undefined;
  const asked: string[] = [];
  const io: RunIo = {
    cwd: o.cwd ?? FIXTURES,
    out: (t) => (out += t),
    err: (t) => (err += t),
    isTTY: o.isTTY ?? false,
    confirm: async (q) => {
      asked.push(q);
      return o.answer ?? false;
    },
    env: o.env ?? { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent' },
    ...(o.realExec ? {} : {
      exec: async (r: ExecRequest) => {
        exec = r;
        return 0;
      },
    }),
  };
  const code = await runCommand(argv, io);
  return { code, out, err, exec, asked };
}

const steps = (argv: string[]): Promise<Captured> => capture((w) => stepsCommand(argv, { cwd: FIXTURES, ...w }));

describe('runbook steps', () => {
  it('lists id, line, language, destructive and variables', async () => {
    const r = await steps(['steps.md']);
    assert.deepEqual(r, {
      code: 0,
      err: '',
      out: [
        'ID           LINE  LANGUAGE    DESTRUCTIVE  VARIABLES',
        'check        18    sh          no           namespace, pod, lines',
        'transcript   22    console     no           namespace',
        'print        30    sh          no           namespace',
        'angle        34    sh          no           namespace',
        'env          38    sh          no           namespace, pod',
        'secret       42    sh          no           password, namespace',
        'fail         46    sh          no           -',
        'unsafe       50    sh          no           namespace',
        'ps           54    powershell  no           namespace',
        'output-only  58    console     no           -',
        'delete-pod   65    sh          confirm      namespace, pod',
        'restart      69    bash        yes          namespace',
        '',
      ].join('\n'),
    });
  });

  it('--json: {path, title, steps: [{id, line, language, destructive, variables, section, confirm, reasons}]}', async () => {
    const r = await steps(['--json', 'steps.md']);
    assert.equal(r.code, 0);
    const j = JSON.parse(r.out) as { path: string; title: string; steps: Record<string, unknown>[] };
    assert.equal(j.path, 'steps.md');
    assert.equal(j.title, 'Run fixture');
    assert.equal(j.steps.length, 12);
    assert.deepEqual(j.steps[0], {
      id: 'check', line: 18, language: 'sh', destructive: false, variables: ['namespace', 'pod', 'lines'], section: 'Diagnosis', confirm: false, reasons: [],
    });
    assert.deepEqual(j.steps[10], {
      id: 'delete-pod', line: 65, language: 'sh', destructive: false, variables: ['namespace', 'pod'], section: 'Mitigation',
      confirm: true, reasons: ['it runs `kubectl delete` (deletes resources)'],
    });
    assert.deepEqual(j.steps[11].reasons, ['the step is marked destructive']);
  });

  it('lists the steps of the sample runbooks', async () => {
    let out = '';
    const code = await stepsCommand(['runbooks/disk-almost-full.md'], { cwd: REPO, out: (t) => (out += t), err: () => undefined });
    assert.equal(code, 0);
    assert.match(out, /^fill-rate +\d+ +sh +no +prometheus_url, instance, mountpoint$/m);
    assert.match(out, /^trim-logs +\d+ +sh +yes +host$/m);
  });

  it('says when a runbook has no steps, and fails on usage mistakes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-steps-'));
    fs.writeFileSync(path.join(dir, 'empty.md'), '# Nothing to run\n\n```yaml\na: 1\n```\n');
    let err = '';
    assert.equal(await stepsCommand(['empty.md'], { cwd: dir, out: () => undefined, err: (t) => (err += t) }), 0);
    assert.equal(err, 'runbook: empty.md has no runnable steps (fenced sh, bash, zsh, console or powershell blocks)\n');
    assert.deepEqual(await steps(['missing.md']), { code: 2, out: '', err: "runbook: no such file: missing.md\nTry 'runbook --help'.\n" });
    assert.deepEqual(await steps([]), { code: 2, out: '', err: "runbook: steps needs a runbook file\nTry 'runbook --help'.\n" });
    assert.equal((await steps(['a.md', 'b.md'])).code, 2);
    assert.equal((await steps(['--nope', 'steps.md'])).code, 2);
    assert.equal((await steps(['workdir'])).err, "runbook: workdir is a directory, not a runbook\nTry 'runbook --help'.\n");
    const help = await steps(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /^Usage: runbook steps <file> \[--json\]/);
  });
});

describe('runbook run --dry-run', () => {
  it('prints exactly the command that would reach the shell, and nothing else', async () => {
    const r = await run(['steps.md', '--step', 'check', '--var', 'namespace=pay ments', '--var', "pod=it's", '--dry-run']);
    assert.deepEqual(r, { code: 0, out: `kubectl -n 'pay ments' logs 'it'\\''s' --tail='100'`, err: '', exec: undefined, asked: [] });
  });

  it('prints what a real run would give /bin/sh -c, byte for byte', async () => {
    const argv = ['steps.md', '--step', 'transcript', '--label', 'namespace=a"b$c'];
    const dry = await run([...argv, '--dry-run']);
    const real = await run(argv);
    assert.equal(dry.out, `kubectl -n 'a"b$c' get pods\necho done`);
    assert.deepEqual(real.exec?.args, ['-c', dry.out]);
    assert.equal(real.exec?.file, '/bin/sh');
  });

  it('fills from --label first, then --var, then the default; <name> placeholders of declared variables too', async () => {
    const r = await run(['steps.md', '--step', 'check', '--label', 'namespace=from-label', '--var', 'namespace=from-var', '--var', 'pod=p', '--var', 'lines=5', '--dry-run']);
    assert.equal(r.out, `kubectl -n 'from-label' logs 'p' --tail='5'`);
    const angle = await run(['steps.md', '--step', 'angle', '--var', 'namespace=x y', '--dry-run']);
    assert.equal(angle.out, `printf '%s' 'x y' <other> 2>&1`);
  });

  it('does not ask before a dry run of a dangerous step, but says it would', async () => {
    const r = await run(['steps.md', '--step', 'delete-pod', '--var', 'namespace=n', '--label', 'pod=p', '--dry-run']);
    assert.equal(r.code, 0);
    assert.equal(r.out, `kubectl -n 'n' delete pod 'p'`);
    assert.equal(r.err, "runbook: note: running step 'delete-pod' would need confirmation: it runs `kubectl delete` (deletes resources)\n");
    assert.deepEqual(r.asked, []);
  });

  it('the printed command delivers hostile values intact through /bin/sh', async () => {
    for (const v of ["it's", '$(id)', '`id`', 'a\nb', '-n', '*', ' ', '', 'é😀', '\\', '"', '!$']) {
      const r = await run(['steps.md', '--step', 'print', '--var', `namespace=${v}`, '--dry-run']);
      const sh = spawnSync('/bin/sh', ['-c', r.out]);
      assert.equal(sh.stdout.toString('utf8'), v, JSON.stringify(v));
    }
  });
});

describe('runbook run: variables', () => {
  it('exits 2 naming every variable without a value, with its description', async () => {
    const r = await run(['steps.md', '--step', 'check']);
    assert.deepEqual(r, {
      code: 2,
      out: '',
      err: "runbook: step 'check' needs values for:\n  namespace: Namespace of the pod (alert label `namespace`)\n  pod: Pod name\npass --var namespace=… --var pod=…\n",
      exec: undefined,
      asked: [],
    });
    const one = await run(['steps.md', '--step', 'check', '--var', 'pod=p', '--dry-run']);
    assert.equal(one.code, 2);
    assert.equal(one.out, '');
    assert.match(one.err, /^runbook: step 'check' needs a value for:\n {2}namespace: /);
  });

  it('an empty value is a value', async () => {
    const r = await run(['steps.md', '--step', 'print', '--var', 'namespace=', '--dry-run']);
    assert.deepEqual([r.code, r.out], [0, `printf '%s' ''`]);
  });

  it('exports labels and variables as upper-case environment variables, never reserved ones', async () => {
    const r = await run(['steps.md', '--step', 'env', '--label', 'namespace=n', '--label', 'path=/evil', '--var', 'pod=p', '--var', 'k8s-app=x']);
    assert.equal(r.code, 0);
    const env = r.exec?.env ?? {};
    assert.equal(env.NAMESPACE, 'n');
    assert.equal(env.POD, 'p');
    assert.equal(env.K8S_APP, 'x');
    assert.equal(env.PATH, process.env.PATH ?? '/usr/bin:/bin', 'a label named path is not PATH');
    assert.equal(env.HOME, '/nonexistent', 'the parent environment is kept');
  });

  it('refuses, exit 1, a placeholder no quoting can make safe', async () => {
    const r = await run(['steps.md', '--step', 'unsafe', '--var', 'namespace=x']);
    assert.equal(r.code, 1);
    assert.equal(r.exec, undefined);
    assert.match(r.err, /^runbook: cannot run step 'unsafe' safely: cannot put the value of 'namespace' inside a `…` command substitution/);
  });

  it('masks secret values in what it shows, not in what it runs', async () => {
    const r = await run(['steps.md', '--step', 'secret', '--var', "password=s3cr'et", '--var', 'namespace=db', '--yes']);
    assert.equal(r.code, 0);
    assert.equal(r.exec?.args[1], `PGPASSWORD='s3cr'\\''et' psql -h 'db' -c "SELECT 1"`);
    assert.equal(r.err, `runbook: running step 'secret' of steps.md:\n    PGPASSWORD='••••' psql -h 'db' -c "SELECT 1"\n`);
    assert.ok(!r.err.includes('s3cr'));
  });
});

describe('runbook run: confirmation', () => {
  const dangerous = ['steps.md', '--step', 'delete-pod', '--var', 'namespace=n', '--var', 'pod=p'];

  it('refuses a dangerous step without a terminal and without --yes (exit 1), running nothing', async () => {
    const r = await run(dangerous);
    assert.equal(r.code, 1);
    assert.equal(r.exec, undefined);
    assert.deepEqual(r.asked, []);
    assert.equal(r.err, "runbook: step 'delete-pod' of steps.md needs confirmation:\n  - it runs `kubectl delete` (deletes resources)\nNot running it without a terminal to ask on: check the command with --dry-run, then pass --yes.\n");
  });

  it('refuses a step marked destructive the same way', async () => {
    const r = await run(['steps.md', '--step', 'restart', '--var', 'namespace=n']);
    assert.equal(r.code, 1);
    assert.match(r.err, /needs confirmation:\n {2}- the step is marked destructive\n/);
  });

  it('runs it with --yes, without asking', async () => {
    for (const yes of ['--yes', '-y']) {
      const r = await run([...dangerous, yes], { isTTY: true });
      assert.equal(r.code, 0);
      assert.deepEqual(r.exec?.args, ['-c', `kubectl -n 'n' delete pod 'p'`]);
      assert.deepEqual(r.asked, []);
    }
  });

  it('asks on a terminal: yes runs it, no does not (exit 1)', async () => {
    const yes = await run(dangerous, { isTTY: true, answer: true });
    assert.equal(yes.code, 0);
    assert.ok(yes.exec);
    assert.deepEqual(yes.asked, ["Step 'delete-pod' of steps.md needs confirmation:\n  - it runs `kubectl delete` (deletes resources)\n    kubectl -n 'n' delete pod 'p'\nRun it? [y/N] "]);
    const no = await run(dangerous, { isTTY: true, answer: false });
    assert.equal(no.code, 1);
    assert.equal(no.exec, undefined);
    assert.equal(no.err, "runbook: step 'delete-pod' not run\n");
  });

  it('shows control characters in the question as escapes, so a value cannot disguise the command', async () => {
    const r = await run([...dangerous.slice(0, -1), 'pod=p\x1b[2K\rkubectl get pods'], { isTTY: true });
    assert.equal(r.asked.length, 1);
    assert.ok(r.asked[0].includes(`kubectl -n 'n' delete pod 'p\\x1b[2K\\x0dkubectl get pods'`), r.asked[0]);
    assert.ok(!r.asked[0].includes('\x1b') && !r.asked[0].includes('\r'));
  });

  it('masks secrets in the question', async () => {
    const r = await run(['steps.md', '--step', 'secret', '--var', 'password=hunter2', '--var', 'namespace=db'], { isTTY: true });
    assert.deepEqual(r.asked, [], 'not dangerous: no question');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-run-'));
    fs.writeFileSync(path.join(dir, 'r.md'), '---\nvariables:\n  token:\n    secret: true\n---\n\n```sh {id=x destructive}\ncurl -H "Authorization: {{token}}" x\n```\n');
    let question = '';
    await runCommand(['r.md', '--step', 'x', '--var', 'token=hunter2'], {
      cwd: dir, out: () => undefined, err: () => undefined, isTTY: true, confirm: async (q) => ((question = q), false),
    });
    assert.ok(question.includes(`curl -H "Authorization: "'••••' x`), question);
    assert.ok(!question.includes('hunter2'));
  });
});

describe('runbook run: running', () => {
  it('runs /bin/sh -c with the exported environment and exits with its exit code', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-run-'));
    const outFile = path.join(dir, 'out.txt');
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', OUT: outFile };
    const r = await run(['steps.md', '--step', 'env', '--label', 'namespace=pay$ments', '--var', "pod=it's"], { realExec: true, env });
    assert.equal(r.code, 0, r.err);
    assert.equal(fs.readFileSync(outFile, 'utf8'), "pay$ments|it's");
    const fail = await run(['steps.md', '--step', 'fail'], { realExec: true, env });
    assert.equal(fail.code, 3);
  });

  it('runs in the runbook\'s cwd, relative to the runbook', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-run-'));
    const outFile = path.join(dir, 'out.txt');
    const r = await run(['test/unit/cli/fixtures/run/with-cwd.md', '--step', 'where'], { realExec: true, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', OUT: outFile }, cwd: REPO });
    assert.equal(r.code, 0, r.err);
    assert.equal(fs.realpathSync(fs.readFileSync(outFile, 'utf8').trim()), fs.realpathSync(path.join(FIXTURES, 'workdir')));
    const bad = await run(['bad-cwd.md', '--step', 'where']);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /^runbook: the working directory of bad-cwd\.md \(cwd: no-such-dir\) is not a directory: /);
  });

  it('runs powershell steps with pwsh -NoProfile -Command, quoted for PowerShell', async () => {
    const r = await run(['steps.md', '--step', 'ps', '--var', "namespace=it's"]);
    assert.deepEqual({ file: r.exec?.file, args: r.exec?.args }, { file: 'pwsh', args: ['-NoProfile', '-Command', "Write-Output 'it''s'"] });
    const forced = await run(['steps.md', '--step', 'print', '--var', "namespace=it's", '--shell', 'powershell', '--dry-run']);
    assert.equal(forced.out, "printf '%s' 'it''s'");
  });

  it('reports a shell that cannot be started as 127', async () => {
    const { defaultExec } = await import('../../../src/cli/commands/run');
    let err = '';
    const code = await defaultExec({ file: '/nonexistent/shell', args: ['-c', 'true'], env: {}, cwd: os.tmpdir() }, (t) => (err += t));
    assert.equal(code, 127);
    assert.equal(err, 'runbook: cannot start /nonexistent/shell: not found\n');
  });
});

describe('runbook run: usage', () => {
  it('exits 2 for usage mistakes, with a hint', async () => {
    const cases: [string[], string][] = [
      [['steps.md'], 'run needs --step <id> (list them with: runbook steps <file>)'],
      [['--step', 'x'], 'run needs a runbook file'],
      [['steps.md', '--step', 'nope'], 'steps.md has no step \'nope\' (steps: check, transcript, print, angle, env, secret, fail, unsafe, ps, output-only, delete-pod, restart)'],
      [['steps.md', '--step', 'print', '--var', 'novalue'], "--var takes name=value, got 'novalue'"],
      [['steps.md', '--step', 'print', '--var', '=x'], "--var takes name=value, got '=x'"],
      [['steps.md', '--step', 'print', '--shell', 'fish'], "--shell is posix or powershell, not 'fish'"],
      [['missing.md', '--step', 'x'], 'no such file: missing.md'],
    ];
    for (const [argv, message] of cases) {
      const r = await run(argv);
      assert.deepEqual({ code: r.code, out: r.out, err: r.err, exec: r.exec }, { code: 2, out: '', err: `runbook: ${message}\nTry 'runbook --help'.\n`, exec: undefined }, argv.join(' '));
    }
    const unknown = await run(['steps.md', '--step', 'print', '--bogus']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /^runbook: Unknown option '--bogus'/);
  });

  it('exits 1 for a console step with nothing to run', async () => {
    const r = await run(['steps.md', '--step', 'output-only']);
    assert.deepEqual([r.code, r.err], [1, "runbook: step 'output-only' of steps.md has nothing to run (a console block runs the lines after its `$ ` prompts, and it has none)\n"]);
  });

  it('--help prints the usage', async () => {
    const r = await run(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /^Usage: runbook run <file> --step <id>/);
  });

  it('runs the sample runbooks\' steps', async () => {
    const r = await run(['runbooks/kubernetes/KubePodCrashLooping.md', '--step', 'previous-logs', '--label', 'namespace=payments', '--label', 'pod=api-7d9f', '--label', 'container=api', '--dry-run'], { cwd: REPO });
    assert.deepEqual([r.code, r.out, r.err], [0, `kubectl -n 'payments' logs 'api-7d9f' -c 'api' --previous --tail='100'`, '']);
    const pg = await run(['runbooks/databases/postgres-replication-lag.md', '--step', 'cancel-query', '--var', 'replica_host=r1', '--var', 'pg_password=pw', '--var', 'pid=42; DROP TABLE x', '--dry-run'], { cwd: REPO });
    assert.equal(pg.out, `PGPASSWORD='pw' psql -h 'r1' -U 'oncall_monitor' -d postgres -X -c "SELECT pg_cancel_backend("'42; DROP TABLE x'");"`);
  });
});
