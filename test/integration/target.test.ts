// The target guard and the diagnose mode in a real extension host: a fake `kubectl` first on PATH (it logs its
// arguments; `config use-context` rewrites the kubeconfig) and a kubeconfig in KUBECONFIG, both set up by
// scripts/test-integration.js for the extension host and its terminals.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { parseRunbook } from '../../src/core/parse';
import type { RunEvent } from '../../src/core/run/session';
import { RUN_ANYWAY, type TargetPrompts } from '../../src/extension/target/targetGuard';
import type { DiagnosisResult } from '../../src/extension/target/diagnose';
import { api, waitFor, workspaceUri } from './helpers';

const fence = '```';
const RUNBOOK = `---
title: Target demo
alerts: [TargetDemo]
variables:
  namespace: Namespace
---

# Target demo

## Diagnosis

${fence}sh {id=pods}
kubectl get pods -n {{namespace}} --marker=pods
${fence}

${fence}sh {id=scale}
kubectl scale deploy/api --replicas=3 --marker=scale
${fence}

${fence}sh {id=local}
echo diagnosed > diagnosed.txt
${fence}

${fence}sh {id=wipe destructive}
kubectl delete pod api-1 --marker=wipe
${fence}
`;

const KUBECONFIG = (current: string) => `apiVersion: v1
kind: Config
current-context: ${current}
contexts:
- name: prod-eu
  context: { cluster: prod-eu, user: me }
- name: prod-us
  context: { cluster: prod-us, namespace: payments, user: me }
`;

describe('Target guard and diagnose mode', () => {
  const fakeBin = process.env.RUNBOOKS_TEST_FAKEBIN;
  const kubeconfig = process.env.KUBECONFIG;
  const uri = workspaceUri('runbooks', 'target-demo.md');
  const log = fakeBin ? path.join(fakeBin, 'kubectl.log') : '';
  const logged = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '');
  let saved: TargetPrompts;

  before(async function () {
    if (!fakeBin || !kubeconfig) {
      this.skip(); // not run by scripts/test-integration.js
    }
    fs.writeFileSync(path.join(fakeBin, 'kubectl'), `#!/bin/sh
printf '%s\\n' "$*" >> '${log}'
if [ "$1" = config ] && [ "$2" = use-context ]; then
  sed -i "s/^current-context: .*/current-context: $3/" "$KUBECONFIG"
fi
exit 0
`, { mode: 0o755 });
    fs.writeFileSync(kubeconfig, KUBECONFIG('prod-eu'));
    const { alerts, targetGuard } = await api();
    saved = targetGuard.prompts;
    await vscode.workspace.getConfiguration('runbooks').update('run.confirmCommands', 'never', vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(RUNBOOK));
    await alerts.bind(uri.toString(), { name: 'KubePodCrashLooping', labels: { cluster: 'prod-us', namespace: 'payments' } });
  });

  after(async () => {
    const { targetGuard } = await api();
    if (saved) {
      targetGuard.prompts = saved;
    }
    fs.rmSync(workspaceUri('runbooks', 'diagnosed.txt').fsPath, { force: true });
  });

  beforeEach(() => {
    fs.rmSync(log, { force: true });
  });

  it('shows the terminal\'s target next to the alert, as a warning on a mismatch', async () => {
    const { targetStatus } = await api();
    await vscode.window.showTextDocument(uri);
    const shown = await waitFor('the target in the status bar', () => targetStatus.shown?.mismatch && targetStatus.shown);
    assert.strictEqual(shown.text, 'prod-eu / default');
  });

  it('blocks a step aimed at another cluster, naming both sides: the fake kubectl never runs', async () => {
    const { targetGuard } = await api();
    const asked: string[] = [];
    targetGuard.prompts = { block: async (m, d, choices) => (asked.push(`${m}\n${d}\n${choices.join('|')}`), undefined), typeName: async () => assert.fail('not asked') };
    const event = await vscode.commands.executeCommand<RunEvent | undefined>('runbooks.runStep', uri, 'pods');
    assert.strictEqual(event, undefined);
    assert.strictEqual(asked.length, 1);
    assert.match(asked[0], /Alert KubePodCrashLooping is on cluster prod-us, namespace payments; your terminal points at prod-eu \/ payments/);
    assert.match(asked[0], /Switch to prod-us\|Run Anyway…$/);
    await new Promise((r) => setTimeout(r, 500));
    assert.strictEqual(logged(), '', 'kubectl must not have run');
  });

  it('switching the context runs the switch in the runbook\'s terminal, then the step', async () => {
    const { targetGuard } = await api();
    let asked = 0;
    targetGuard.prompts = { block: async (_m, _d, choices) => (asked++ ? undefined : choices.find((c) => c.startsWith('Switch to prod-us'))), typeName: async () => assert.fail('not asked') };
    const event = await vscode.commands.executeCommand<RunEvent | undefined>('runbooks.runStep', uri, 'pods');
    assert.strictEqual(asked, 1, 'asked once: after the switch the target matches');
    assert.ok(event, 'the step ran after the switch');
    assert.strictEqual(event.exitCode, 0);
    const lines = (await waitFor('kubectl runs', () => logged().includes('--marker=pods') && logged())).trim().split('\n');
    assert.deepStrictEqual(lines, ['config use-context prod-us', 'get pods -n payments --marker=pods']);
    assert.match(fs.readFileSync(kubeconfig!, 'utf8'), /current-context: prod-us/);
  });

  it('running a mutating step anyway takes typing the target\'s name', async () => {
    fs.writeFileSync(kubeconfig!, KUBECONFIG('prod-eu'));
    const { targetGuard } = await api();
    let expected = '';
    let answer: string | undefined = 'prod-e';
    targetGuard.prompts = { block: async () => RUN_ANYWAY, typeName: async (name) => ((expected = name), answer) };
    assert.strictEqual(await vscode.commands.executeCommand('runbooks.runStep', uri, 'scale'), undefined, 'a wrong name runs nothing');
    assert.strictEqual(expected, 'prod-eu');
    answer = 'prod-eu';
    const event = await vscode.commands.executeCommand<RunEvent | undefined>('runbooks.runStep', uri, 'scale');
    assert.ok(event);
    await waitFor('kubectl scale', () => logged().includes('--marker=scale'));
    assert.strictEqual(logged().trim(), 'scale deploy/api --replicas=3 --marker=scale');
  });

  it('Run diagnosis runs the read steps in order and skips the ones that change things', async () => {
    fs.writeFileSync(kubeconfig!, KUBECONFIG('prod-us'));
    const { targetGuard } = await api();
    targetGuard.prompts = { block: async () => assert.fail('the target matches: no question'), typeName: async () => assert.fail('not asked') };
    const doc = await vscode.workspace.openTextDocument(uri);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    assert.ok(lenses.some((l) => l.command?.title.includes('Run diagnosis (2 read steps, 2 skipped)')), lenses.map((l) => l.command?.title).join(', '));
    const result = await vscode.commands.executeCommand<DiagnosisResult>('runbooks.runDiagnosis', uri);
    assert.deepStrictEqual(result.events.map((e) => [e.stepId, e.status]), [['pods', 'ok'], ['local', 'ok']]);
    assert.deepStrictEqual(result.skipped, ['scale (mutate)', 'wipe (destructive)']);
    await waitFor('the local step', () => fs.existsSync(workspaceUri('runbooks', 'diagnosed.txt').fsPath));
    assert.strictEqual(logged().trim(), 'get pods -n payments --marker=pods', 'only the read kubectl step ran');
  });
});

describe('runbooks.run.dangerousPatterns, read through the settings adapter', () => {
  it('takes the workspace\'s value in a trusted workspace (Restricted Mode ignores it: untrusted.test)', async function () {
    if (!vscode.workspace.isTrusted) {
      this.skip();
    }
    const { targetGuard } = await api();
    const uri = workspaceUri('runbooks', 'target-demo.md');
    const step = parseRunbook(uri.toString(), '# R\n\n```sh {id=f}\nacme-failover --now\n```\n').steps[0];
    const config = vscode.workspace.getConfiguration('runbooks');
    try {
      assert.strictEqual(targetGuard.risk(uri, step), 'read');
      await config.update('run.dangerousPatterns', ['\\bacme-failover\\b', 3], vscode.ConfigurationTarget.Workspace);
      assert.strictEqual(targetGuard.risk(uri, step), 'destructive'); // the entry that is not a string is dropped, not the list
    } finally {
      await config.update('run.dangerousPatterns', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
