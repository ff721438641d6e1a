import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runCommand, type ExecRequest, type RunIo } from '../../../src/cli/commands/run';

const REPO = path.join(__dirname, '../../../..');
const FIXTURES = path.join(REPO, 'test/unit/cli/fixtures/run');

function kubeconfig(current: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-kube-'));
  const file = path.join(dir, 'config');
  fs.writeFileSync(file, `apiVersion: v1\ncurrent-context: ${current}\ncontexts:\n- name: prod-us\n  context: { cluster: prod-us, namespace: payments }\n- name: prod-eu\n  context: { cluster: prod-eu }\n`);
  return file;
}

async function run(argv: string[], env: Record<string, string>): Promise<{ code: number; err: string; out: string; exec?: ExecRequest }> {
  let err = '';
  let out = '';
  let exec: ExecRequest | undefined;
  const io: RunIo = {
    cwd: FIXTURES,
    out: (t) => (out += t),
    err: (t) => (err += t),
    isTTY: false,
    env: { PATH: '/usr/bin:/bin', HOME: '/nonexistent', ...env },
    exec: async (r) => {
      exec = r;
      return 0;
    },
  };
  const code = await runCommand(argv, io);
  return { code, err, out, exec };
}

describe('runbook run: the target guard', () => {
  it('exits 3 on a mismatch, runs nothing, names both sides; --yes does not skip it', async () => {
    const KUBECONFIG = kubeconfig('prod-eu');
    const r = await run(['target.md', '--step', 'pods', '--label', 'cluster=prod-us', '--label', 'namespace=payments', '--yes'], { KUBECONFIG });
    assert.equal(r.code, 3, r.err);
    assert.equal(r.exec, undefined, 'nothing ran');
    assert.match(r.err, /target mismatch: the alert is on cluster prod-us, namespace payments; your terminal points at prod-eu \/ payments/);
    assert.match(r.err, /switch with: kubectl config use-context prod-us/);
  });

  it('runs with the right context (0), and with --target-ok on a mismatch', async () => {
    const ok = await run(['target.md', '--step', 'pods', '--label', 'cluster=prod-us', '--label', 'namespace=payments'], { KUBECONFIG: kubeconfig('prod-us') });
    assert.equal(ok.code, 0, ok.err);
    assert.ok(ok.exec, 'it ran');
    const forced = await run(['target.md', '--step', 'pods', '--label', 'cluster=prod-us', '--label', 'namespace=payments', '--target-ok'], { KUBECONFIG: kubeconfig('prod-eu') });
    assert.equal(forced.code, 0);
    assert.ok(forced.exec);
    assert.match(forced.err, /running anyway \(--target-ok\)/);
  });

  it('binds the first alert of --payload, maps labels through the runbook\'s targets:', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-payload-'));
    const payload = path.join(dir, 'p.json');
    fs.writeFileSync(payload, JSON.stringify({ alerts: [{ labels: { alertname: 'KubePodCrashLooping', env: 'production', namespace: 'payments' } }, { labels: { alertname: 'Other', env: 'x' } }] }));
    const bad = await run(['target.md', '--step', 'scale', '--payload', payload], { KUBECONFIG: kubeconfig('prod-eu') });
    assert.equal(bad.code, 3, bad.err);
    assert.match(bad.err, /\(mutate\): target mismatch: alert KubePodCrashLooping is on cluster production \(prod-us\), namespace payments; your terminal points at prod-eu \/ default/);
    const good = await run(['target.md', '--step', 'scale', '--payload', payload, '--yes'], { KUBECONFIG: kubeconfig('prod-us') });
    assert.equal(good.code, 0, good.err);
  });

  it('unknown is shown, not blocked; steps without a target tool are not checked', async () => {
    const unknown = await run(['target.md', '--step', 'pods', '--label', 'cluster=prod-us', '--label', 'namespace=payments'], {});
    assert.equal(unknown.code, 0);
    assert.match(unknown.err, /note: target not fully known: .*your terminal points at unknown/);
    const hello = await run(['target.md', '--step', 'hello', '--label', 'cluster=prod-us'], { KUBECONFIG: kubeconfig('prod-eu') });
    assert.equal(hello.code, 0);
    assert.doesNotMatch(hello.err, /mismatch|not fully known/);
  });

  it('--dry-run prints the command and says it would be refused', async () => {
    const r = await run(['target.md', '--step', 'pods', '--label', 'cluster=prod-us', '--label', 'namespace=payments', '--dry-run'], { KUBECONFIG: kubeconfig('prod-eu') });
    assert.equal(r.code, 0);
    assert.equal(r.out, 'RUNBOOK_V_namespace=\'payments\'\nkubectl -n "${RUNBOOK_V_namespace}" get pods');
    assert.match(r.err, /would be refused: target mismatch/);
  });
});
