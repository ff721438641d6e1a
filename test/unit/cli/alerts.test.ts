import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EXIT, runCli } from '../../../src/cli/cli';
import { capture, type Captured } from './capture';

// tsc compiles this file to out/test/unit/cli/; fixtures and the bundle stay where they are.
const REPO = path.join(__dirname, '../../../..');
const WS = path.join(REPO, 'test/unit/cli/fixtures/alerts');
const PLAIN = path.join(REPO, 'test/unit/cli/fixtures/workspace');

type Run = Captured;

const run = (cwd: string, argv: string[], stdin?: string): Promise<Run> =>
  capture((w) => runCli(argv, { cwd, ...w, ...(stdin !== undefined ? { readStdin: async () => stdin } : {}) }));

const json = (r: Run): unknown => JSON.parse(r.out);

const HELM_PROBLEM = 'charts/monitoring/templates/etcd-rules.yaml:1: warning: could not parse as YAML (templated?): Block collections are not allowed within flow collections\n';

const ALERTS_TEXT = [
  'ALERT                           RUNBOOK                                                         VIA',
  'CPUThrottlingHigh               runbooks/kubernetes/cpu-throttling.md:1                         runbook_url (monitoring/rules/kubernetes-apps.rules.yml:12)',
  'GrafanaAgentDown                -                                                               no runbook (monitoring/rules/node.rules.yml:26)',
  'HTTPErrorRateHigh               runbooks/checkout/http-errors.md:1 (+1)                         runbook_url (monitoring/rules/kubernetes-apps.rules.yml:30)',
  'KubeHpaMaxedOut                 -                                                               no runbook (monitoring/rules/kubernetes-apps.rules.yml:21)',
  'KubePodCrashLooping             runbooks/kubernetes/kubepodcrashlooping.md:1                    runbook_url (monitoring/rules/kubernetes-apps.rules.yml:4)',
  'NodeCPUThrottlingHigh           runbooks/node/cpu-throttling.md:1                               runbook_url (monitoring/rules/node.rules.yml:4)',
  'NodeClockNotSynchronising       runbooks/node/node-alerts.md:15#nodeclocknotsynchronising       front-matter',
  'NodeClockSkewDetected           runbooks/node/node-alerts.md:9#nodeclockskewdetected            front-matter',
  'NodeFilesystemAlmostOutOfSpace  runbooks/node/node-alerts.md:17#nodefilesystemalmostoutofspace  runbook_url (monitoring/rules/node.rules.yml:14)',
  'NodeRAIDDegraded                -                                                               no runbook (monitoring/rules/node.rules.yml:22)',
  'NodeSystemdServiceFailed        -                                                               no runbook (monitoring/rules/node.rules.yml:18)',
  'etcdMembersDown                 runbooks/etcd/README.md:3#etcdmembersdown                       runbook_url (monitoring/manifests/prometheusrule.yaml:15)',
  '',
  'Dangling runbook_url (nothing there in the workspace):',
  '  monitoring/rules/kubernetes-apps.rules.yml:27: KubeHpaMaxedOut: https://runbooks.example.com/runbooks/kubernetes/kubehpamaxedout',
  '  monitoring/rules/node.rules.yml:25: NodeRAIDDegraded: ../../runbooks/node/raid.md',
  '',
  'Alerts named in runbooks that no rule defines:',
  '  runbooks/orphan.md: LegacyQueueDepthHigh',
  '',
  '12 alerts in 4 rule files: 8 with a runbook, 4 without; 2 dangling runbook_urls; 1 unknown alert in runbooks',
  '',
].join('\n');

const ALERTS_JSON = {
  ruleFiles: ['charts/monitoring/templates/etcd-rules.yaml', 'monitoring/manifests/prometheusrule.yaml', 'monitoring/rules/kubernetes-apps.rules.yml', 'monitoring/rules/node.rules.yml'],
  alerts: [
    {
      alert: 'CPUThrottlingHigh',
      rules: [{ path: 'monitoring/rules/kubernetes-apps.rules.yml', line: 12, runbookUrl: 'https://runbooks.example.com/runbooks/kubernetes/cpu-throttling' }],
      runbooks: [{ path: 'runbooks/kubernetes/cpu-throttling.md', anchor: null, line: 1, via: 'runbook_url' }],
    },
    { alert: 'GrafanaAgentDown', rules: [{ path: 'monitoring/rules/node.rules.yml', line: 26, runbookUrl: 'https://grafana.com/docs/agent/latest/' }], runbooks: [] },
    {
      alert: 'HTTPErrorRateHigh',
      rules: [{ path: 'monitoring/rules/kubernetes-apps.rules.yml', line: 30, runbookUrl: 'https://runbooks.example.com/runbooks/{{ $labels.namespace }}/http-errors' }],
      runbooks: [
        { path: 'runbooks/checkout/http-errors.md', anchor: null, line: 1, via: 'runbook_url' },
        { path: 'runbooks/search/http-errors.md', anchor: null, line: 1, via: 'runbook_url' },
      ],
    },
    { alert: 'KubeHpaMaxedOut', rules: [{ path: 'monitoring/rules/kubernetes-apps.rules.yml', line: 21, runbookUrl: 'https://runbooks.example.com/runbooks/kubernetes/kubehpamaxedout' }], runbooks: [] },
    {
      alert: 'KubePodCrashLooping',
      rules: [
        { path: 'monitoring/manifests/prometheusrule.yaml', line: 24, runbookUrl: null },
        { path: 'monitoring/rules/kubernetes-apps.rules.yml', line: 4, runbookUrl: 'https://runbooks.example.com/runbooks/kubernetes/kubepodcrashlooping' },
      ],
      runbooks: [{ path: 'runbooks/kubernetes/kubepodcrashlooping.md', anchor: null, line: 1, via: 'runbook_url' }],
    },
    {
      alert: 'NodeCPUThrottlingHigh',
      rules: [{ path: 'monitoring/rules/node.rules.yml', line: 4, runbookUrl: 'https://runbooks.example.com/runbooks/node/cpu-throttling/' }],
      runbooks: [{ path: 'runbooks/node/cpu-throttling.md', anchor: null, line: 1, via: 'runbook_url' }],
    },
    {
      alert: 'NodeClockNotSynchronising',
      rules: [{ path: 'monitoring/rules/node.rules.yml', line: 12, runbookUrl: null }],
      runbooks: [{ path: 'runbooks/node/node-alerts.md', anchor: 'nodeclocknotsynchronising', line: 15, via: 'front-matter' }],
    },
    {
      alert: 'NodeClockSkewDetected',
      rules: [{ path: 'monitoring/rules/node.rules.yml', line: 8, runbookUrl: 'https://runbooks.example.com/runbooks/node/node-alerts#NodeClockSkewDetected' }],
      runbooks: [{ path: 'runbooks/node/node-alerts.md', anchor: 'nodeclockskewdetected', line: 9, via: 'front-matter' }],
    },
    {
      alert: 'NodeFilesystemAlmostOutOfSpace',
      // `playbook:` counts because .vscode/settings.json lists it in runbooks.rules.annotationKeys.
      rules: [{ path: 'monitoring/rules/node.rules.yml', line: 14, runbookUrl: '../../runbooks/node/node-alerts.md#nodefilesystemalmostoutofspace' }],
      runbooks: [{ path: 'runbooks/node/node-alerts.md', anchor: 'nodefilesystemalmostoutofspace', line: 17, via: 'runbook_url' }],
    },
    { alert: 'NodeRAIDDegraded', rules: [{ path: 'monitoring/rules/node.rules.yml', line: 22, runbookUrl: '../../runbooks/node/raid.md' }], runbooks: [] },
    { alert: 'NodeSystemdServiceFailed', rules: [{ path: 'monitoring/rules/node.rules.yml', line: 18, runbookUrl: null }], runbooks: [] },
    {
      alert: 'etcdMembersDown',
      rules: [{ path: 'monitoring/manifests/prometheusrule.yaml', line: 15, runbookUrl: 'https://runbooks.example.com/runbooks/etcd/' }],
      runbooks: [{ path: 'runbooks/etcd/README.md', anchor: 'etcdmembersdown', line: 3, via: 'runbook_url' }],
    },
  ],
  uncovered: [
    { alert: 'GrafanaAgentDown', path: 'monitoring/rules/node.rules.yml', line: 26 },
    { alert: 'KubeHpaMaxedOut', path: 'monitoring/rules/kubernetes-apps.rules.yml', line: 21 },
    { alert: 'NodeRAIDDegraded', path: 'monitoring/rules/node.rules.yml', line: 22 },
    { alert: 'NodeSystemdServiceFailed', path: 'monitoring/rules/node.rules.yml', line: 18 },
  ],
  danglingUrls: [
    { alert: 'KubeHpaMaxedOut', path: 'monitoring/rules/kubernetes-apps.rules.yml', line: 27, url: 'https://runbooks.example.com/runbooks/kubernetes/kubehpamaxedout' },
    { alert: 'NodeRAIDDegraded', path: 'monitoring/rules/node.rules.yml', line: 25, url: '../../runbooks/node/raid.md' },
  ],
  unknownAlerts: [{ path: 'runbooks/orphan.md', alert: 'LegacyQueueDepthHigh' }],
  uncheckedUrls: [],
      brokenAnchors: [],
  problems: [{ path: 'charts/monitoring/templates/etcd-rules.yaml', line: 1, message: 'could not parse as YAML (templated?): Block collections are not allowed within flow collections' }],
};

describe('runbook alerts', () => {
  it('prints the coverage of the rule files: runbook per alert, dangling URLs, unknown alerts; problems on stderr', async () => {
    assert.deepEqual(await run(WS, ['alerts']), { code: EXIT.ok, out: ALERTS_TEXT, err: HELM_PROBLEM });
  });

  it('--json', async () => {
    const r = await run(WS, ['alerts', '--json']);
    assert.equal(r.code, 0);
    assert.equal(r.err, '');
    assert.deepEqual(json(r), ALERTS_JSON);
  });

  it('--strict exits 1 when anything is uncovered, dangling or unknown, 0 when all is well', async () => {
    assert.equal((await run(WS, ['alerts', '--strict'])).code, EXIT.findings);
    assert.equal((await run(WS, ['alerts', '--json', '--strict'])).code, EXIT.findings);
    // Only the etcd PrometheusRule and the runbooks: everything covered, nothing unknown (orphan.md is not looked at).
    const clean = await run(WS, ['alerts', 'monitoring/manifests', 'runbooks/etcd', 'runbooks/kubernetes', '--strict']);
    assert.deepEqual(clean, {
      code: EXIT.ok,
      out: [
        'ALERT                RUNBOOK                                       VIA',
        'KubePodCrashLooping  runbooks/kubernetes/kubepodcrashlooping.md:1  file-name',
        'etcdMembersDown      runbooks/etcd/README.md:3#etcdmembersdown     runbook_url (monitoring/manifests/prometheusrule.yaml:15)',
        '',
        '2 alerts in 1 rule file: 2 with a runbook, 0 without',
        '',
      ].join('\n'),
      err: '',
    });
  });

  it('finds no rules in a workspace without rule files (exit 0 even with --strict)', async () => {
    assert.deepEqual(await run(PLAIN, ['alerts', '--strict']), {
      code: 0, out: 'no alerting rules found (Prometheus rule files or PrometheusRule resources; see --rules)\n', err: '',
    });
    assert.deepEqual(json(await run(PLAIN, ['alerts', '--json'])), {
      ruleFiles: [], alerts: [], uncovered: [], danglingUrls: [], unknownAlerts: [], uncheckedUrls: [],
      brokenAnchors: [], problems: [],
    });
  });

  it('--rules replaces the rule globs; a rule file named on the command line is read', async () => {
    const only = json(await run(WS, ['alerts', '--rules', 'monitoring/manifests/*.yaml', '--json'])) as typeof ALERTS_JSON;
    assert.deepEqual(only.ruleFiles, ['monitoring/manifests/prometheusrule.yaml']);
    const named = json(await run(WS, ['alerts', 'monitoring/rules/node.rules.yml', 'runbooks', '--json'])) as typeof ALERTS_JSON;
    assert.deepEqual(named.ruleFiles, ['monitoring/rules/node.rules.yml']);
    assert.deepEqual(named.alerts.map((a) => a.alert), ['GrafanaAgentDown', 'NodeCPUThrottlingHigh', 'NodeClockNotSynchronising', 'NodeClockSkewDetected', 'NodeFilesystemAlmostOutOfSpace', 'NodeRAIDDegraded', 'NodeSystemdServiceFailed']);
    const excluded = json(await run(WS, ['alerts', '--exclude', 'charts/**', '--json'])) as typeof ALERTS_JSON;
    assert.deepEqual(excluded.problems, []);
  });

  it('--root reads the settings and maps folders from another directory', async () => {
    const r = json(await run(path.dirname(WS), ['alerts', '--root', 'alerts', '--json'])) as typeof ALERTS_JSON;
    assert.deepEqual(r.uncovered.map((u) => [u.alert, u.path]), [
      ['GrafanaAgentDown', 'alerts/monitoring/rules/node.rules.yml'],
      ['KubeHpaMaxedOut', 'alerts/monitoring/rules/kubernetes-apps.rules.yml'],
      ['NodeRAIDDegraded', 'alerts/monitoring/rules/node.rules.yml'],
      ['NodeSystemdServiceFailed', 'alerts/monitoring/rules/node.rules.yml'],
    ]);
    assert.deepEqual(await run(WS, ['alerts', '--root', 'no/such/dir']), { code: 2, out: '', err: "runbook: no such directory: no/such/dir\nTry 'runbook --help'.\n" });
  });
});

describe('runbook index --json: serves', () => {
  it('lists the alerts each runbook serves, from every source', async () => {
    const r = json(await run(WS, ['index', '--json'])) as { runbooks: { path: string; serves: unknown }[] };
    assert.deepEqual(r.runbooks.map((e) => [e.path, e.serves]), [
      ['runbooks/checkout/http-errors.md', [{ alert: 'HTTPErrorRateHigh', via: 'runbook_url' }]],
      ['runbooks/etcd/README.md', [{ alert: 'etcdMembersDown', via: 'runbook_url' }]],
      ['runbooks/kubernetes/cpu-throttling.md', [{ alert: 'CPUThrottlingHigh', via: 'runbook_url' }]],
      ['runbooks/kubernetes/kubepodcrashlooping.md', [{ alert: 'KubePodCrashLooping', via: 'runbook_url' }]],
      ['runbooks/node/cpu-throttling.md', [{ alert: 'NodeCPUThrottlingHigh', via: 'runbook_url' }]],
      ['runbooks/node/node-alerts.md', [
        { alert: 'NodeClockNotSynchronising', via: 'front-matter' },
        { alert: 'NodeClockSkewDetected', via: 'front-matter' },
        { alert: 'NodeFilesystemAlmostOutOfSpace', via: 'runbook_url' },
      ]],
      // Front-matter names count even when no rule defines them; globs are not alerts.
      ['runbooks/orphan.md', [{ alert: 'LegacyQueueDepthHigh', via: 'front-matter' }]],
      ['runbooks/search/http-errors.md', [{ alert: 'HTTPErrorRateHigh', via: 'runbook_url' }]],
    ]);
  });
});

describe('runbook resolve', () => {
  it('prints the runbooks for an alert, strongest first', async () => {
    assert.deepEqual(await run(WS, ['resolve', 'NodeClockSkewDetected']), {
      code: 0, out: 'runbooks/node/node-alerts.md:9#nodeclockskewdetected  front-matter\n', err: '',
    });
    assert.deepEqual(await run(WS, ['resolve', 'KubePodCrashLooping', '--json']), {
      code: 0,
      out: `${JSON.stringify({ alert: 'KubePodCrashLooping', matches: [{ path: 'runbooks/kubernetes/kubepodcrashlooping.md', anchor: null, via: 'runbook_url' }] }, null, 2)}\n`,
      err: '',
    });
  });

  it('chooses between same-named runbooks by the folder in the runbook_url', async () => {
    assert.deepEqual(json(await run(WS, ['resolve', 'CPUThrottlingHigh', '--json'])), {
      alert: 'CPUThrottlingHigh', matches: [{ path: 'runbooks/kubernetes/cpu-throttling.md', anchor: null, via: 'runbook_url' }],
    });
    assert.deepEqual(json(await run(WS, ['resolve', 'NodeCPUThrottlingHigh', '--json'])), {
      alert: 'NodeCPUThrottlingHigh', matches: [{ path: 'runbooks/node/cpu-throttling.md', anchor: null, via: 'runbook_url' }],
    });
  });

  it('fills templated runbook_urls from --label', async () => {
    assert.deepEqual(await run(WS, ['resolve', 'HTTPErrorRateHigh', '--label', 'namespace=search', '--label', 'pod=search-api-0']), {
      code: 0, out: 'runbooks/search/http-errors.md:1  runbook_url (monitoring/rules/kubernetes-apps.rules.yml:30)\n', err: '',
    });
    assert.deepEqual(await run(WS, ['resolve', 'HTTPErrorRateHigh', '--json']), {
      code: EXIT.findings, out: `${JSON.stringify({ alert: 'HTTPErrorRateHigh', matches: [] }, null, 2)}\n`, err: '',
    });
    assert.deepEqual(await run(WS, ['resolve', 'HTTPErrorRateHigh']), {
      code: EXIT.findings, out: '', err: "runbook: no runbook for alert 'HTTPErrorRateHigh' (8 runbooks and 13 alerting rules indexed)\n",
    });
  });

  it('--url resolves a runbook_url (relative to the current directory), with --map for absolute ones', async () => {
    assert.deepEqual(json(await run(WS, ['resolve', '--url', 'https://runbooks.example.com/runbooks/node/node-alerts#NodeClockNotSynchronising', '--json'])), {
      alert: null, matches: [{ path: 'runbooks/node/node-alerts.md', anchor: 'nodeclocknotsynchronising', via: 'runbook_url' }],
    });
    assert.deepEqual(await run(path.join(WS, 'runbooks'), ['resolve', '--url', 'etcd/', '--root', '..']), { code: 0, out: 'etcd/README.md:1  runbook_url\n', err: '' });
    assert.deepEqual(await run(WS, ['resolve', 'KubePodCrashLooping', '--url', 'https://runbooks.example.com/runbooks/{{ $labels.namespace }}/http-errors', '--label', 'namespace=checkout']), {
      code: 0, out: 'runbooks/checkout/http-errors.md:1  runbook_url\n', err: '',
    });
    // Without settings, absolute URLs need --map; the first mapping that matches wins, --map before settings.
    const plainUrl = ['resolve', '--url', 'https://wiki.example.com/sre/disk-almost-full', '--json'];
    assert.deepEqual(json(await run(PLAIN, plainUrl)), { alert: null, matches: [] });
    assert.deepEqual(json(await run(PLAIN, [...plainUrl, '--map', 'https://wiki.example.com/sre/=runbooks'])), {
      alert: null, matches: [{ path: 'runbooks/disk-almost-full.md', anchor: null, via: 'runbook_url' }],
    });
    assert.deepEqual(await run(PLAIN, ['resolve', '--url', 'https://wiki.example.com/sre/x']), {
      code: 1, out: '', err: "runbook: no runbook at 'https://wiki.example.com/sre/x' (3 runbooks indexed; absolute URLs need --map <prefix>=<folder>)\n",
    });
    const mapped = await run(WS, ['resolve', '--url', 'https://runbooks.example.com/runbooks/etcd/', '--map', 'https://runbooks.example.com/runbooks/=runbooks/kubernetes']);
    assert.deepEqual(mapped, { code: 1, out: '', err: "runbook: no runbook at 'https://runbooks.example.com/runbooks/etcd/' (8 runbooks indexed)\n" });
  });

  it('--payload resolves every alert of a payload file or of stdin; exit 1 when one has no runbook', async () => {
    const expected = [
      { alert: 'HTTPErrorRateHigh', labels: { severity: 'critical', namespace: 'search' }, matches: [{ path: 'runbooks/search/http-errors.md', anchor: null, via: 'runbook_url' }] },
      { alert: 'HTTPErrorRateHigh', labels: { severity: 'critical', namespace: 'billing' }, matches: [] },
    ];
    const file = await run(WS, ['resolve', '--payload', 'payload-alertmanager.json', '--json']);
    assert.equal(file.code, EXIT.findings);
    assert.deepEqual(json(file), expected);
    const stdin = await run(WS, ['resolve', '--payload', '-', '--json'], fs.readFileSync(path.join(WS, 'payload-alertmanager.json'), 'utf8'));
    assert.deepEqual(json(stdin), expected);
    assert.deepEqual(await run(WS, ['resolve', '--payload', '-'], 'NodeClockSkewDetected{instance="node-2:9100"}'), {
      code: 0, out: 'NodeClockSkewDetected{instance="node-2:9100"}\n  runbooks/node/node-alerts.md:9#nodeclockskewdetected  front-matter\n', err: '',
    });
    assert.deepEqual(await run(WS, ['resolve', '--payload', 'payload-alertmanager.json']), {
      code: 1,
      out: [
        'HTTPErrorRateHigh{severity="critical", namespace="search"}',
        '  runbooks/search/http-errors.md:1  runbook_url (monitoring/rules/kubernetes-apps.rules.yml:30)',
        'HTTPErrorRateHigh{severity="critical", namespace="billing"}',
        '  (no runbook)',
        '',
      ].join('\n'),
      err: '',
    });
  });

  it('exits 2 on usage errors and bad payloads', async () => {
    const usage = (message: string) => ({ code: EXIT.usage, out: '', err: `runbook: ${message}\nTry 'runbook --help'.\n` });
    assert.deepEqual(await run(WS, ['resolve']), usage('resolve needs an alert name, --url <runbook_url> or --payload <file>|-'));
    assert.deepEqual(await run(WS, ['resolve', 'A', 'B']), usage('resolve takes one alert name, then paths; no such file or directory: B (labels go in --label k=v)'));
    assert.deepEqual(await run(WS, ['resolve', 'A', '--payload', '-'], '[]'), usage('resolve takes an alert name (or --url) or --payload, not both'));
    assert.deepEqual(await run(WS, ['resolve', 'A', '--label', 'namespace']), usage('--label: expected label=value, got "namespace"'));
    assert.deepEqual(await run(WS, ['resolve', 'A', '--label', 'a-b=1']), usage('--label: invalid label name "a-b" in "a-b=1"'));
    assert.deepEqual(await run(WS, ['resolve', '--payload', '-'], 'this is not an alert'), usage('--payload: not JSON and not Name{label="value"}'));
    assert.deepEqual(await run(WS, ['resolve', '--payload', '-'], '{"alerts":[]}'), usage('--payload: no alerts in the payload'));
    assert.deepEqual(await run(WS, ['resolve', '--payload', '-']), usage('--payload -: no standard input to read'));
    assert.deepEqual(await run(WS, ['resolve', '--payload', 'missing.json']), usage('no such file: missing.json'));
    assert.deepEqual(await run(WS, ['resolve', 'A', '--map', 'no-equals-sign']), usage("--map needs <url-prefix>=<folder>, got 'no-equals-sign'"));
    assert.deepEqual(await run(WS, ['index', '--strict']), usage('--strict only applies to alerts'));
    assert.deepEqual(await run(WS, ['alerts', '--label', 'a=b']), usage('--label only applies to resolve'));
    assert.deepEqual(await run(WS, ['show', 'A', '--url', 'x']), usage('--url only applies to resolve'));
  });
});

describe('workspace settings', () => {
  let tmp: string;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-settings-'));
    fs.mkdirSync(path.join(tmp, '.vscode'));
    fs.mkdirSync(path.join(tmp, 'runbooks'));
    fs.writeFileSync(path.join(tmp, 'runbooks/etcd.md'), '# etcd\n');
    fs.writeFileSync(path.join(tmp, 'rules.yml'), 'groups:\n- name: g\n  rules:\n  - alert: EtcdDown\n    expr: up == 0\n    annotations:\n      runbook_url: https://runbooks.example.com/etcd\n');
  });

  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('skips an unparsable settings file silently, and reads the object form of urlMappings', async () => {
    fs.writeFileSync(path.join(tmp, '.vscode/settings.json'), '{ "runbooks.urlMappings": [ { "prefix": ');
    assert.deepEqual(await run(tmp, ['resolve', 'EtcdDown']), { code: 1, out: '', err: "runbook: no runbook for alert 'EtcdDown' (1 runbook and 1 alerting rule indexed)\n" });
    fs.writeFileSync(path.join(tmp, '.vscode/settings.json'), '{ "runbooks.urlMappings": { "https://runbooks.example.com/": "runbooks", }, }');
    assert.deepEqual(await run(tmp, ['resolve', 'EtcdDown']), { code: 0, out: 'runbooks/etcd.md:1  runbook_url (rules.yml:4)\n', err: '' });
    fs.writeFileSync(path.join(tmp, '.vscode/settings.json'), '{ "runbooks.urlMappings": [ { "prefix": 3 }, "x", { "prefix": "https://runbooks.example.com", "folder": "runbooks" } ] }');
    assert.deepEqual((await run(tmp, ['resolve', 'EtcdDown'])).code, 0);
  });
});

describe('the bundled executable: alerts and resolve', () => {
  const CLI = path.join(REPO, 'dist/cli.js');

  it('reads a payload from stdin and exits 0, 1 and 2 end to end', () => {
    const exec = (args: string[], input?: string) => spawnSync(process.execPath, [CLI, ...args], { cwd: WS, encoding: 'utf8', timeout: 15_000, input });
    const ok = exec(['resolve', '--payload', '-', '--json'], '{"status":"success","data":{"alerts":[{"labels":{"alertname":"etcdMembersDown"},"state":"firing"}]}}');
    assert.equal(ok.status, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout), [{ alert: 'etcdMembersDown', labels: {}, matches: [{ path: 'runbooks/etcd/README.md', anchor: 'etcdmembersdown', via: 'runbook_url' }] }]);
    assert.equal(exec(['resolve', 'NoSuchAlert']).status, 1);
    assert.equal(exec(['alerts', '--strict']).status, 1);
    assert.equal(exec(['resolve', '--payload', '-'], 'not a payload').status, 2);
  });
});

describe('workspace settings for trackers', () => {
  it('reads labels and the type mapping the extension uses, ignoring values that are not strings', async () => {
    const { readWorkspaceSettings } = await import('../../../src/cli/settings');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-settings-'));
    try {
      fs.mkdirSync(path.join(dir, '.vscode'));
      fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), '{\n  // trackers\n  "runbooks.trackers.labels": ["incident", "sre"],\n  "runbooks.trackers.typeMapping": { "prevent": "Task", "*": "Bug", "bad": 3 },\n}\n');
      const s = await readWorkspaceSettings(dir);
      assert.deepEqual(s.trackerLabels, ['incident', 'sre']);
      assert.deepEqual(s.trackerTypeMapping, { prevent: 'Task', '*': 'Bug' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
