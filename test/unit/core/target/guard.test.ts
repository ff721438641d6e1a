import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alertTarget, contextMatches, readTargetsConfig } from '../../../../src/core/target/alertTarget';
import { findInvocations } from '../../../../src/core/target/command';
import { checkTarget, guardAction, switchCommand, validateTypedName, type Risk } from '../../../../src/core/target/guard';
import { fakeEnvironment, kubeconfig } from './env';

const KUBE = { '/home/me/.kube/config': kubeconfig('prod-eu', { 'prod-eu': {}, 'gke_acme_us-east1_prod-us': { cluster: 'gke_acme_us-east1_prod-us', namespace: 'payments' }, dev: { namespace: 'payments' } }) };

describe('commands and their targets', () => {
  it('finds the tools, through pipes, substitutions, wrappers and env assignments', () => {
    const inv = findInvocations('FOO=1 sudo -E kubectl get pods | grep x; echo "$(aws sts get-caller-identity)" && timeout 5s gcloud compute instances list\naz vm list # kubectl in a comment');
    assert.deepEqual(inv.map((i) => [i.tool, i.kind]), [['kubectl', 'kube'], ['aws', 'aws'], ['gcloud', 'gcloud'], ['az', 'azure']]);
    assert.deepEqual(findInvocations('echo kubectl; cat kubectl.yaml; /usr/local/bin/oc get pods; helm template x; helm list').map((i) => i.tool), ['oc', 'helm']);
  });

  it('reads target flags, filling placeholders but never letting their values change the reading', () => {
    const [k] = findInvocations('kubectl --context={{ctx}} -n {{ $labels.namespace }} get pods', { ctx: 'prod', namespace: 'pay; kubectl --context other' });
    assert.equal(k.context, 'prod');
    assert.equal(k.namespace, 'pay; kubectl --context other');
    assert.equal(findInvocations('kubectl -npayments get po')[0].namespace, 'payments');
    assert.equal(findInvocations('kubectl -n "$NS" get po')[0].namespace, null, 'a $VAR is not known before running');
    assert.equal(findInvocations('kubectl -n {{missing}} get po')[0].namespace, null);
    assert.equal(findInvocations('helm --kube-context c -n x list')[0].context, 'c');
    assert.equal(findInvocations('kubectl get pods -A')[0].allNamespaces, true);
    assert.deepEqual(findInvocations('aws --profile prod --region=eu-west-1 s3 ls').map((i) => [i.profile, i.region]), [['prod', 'eu-west-1']]);
    assert.equal(findInvocations("gcloud --project 'acme-prod' sql instances list")[0].project, 'acme-prod');
    assert.equal(findInvocations('az vm list --subscription Prod')[0].subscription, 'Prod');
  });

  it('knows the commands that switch the target', () => {
    assert.deepEqual(findInvocations('kubectl config use-context x; oc project y; kubectx z; kubectl get po').map((i) => i.switches), [true, true, true, false]);
  });
});

describe('alert labels and targets', () => {
  it('default labels; the runbook\'s config before the setting; none; value maps', () => {
    const problems: string[] = [];
    const runbook = readTargetsConfig({ env: { means: 'kube.context', values: { prod: 'gke_acme_prod' } }, region: { means: 'none' } }, 'runbook', problems);
    const setting = readTargetsConfig({ cluster: { 'prod-us': 'gke_acme_us-east1_prod' }, weird: { means: 'nope' }, 'bad label': {} }, 'setting', problems);
    assert.equal(problems.length, 2, problems.join('\n'));
    const t = alertTarget({ env: 'prod', cluster: 'prod-us', namespace: 'payments', region: 'eu-west-1', project: 'acme' }, [runbook, setting]);
    assert.deepEqual(t.values['kube.context'], { value: 'prod', label: 'env', mapped: 'gke_acme_prod' });
    assert.deepEqual(t.values['kube.namespace'], { value: 'payments', label: 'namespace' });
    assert.equal(t.values['aws.region'], undefined, 'region means none here');
    assert.equal(t.values['gcloud.project']?.value, 'acme');
    const s = alertTarget({ cluster: 'prod-us' }, [setting]);
    assert.equal(s.values['kube.context']?.mapped, 'gke_acme_us-east1_prod');
  });

  it('a context is the alert\'s cluster by name, cluster name, or suffix; a mapping must match exactly', () => {
    assert.ok(contextMatches({ value: 'prod-us' }, 'prod-us'));
    assert.ok(contextMatches({ value: 'prod-us' }, 'admin@x', 'prod-us'));
    assert.ok(contextMatches({ value: 'prod-us' }, 'gke_acme_us-east1_prod-us'));
    assert.ok(contextMatches({ value: 'prod-us' }, 'arn:aws:eks:us-east-1:1:cluster/prod-us'));
    assert.ok(!contextMatches({ value: 'prod-us' }, 'gke_acme_us-east1_not-prod-us-2'));
    assert.ok(!contextMatches({ value: 'us' }, 'prod-us'));
    assert.ok(!contextMatches({ value: 'prod-us', mapped: 'gke_x' }, 'prod-us'));
  });
});

describe('the target guard', () => {
  const e = fakeEnvironment(KUBE);
  const check = (command: string, labels?: Record<string, string>, values: Record<string, string> = {}) =>
    checkTarget({ command, labels, values, alertName: 'KubePodCrashLooping', environment: e });

  it('mismatch: names both sides and offers the matching context', async () => {
    const c = await check('kubectl get pods', { cluster: 'prod-us', namespace: 'payments' });
    assert.equal(c.verdict, 'mismatch');
    assert.equal(c.message, 'alert KubePodCrashLooping is on cluster prod-us, namespace payments; your terminal points at prod-eu / default');
    assert.deepEqual(c.switchTo, { contexts: ['gke_acme_us-east1_prod-us'], namespace: 'payments' });
    assert.equal(c.nameToType, 'prod-eu');
  });

  it('match: by suffix, with the namespace from the context or from -n in the command', async () => {
    const e2 = fakeEnvironment(KUBE, { KUBECONFIG: '/home/me/.kube/config' });
    const a = await checkTarget({ command: 'kubectl --context gke_acme_us-east1_prod-us get pods', labels: { cluster: 'prod-us', namespace: 'payments' }, environment: e2 });
    assert.equal(a.verdict, 'match', a.message);
    const b = await check('kubectl --context dev -n {{namespace}} logs x', { cluster: 'dev', namespace: 'payments' }, { namespace: 'payments' });
    assert.equal(b.verdict, 'match', b.message);
    const c = await check('kubectl -n other get po', { cluster: 'prod-eu', namespace: 'payments' });
    assert.equal(c.verdict, 'mismatch');
    assert.equal(c.switchTo, undefined, 'the command sets its namespace: no switch fixes it');
    const all = await check('kubectl get po -A', { cluster: 'prod-eu', namespace: 'payments' });
    assert.equal(all.verdict, 'match');
  });

  it('unknown: no label for the kind, no kubeconfig, or a flag only known when it runs', async () => {
    assert.equal((await check('kubectl get pods', {})).verdict, 'unknown');
    assert.equal((await check('kubectl get pods')).verdict, 'unknown');
    assert.match((await check('kubectl get pods')).message, /no alert is bound; your terminal points at cluster prod-eu/);
    const none = await checkTarget({ command: 'kubectl get pods', labels: { cluster: 'prod-us' }, environment: fakeEnvironment({}) });
    assert.equal(none.verdict, 'unknown');
    assert.match(none.message, /your terminal points at unknown/);
    assert.equal((await check('kubectl --context "$CTX" get po', { cluster: 'prod-eu' })).verdict, 'unknown');
  });

  it('none: the command talks to no target, or only switches it', async () => {
    assert.equal((await check('echo hello; curl -s localhost', { cluster: 'prod-us' })).verdict, 'none');
    assert.equal((await check('kubectl config use-context x', { cluster: 'prod-us' })).verdict, 'none');
  });

  it('clouds: AWS account and region, gcloud project, Azure subscription', async () => {
    const env = fakeEnvironment({
      '/home/me/.aws/config': '[profile prod]\nregion = eu-west-1\nsso_account_id = 111122223333\n',
      '/home/me/.config/gcloud/configurations/config_default': '[core]\nproject = acme-dev\n',
      '/home/me/.azure/azureProfile.json': '{"subscriptions":[{"id":"bbb","name":"Prod","isDefault":true}]}',
    }, { AWS_PROFILE: 'prod' });
    const aws = (labels: Record<string, string>, command = 'aws ec2 describe-instances') => checkTarget({ command, labels, environment: env });
    assert.equal((await aws({ aws_account_id: '111122223333', region: 'eu-west-1' })).verdict, 'match');
    assert.equal((await aws({ account: '999999999999' })).verdict, 'mismatch');
    assert.equal((await aws({ region: 'us-east-1' })).message, 'the alert is on AWS region us-east-1; your terminal points at eu-west-1');
    assert.equal((await aws({ region: 'us-east-1' }, 'aws --region us-east-1 ec2 describe-instances')).verdict, 'match');
    assert.equal((await checkTarget({ command: 'gcloud sql instances list', labels: { project: 'acme-prod' }, environment: env })).verdict, 'mismatch');
    assert.equal((await checkTarget({ command: 'az vm list', labels: { subscription: 'prod' }, environment: env })).verdict, 'match');
  });

  it('the decision table, per risk', () => {
    const table: [string, Risk, string][] = [
      ['none', 'destructive', 'run'],
      ['match', 'read', 'run'], ['match', 'mutate', 'run'], ['match', 'destructive', 'run'],
      ['unknown', 'read', 'run'], ['unknown', 'mutate', 'confirm'], ['unknown', 'destructive', 'confirm'],
      ['mismatch', 'read', 'block'], ['mismatch', 'mutate', 'block'], ['mismatch', 'destructive', 'block'],
    ];
    for (const [verdict, risk, action] of table) {
      const a = guardAction({ verdict: verdict as 'match', nameToType: 'prod-eu' }, risk);
      assert.equal(a.action, action, `${verdict}/${risk}`);
      assert.equal('nameToType' in a ? a.nameToType : undefined, verdict === 'mismatch' && risk !== 'read' ? 'prod-eu' : undefined, `${verdict}/${risk}: type the name`);
    }
    assert.equal(validateTypedName('prod-eu', 'prod-eu'), undefined);
    assert.ok(validateTypedName('prod-e', 'prod-eu'));
    assert.ok(validateTypedName(' prod-eu', 'prod-eu'));
  });

  it('the switch command, quoted', () => {
    const q = (s: string) => `'${s}'`;
    assert.equal(switchCommand('kubectl', { context: 'a', namespace: 'b' }, q), "kubectl config use-context 'a' && kubectl config set-context --current --namespace='b'");
    assert.equal(switchCommand('kubectl', {}, q), undefined);
  });
});
