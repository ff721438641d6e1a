import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_DANGEROUS_PATTERNS, needsConfirmation } from '../../../../src/core/run/danger';

const safe = { destructive: false };

describe('needsConfirmation', () => {
  it('asks for destructive steps, whatever the command', () => {
    assert.deepEqual(needsConfirmation({ destructive: true }, 'kubectl get pods'), { confirm: true, reasons: ['the step is marked destructive'] });
  });

  it('asks for dangerous commands, case-insensitively, and says which', () => {
    const dangerous: [string, string][] = [
      ['rm -rf /var/lib/x', 'rm -rf'],
      ['sudo rm -fr ./tmp', 'rm -fr'],
      ['rm -r dir', 'rm -r'],
      ['rm -f -R dir', 'rm -f -R'],
      ['rm --recursive dir', 'rm --recursive'],
      ['kubectl delete pod api-1', 'kubectl delete'],
      ["kubectl -n 'payments' delete pod x", "kubectl -n 'payments' delete"],
      ['kubectl drain node-1 --ignore-daemonsets', 'kubectl drain'],
      ['helm uninstall orders', 'helm uninstall'],
      ['psql -c "DROP TABLE orders"', 'DROP TABLE'],
      ['psql -c "drop database x"', 'drop database'],
      ['psql -c "TRUNCATE audit"', 'TRUNCATE'],
      ['truncate -s 0 /var/log/big.log', 'truncate'],
      ['psql -c "delete from orders"', 'delete from'],
      ['terraform apply -auto-approve', 'terraform apply'],
      ['terraform -chdir=x destroy', 'terraform -chdir=x destroy'],
      ['git push --force', '--force'],
      ['kubectl replace --force -f x.yaml', '--force'],
      ['sudo mkfs.ext4 /dev/sdb1', 'mkfs.ext4'],
      ['dd if=/dev/zero of=/dev/sda bs=1M', 'dd if='],
      ['ssh host sudo reboot', 'reboot'],
      ['sudo shutdown -h now', 'shutdown'],
      ['sudo systemctl stop kubelet', 'systemctl stop'],
      ['systemctl --now disable nginx', 'systemctl --now disable'],
      ['SUDO SYSTEMCTL RESTART POSTGRESQL', 'SYSTEMCTL RESTART'],
    ];
    for (const [command, shown] of dangerous) {
      const r = needsConfirmation(safe, command);
      assert.equal(r.confirm, true, command);
      assert.ok(r.reasons.includes(`it runs \`${shown}\``), `${command}: ${r.reasons.join('; ')}`);
    }
  });

  it('lets ordinary diagnostics through', () => {
    for (const command of [
      'kubectl get pods', 'kubectl describe pod delete-me', 'kubectl get events --field-selector reason=Killing',
      'rm -f /tmp/x-prometheus.lock', 'ls -rf', 'grep -r force .', 'journalctl -u kubelet --since -1h',
      'systemctl status kubelet', 'helm list', 'terraform plan', 'df -h', 'echo "dd is a tool"', 'kubectl get pod x -o yaml | grep drain-timeout',
    ]) {
      assert.deepEqual(needsConfirmation(safe, command), { confirm: false, reasons: [] }, command);
    }
  });

  it('matches on any line of a multi-line command, and gives every reason', () => {
    const r = needsConfirmation({ destructive: true }, 'kubectl get pods\nkubectl delete pod x --force');
    assert.deepEqual(r.reasons, ['the step is marked destructive', 'it runs `kubectl delete`', 'it runs `--force`']);
  });

  it('takes custom patterns, and asks when one of them is not a valid regular expression', () => {
    assert.equal(needsConfirmation(safe, 'kubectl get pods', ['kubectl get']).confirm, true);
    assert.equal(needsConfirmation(safe, 'kubectl delete pod x', []).confirm, false);
    const r = needsConfirmation(safe, 'echo hi', ['(unclosed']);
    assert.equal(r.confirm, true);
    assert.match(r.reasons[0], /^the dangerous-command pattern \/\(unclosed\/ is invalid/);
  });

  it('shortens long matches', () => {
    const r = needsConfirmation(safe, `kubectl ${'-v=9 '.repeat(30)}delete pod x`);
    assert.ok(r.reasons[0].length < 80 && r.reasons[0].endsWith('…`'), r.reasons[0]);
  });

  it('are valid regular expressions', () => {
    assert.ok(DEFAULT_DANGEROUS_PATTERNS.length >= 12);
    for (const p of DEFAULT_DANGEROUS_PATTERNS) {
      assert.doesNotThrow(() => new RegExp(p, 'im'), p);
    }
  });

  it('stays fast on long commands', () => {
    const long = `kubectl ${'a '.repeat(50_000)}get`;
    const start = Date.now();
    needsConfirmation(safe, long);
    assert.ok(Date.now() - start < 2000);
  });
});
