import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRunbook } from '../../../../src/core/parse';
import { assessRisk, declaredRisk, DEFAULT_DANGEROUS_PATTERNS, needsConfirmation, type Risk } from '../../../../src/core/run/danger';
import { judgeCommands } from '../../../../src/core/run/riskModel';

const safe = { destructive: false };

/** Real-world commands per tool: [command, risk, the words shown as `what`]. */
const TABLE: Readonly<Record<string, readonly (readonly [string, Risk, string?])[]>> = {
  kubectl: [
    ['kubectl get pods -A', 'read', 'kubectl get'],
    ['kubectl -n payments describe pod api-1', 'read', 'kubectl describe'],
    ['kubectl logs deploy/api --since=1h', 'read'],
    ['kubectl top nodes', 'read'],
    ['kubectl rollout status deploy/api', 'read', 'kubectl rollout status'],
    ['kubectl describe pod delete-me', 'read'],
    ['kubectl get events --field-selector reason=Killing', 'read'],
    ['kubectl auth can-i delete pods', 'read'],
    ['kubectl apply -f fix.yaml', 'mutate', 'kubectl apply'],
    ['kubectl scale deploy/api --replicas=3', 'mutate', 'kubectl scale'],
    ['kubectl cordon node-1', 'mutate', 'kubectl cordon'],
    ['kubectl patch deploy api -p \'{"spec":{}}\'', 'mutate', 'kubectl patch'],
    ['kubectl label pod x team=a', 'mutate'],
    ['kubectl delete pod api-1', 'destructive', 'kubectl delete'],
    ["kubectl -n 'payments' delete pod x", 'destructive', 'kubectl delete'],
    ['kubectl drain node-1 --ignore-daemonsets', 'destructive', 'kubectl drain'],
    ['kubectl scale deploy/api --replicas=0', 'destructive', 'kubectl scale --replicas=0'],
    ['kubectl scale deploy/api --replicas 0', 'destructive', 'kubectl scale --replicas'],
    ['kubectl rollout undo deploy/api', 'destructive', 'kubectl rollout undo'],
    ['kubectl rollout restart deploy/api', 'destructive', 'kubectl rollout restart'],
    ['kubectl replace --force -f x.yaml', 'destructive', 'kubectl replace --force'],
    ['kubectl delete pod x --dry-run=client', 'read'],
    ['kubectl apply --prune -l app=x -f dir/', 'destructive'],
  ],
  oc: [
    ['oc get pods -n openshift-monitoring', 'read', 'oc get'],
    ["oc get pods -o go-template='{{range .items}}{{.metadata.name}}{{\"\\n\"}}{{end}}'", 'read', 'oc get'],
    ['oc adm top nodes', 'read', 'oc adm top'],
    ['oc adm must-gather', 'read'],
    ['oc whoami', 'read'],
    ['oc adm cordon worker-1', 'mutate', 'oc adm cordon'],
    ['oc scale dc/api --replicas=2', 'mutate'],
    ['oc start-build api', 'mutate'],
    ['oc delete pod api-1', 'destructive', 'oc delete'],
    ['oc scale --replicas=0 deploy/x', 'destructive', 'oc scale --replicas=0'],
    ['oc adm drain worker-1 --ignore-daemonsets --delete-emptydir-data', 'destructive', 'oc adm drain'],
    ['oc rollback api', 'destructive'],
  ],
  helm: [
    ['helm list -A', 'read', 'helm list'],
    ['helm -n shop status orders', 'read', 'helm status'],
    ['helm history orders', 'read'],
    ['helm template ./chart', 'read'],
    ['helm upgrade orders ./chart -f values.yaml', 'mutate', 'helm upgrade'],
    ['helm install x ./chart', 'mutate'],
    ['helm uninstall orders', 'destructive', 'helm uninstall'],
    ['helm rollback orders 3', 'destructive', 'helm rollback'],
    ['helm upgrade orders ./chart --force', 'destructive', 'helm upgrade --force'],
  ],
  terraform: [
    ['terraform plan', 'read', 'terraform plan'],
    ['terraform -chdir=infra plan -out plan.tfplan', 'read'],
    ['terraform state list', 'read', 'terraform state list'],
    ['terraform output -json', 'read'],
    ['terraform import aws_s3_bucket.b b', 'mutate'],
    ['terraform taint aws_instance.a', 'mutate'],
    ['terraform apply -auto-approve', 'destructive', 'terraform apply'],
    ['terraform -chdir=x destroy', 'destructive', 'terraform destroy'],
    ['terraform state rm aws_instance.a', 'destructive', 'terraform state rm'],
  ],
  aws: [
    ['aws ec2 describe-instances --region eu-west-1', 'read', 'aws ec2 describe-instances'],
    ['aws sts get-caller-identity', 'read'],
    ['aws s3 ls s3://bucket', 'read'],
    ['aws logs tail /aws/lambda/x --follow', 'read'],
    ['aws ecs update-service --cluster c --service s --desired-count 3', 'mutate'],
    ['aws s3 cp x s3://bucket/x', 'mutate'],
    ['aws ec2 terminate-instances --instance-ids i-1', 'destructive', 'aws ec2 terminate-instances'],
    ['aws s3 rm s3://bucket/x --recursive', 'destructive', 'aws s3 rm'],
    ['aws ecs update-service --cluster c --service s --desired-count 0', 'destructive'],
    ['aws rds delete-db-instance --db-instance-identifier x', 'destructive'],
  ],
  gcloud: [
    ['gcloud compute instances list', 'read'],
    ['gcloud container clusters get-credentials prod --region x', 'read'],
    ['gcloud config set project shop', 'mutate'],
    ['gcloud compute instances delete vm-1 --zone x', 'destructive', 'gcloud compute instances delete'],
    ['gcloud sql instances restart db', 'destructive'],
  ],
  az: [
    ['az vm list -o table', 'read'],
    ['az aks get-credentials -g rg -n prod', 'read'],
    ['az vm start -g rg -n vm', 'mutate'],
    ['az vm delete -g rg -n vm --yes', 'destructive', 'az vm delete'],
  ],
  docker: [
    ['docker ps -a', 'read', 'docker ps'],
    ['docker logs --tail 100 api', 'read'],
    ['docker inspect api', 'read'],
    ['docker system df', 'read', 'docker system df'],
    ['docker run --rm busybox true', 'mutate'],
    ['docker pull nginx', 'mutate'],
    ['docker rm -f api', 'destructive', 'docker rm'],
    ['docker system prune -af', 'destructive', 'docker system prune'],
    ['docker compose down -v', 'destructive', 'docker compose down'],
    ['docker stop api', 'destructive'],
  ],
  podman: [
    ['podman ps', 'read'],
    ['podman pod ps', 'read'],
    ['podman start api', 'mutate'],
    ['podman rmi nginx', 'destructive'],
    ['podman kill api', 'destructive'],
  ],
  crictl: [
    ['crictl ps -a', 'read', 'crictl ps'],
    ['crictl logs abc123', 'read'],
    ['crictl inspectp abc', 'read'],
    ['crictl pull nginx', 'mutate'],
    ['crictl rmi abc', 'destructive', 'crictl rmi'],
    ['crictl rmp -f abc', 'destructive'],
    ['crictl stop abc', 'destructive'],
  ],
  systemctl: [
    ['systemctl status kubelet', 'read', 'systemctl status'],
    ['systemctl --no-pager -l status nginx', 'read'],
    ['systemctl list-units --failed', 'read'],
    ['systemctl is-active docker', 'read'],
    ['systemctl start nginx', 'mutate'],
    ['sudo systemctl daemon-reload', 'mutate'],
    ['sudo systemctl stop kubelet', 'destructive', 'systemctl stop'],
    ['systemctl --now disable nginx', 'destructive', 'systemctl disable'],
    ['SUDO SYSTEMCTL RESTART POSTGRESQL', 'destructive', 'SYSTEMCTL RESTART'],
    ['systemctl -H host mask x', 'destructive'],
  ],
  service: [
    ['service nginx status', 'read', 'service status'],
    ['service --status-all', 'read'],
    ['service nginx reload', 'mutate'],
    ['service nginx stop', 'destructive', 'service stop'],
    ['sudo service postgresql restart', 'destructive'],
    ['/etc/init.d/haproxy stop', 'destructive'],
  ],
  'redis-cli': [
    ['redis-cli -h cache-1 INFO memory', 'read', 'redis-cli INFO memory'],
    ['redis-cli -h cache-1 -p 6380 slowlog get 10', 'read'],
    ['redis-cli --bigkeys', 'read'],
    ['redis-cli -n 2 dbsize', 'read'],
    ['redis-cli CONFIG SET maxmemory 2gb', 'mutate'],
    ['redis-cli set k v', 'mutate'],
    ['redis-cli FLUSHALL', 'destructive', 'redis-cli FLUSHALL'],
    ['redis-cli -h x flushdb', 'destructive'],
    ['redis-cli del session:1', 'destructive'],
    ['redis-cli client kill 10.0.0.1:5000', 'destructive'],
    ['redis-cli <<EOF\nINFO\nFLUSHALL\nEOF', 'destructive'],
  ],
  psql: [
    ['psql -c "SELECT count(*) FROM jobs"', 'read'],
    ['psql -h db -U app -c "select * from pg_stat_activity"', 'read'],
    ['psql -c "\\dt"', 'read'],
    ['psql -c "EXPLAIN SELECT 1"', 'read'],
    ['psql', 'read'],
    ['psql -c "UPDATE jobs SET state=\'retry\' WHERE id=4"', 'mutate'],
    ['psql -c "VACUUM ANALYZE jobs"', 'mutate'],
    ['psql -X -c "SELECT pg_wal_replay_resume();"', 'mutate'],
    ['psql -c "SELECT pg_reload_conf()"', 'mutate'],
    ['psql -c "DROP TABLE orders"', 'destructive', 'psql DROP TABLE'],
    ['psql -c "drop database x"', 'destructive'],
    ['psql -c "TRUNCATE audit"', 'destructive'],
    ['psql -c "delete from orders"', 'destructive'],
    ['psql -c "DELETE FROM jobs WHERE id = 4"', 'destructive'],
    ['psql -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE state = \'idle\'"', 'destructive'],
    ['psql -c "EXPLAIN ANALYZE DELETE FROM t"', 'destructive'],
    ['psql -c "select \'drop table x\'"', 'read'],
    ['psql <<SQL\nSELECT 1;\nDELETE FROM x;\nSQL', 'destructive'],
  ],
  mysql: [
    ['mysql -e "SHOW PROCESSLIST"', 'read'],
    ['mysql -u root -p -e "SHOW SLAVE STATUS\\G"', 'read'],
    ['mysql -e "SET GLOBAL max_connections = 500"', 'mutate'],
    ['mysql -e "KILL 1234"', 'destructive'],
    ['mysql --execute="STOP SLAVE"', 'destructive'],
  ],
  etcdctl: [
    ['etcdctl endpoint health --cluster', 'read', 'etcdctl endpoint health'],
    ['ETCDCTL_API=3 etcdctl --endpoints=https://x:2379 endpoint status -w table', 'read'],
    ['etcdctl member list', 'read'],
    ['etcdctl get /registry --prefix --keys-only', 'read'],
    ['etcdctl snapshot save /backup/snap.db', 'read'],
    ['etcdctl put /k v', 'mutate'],
    ['etcdctl alarm disarm', 'mutate'],
    ['etcdctl del /registry/x', 'destructive'],
    ['etcdctl defrag --cluster', 'destructive'],
    ['etcdctl member remove 8e9e05c52164694d', 'destructive', 'etcdctl member remove'],
  ],
  virtctl: [
    ['virtctl version', 'read'],
    ['virtctl guestosinfo vm-1', 'read'],
    ['virtctl start vm-1', 'mutate'],
    ['virtctl migrate vm-1', 'mutate'],
    ['virtctl stop vm-1', 'destructive'],
    ['virtctl restart vm-1 -n x', 'destructive'],
  ],
  knife: [
    ['knife node list', 'read'],
    ['knife node show web-1', 'read'],
    ['knife search node "role:web"', 'read'],
    ['knife cookbook upload nginx', 'mutate'],
    ['knife node delete web-1 -y', 'destructive', 'knife node delete'],
    ["knife ssh 'role:web' 'sudo systemctl stop nginx'", 'destructive'],
  ],
  'gitlab-ctl': [
    ['gitlab-ctl status', 'read', 'gitlab-ctl status'],
    ['sudo gitlab-ctl tail nginx', 'read'],
    ['gitlab-ctl reconfigure', 'mutate'],
    ['gitlab-ctl stop', 'destructive', 'gitlab-ctl stop'],
    ['gitlab-ctl restart sidekiq', 'destructive'],
    ['gitlab-ctl cleanse', 'destructive'],
  ],
  git: [
    ['git status', 'read'],
    ['git log --oneline -5', 'read'],
    ['git fetch origin', 'read'],
    ['git pull', 'mutate'],
    ['git commit -am fix', 'mutate'],
    ['git push origin main', 'mutate'],
    ['git reset --hard origin/main', 'destructive', 'git reset --hard'],
    ['git push --force origin main', 'destructive', 'git push --force'],
    ['git push origin :old-branch', 'destructive'],
    ['git clean -fdx', 'destructive'],
    ['git branch -D x', 'destructive'],
  ],
  shell: [
    ['rm -rf /var/lib/x', 'destructive', 'rm -rf'],
    ['sudo rm -fr ./tmp', 'destructive', 'rm -fr'],
    ['rm -r dir', 'destructive'],
    ['rm -f -R dir', 'destructive'],
    ['rm --recursive dir', 'destructive'],
    ['rm -f /tmp/x-prometheus.lock', 'mutate', 'rm'],
    ['mv /etc/nginx/nginx.conf.bak /etc/nginx/nginx.conf', 'mutate'],
    ['truncate -s 0 /var/log/big.log', 'destructive'],
    ['sudo mkfs.ext4 /dev/sdb1', 'destructive', 'mkfs.ext4'],
    ['dd if=/dev/zero of=/dev/sda bs=1M', 'destructive', 'dd of=/dev/sda'],
    ['ssh host sudo reboot', 'destructive', 'reboot'],
    ['sudo shutdown -h now', 'destructive', 'shutdown'],
    ['kill -9 1234', 'destructive', 'kill'],
    ['pkill -f worker', 'destructive'],
    ['kill -0 1234', 'read'],
    ['find /var/log -name "*.gz" -mtime +7 -delete', 'destructive', 'find -delete'],
    ['find . -name x -exec rm -rf {} +', 'destructive'],
    ['echo 3 > /proc/sys/vm/drop_caches', 'mutate'],
    ['> /etc/app/app.conf', 'mutate'],
    ['cat x > /dev/sdb', 'destructive'],
    ['curl -X DELETE http://es:9200/old-index', 'destructive'],
    ['curl -XPOST http://x/_flush', 'mutate'],
    ['curl -s http://x/health', 'read'],
    ["curl -sG 'http://prom/api/v1/query' --data-urlencode 'query=up'", 'read'],
    ["curl -s http://x/api -d '{\"a\":1}'", 'mutate'],
    ['df -h', 'read'],
    ['ls -rf', 'read'],
    ['grep -r force .', 'read'],
    ['grep delete /var/log/app.log', 'read'],
    ['journalctl -u kubelet --since -1h', 'read'],
    ['journalctl --vacuum-time=2d', 'destructive'],
    ['echo "dd is a tool"', 'read'],
    ['kubectl get pod x -o yaml | grep drain-timeout', 'read'],
    ['apt-get install -y jq', 'mutate'],
    ['apt-get purge nginx', 'destructive'],
    ['iptables -L -n', 'read'],
    ['iptables -F', 'destructive'],
    ['crontab -r', 'destructive'],
    ['tee /etc/motd', 'mutate'],
    ['kubectl get pods | tee pods.txt', 'mutate'],
    ['kubectl get pods > pods.txt', 'read'],
  ],
  powershell: [
    ['Get-Process', 'read'],
    ['Get-Service | Where-Object Status -eq Running', 'read'],
    ['Set-Service -Name x -StartupType Manual', 'mutate'],
    ['Remove-Item C:\\temp -Recurse -Force', 'destructive', 'Remove-Item'],
    ['Stop-Service w3svc', 'destructive'],
    ['Restart-Computer', 'destructive'],
  ],
  unknown: [
    ['argocd app get shop', 'read'],
    ['argocd app sync shop', 'mutate'],
    ['argocd app delete shop', 'destructive'],
    ['vault kv get secret/x', 'read'],
    ['vault operator seal', 'destructive'],
    ['rabbitmqctl list_queues', 'read'],
    ['rabbitmqctl purge_queue orders', 'destructive'],
    ['kafka-topics --bootstrap-server x --delete --topic t', 'destructive'],
    ['kafka-topics --bootstrap-server x --list', 'read'],
    ['patronictl list', 'read'],
    ['patronictl failover --force', 'destructive'],
    ['./scripts/restart-workers.sh', 'destructive'],
    ['./scripts/collect.sh', 'read'],
    ['mytool purge-cache', 'destructive'],
  ],
};

describe('the risk model', () => {
  for (const [tool, rows] of Object.entries(TABLE)) {
    it(`${tool}: tells read from mutate from destructive`, () => {
      for (const [command, risk, what] of rows) {
        const a = assessRisk(command);
        assert.equal(a.risk, risk, `${command}: ${JSON.stringify(a.commands.map((c) => [c.risk, c.what, c.reason]))}`);
        if (what) {
          const decisive = a.commands.find((c) => c.risk === risk);
          assert.equal(decisive?.what, what, command);
        }
      }
    });
  }

  it('has read, mutate and destructive examples for every tool of the table', () => {
    for (const [tool, rows] of Object.entries(TABLE)) {
      if (tool !== 'unknown') {
        assert.deepEqual(new Set(rows.map((r) => r[1])), new Set(['read', 'mutate', 'destructive']), tool);
      }
    }
  });

  it('says why, naming the command', () => {
    assert.deepEqual(assessRisk('oc delete pod x').reasons, ['oc delete: deletes resources']);
    assert.deepEqual(assessRisk('kubectl get pods').reasons, []);
    assert.deepEqual(assessRisk('kubectl get pods && kubectl delete pod x\nhelm rollback a 1').reasons, ['kubectl delete: deletes resources', 'helm rollback: rolls back a release']);
  });

  it('finds the tool behind sudo, env, time, watch, xargs, nice, timeout, and inside $( ), pipes, ssh, sh -c, exec --', () => {
    const hidden = [
      'sudo -u postgres psql -c "DROP DATABASE x"',
      'env KUBECONFIG=/k kubectl delete ns x',
      'KUBECONFIG=/k time kubectl delete ns x',
      'watch -n 5 kubectl delete pod x',
      'kubectl get pods -o name | xargs -n 1 kubectl delete',
      'nice -n 10 timeout 30 rm -rf /data',
      'echo "$(kubectl delete pod x)"',
      'for p in $(kubectl get pods -o name); do kubectl delete "$p"; done',
      "ssh -i key.pem admin@host 'sudo systemctl stop nginx'",
      "sh -c 'kubectl delete pod x'",
      'kubectl exec -it db-0 -- psql -c "TRUNCATE audit"',
      'docker exec -it redis redis-cli FLUSHALL',
      'if true; then kubectl delete pod x; fi',
      'x=`kubectl delete pod x`',
      '(cd /tmp && rm -rf build)',
      'diff <(kubectl delete pod x) y',
    ];
    for (const c of hidden) {
      assert.equal(assessRisk(c).risk, 'destructive', c);
    }
  });

  it('does not judge comments, strings or here-document bodies as commands', () => {
    for (const c of [
      '# kubectl delete pod x\nkubectl get pods',
      'echo "kubectl delete pod x"',
      "echo 'rm -rf /'",
      'cat <<EOF\nkubectl delete pod x\nEOF',
      'cat <<-\'EOF\'\n\trm -rf /\n\tEOF',
      'grep "DROP TABLE" dump.sql',
    ]) {
      assert.equal(assessRisk(c).risk, 'read', c);
    }
  });
});

describe('assessRisk: a step and its {risk=…}', () => {
  const stepOf = (info: string, body: string) => parseRunbook('/r.md', `# T\n\n\`\`\`${info}\n${body}\n\`\`\`\n`).steps[0];

  it('reads the marking: risk=read|mutate|destructive, destructive, and flags other values', () => {
    assert.deepEqual(declaredRisk(stepOf('sh {risk=read}', 'x')), { risk: 'read' });
    assert.deepEqual(declaredRisk(stepOf('sh {risk=Mutate}', 'x')), { risk: 'mutate' });
    assert.deepEqual(declaredRisk(stepOf('sh {.destructive}', 'x')), { risk: 'destructive' });
    assert.deepEqual(declaredRisk(stepOf('sh {risk=destructive}', 'x')), { risk: 'destructive' });
    assert.equal(stepOf('sh {risk=destructive}', 'x').destructive, true);
    assert.deepEqual(declaredRisk(stepOf('sh {risk=high}', 'x')), { risk: undefined, invalid: 'high' });
  });

  it('is the worst of the commands; a risk=read marking quiets a guess but not a known verb', () => {
    assert.equal(assessRisk(stepOf('sh', 'kubectl get pods\nkubectl scale deploy/x --replicas=2')).risk, 'mutate');
    const guess = assessRisk(stepOf('sh {risk=read}', './scripts/cleanup-tmp.sh --report'));
    assert.deepEqual([guess.detected, guess.risk, guess.contradicted.length], ['destructive', 'read', 0]);
    const known = assessRisk(stepOf('sh {risk=read}', 'kubectl delete pod x'));
    assert.deepEqual([known.detected, known.risk, known.contradicted.map((c) => c.what)], ['destructive', 'destructive', ['kubectl delete']]);
    const raised = assessRisk(stepOf('sh {risk=destructive}', 'kubectl get pods'));
    assert.deepEqual([raised.detected, raised.risk], ['read', 'destructive']);
  });

  it('judges only what runs: a transcript\'s output and REPL lines are not commands', () => {
    const s = stepOf('console', '$ kubectl get pods\nNAME\nrm -rf / (output)\nredis> FLUSHALL');
    assert.equal(assessRisk(s).risk, 'read');
  });
});

describe('needsConfirmation', () => {
  it('asks for destructive steps, whatever the command', () => {
    assert.deepEqual(needsConfirmation({ destructive: true }, 'kubectl get pods'), { confirm: true, reasons: ['the step is marked destructive'], risk: 'destructive' });
    assert.equal(needsConfirmation({ attributes: { risk: 'mutate' } }, 'kubectl get pods').confirm, true);
  });

  it('asks for mutating and destructive commands, and says which and why; read-only ones do not ask', () => {
    assert.deepEqual(needsConfirmation(safe, 'oc delete pod x'), { confirm: true, reasons: ['it runs `oc delete` (deletes resources)'], risk: 'destructive' });
    assert.deepEqual(needsConfirmation(safe, 'kubectl cordon node-1'), { confirm: true, reasons: ['it runs `kubectl cordon` (cordons a node)'], risk: 'mutate' });
    assert.deepEqual(needsConfirmation(safe, 'kubectl get pods'), { confirm: false, reasons: [], risk: 'read' });
    for (const c of ['oc scale --replicas=0 deploy/x', 'oc adm drain n', 'knife node delete n', 'gitlab-ctl stop', 'service x stop', 'crictl rmi i']) {
      assert.equal(needsConfirmation(safe, c).confirm, true, c);
    }
  });

  it('gives every reason once, from any line', () => {
    const r = needsConfirmation({ destructive: true }, 'kubectl get pods\nkubectl delete pod x --force\nkubectl delete pod y --force');
    assert.deepEqual(r.reasons, ['the step is marked destructive', 'it runs `kubectl delete` (deletes resources)']);
  });

  it('lets {risk=read} quiet a guess, not a known destructive command', () => {
    assert.equal(needsConfirmation({ attributes: { risk: 'read' } }, './cleanup-report.sh').confirm, false);
    assert.equal(needsConfirmation(safe, './cleanup-report.sh').confirm, true);
    const r = needsConfirmation({ attributes: { risk: 'read' } }, 'kubectl delete pod x');
    assert.deepEqual(r.reasons, ['it runs `kubectl delete` (deletes resources), although the step says risk=read']);
  });

  it('takes custom patterns on top of the model, and asks when one of them is not a valid regular expression', () => {
    assert.deepEqual(DEFAULT_DANGEROUS_PATTERNS, []);
    assert.equal(needsConfirmation(safe, 'patronictl list', ['patronictl']).confirm, true);
    assert.equal(needsConfirmation(safe, 'kubectl delete pod x', []).confirm, true);
    const r = needsConfirmation(safe, 'echo hi', ['(unclosed']);
    assert.equal(r.confirm, true);
    assert.match(r.reasons[0], /^the dangerous-command pattern \/\(unclosed\/ cannot be used \(not a valid regular expression/);
  });

  it('shortens long commands in its reasons', () => {
    const r = needsConfirmation(safe, `kubectl ${'-v=9 '.repeat(30)}delete pod x`);
    assert.equal(r.reasons[0], 'it runs `kubectl delete` (deletes resources)');
    const p = needsConfirmation(safe, `echo ${'a'.repeat(100)}`, ['echo a+']);
    assert.ok(p.reasons[0].length < 80 && p.reasons[0].endsWith('…`'), p.reasons[0]);
  });
});

describe('judgeCommands on hostile input', () => {
  it('reads a 240 KB line correctly', () => {
    const long = `kubectl ${'a '.repeat(120_000)}get`;
    assert.equal(assessRisk(long).risk, 'read');
    const longDelete = `kubectl delete pod ${'x'.repeat(240_000)}`;
    assert.equal(assessRisk(longDelete).risk, 'destructive');
    const quotes = `echo "${'\\"'.repeat(60_000)}" ; rm -rf /x`;
    assert.deepEqual(judgeCommands(quotes).map((c) => c.risk), ['read', 'destructive']);
    const unclosed = `echo '${'kubectl delete '.repeat(20_000)}`;
    assert.equal(assessRisk(unclosed).risk, 'read');
    const nested = `${'$('.repeat(50_000)}rm -rf /x${')'.repeat(50_000)}`;
    assert.equal(assessRisk(nested).risk, 'destructive');
    const heredocs = `cat <<A <<B\n${'kubectl delete x\n'.repeat(10_000)}A\nrm -rf y\nB\nkubectl get pods`;
    assert.equal(assessRisk(heredocs).risk, 'read');
  });
});
