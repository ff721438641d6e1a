// A corpus for the redaction pipeline: credentials in their real formats (fake, generated here from a fixed seed so
// that no secret-shaped string sits in the repository) in the surroundings they turn up in, and near-misses that
// must come through untouched.

/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = rng(17);
const pick = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const B32 = `${UPPER}234567`;
const B64 = `${ALNUM}+/`;
const B64URL = `${ALNUM}-_`;
const HEX = '0123456789abcdef';
const b64url = (s: string) => Buffer.from(s).toString('base64url');

export interface Positive {
  readonly name: string;
  readonly text: string;
  /** Substrings that must not survive redaction. */
  readonly secrets: readonly string[];
  /** Secret values passed to redact (variables declared secret: true). */
  readonly secretValues?: readonly string[];
}

const akia = `AKIA${pick(B32, 16)}`;
const asia = `ASIA${pick(B32, 16)}`;
const awsSecret = pick(B64, 40);
const awsSecret2 = pick(B64, 40);
const pemBody = Array.from({ length: 6 }, () => pick(B64, 64)).join('\n');
const pem = (label: string) => `-----BEGIN ${label}-----\n${pemBody}\n-----END ${label}-----`;
const gh = (p: string) => `${p}_${pick(ALNUM, 36)}`;
const ghPat = `github_pat_${pick(ALNUM, 22)}_${pick(ALNUM, 59)}`;
const glpat = `glpat-${pick(`${ALNUM}_-`, 20)}`;
const gldt = `gldt-${pick(ALNUM, 20)}`;
const glrt = `glrt-${pick(ALNUM, 20)}`;
const glRunner = `GR1348941${pick(ALNUM, 20)}`;
const xoxb = `xoxb-${pick(DIGITS, 12)}-${pick(DIGITS, 13)}-${pick(ALNUM, 24)}`;
const xoxp = `xoxp-${pick(DIGITS, 12)}-${pick(DIGITS, 12)}-${pick(DIGITS, 13)}-${pick(HEX, 32)}`;
const xapp = `xapp-1-A${pick(UPPER + DIGITS, 10)}-${pick(DIGITS, 13)}-${pick(HEX, 64)}`;
const slackHook = `T${pick(UPPER + DIGITS, 8)}/B${pick(UPPER + DIGITS, 8)}/${pick(ALNUM, 24)}`;
const npm = `npm_${pick(ALNUM, 36)}`;
const jwt = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(`{"sub":"${pick(DIGITS, 10)}","name":"on-call","iat":1700000000}`)}.${pick(B64URL, 43)}`;
const opaque = pick(ALNUM, 32);
const basic = Buffer.from(`deploy:${pick(ALNUM, 16)}`).toString('base64');
const dbPass = `${pick(ALNUM, 14)}!`;
const plainPass = pick(ALNUM, 12);
const apiKey = pick(HEX, 32);
const token = pick(ALNUM, 40);
const clientSecret = pick(ALNUM, 28);
const varSecret = `it's-${pick(ALNUM, 10)}`;

export const POSITIVES: readonly Positive[] = [
  { name: 'AWS access key id (AKIA) in a credentials file', text: `[default]\naws_access_key_id = ${akia}\n`, secrets: [akia] },
  { name: 'AWS access key id (ASIA) in prose', text: `the temporary key ${asia} was used from 10.2.3.4`, secrets: [asia] },
  { name: 'AWS secret key in a credentials file', text: `aws_secret_access_key = ${awsSecret}\nregion = eu-west-1`, secrets: [awsSecret] },
  { name: 'AWS secret key as an environment variable', text: `export AWS_SECRET_ACCESS_KEY=${awsSecret2}`, secrets: [awsSecret2] },
  { name: 'AWS secret key in `aws sts` JSON', text: `{"Credentials": {"AccessKeyId": "${asia}", "SecretAccessKey": "${awsSecret}", "SessionToken": "x"}}`, secrets: [asia, awsSecret] },
  {
    name: 'GCP service-account key JSON',
    text: JSON.stringify({ type: 'service_account', project_id: 'acme-prod', private_key_id: pick(HEX, 40), private_key: `${pem('PRIVATE KEY')}\n`, client_email: 'ci@acme-prod.iam.gserviceaccount.com' }, null, 2),
    secrets: [pemBody.split('\n')[0], pemBody.split('\n')[5]],
  },
  { name: 'RSA private key block', text: `key:\n${pem('RSA PRIVATE KEY')}\ndone`, secrets: [pemBody.split('\n')[2]] },
  { name: 'OpenSSH private key block', text: pem('OPENSSH PRIVATE KEY'), secrets: [pemBody.split('\n')[3]] },
  { name: 'encrypted private key block, cut short', text: `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${pemBody}`, secrets: [pemBody.split('\n')[5]] },
  ...['ghp', 'gho', 'ghu', 'ghs', 'ghr'].map((p) => {
    const t = gh(p);
    return { name: `GitHub token ${p}_`, text: `GITHUB_TOKEN=${t} gh pr list`, secrets: [t] };
  }),
  { name: 'GitHub fine-grained token in a remote URL', text: `git push https://x-access-token:${ghPat}@github.com/acme/app.git`, secrets: [ghPat] },
  ...[gh('ghp')].map((t) => ({ name: 'GitHub token alone in output', text: `created ${t} for the bot`, secrets: [t] })),
  { name: 'GitLab personal access token', text: `curl --header "PRIVATE-TOKEN: ${glpat}" https://gitlab.example.com/api/v4/projects`, secrets: [glpat] },
  { name: 'GitLab deploy token', text: `deploy token ${gldt} created`, secrets: [gldt] },
  { name: 'GitLab runner tokens', text: `gitlab-runner register --token ${glrt}\nregistration: ${glRunner}`, secrets: [glrt, glRunner] },
  { name: 'Slack bot token', text: `SLACK_BOT_TOKEN=${xoxb}`, secrets: [xoxb] },
  { name: 'Slack user token in JSON', text: `{"ok":true,"access_token":"${xoxp}"}`, secrets: [xoxp] },
  { name: 'Slack app-level token', text: `connecting with ${xapp}`, secrets: [xapp] },
  { name: 'Slack incoming webhook', text: `curl -X POST -d '{"text":"paged"}' https://hooks.slack.com/services/${slackHook}`, secrets: [slackHook, slackHook.split('/')[2]] },
  { name: 'npm token in .npmrc', text: `//registry.npmjs.org/:_authToken=${npm}`, secrets: [npm] },
  { name: 'JWT in output', text: `id_token issued: ${jwt} (expires in 3600 s)`, secrets: [jwt, jwt.split('.')[1], jwt.split('.')[2]] },
  { name: 'Authorization: Bearer (opaque)', text: `curl -H "Authorization: Bearer ${opaque}" https://api.example.com/v1/status`, secrets: [opaque] },
  { name: 'Authorization: Basic', text: `> GET / HTTP/1.1\n> authorization: Basic ${basic}\n> Accept: */*`, secrets: [basic] },
  { name: 'Authorization: token (curl -H \'…\')', text: `curl -sH 'Authorization: token ${token}' https://api.github.com/user`, secrets: [token] },
  { name: 'credentials in a postgres URL', text: `psql postgres://app:${dbPass}@db.internal:5432/orders`, secrets: [dbPass] },
  { name: 'credentials in an https URL', text: `fetching https://deploy:${plainPass}@artifacts.example.com/v2/`, secrets: [plainPass] },
  { name: 'password only in a redis URL', text: `REDIS_URL=redis://:${plainPass}@cache:6379/0`, secrets: [plainPass] },
  { name: 'password= assignment', text: `mysql --user=root --password=${dbPass} -e 'show slave status'`, secrets: [dbPass] },
  { name: 'token= and secret= in a query string', text: `GET /hook?token=${token}&secret=${clientSecret} 200`, secrets: [token, clientSecret] },
  { name: 'api_key= assignment', text: `DATADOG_API_KEY=${apiKey} ./agent`, secrets: [apiKey] },
  { name: 'password: in YAML', text: `database:\n  host: db\n  password: ${plainPass}\n  user: app`, secrets: [plainPass] },
  { name: 'client_secret: quoted in YAML', text: `oauth:\n  client_secret: "${clientSecret}"`, secrets: [clientSecret] },
  { name: 'api_key in JSON', text: `{"service":"pager","api_key":"${apiKey}","region":"eu"}`, secrets: [apiKey] },
  { name: 'kubectl --from-literal=password=…', text: `kubectl create secret generic db --from-literal=password=${dbPass}`, secrets: [dbPass] },
  { name: '--token VALUE flag', text: `kubectl --token ${token} get pods`, secrets: [token] },
  { name: 'vault login token in output', text: `Key                  Value\ntoken: ${token}`, secrets: [token] },
  { name: 'secret variable value, as typed', text: `psql -c "select 1" # password ${varSecret}`, secrets: [varSecret], secretValues: [varSecret] },
  { name: 'secret variable value, shell-quoted', text: `PGPASSWORD='${varSecret.replace(/'/g, "'\\''")}' psql`, secrets: [varSecret.replace(/'/g, "'\\''"), varSecret.slice(5)], secretValues: [varSecret] },
];

/** Text that has no credential in it and must come through unchanged. */
export const NEAR_MISSES: readonly string[] = [
  `commit ${pick(HEX, 40)}\nAuthor: On Call <oncall@example.com>`,
  `git checkout ${pick(HEX, 40)} && git log --oneline -3`,
  `request id 550e8400-e29b-41d4-a716-446655440000 failed`,
  `uid: ${[8, 4, 4, 4, 12].map((n) => pick(HEX, n)).join('-')}`,
  `data:\n  ca.crt: ${pick(B64, 60)}=\n  namespace: ${Buffer.from('payments').toString('base64')}`,
  `checksum/config: ${pick(B64, 40)}`,
  'pod/api-7d9f5c6b8-x2kqz   1/1   Running   0   3h',
  'replicaset.apps/api-7d9f5c6b8 scaled, deployment.apps/checkout-api rolled out',
  `image: registry.example.com/api@sha256:${pick(HEX, 64)}`,
  `Digest: sha256:${pick(HEX, 64)}`,
  'The AKIA prefix marks long-term access keys; ASIA marks temporary ones.',
  'AKIAS and ASIAS are listed in the audit; AKIA1234 is too short to be one.',
  'akiaiosfodnn7examplelowercase is not a key id',
  'secretName: db-credentials',
  'kind: Secret\nmetadata:\n  name: db-credentials',
  'variables:\n  db_password:\n    secret: true\n    description: the replication password',
  "kubectl -n payments get secret db-credentials -o jsonpath='{.data.password}' | base64 -d | wc -c",
  'curl -H "Authorization: Bearer $TOKEN" https://api.example.com/v1/status',
  'curl -H "Authorization: Bearer ${GITHUB_TOKEN}" https://api.github.com/rate_limit',
  'PGPASSWORD=$PGPASSWORD psql -h db -c "select now()"',
  'vault kv get -field=password secret/db',
  'token: {{token}}',
  'api_key: <your-api-key>',
  'max_tokens=512 temperature=0.2',
  'token_expiry: 3600\npassword_policy: strong\npasswordless: true',
  'git clone git@github.com:acme/app.git',
  'ssh://git@gitlab.example.com:2222/acme/app.git',
  'https://grafana.example.com:3000/d/abc?orgId=1&from=now-1h',
  'http://[::1]:8080/healthz returned 200',
  'tokens start with ghp_, gho_ or github_pat_; Slack ones with xoxb-',
  'npm_config_cache=/tmp/npm npm_package_version=1.4.2',
  'Store the PRIVATE KEY in the vault, never in the repository.',
  `-----BEGIN CERTIFICATE-----\n${pick(B64, 64)}\n-----END CERTIFICATE-----`,
  `-----BEGIN PUBLIC KEY-----\n${pick(B64, 64)}\n-----END PUBLIC KEY-----`,
  'secretKeyRef:\n  name: db-credentials\n  key: password',
  'docker login --password-stdin registry.example.com',
  'if [ "$token" == "" ]; then echo missing; fi',
  '2026-03-01T14:32:05.123Z level=info msg="rotated credentials" duration=85ms',
  'eyJ is how a base64 JSON object starts',
  'version 1.29.3-eks-ae9a62a, build 7d9f5c6b8d',
];
