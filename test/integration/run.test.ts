// Running steps in a real extension host: a real terminal (pty), quoting of hostile label values, exit codes and
// durations in the session log, run-all, the timeline, preview buttons, and confirmation of destructive steps.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { RunEvent } from '../../src/core/run/session';
import { api, waitFor, workspaceUri } from './helpers';

const RUNBOOK = `---
title: Run demo
alerts: [RunDemo]
service: demo
owner: "@example-org/demo"
variables:
  namespace:
    description: Namespace
    pattern: '.*'
---

# Run demo

## Diagnosis

\`\`\`bash {id=write}
printf '%s' {{namespace}} > marker.txt
\`\`\`

\`\`\`bash {id=fails}
sh -c 'exit 3'
\`\`\`

\`\`\`bash {id=after-failure}
echo never > never.txt
\`\`\`

\`\`\`sh {id=prints}
printf '\\033[32mpods ready\\033[0m\\n'; for i in 1 2 3; do echo "line $i"; done; echo "ghp_$(printf 'A%.0s' $(seq 36))"
\`\`\`

## Mitigation

\`\`\`bash {id=wipe destructive}
echo wiped > wiped.txt
\`\`\`
`;

// (No dangerous command in it: a value that reads `rm -rf /` makes the step ask first, see prepareStep.)
const HOSTILE = `it's "quoted"; touch pwned; $(touch pwned) \`touch pwned\` & | \\ * ~ # 😀`;

describe('Running steps', () => {
  const uri = workspaceUri('runbooks', 'run-demo.md');
  const file = (name: string) => workspaceUri('runbooks', name).fsPath;

  before(async () => {
    const { alerts } = await api();
    await vscode.workspace.getConfiguration('runbooks').update('run.confirmCommands', 'never', vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(RUNBOOK));
    await alerts.bind(uri.toString(), { name: 'RunDemo', labels: { namespace: HOSTILE } });
  });

  after(async () => {
    for (const f of ['marker.txt', 'never.txt', 'wiped.txt', 'pwned']) {
      fs.rmSync(file(f), { force: true });
    }
  });

  it('starts the runbook\'s terminal when an alert is bound, running nothing in it', async () => {
    // (Its own, or the shell started before any alert: see firstStep.test.ts.)
    const { terminals } = await api();
    const warm = await waitFor('the warm terminal', () => terminals.of(uri.toString()));
    assert.strictEqual(fs.existsSync(file('marker.txt')), false, 'a warm terminal runs nothing');
    // Bound again with the same labels: the same terminal, not a second one.
    const { alerts } = await api();
    // (Not counting the shell started before any alert, which comes back some seconds after an alert took it.)
    const others = () => vscode.window.terminals.filter((t) => t !== terminals.prestarted).length;
    const count = others();
    await alerts.bind(uri.toString(), { name: 'RunDemo', labels: { namespace: HOSTILE } });
    await new Promise((r) => setTimeout(r, 300));
    assert.strictEqual(terminals.of(uri.toString()), warm);
    assert.strictEqual(others(), count);
  });

  it('runs a step in the runbook terminal with the bound label quoted, and records it', async () => {
    const { sessions, terminals } = await api();
    const before = terminals.of(uri.toString());
    assert.ok(before, 'no warm terminal');
    const event = await vscode.commands.executeCommand<RunEvent>('runbooks.runStep', uri, 'write');
    assert.ok(event, 'nothing ran');
    const text = await waitFor('the marker file', () => fs.existsSync(file('marker.txt')) && fs.readFileSync(file('marker.txt'), 'utf8'));
    assert.strictEqual(text, HOSTILE, 'the value must reach the shell byte for byte');
    assert.strictEqual(fs.existsSync(file('pwned')), false);
    assert.strictEqual(terminals.of(uri.toString()), before, 'the run takes the warm terminal');
    await waitFor('the terminal named after the runbook', () => before.name === 'Runbook: Run demo');
    console.log(`    exit code ${event.exitCode}, ${event.durationMs} ms, status ${event.status}`);
    assert.strictEqual(event.exitCode, 0, 'shell integration reports the exit code');
    assert.ok(event.durationMs !== null && event.durationMs >= 0);

    const session = sessions.active!;
    const lines = fs.readFileSync(session.file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.strictEqual(lines[0].type, 'start');
    assert.strictEqual(lines[0].alert, 'RunDemo');
    const run = lines.find((l) => l.type === 'run' && l.stepId === 'write');
    assert.ok(run, 'run event in the log');
    assert.strictEqual(run.exitCode, 0);
    assert.strictEqual(run.runbook, 'runbooks/run-demo.md');
    assert.match(run.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('stops "run all steps in section" at the first failure', async () => {
    const events = await vscode.commands.executeCommand<RunEvent[]>('runbooks.runSection', uri, 1);
    assert.deepStrictEqual(events.map((e) => [e.stepId, e.exitCode, e.status]), [['write', 0, 'ok'], ['fails', 3, 'failed']]);
    await new Promise((r) => setTimeout(r, 500));
    assert.strictEqual(fs.existsSync(file('never.txt')), false);
  });

  it('records what a step printed: escape sequences stripped, credentials redacted; the Timeline opens all of it', async () => {
    const { sessions } = await api();
    const event = await vscode.commands.executeCommand<RunEvent>('runbooks.runStep', uri, 'prints');
    assert.ok(event, 'nothing ran');
    const session = sessions.active!;
    const logged = fs.readFileSync(session.file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as RunEvent).filter((l) => l.stepId === 'prints');
    const output = logged[logged.length - 1]?.output;
    assert.ok(output?.captured, `no output recorded: ${JSON.stringify(logged)}`);
    console.log(`    captured ${output.lines} lines, ${output.bytes} bytes: ${JSON.stringify(output.text)}`);
    assert.match(output.text, /pods ready\r?\n(?:.*\n)*?line 1\nline 2\nline 3\n\[REDACTED:github-token\]/);
    assert.ok(!output.text.includes('\x1b'), 'escape sequences stripped');
    assert.ok(!output.text.includes('AAAAAAAAAAAAAAAAAAAA'), 'the token is redacted');
    assert.ok(output.firstAt && output.lastAt);
    const index = session.events.findIndex((e) => e.type === 'run' && e.stepId === 'prints');
    await vscode.commands.executeCommand('runbooks.showRunOutput', index);
    const doc = await waitFor('the output document', () => vscode.window.activeTextEditor?.document.uri.scheme === 'runbook-output' && vscode.window.activeTextEditor.document);
    assert.match(doc.getText(), /line 3\n\[REDACTED:github-token\]/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('copies the final command without running it', async () => {
    const copied = await vscode.commands.executeCommand<string>('runbooks.copyStep', uri, 'write');
    // Self-contained: the value in a leading assignment, the command referring to it (one line, as typed).
    assert.match(copied, /^RUNBOOK_V_namespace='.*'; printf '%s' "\$\{RUNBOOK_V_namespace\}" > marker\.txt$/s);
    assert.strictEqual(await vscode.env.clipboard.readText(), copied);
  });

  it('adds notes, shows the timeline and exports it as markdown', async () => {
    const { sessions } = await api();
    await vscode.commands.executeCommand('runbooks.addNote', 'Rolled back the release');
    const events = sessions.active!.events.map((e) => e.type);
    assert.deepStrictEqual(events.slice(-1), ['note']);
    const exported = await vscode.commands.executeCommand<string>('runbooks.exportTimeline');
    const md = fs.readFileSync(exported, 'utf8');
    assert.match(md, /Rolled back the release/);
    assert.match(md, /\| exit code/i);
    fs.rmSync(exported);
  });

  it('shows in the Timeline view what the session recorded: the workbench fetches its last change, rows have stable ids', async () => {
    const { sessions, timeline } = await api();
    await vscode.commands.executeCommand('runbooks.timeline.focus');
    // A note and a run back to back, the view open: each change fires, and is fired again until it is fetched.
    await vscode.commands.executeCommand('runbooks.addNote', 'Checking the pods');
    const event = await vscode.commands.executeCommand<RunEvent>('runbooks.runStep', uri, 'write');
    assert.ok(event);
    await waitFor('the Timeline view to fetch the session\'s last change',
      () => timeline.sync.servedRevision === timeline.sync.revision, 15000);
    const rows = timeline.getChildren();
    assert.strictEqual(rows.at(-1), sessions.active!.events.at(-1), 'the view renders the session in memory');
    assert.strictEqual((rows.at(-1) as RunEvent).stepId, 'write');
    const ids = rows.map((r) => timeline.getTreeItem(r).id);
    assert.strictEqual(new Set(ids).size, rows.length, `unique ids: ${ids.join(', ')}`);
    assert.ok(ids.every((id) => id?.startsWith(`${sessions.active!.id}#`)), ids.join(', '));
  });

  it('renders Run buttons in the markdown preview of a runbook', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', doc);
    // The built-in preview does not follow command: links: the buttons link to this extension's URI handler.
    const runs = html.match(/href="[a-z-]+:\/\/incident-runbooks\.incident-runbooks\/run\?[^"]+"/g) ?? [];
    assert.strictEqual(runs.length, 5, html.slice(0, 800));
    assert.ok(decodeURIComponent(runs[0]).includes('step=write'), runs[0]);
  });

  it('handles the preview links: copy works, run always asks first, hostile links are refused', async () => {
    const { uriHandler } = await api();
    const link = (action: string, target: string, step: string) => vscode.Uri.parse(`vscode://incident-runbooks.incident-runbooks/${action}?uri=${encodeURIComponent(target)}&step=${encodeURIComponent(step)}`);
    const copied = await uriHandler.open(link('copy', uri.toString(), 'write'));
    assert.match(String(copied), /^RUNBOOK_V_namespace='/);
    fs.rmSync(file('marker.txt'), { force: true });
    // Run links always show the command and ask; the test workbench refuses dialogs, so nothing may run.
    const ran = await uriHandler.open(link('run', uri.toString(), 'write')).then((r) => r, () => undefined);
    assert.strictEqual(ran, undefined);
    await new Promise((r) => setTimeout(r, 500));
    assert.strictEqual(fs.existsSync(file('marker.txt')), false);
    for (const bad of [link('run', 'file:///etc/passwd', 'write'), link('run', uri.toString(), 'no-such-step'), link('run', uri.toString(), '../../x'),
      link('run', workspaceUri('docs', 'notes.md').toString(), 'x'), link('run', 'not a uri', 'write')]) {
      assert.strictEqual(await uriHandler.open(bad), undefined, bad.toString());
    }
  });

  it('asks before running a destructive step, and runs nothing until confirmed', async () => {
    const { sessions } = await api();
    const before = sessions.active!.events.length;
    // The test workbench refuses modal dialogs (it rejects them): either way, nothing may run without a yes.
    const outcome = await Promise.race([
      Promise.resolve(vscode.commands.executeCommand('runbooks.runStep', uri, 'wipe')).then(() => 'answered', () => 'dialog refused'),
      new Promise((r) => setTimeout(() => r('still asking'), 2000)),
    ]);
    console.log(`    confirmation: ${outcome}`);
    await new Promise((r) => setTimeout(r, 500));
    assert.strictEqual(fs.existsSync(file('wiped.txt')), false);
    assert.strictEqual(sessions.active!.events.length, before);
  });

  it('never gives alert labels to a terminal\'s environment, and runs no hostile label (issue 12, item 5)', async () => {
    const { alerts } = await api();
    const hostileUri = workspaceUri('runbooks', 'run-hostile.md');
    await vscode.workspace.fs.writeFile(hostileUri, new TextEncoder().encode([
      '---', 'title: Hostile labels', 'alerts: [HighLatency]', 'service: demo', 'owner: "@example-org/demo"', '---', '', '# Hostile labels', '',
      '```sh {id=plain}', 'printf ok > hostile-ok.txt', '```', '',
      '```sh {id=uses-it}', 'printf \'%s\' {{ps0}} > hostile-used.txt', '```', '',
      '```sh {id=env}', 'printf \'%s\' "$LESSOPEN" > hostile-env.txt', '```', '',
    ].join('\n')));
    const labels: Record<string, string> = {
      ps0: `$(touch ${file('pwned-ps0')})`, prompt_command: `touch ${file('pwned-pc')}`, rprompt: `$(touch ${file('pwned-rp')})`,
      lessopen: `|touch ${file('pwned-less')}`, bash_env: file('pwned-env'), java_tool_options: '-javaagent:/x', goflags: '-toolexec=/x',
      rustc_wrapper: '/x', pip_index_url: 'http://evil', openssl_conf: '/x', sudo_askpass: '/x', systemd_pager: 'sh', psql_pager: 'sh',
    };
    try {
      await alerts.bind(hostileUri.toString(), { name: 'HighLatency', labels });
      await new Promise((r) => setTimeout(r, 1500));
      for (const t of vscode.window.terminals) {
        const env = (t.creationOptions as vscode.TerminalOptions).env ?? {};
        for (const name of Object.keys(env)) {
          assert.ok(!/^(PS0|PROMPT_COMMAND|RPROMPT|LESSOPEN|BASH_ENV|JAVA_TOOL_OPTIONS|GOFLAGS|RUSTC_WRAPPER|PIP_INDEX_URL|OPENSSL_CONF|SUDO_ASKPASS|SYSTEMD_PAGER|PSQL_PAGER)$/i.test(name), `${t.name} has ${name} in its environment`);
        }
        assert.ok(!Object.values(env).some((v) => typeof v === 'string' && v.includes('touch ')), `${t.name} environment holds a label value`);
      }
      const ran = await vscode.commands.executeCommand<RunEvent>('runbooks.runStep', hostileUri, 'plain');
      assert.ok(ran, 'a step that uses no label runs');
      await waitFor('the plain step', () => fs.existsSync(file('hostile-ok.txt')));
      // A step that uses the hostile value: not label-like, no pattern declared, so it asks first (a modal, which
      // the test workbench refuses): nothing runs.
      const used = await Promise.race([
        Promise.resolve(vscode.commands.executeCommand('runbooks.runStep', hostileUri, 'uses-it')).then((r) => r ?? 'refused', () => 'dialog refused'),
        new Promise((r) => setTimeout(() => r('still asking'), 2000)),
      ]);
      console.log(`    hostile value: ${String(used)}`);
      // $LESSOPEN is reserved: never exported, even when the step references it.
      await vscode.commands.executeCommand('runbooks.runStep', hostileUri, 'env');
      await waitFor('the env step', () => fs.existsSync(file('hostile-env.txt')));
      await new Promise((r) => setTimeout(r, 1000));
      assert.notStrictEqual(fs.readFileSync(file('hostile-env.txt'), 'utf8'), labels.lessopen);
      assert.strictEqual(fs.existsSync(file('hostile-used.txt')), false);
      for (const canary of ['pwned-ps0', 'pwned-pc', 'pwned-rp', 'pwned-less', 'pwned-env']) {
        assert.strictEqual(fs.existsSync(file(canary)), false, canary);
      }
    } finally {
      for (const f of ['run-hostile.md', 'hostile-ok.txt', 'hostile-used.txt', 'hostile-env.txt', 'pwned-ps0', 'pwned-pc', 'pwned-rp', 'pwned-less', 'pwned-env']) {
        fs.rmSync(file(f), { force: true });
      }
    }
  });

  it('never types a PowerShell step into a POSIX terminal (issue 12, item 6)', async () => {
    const psUri = workspaceUri('runbooks', 'run-ps.md');
    await vscode.workspace.fs.writeFile(psUri, new TextEncoder().encode('# PowerShell\n\n```powershell {id=ps}\nWrite-Output {{name}} > ps.txt\n```\n'));
    try {
      const before = vscode.window.terminals.length;
      const { sessions } = await api();
      sessions.active!.values.name = "it's";
      const event = await vscode.commands.executeCommand<RunEvent | undefined>('runbooks.runStep', psUri, 'ps');
      const pwsh = vscode.window.terminals.filter((t) => t.name.endsWith('(pwsh)'));
      if (event) {
        // pwsh is installed: it ran in a pwsh terminal of its own.
        assert.strictEqual(pwsh.length, 1);
        assert.match(String((pwsh[0].creationOptions as vscode.TerminalOptions).shellPath), /pwsh|powershell/i);
      } else {
        // not installed: refused, and no terminal got it.
        assert.strictEqual(vscode.window.terminals.length, before);
      }
      for (const t of vscode.window.terminals.filter((x) => !x.name.endsWith('(pwsh)'))) {
        const shellPath = (t.creationOptions as vscode.TerminalOptions).shellPath;
        assert.ok(shellPath === undefined || !/pwsh|powershell/i.test(shellPath), t.name);
      }
      await new Promise((r) => setTimeout(r, 500));
      assert.strictEqual(fs.existsSync(file('ps.txt')) && !event, false);
    } finally {
      fs.rmSync(file('run-ps.md'), { force: true });
      fs.rmSync(file('ps.txt'), { force: true });
    }
  });
});
