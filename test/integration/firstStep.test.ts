// The alert link's first response (issue 14): one question offering the first diagnostic step with its exact command;
// "Run" runs that command once, recorded; steps that change something are never offered. (Restricted Mode: see
// untrusted.test.ts.) The test workbench refuses modal dialogs: the offer's prompt is replaced through the API.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { FirstStepPrompt, FirstStepQuestion } from '../../src/extension/alerts/firstStep';
import { api, waitFor, workspaceUri } from './helpers';

const LINK = 'vscode://incident-runbooks.incident-runbooks/alert';

const DESTRUCTIVE_ONLY = '---\ntitle: Offer nothing\nalerts:\n  - OfferNothingAlert\n---\n\n# Offer nothing\n\n## Diagnosis\n\n'
  + '```sh {id=wipe-first destructive}\ntouch offer-wiped.txt\n```\n\n```sh {id=scale-down}\nkubectl -n shop scale deployment/web --replicas=0\n```\n';
const DESTRUCTIVE_FIRST = '---\ntitle: Offer the read step\nalerts:\n  - OfferReadAlert\n---\n\n# Offer the read step\n\n## Meaning\n\nText.\n\n## Triage\n\n'
  + '```sh {id=wipe-first destructive}\ntouch offer-wiped.txt\n```\n\n```sh {id=look}\necho looked\n```\n';

const DIAGNOSIS = '---\ntitle: Offer the diagnosis\nalerts:\n  - OfferDiagnosisAlert\n---\n\n# Offer the diagnosis\n\n## Diagnosis\n\n'
  + '```sh {id=diag-one}\necho diag-one\n```\n\n```sh {id=diag-scale}\nkubectl -n shop scale deployment/web --replicas=2\n```\n\n```sh {id=diag-two}\necho diag-two\n```\n';

const PRESTART = '---\ntitle: Prestart demo\nalerts:\n  - PrestartAlert\n---\n\n# Prestart demo\n\n## Diagnosis\n\n'
  + '```sh {id=where}\npwd > prestart-pwd.txt\n```\n';

describe('Alert link: the first diagnostic step offered at once', () => {
  let saved: FirstStepPrompt;
  const files = [workspaceUri('runbooks', 'offer-nothing.md'), workspaceUri('runbooks', 'offer-read.md'), workspaceUri('runbooks', 'offer-diagnosis.md')];

  before(async () => {
    const { firstStep, index } = await api();
    saved = firstStep.prompt;
    await vscode.workspace.fs.writeFile(files[0], new TextEncoder().encode(DESTRUCTIVE_ONLY));
    await vscode.workspace.fs.writeFile(files[1], new TextEncoder().encode(DESTRUCTIVE_FIRST));
    await vscode.workspace.fs.writeFile(files[2], new TextEncoder().encode(DIAGNOSIS));
    await waitFor('the runbooks in the index', () => files.every((f) => index.has(f.toString())));
  });

  after(async () => {
    const { firstStep } = await api();
    firstStep.prompt = saved;
    for (const f of files) {
      await vscode.workspace.fs.delete(f).then(undefined, () => undefined);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('offers the first read step of the Diagnosis section; Run runs exactly the previewed command once, recorded', async () => {
    const { uriHandler, firstStep, sessions } = await api();
    const asked: FirstStepQuestion[] = [];
    firstStep.prompt = async (q) => (asked.push(q), 'run');
    const editor = (await uriHandler.open(vscode.Uri.parse(`${LINK}?name=HighHTTPErrorRate&namespace=prod&pod=web-1`))) as vscode.TextEditor | undefined;
    assert.strictEqual(asked.length, 1);
    assert.strictEqual(asked[0].stepId, 'error-pods');
    assert.strictEqual(asked[0].alert, 'HighHTTPErrorRate');
    assert.strictEqual(asked[0].runbook, 'High HTTP error rate');
    assert.match(asked[0].display, /prod/);
    assert.match(asked[0].display, /get pods -l app=checkout-api/);
    // Opened at the step's section, not at the front matter.
    assert.ok(editor, 'no editor');
    assert.strictEqual(editor.document.lineAt(editor.selection.active.line).text, '## Diagnosis');
    // The run skipped the usual "Run step?" dialog (refused by this workbench: it would not have run).
    const event = await firstStep.lastRun;
    assert.ok(event, 'nothing ran');
    assert.strictEqual(event.stepId, 'error-pods');
    assert.strictEqual(event.command, asked[0].display);
    const runs = sessions.active!.events.filter((e) => e.type === 'run' && e.stepId === 'error-pods' && e.command === asked[0].display);
    assert.strictEqual(runs.length, 1);
    const t = firstStep.timings.at(-1)!;
    assert.strictEqual(t.stepId, 'error-pods');
    assert.ok(t.commandStartedMs !== undefined, 'the start of the command was not recorded');
    const ready = t.shellReadyMs === undefined ? 'no shell integration' : `shell integration ready ${t.shellReadyMs < 0 ? `${(-t.shellReadyMs).toFixed(0)} ms before the link` : `at ${t.shellReadyMs.toFixed(0)} ms`}`;
    console.log(`    link → dialog shown ${t.dialogShownMs.toFixed(0)} ms, → Run ${t.runClickedMs?.toFixed(0)} ms (answered at once here), → command sent ${t.sentMs?.toFixed(0)} ms (${ready}), → start reported ${t.commandStartedMs.toFixed(0)} ms (in the host)`);
  });

  it('offers Run Diagnosis (issue 16): the read steps of the section run in order, never the mutating one', async () => {
    const { uriHandler, firstStep, sessions } = await api();
    const asked: FirstStepQuestion[] = [];
    firstStep.prompt = async (q) => (asked.push(q), 'diagnose');
    await uriHandler.open(vscode.Uri.parse(`${LINK}?name=OfferDiagnosisAlert`));
    assert.strictEqual(asked.length, 1);
    assert.strictEqual(asked[0].stepId, 'diag-one');
    assert.strictEqual(asked[0].diagnosisSteps, 2);
    const ran = await waitFor('both read steps of the Diagnosis section recorded', () => {
      const ids = (sessions.active?.events ?? []).filter((e) => e.type === 'run').map((e) => (e as { stepId: string }).stepId);
      return ids.includes('diag-one') && ids.includes('diag-two') && ids;
    }, 30000);
    assert.ok(!ran.includes('diag-scale'), 'a mutating step ran');
    assert.ok(ran.indexOf('diag-one') < ran.indexOf('diag-two'));
  });

  it('runs the step in a shell started before the alert (hidden, nothing run in it), moved to the runbook\'s folder', async () => {
    const { uriHandler, firstStep, terminals } = await api();
    // Started once the workspace was indexed (or again, after an earlier alert took it: that takes some seconds).
    const pool = await waitFor('the shell started before any alert', () => terminals.prestarted, 20000);
    const options = pool.creationOptions as vscode.TerminalOptions;
    assert.strictEqual(options.hideFromUser, true, 'hidden until an alert needs it');
    assert.strictEqual(options.env, undefined, 'no environment of its own');
    await waitFor('its shell integration', () => pool.shellIntegration, 8000);
    const uri = workspaceUri('runbooks', 'prestart', 'prestart.md');
    const here = workspaceUri('runbooks', 'prestart', 'prestart-pwd.txt').fsPath;
    try {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(PRESTART));
      await waitFor('the runbook in the index', async () => (await api()).index.has(uri.toString()));
      assert.strictEqual(fs.existsSync(here), false, 'nothing ran in it');
      firstStep.prompt = async () => 'run';
      await uriHandler.open(vscode.Uri.parse(`${LINK}?name=PrestartAlert`));
      const event = await firstStep.lastRun;
      assert.ok(event, 'nothing ran');
      assert.strictEqual(terminals.of(uri.toString()), pool, 'the step ran in the shell started before the alert');
      // In the runbook's folder (runbooks.run.cwd), though started elsewhere: `pwd > …` wrote the file there.
      await waitFor('the step\'s file in the runbook\'s folder', () => fs.existsSync(here));
      await waitFor('the terminal named after the runbook', () => pool.name === 'Runbook: Prestart demo');
      const t = firstStep.timings.at(-1)!;
      assert.ok(t.shellReadyMs !== undefined && t.shellReadyMs < 0, `the shell was ready before the link: ${t.shellReadyMs}`);
    } finally {
      await vscode.workspace.fs.delete(workspaceUri('runbooks', 'prestart'), { recursive: true }).then(undefined, () => undefined);
    }
  });

  it('opens the runbook only when asked to, running nothing', async () => {
    const { uriHandler, firstStep, sessions } = await api();
    firstStep.prompt = async () => 'open';
    firstStep.lastRun = undefined;
    const before = sessions.active?.events.length ?? 0;
    const editor = (await uriHandler.open(vscode.Uri.parse(`${LINK}?name=PostgresReplicationLag&namespace=db`))) as vscode.TextEditor | undefined;
    assert.ok(editor?.document.uri.path.endsWith('/runbooks/db/postgres-replication-lag.md'));
    await new Promise((r) => setTimeout(r, 500));
    assert.strictEqual(firstStep.lastRun, undefined);
    assert.strictEqual(sessions.active?.events.length ?? 0, before);
  });

  it('never offers a destructive or mutating step', async () => {
    const { uriHandler, firstStep } = await api();
    const asked: FirstStepQuestion[] = [];
    firstStep.prompt = async (q) => (asked.push(q), undefined);
    const editor = (await uriHandler.open(vscode.Uri.parse(`${LINK}?name=OfferNothingAlert`))) as vscode.TextEditor | undefined;
    assert.ok(editor?.document.uri.path.endsWith('/runbooks/offer-nothing.md'), 'the runbook opens as before');
    assert.strictEqual(asked.length, 0);
    await uriHandler.open(vscode.Uri.parse(`${LINK}?name=OfferReadAlert`));
    assert.deepStrictEqual(asked.map((q) => q.stepId), ['look']);
    assert.strictEqual(fs.existsSync(workspaceUri('runbooks', 'offer-wiped.txt').fsPath), false);
  });

  it('is off with runbooks.alertLink.offerFirstStep: false', async () => {
    const { uriHandler, firstStep } = await api();
    const asked: FirstStepQuestion[] = [];
    firstStep.prompt = async (q) => (asked.push(q), undefined);
    const config = vscode.workspace.getConfiguration('runbooks');
    try {
      await config.update('alertLink.offerFirstStep', false, vscode.ConfigurationTarget.Workspace);
      const editor = (await uriHandler.open(vscode.Uri.parse(`${LINK}?name=HighHTTPErrorRate&namespace=prod`))) as vscode.TextEditor | undefined;
      assert.ok(editor);
      assert.deepStrictEqual(asked, []);
    } finally {
      await config.update('alertLink.offerFirstStep', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
