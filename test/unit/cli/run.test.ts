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

/** The leading line that assigns values, as prepareStep writes it. */
const V = (pairs: Record<string, string>) => `${Object.entries(pairs).map(([k, v]) => `RUNBOOK_V_${k}='${v.replace(/'/g, `'\\''`)}'`).join(' ')}\n`;

describe('runbook run --dry-run', () => {
  it('prints exactly the text that would reach the shell: the values on one leading line, the command referring to them', async () => {
    const r = await run(['steps.md', '--step', 'check', '--var', 'namespace=pay ments', '--var', "pod=it's", '--dry-run']);
    assert.deepEqual(r, {
      code: 0,
      out: `${V({ namespace: 'pay ments', pod: "it's", lines: '100' })}kubectl -n "\${RUNBOOK_V_namespace}" logs "\${RUNBOOK_V_pod}" --tail="\${RUNBOOK_V_lines}"`,
      err: '', exec: undefined, asked: [],
    });
  });

  it('prints what a real run gives the shell with -c, byte for byte', async () => {
    const argv = ['steps.md', '--step', 'transcript', '--label', 'namespace=a"b$c', '--allow-value', 'namespace'];
    const dry = await run([...argv, '--dry-run']);
    const real = await run([...argv, '--yes']);
    assert.equal(dry.out, `${V({ namespace: 'a"b$c' })}kubectl -n "\${RUNBOOK_V_namespace}" get pods\necho done`);
    assert.deepEqual(real.exec?.args, ['-c', dry.out]);
    assert.equal(real.exec?.file, '/bin/sh', 'a console block without $SHELL: sh');
  });

  it('fills from --label first, then --var, then the default; <name> placeholders of declared variables too', async () => {
    const r = await run(['steps.md', '--step', 'check', '--label', 'namespace=from-label', '--var', 'namespace=from-var', '--var', 'pod=p', '--var', 'lines=5', '--dry-run']);
    assert.equal(r.out, `${V({ namespace: 'from-label', pod: 'p', lines: '5' })}kubectl -n "\${RUNBOOK_V_namespace}" logs "\${RUNBOOK_V_pod}" --tail="\${RUNBOOK_V_lines}"`);
    const angle = await run(['steps.md', '--step', 'angle', '--var', 'namespace=x y', '--dry-run']);
    assert.equal(angle.out, `${V({ namespace: 'x y' })}printf '%s' "\${RUNBOOK_V_namespace}" <other> 2>&1`);
  });

  it('does not ask before a dry run of a dangerous step, but says it would', async () => {
    const r = await run(['steps.md', '--step', 'delete-pod', '--var', 'namespace=n', '--label', 'pod=p', '--dry-run']);
    assert.equal(r.code, 0);
    assert.equal(r.out, `${V({ namespace: 'n', pod: 'p' })}kubectl -n "\${RUNBOOK_V_namespace}" delete pod "\${RUNBOOK_V_pod}"`);
    assert.equal(r.err, "runbook: note: running step 'delete-pod' would need confirmation: it runs `kubectl delete` (deletes resources)\n");
    assert.deepEqual(r.asked, []);
  });

  it('the printed text delivers hostile values intact through the shell, running none of them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-run-'));
    const canary = path.join(dir, 'CANARY');
    for (const v of ["it's", '$(id)', '`id`', 'a\nb', '-n', '*', ' ', '', 'é😀', '\\', '"', '!$', `'; touch ${canary}; echo '`, `$(touch ${canary})`, `a[$(touch ${canary})]`]) {
      const r = await run(['steps.md', '--step', 'print', '--var', `namespace=${v}`, '--dry-run']);
      for (const shell of ['/bin/sh', 'bash']) {
        const sh = spawnSync(shell, ['-c', r.out], { cwd: dir });
        assert.equal(sh.stdout.toString('utf8'), v, JSON.stringify(v));
        assert.equal(fs.existsSync(canary), false, JSON.stringify(v));
      }
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
    assert.deepEqual([r.code, r.out], [0, `${V({ namespace: '' })}printf '%s' "\${RUNBOOK_V_namespace}"`]);
  });

  it('exports only what the step writes as $NAME, in the text; never reserved names, never the rest of the labels', async () => {
    const r = await run(['steps.md', '--step', 'env', '--label', 'namespace=n', '--label', 'path=/evil', '--label', 'ps0=$(touch x)', '--var', 'pod=p', '--var', 'k8s-app=x', '--allow-value', 'ps0']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.exec?.args[1], `export NAMESPACE='n' POD='p'\nprintf '%s|%s' "$NAMESPACE" "$POD" > "$OUT"`);
    const env = r.exec?.env ?? {};
    assert.deepEqual(Object.keys(env).sort(), ['HOME', 'PATH'], 'the parent environment, nothing added');
    assert.equal(env.PATH, process.env.PATH ?? '/usr/bin:/bin', 'a label named path is not PATH');
  });

  it('asks for --allow-value before using a --label value that is not label-like, showing it raw', async () => {
    const argv = ['steps.md', '--step', 'print', '--label', 'namespace=web-1; touch X\x1b[2K'];
    const r = await run([...argv, '--dry-run']);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.equal(r.err, "runbook: step 'print' of steps.md would use a value that needs a yes:\n  namespace = web-1; touch X\\\\x1b[2K\n    (from --label: it is not label-like text (letters, digits, spaces and _ . : / @ + , = % ~ -, at most 256 characters); the runbook declares no pattern or enum for it)\nCheck it, then pass --allow-value namespace.\n");
    const yes = await run([...argv, '--yes']);
    assert.equal(yes.code, 1, '--yes does not accept values');
    const tty = await run(argv, { isTTY: true, answer: true });
    assert.equal(tty.code, 0);
    assert.match(tty.asked[0], /^Step 'print' of steps\.md would use:\n {2}namespace = web-1; touch X/);
    const allowed = await run([...argv, '--allow-value', 'namespace', '--yes']);
    assert.equal(allowed.code, 0);
    assert.equal(allowed.exec?.args[1], `${V({ namespace: 'web-1; touch X\x1b[2K' })}printf '%s' "\${RUNBOOK_V_namespace}"`);
  });

  it('checks --label values against the variable\'s pattern or enum', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-run-'));
    fs.writeFileSync(path.join(dir, 'r.md'), "---\nvariables:\n  ns:\n    enum: [payments, search]\n  pod:\n    pattern: '[a-z0-9-]+'\n  evil:\n    pattern: '(a)\\1'\n---\n\n```sh {id=x}\necho {{ns}} {{pod}}\n```\n\n```sh {id=y}\necho {{evil}}\n```\n");
    const io = (errs: string[]) => ({ cwd: dir, out: () => undefined, err: (t: string) => errs.push(t), exec: async () => 0 });
    const errs: string[] = [];
    assert.equal(await runCommand(['r.md', '--step', 'x', '--label', 'ns=payments', '--label', 'pod=api-1', '--yes'], io(errs)), 0, errs.join(''));
    assert.equal(await runCommand(['r.md', '--step', 'x', '--label', 'ns=billing', '--label', 'pod=api-1', '--yes'], io(errs)), 1);
    assert.match(errs.join(''), /ns = billing\n {4}\(from --label: it is not one of the values the runbook allows \("payments", "search"\)\)/);
    assert.equal(await runCommand(['r.md', '--step', 'x', '--label', 'ns=search', '--label', 'pod=API_1', '--yes'], io(errs)), 1);
    assert.match(errs.join(''), /does not match the runbook's pattern \/\[a-z0-9-\]\+\//);
    assert.equal(await runCommand(['r.md', '--step', 'y', '--label', 'evil=aaaa', '--yes'], io(errs)), 1);
    assert.match(errs.join(''), /the runbook's pattern for it cannot be used: the pattern is not usable: backreferences/);
  });

  it('refuses, exit 1, a placeholder no quoting can make safe', async () => {
    const r = await run(['steps.md', '--step', 'unsafe', '--var', 'namespace=x']);
    assert.equal(r.code, 1);
    assert.equal(r.exec, undefined);
    assert.match(r.err, /^runbook: cannot run step 'unsafe' safely: cannot put the value of 'namespace' right after an escaping backslash/);
  });

  it('masks secret values in what it shows, not in what it runs', async () => {
    const r = await run(['steps.md', '--step', 'secret', '--var', "password=s3cr'et", '--var', 'namespace=db', '--yes']);
    assert.equal(r.code, 0);
    assert.equal(r.exec?.args[1], `${V({ password: "s3cr'et", namespace: 'db' })}PGPASSWORD=''"\${RUNBOOK_V_password}"'' psql -h "\${RUNBOOK_V_namespace}" -c "SELECT 1"`);
    assert.equal(r.err, `runbook: running step 'secret' of steps.md with sh:\n    RUNBOOK_V_password='••••' RUNBOOK_V_namespace='db'\n    PGPASSWORD=''"\${RUNBOOK_V_password}"'' psql -h "\${RUNBOOK_V_namespace}" -c "SELECT 1"\n`);
    assert.ok(!r.err.includes('s3cr'));
  });
});

describe('runbook run: confirmation', () => {
  const dangerous = ['steps.md', '--step', 'delete-pod', '--var', 'namespace=n', '--var', 'pod=p'];
  const text = `${V({ namespace: 'n', pod: 'p' })}kubectl -n "\${RUNBOOK_V_namespace}" delete pod "\${RUNBOOK_V_pod}"`;

  it('refuses a dangerous step without a terminal and without --yes (exit 1), running nothing', async () => {
    const r = await run(dangerous);
    assert.equal(r.code, 1);
    assert.equal(r.exec, undefined);
    assert.deepEqual(r.asked, []);
    assert.equal(r.err, "runbook: step 'delete-pod' of steps.md needs confirmation:\n  - it runs `kubectl delete` (deletes resources)\nNot running it without a terminal to ask on: check the command with --dry-run, then pass --yes.\n");
  });

  it('also judges the command with the values in (a value can be the verb)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-run-'));
    fs.writeFileSync(path.join(dir, 'r.md'), '```sh {id=x}\nkubectl {{verb}} pod web-1\n```\n');
    let err = '';
    assert.equal(await runCommand(['r.md', '--step', 'x', '--var', 'verb=delete'], { cwd: dir, out: () => undefined, err: (t) => (err += t), exec: async () => 0 }), 1);
    assert.match(err, /needs confirmation:\n {2}- it runs `kubectl delete`/);
  });

  it('honours runbooks.run.dangerousPatterns and runbooks.run.confirmCommands of .vscode/settings.json', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-run-'));
    fs.mkdirSync(path.join(dir, '.vscode'));
    fs.writeFileSync(path.join(dir, 'r.md'), '```sh {id=x}\nmytool --nuke everything\n```\n\n```sh {id=y}\necho hello\n```\n');
    const go = async (step: string) => {
      let err = '';
      const code = await runCommand(['r.md', '--step', step], { cwd: dir, out: () => undefined, err: (t) => (err += t), exec: async () => 0 });
      return { code, err };
    };
    assert.equal((await go('x')).code, 0, 'not dangerous by default');
    fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), '{\n  // team rule\n  "runbooks.run.dangerousPatterns": ["--nuke\\\\b"],\n}\n');
    const x = await go('x');
    assert.equal(x.code, 1);
    assert.match(x.err, /needs confirmation:\n {2}- it runs `--nuke`/);
    assert.equal((await go('y')).code, 0);
    fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), '{ "runbooks.run.confirmCommands": "always" }');
    const y = await go('y');
    assert.equal(y.code, 1);
    assert.match(y.err, /runbooks\.run\.confirmCommands is "always"/);
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
      assert.deepEqual(r.exec?.args, ['-c', text]);
      assert.deepEqual(r.asked, []);
    }
  });

  it('asks on a terminal: yes runs it, no does not (exit 1)', async () => {
    const yes = await run(dangerous, { isTTY: true, answer: true });
    assert.equal(yes.code, 0);
    assert.ok(yes.exec);
    assert.deepEqual(yes.asked, [`Step 'delete-pod' of steps.md needs confirmation:\n  - it runs \`kubectl delete\` (deletes resources)\n${text.split('\n').map((l) => `    ${l}`).join('\n')}\nRun it? [y/N] `]);
    const no = await run(dangerous, { isTTY: true, answer: false });
    assert.equal(no.code, 1);
    assert.equal(no.exec, undefined);
    assert.equal(no.err, "runbook: step 'delete-pod' not run\n");
  });

  it('shows control characters in the question as escapes, so a value cannot disguise the command', async () => {
    const r = await run([...dangerous.slice(0, -1), 'pod=p\x1b[2K\rkubectl get pods'], { isTTY: true });
    assert.equal(r.asked.length, 1);
    assert.ok(r.asked[0].includes(`RUNBOOK_V_pod='p\\x1b[2K\\x0dkubectl get pods'`), r.asked[0]);
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
    assert.ok(question.includes(`RUNBOOK_V_token='••••'`), question);
    assert.ok(!question.includes('hunter2'));
  });
});

describe('runbook run: running', () => {
  it('runs the step with -c in its own shell, exports what it references, and exits with its exit code', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-run-'));
    const outFile = path.join(dir, 'out.txt');
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', OUT: outFile };
    const r = await run(['steps.md', '--step', 'env', '--label', 'namespace=pay-ments', '--var', "pod=it's"], { realExec: true, env });
    assert.equal(r.code, 0, r.err);
    assert.equal(fs.readFileSync(outFile, 'utf8'), "pay-ments|it's");
    const fail = await run(['steps.md', '--step', 'fail'], { realExec: true, env });
    assert.equal(fail.code, 3);
  });

  it('runs sh steps with sh, bash with bash, zsh with zsh, pwsh with pwsh; --shell only within the step\'s language', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-run-'));
    fs.writeFileSync(path.join(dir, 'r.md'), '```sh {id=s}\necho\n```\n\n```bash {id=b}\necho\n```\n\n```zsh {id=z}\necho\n```\n\n```pwsh {id=p}\nWrite-Output x\n```\n\n```console {id=c}\n$ echo\n```\n\n```shell {id=sh2}\necho\n```\n');
    const exec = async (argv: string[], env: Record<string, string> = {}) => {
      let request: ExecRequest | undefined;
      let err = '';
      const code = await runCommand(argv, { cwd: dir, out: () => undefined, err: (t) => (err += t), env, exec: async (q) => ((request = q), 0) });
      return { code, file: request?.file, args: request?.args, err };
    };
    assert.equal((await exec(['r.md', '--step', 's'])).file, '/bin/sh');
    assert.deepEqual((await exec(['r.md', '--step', 'b'])).file, 'bash');
    assert.deepEqual((await exec(['r.md', '--step', 'z'])).file, 'zsh');
    assert.deepEqual((await exec(['r.md', '--step', 'p'])).file, 'pwsh');
    assert.deepEqual((await exec(['r.md', '--step', 'c'], { SHELL: '/usr/bin/zsh' })).file, 'zsh', 'console: $SHELL');
    assert.deepEqual((await exec(['r.md', '--step', 'sh2'], { SHELL: '/bin/bash' })).file, 'bash', 'shell: $SHELL');
    const fish = await exec(['r.md', '--step', 'c'], { SHELL: '/usr/bin/fish' });
    assert.equal(fish.code, 1);
    assert.match(fish.err, /fish is not a POSIX shell/);
    assert.deepEqual((await exec(['r.md', '--step', 's', '--shell', 'bash'])).file, 'bash');
    const wrong = await exec(['r.md', '--step', 'p', '--shell', 'bash']);
    assert.deepEqual([wrong.code, wrong.file], [1, undefined]);
    assert.match(wrong.err, /a PowerShell step cannot run in bash/);
    const wrong2 = await exec(['r.md', '--step', 'b', '--shell', 'pwsh']);
    assert.deepEqual([wrong2.code, wrong2.file], [1, undefined]);
  });

  it('the text a bash step gets runs in bash (not sh): a bash-only construct works', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-run-'));
    fs.writeFileSync(path.join(dir, 'r.md'), "```bash {id=b}\n[[ {{v}} == a* ]] && printf '%s' \"${BASH_VERSION:+bash}\" > out.txt\n```\n");
    let err = '';
    const code = await runCommand(['r.md', '--step', 'b', '--var', 'v=abc'], { cwd: dir, out: () => undefined, err: (t) => (err += t), env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    assert.equal(code, 0, err);
    assert.equal(fs.readFileSync(path.join(dir, 'out.txt'), 'utf8'), 'bash');
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

  it('runs powershell steps with pwsh -NoProfile -NonInteractive -Command, quoted for PowerShell', async () => {
    const r = await run(['steps.md', '--step', 'ps', '--var', "namespace=it's"]);
    assert.deepEqual({ file: r.exec?.file, args: r.exec?.args }, { file: 'pwsh', args: ['-NoProfile', '-NonInteractive', '-Command', "Write-Output 'it''s'"] });
    const forced = await run(['steps.md', '--step', 'print', '--var', "namespace=it's", '--shell', 'powershell', '--dry-run']);
    assert.equal(forced.code, 1, 'a POSIX step never goes to PowerShell');
    assert.match(forced.err, /a POSIX shell step cannot run in pwsh/);
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
      [['steps.md', '--step', 'print', '--shell', 'fish'], "--shell is sh, bash, zsh or pwsh, not 'fish'"],
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
    assert.deepEqual([r.code, r.err], [1, 'runbook: step output-only has no command to run (a console block runs only its `$ ` lines)\n']);
  });

  it('--help prints the usage', async () => {
    const r = await run(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /^Usage: runbook run <file> --step <id>/);
  });

  it('runs the sample runbooks\' steps', async () => {
    const r = await run(['runbooks/kubernetes/KubePodCrashLooping.md', '--step', 'previous-logs', '--label', 'namespace=payments', '--label', 'pod=api-7d9f', '--label', 'container=api', '--dry-run'], { cwd: REPO });
    assert.equal(r.err, '');
    assert.equal(r.code, 0);
    assert.match(r.out, /^RUNBOOK_V_namespace='payments' RUNBOOK_V_pod='api-7d9f' RUNBOOK_V_container='api'.*\nkubectl -n "\$\{RUNBOOK_V_namespace\}" logs "\$\{RUNBOOK_V_pod\}" -c "\$\{RUNBOOK_V_container\}" --previous/);
    const pg = await run(['runbooks/databases/postgres-replication-lag.md', '--step', 'cancel-query', '--var', 'replica_host=r1', '--var', 'pg_password=pw', '--var', 'pid=42; DROP TABLE x', '--dry-run'], { cwd: REPO });
    assert.match(pg.out, /RUNBOOK_V_pid='42; DROP TABLE x'/);
    assert.match(pg.out, /-c "SELECT pg_cancel_backend\(\$\{RUNBOOK_V_pid\}\);"$/);
  });
});
