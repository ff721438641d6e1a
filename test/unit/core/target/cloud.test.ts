import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIni, readAwsTarget, readAzureSubscription, readGcloudProject } from '../../../../src/core/target/cloud';
import { fakeEnvironment } from './env';

const AWS_CONFIG = `[default]
region = us-east-1

[profile prod]
region = eu-west-1
sso_account_id = 111122223333
s3 =
  max_concurrent_requests = 20

[profile staging]
role_arn = arn:aws:iam::444455556666:role/oncall
`;

describe('AWS target', () => {
  it('profile from AWS_PROFILE, region from the profile, account from sso_account_id or role_arn', async () => {
    const files = { '/home/me/.aws/config': AWS_CONFIG };
    const prod = await readAwsTarget(fakeEnvironment(files, { AWS_PROFILE: 'prod' }), []);
    assert.deepEqual([prod.profile?.value, prod.region?.value, prod.account?.value], ['prod', 'eu-west-1', '111122223333']);
    const staging = await readAwsTarget(fakeEnvironment(files, { AWS_PROFILE: 'staging' }), []);
    assert.deepEqual([staging.region, staging.account?.value], [undefined, '444455556666']);
    const def = await readAwsTarget(fakeEnvironment(files), []);
    assert.deepEqual([def.profile, def.region?.value], [undefined, 'us-east-1']);
  });

  it('AWS_REGION beats AWS_DEFAULT_REGION beats the profile; command flags beat all', async () => {
    const files = { '/home/me/.aws/config': AWS_CONFIG };
    assert.equal((await readAwsTarget(fakeEnvironment(files, { AWS_REGION: 'ap-south-1', AWS_DEFAULT_REGION: 'x' }), [])).region?.source, 'AWS_REGION');
    assert.equal((await readAwsTarget(fakeEnvironment(files, { AWS_DEFAULT_REGION: 'sa-east-1' }), [])).region?.value, 'sa-east-1');
    const t = await readAwsTarget(fakeEnvironment(files, { AWS_REGION: 'ap-south-1' }), [], { profile: 'prod', region: 'us-west-2' });
    assert.deepEqual([t.profile?.value, t.region?.value, t.account?.value], ['prod', 'us-west-2', '111122223333']);
  });

  it('the INI reader skips comments and nested keys and keeps the first value', () => {
    const ini = parseIni('\ufeff# c\n[a]\nk = 1\nk = 2\n  nested = 3\n; c\n[b]\nx=y\n');
    assert.deepEqual([...ini.get('a')!], [['k', '1']]);
    assert.equal(ini.get('b')!.get('x'), 'y');
  });
});

describe('gcloud project', () => {
  const files = {
    '/home/me/.config/gcloud/active_config': 'work\n',
    '/home/me/.config/gcloud/configurations/config_work': '[core]\naccount = me@example.com\nproject = acme-prod\n',
    '/home/me/.config/gcloud/configurations/config_default': '[core]\nproject = acme-dev\n',
  };
  it('CLOUDSDK_CORE_PROJECT, else the active configuration', async () => {
    assert.equal((await readGcloudProject(fakeEnvironment(files, { CLOUDSDK_CORE_PROJECT: 'env-proj' }), []))?.value, 'env-proj');
    assert.equal((await readGcloudProject(fakeEnvironment(files), []))?.value, 'acme-prod');
    assert.equal((await readGcloudProject(fakeEnvironment(files, { CLOUDSDK_ACTIVE_CONFIG_NAME: 'default' }), []))?.value, 'acme-dev');
    assert.equal(await readGcloudProject(fakeEnvironment({}), []), undefined);
  });
  it('refuses an active configuration name that is a path', async () => {
    const problems: string[] = [];
    const e = fakeEnvironment({ '/home/me/.config/gcloud/active_config': '../../../etc/passwd' });
    assert.equal(await readGcloudProject(e, problems), undefined);
    assert.ok(!e.reads.some((r) => r.includes('etc/passwd')));
    assert.match(problems[0], /not a plain name/);
  });
});

describe('Azure subscription', () => {
  it('the isDefault subscription of azureProfile.json (with its BOM)', async () => {
    const e = fakeEnvironment({ '/home/me/.azure/azureProfile.json': '\ufeff{"subscriptions":[{"id":"aaa","name":"Dev","isDefault":false},{"id":"bbb","name":"Prod","isDefault":true}]}' });
    assert.deepEqual(await readAzureSubscription(e, []), { subscription: { value: 'bbb', source: 'the default subscription in /home/me/.azure/azureProfile.json' }, subscriptionName: 'Prod' });
    const problems: string[] = [];
    assert.deepEqual(await readAzureSubscription(fakeEnvironment({ '/home/me/.azure/azureProfile.json': '{' }), problems), {});
    assert.match(problems[0], /not valid JSON/);
  });
});
