import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Resolution, UrlMapping } from '../../../../src/core/alerts/model';
import { AlertResolver, type Coverage, type ResolveContext, type ResolveOptions, type UrlTarget } from '../../../../src/core/alerts/resolver';
import { RuleIndex } from '../../../../src/core/alerts/rules';
import { RunbookIndex } from '../../../../src/core/runbookIndex';

const FIXTURES = path.join(__dirname, '../../../../../test/unit/core/alerts/fixtures');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

const SITE: UrlMapping = { prefix: 'https://runbooks.example.com/runbooks/', folder: 'runbooks' };

/** A runbook with (optionally) front-matter alerts, then markdown lines. */
function rb(alerts: readonly string[] | undefined, ...body: string[]): string {
  return `${alerts ? `---\nalerts: [${alerts.join(', ')}]\n---\n` : ''}${body.join('\n')}\n`;
}

// A workspace laid out like a real one: a runbook site under runbooks/, a few runbooks elsewhere, rules under monitoring/.
const RUNBOOKS: Record<string, string> = {
  // Lower-cased file name, as kube-prometheus' runbook URLs have them; its H1 is the alert name.
  'runbooks/kubernetes/kubepodcrashlooping.md': rb(undefined, '# KubePodCrashLooping', '', '## Meaning', '', 'A container keeps crashing.', '', '## Diagnosis'),
  'runbooks/kubernetes/kubedeploymentreplicasmismatch.md': rb(undefined, '# Deployment replicas mismatch', '', '## Diagnosis'),
  // Hugo section pages: never what a URL means.
  'runbooks/_index.md': rb(undefined, '# Runbooks'),
  'runbooks/kubernetes/_index.md': rb(undefined, '# Kubernetes'),
  // One file, one section per alert.
  'runbooks/node/node-alerts.md': rb(['NodeClockSkewDetected', 'NodeHighNumberConntrackEntriesUsed', 'NodeFilesystemAlmostOutOfSpace'],
    '# Node alerts', '', '## NodeClockSkewDetected', '', '### Diagnosis', '', '## NodeHighNumberConntrackEntriesUsed', '', '## NodeFilesystemAlmostOutOfSpace'),
  'runbooks/etcd/README.md': rb(undefined, '# etcd', '', '## etcdMembersDown', '', '## etcdInsufficientMembers'),
  'runbooks/etcd/etcd-insufficient-members.md': rb(undefined, 'No heading at all.'),
  'runbooks/payments/KubePodCrashLooping.md': rb(undefined, '# Payments pods crash looping'),
  'runbooks/checkout/http-errors.md': rb(undefined, '# Checkout HTTP errors'),
  'runbooks/search/http-errors.md': rb(undefined, '# Search HTTP errors'),
  // Same file name, different folders.
  'runbooks/databases/high-latency.md': rb(undefined, '# Database latency'),
  'runbooks/http/high-latency.md': rb(undefined, '# HTTP latency'),
  'docs/runbooks/high-latency.md': rb(undefined, '# Old latency notes'),
  'runbooks/pods.md': rb(['KubePod*'], '', '# Pods'),
  'runbooks/kube.md': rb(['Kube*'], '# Kubernetes, anything'),
  'services/checkout/checkout.runbook.md': rb(['KubePodCrashLooping', 'OldAlertNobodyDefines'], '# Roll back checkout'),
  'runbooks/disk full.md': rb(undefined, '# Disk full'),
};

const EXTRA_RULES = [
  'groups:',
  '  - name: extra',
  '    rules:',
  '      - alert: HostClockSkew',
  '        expr: abs(node_timex_offset_seconds) > 0.05',
  '      - alert: CertificateExpiry',
  '        expr: probe_ssl_earliest_cert_expiry - time() < 86400 * 14',
  '        annotations:',
  '          runbook_url: ../runbooks/certs/expiry.md',
  '      - alert: GrafanaDown',
  '        expr: up{job="grafana"} == 0',
  '        annotations:',
  '          runbook_url: https://grafana.com/docs/grafana/latest/alerting/',
  '      - alert: ThanosCompactHalted',
  '        expr: thanos_compact_halted == 1',
  '        annotations:',
  '          runbook_url: https://runbooks.example.com/runbooks/thanos/thanoscompacthalted',
  '      - alert: VaultSealed',
  '        expr: vault_core_unsealed == 0',
  '        annotations:',
  '          runbook_url: "{{ $externalLabels.runbooks }}/vault-sealed"',
  '',
].join('\n');

function workspace(opts: { base?: string; roots?: string[]; mappings?: UrlMapping[]; runbooks?: Record<string, string>; rules?: Record<string, string> } = {}): ResolveContext {
  const base = opts.base ?? '/w';
  const runbooks = new RunbookIndex();
  // URI keys are percent-encoded, as VS Code's Uri.toString() writes them.
  const key = (p: string) => `${base}/${base.includes('://') ? p.split('/').map(encodeURIComponent).join('/') : p}`;
  for (const [p, text] of Object.entries(opts.runbooks ?? RUNBOOKS)) {
    runbooks.set(key(p), text);
  }
  const rules = new RuleIndex();
  for (const [p, text] of Object.entries(opts.rules ?? {
    'monitoring/kube-prometheus.rules.yml': fixture('kube-prometheus.rules.yml'),
    'monitoring/prometheusrule.yaml': fixture('prometheusrule.yaml'),
  })) {
    rules.set(key(p), text);
  }
  return { runbooks, rules, mappings: opts.mappings ?? [SITE], roots: opts.roots ?? [base] };
}

/** One resolver per workspace, for the whole test: its tables follow the workspace's changes. */
const resolvers = new WeakMap<ResolveContext, AlertResolver>();
function resolverOf(ctx: ResolveContext): AlertResolver {
  let r = resolvers.get(ctx);
  if (!r) {
    r = new AlertResolver(ctx);
    resolvers.set(ctx, r);
  }
  return r;
}
const resolveAlert = (ctx: ResolveContext, alert: string, labels?: Readonly<Record<string, string>>, options?: ResolveOptions): Resolution[] => resolverOf(ctx).resolve(alert, labels, options);
const resolveRunbookUrl = (ctx: ResolveContext, url: string, rulePath: string, labels?: Readonly<Record<string, string>>): UrlTarget | undefined => resolverOf(ctx).resolveUrl(url, rulePath, labels);
const coverage = (ctx: ResolveContext): Coverage => resolverOf(ctx).coverage();

const RULE = '/w/monitoring/kube-prometheus.rules.yml';
/** Short form of resolutions: [path without /w/, anchor, line, via]. */
const brief = (rs: readonly Resolution[]) => rs.map((r) => [r.path.replace(/^\/w\//, ''), r.anchor, r.line, r.via]);

describe('resolveAlert', () => {
  const ctx = workspace();

  it('ranks front matter (exact, then globs by specificity), runbook_url, then file names; one per path and anchor', () => {
    const rs = resolveAlert(ctx, 'KubePodCrashLooping');
    assert.deepEqual(brief(rs), [
      ['services/checkout/checkout.runbook.md', undefined, 3, 'front-matter'],
      ['runbooks/pods.md', undefined, 4, 'front-matter-glob'],
      ['runbooks/kube.md', undefined, 3, 'front-matter-glob'],
      // First definition: https://runbooks.example.com/runbooks/kubernetes/kubepodcrashlooping (its H1 is the title, not a section).
      ['runbooks/kubernetes/kubepodcrashlooping.md', undefined, 0, 'runbook_url'],
      // Second definition, another group: ../runbooks/payments/{{ $labels.alertname }}.md
      ['runbooks/payments/KubePodCrashLooping.md', undefined, 0, 'runbook_url'],
      // The file-name matches (KubePodCrashLooping.md, kubepodcrashlooping.md) are the same files: not repeated.
    ]);
    assert.deepEqual(rs.map((r) => r.pattern), ['KubePodCrashLooping', 'KubePod*', 'Kube*', undefined, undefined]);
    assert.deepEqual(rs.map((r) => r.rule), [undefined, undefined, undefined, { path: RULE, line: 4 }, { path: RULE, line: 59 }]);
  });

  it('lands on the section named after the alert in a single-file runbook', () => {
    assert.deepEqual(brief(resolveAlert(ctx, 'NodeClockSkewDetected')), [['runbooks/node/node-alerts.md', 'nodeclockskewdetected', 5, 'front-matter']]);
    assert.deepEqual(brief(resolveAlert(ctx, 'NodeHighNumberConntrackEntriesUsed')), [['runbooks/node/node-alerts.md', 'nodehighnumberconntrackentriesused', 9, 'front-matter']]);
    assert.deepEqual(brief(resolveAlert(ctx, 'etcdMembersDown')), [['runbooks/etcd/README.md', 'etcdmembersdown', 2, 'runbook_url']]);
  });

  it('matches file names in any case, kebab-case and snake_case, the alert’s own spelling first', () => {
    const c = workspace({
      rules: {},
      runbooks: {
        'a/kube-pod-crash-looping.md': rb(undefined, '# a'),
        'b/KubePodCrashLooping.md': rb(undefined, '# b'),
        'c/kubepodcrashlooping.md': rb(undefined, '# c'),
        'd/kube_pod_crash_looping.runbook.md': rb(undefined, '# d'),
        'e/KubePodCrashLoopingAgain.md': rb(undefined, '# e'),
        'f/README.md': rb(undefined, '# KubePodCrashLooping'),
      },
    });
    assert.deepEqual(brief(resolveAlert(c, 'KubePodCrashLooping')), [
      ['b/KubePodCrashLooping.md', undefined, 0, 'file-name'],
      ['c/kubepodcrashlooping.md', undefined, 0, 'file-name'],
      ['a/kube-pod-crash-looping.md', undefined, 0, 'file-name'],
      ['d/kube_pod_crash_looping.runbook.md', undefined, 0, 'file-name'],
    ]);
    assert.deepEqual(brief(resolveAlert(c, 'etcdInsufficientMembers')), []);
  });

  it('uses runbook_url anchors, and the labels given for templated URLs', () => {
    assert.deepEqual(brief(resolveAlert(ctx, 'etcdInsufficientMembers')), [
      ['runbooks/etcd/README.md', 'etcdinsufficientmembers', 4, 'runbook_url'],
      ['runbooks/etcd/etcd-insufficient-members.md', undefined, 0, 'file-name'],
    ]);
    assert.deepEqual(brief(resolveAlert(ctx, 'HTTPErrorRateHigh')), []);
    assert.deepEqual(brief(resolveAlert(ctx, 'HTTPErrorRateHigh', { namespace: 'search', pod: 'x' })), [['runbooks/search/http-errors.md', undefined, 0, 'runbook_url']]);
    assert.deepEqual(brief(resolveAlert(ctx, 'HTTPErrorRateHigh', { namespace: 'billing' })), []);
  });

  it('with anyLabelValue, resolves a templated URL to every runbook it could name (labels given still count)', () => {
    assert.deepEqual(brief(resolveAlert(ctx, 'HTTPErrorRateHigh', undefined, { anyLabelValue: true })), [
      ['runbooks/checkout/http-errors.md', undefined, 0, 'runbook_url'],
      ['runbooks/search/http-errors.md', undefined, 0, 'runbook_url'],
    ]);
    assert.deepEqual(brief(resolveAlert(ctx, 'HTTPErrorRateHigh', { namespace: 'search' }, { anyLabelValue: true })), [['runbooks/search/http-errors.md', undefined, 0, 'runbook_url']]);
    assert.deepEqual(brief(resolveAlert(ctx, 'HTTPErrorRateHigh', {}, { anyLabelValue: false })), []);
  });

  it('finds nothing for an unknown alert, and never throws on odd names', () => {
    assert.deepEqual(resolveAlert(ctx, 'NoSuchAlert'), []);
    assert.deepEqual(resolveAlert(ctx, ''), []);
    assert.deepEqual(resolveAlert(ctx, '../../etc/passwd'), []);
    assert.deepEqual(resolveAlert(ctx, 'constructor', { constructor: 'x', __proto__: 'y' } as Record<string, string>), []);
  });

  it('follows changes to the runbook index (lookups are rebuilt when its version changes)', () => {
    const c = workspace();
    const v = c.runbooks.version;
    assert.deepEqual(brief(resolveAlert(c, 'ThanosCompactHalted')), []);
    c.runbooks.set('/w/runbooks/thanos/ThanosCompactHalted.md', '# Thanos compact halted\n');
    assert.equal(c.runbooks.version, v + 1);
    assert.deepEqual(brief(resolveAlert(c, 'ThanosCompactHalted')), [['runbooks/thanos/ThanosCompactHalted.md', undefined, 0, 'file-name']]);
    c.runbooks.delete('/w/runbooks/thanos/ThanosCompactHalted.md');
    assert.deepEqual(brief(resolveAlert(c, 'ThanosCompactHalted')), []);
  });
});

describe('resolveRunbookUrl', () => {
  const ctx = workspace();
  const url = (u: string, labels?: Record<string, string>, rulePath = RULE) => {
    const r = resolveRunbookUrl(ctx, u, rulePath, labels);
    return r && [r.path.replace(/^\/w\//, ''), r.anchor];
  };
  const site = 'https://runbooks.example.com/runbooks';

  it('maps URLs without .md, with .md, in another case, with a query string, percent-encoded', () => {
    assert.deepEqual(url(`${site}/kubernetes/kubepodcrashlooping`), ['runbooks/kubernetes/kubepodcrashlooping.md', undefined]);
    assert.deepEqual(url(`${site}/kubernetes/kubepodcrashlooping.md`), ['runbooks/kubernetes/kubepodcrashlooping.md', undefined]);
    assert.deepEqual(url(`${site}/kubernetes/KubePodCrashLooping`), ['runbooks/kubernetes/kubepodcrashlooping.md', undefined]);
    assert.deepEqual(url('HTTPS://RUNBOOKS.EXAMPLE.COM/runbooks/kubernetes/kubepodcrashlooping'), ['runbooks/kubernetes/kubepodcrashlooping.md', undefined]);
    assert.deepEqual(url(`${site}/kubernetes/kubepodcrashlooping?utm_source=alertmanager&x=1`), ['runbooks/kubernetes/kubepodcrashlooping.md', undefined]);
    assert.deepEqual(url(`${site}/kubernetes/kube%70odcrashlooping`), ['runbooks/kubernetes/kubepodcrashlooping.md', undefined]);
    assert.deepEqual(url(`${site}/disk%20full`), ['runbooks/disk full.md', undefined]);
    assert.deepEqual(url(`${site}/kubernetes/kubepodcrashlooping.html`), ['runbooks/kubernetes/kubepodcrashlooping.md', undefined]);
  });

  it('maps a trailing slash to <dir>.md, <dir>/README.md or <dir>/index.md, never to a Hugo _index.md', () => {
    assert.deepEqual(url(`${site}/kubernetes/kubedeploymentreplicasmismatch/`), ['runbooks/kubernetes/kubedeploymentreplicasmismatch.md', undefined]);
    assert.deepEqual(url(`${site}/etcd/`), ['runbooks/etcd/README.md', undefined]);
    assert.deepEqual(url(`${site}/etcd`), ['runbooks/etcd/README.md', undefined]);
    assert.deepEqual(url(`${site}/etcd/index.html`), ['runbooks/etcd/README.md', undefined]);
    assert.equal(url(`${site}/`), undefined);
    assert.equal(url(site), undefined);
    assert.equal(url(`${site}/kubernetes/`), undefined);
  });

  it('lands on the heading an #anchor names, by its slug or its text', () => {
    assert.deepEqual(url(`${site}/node/node-alerts#NodeClockSkewDetected`), ['runbooks/node/node-alerts.md', 'nodeclockskewdetected']);
    assert.deepEqual(url(`${site}/node/node-alerts.md#nodeclockskewdetected`), ['runbooks/node/node-alerts.md', 'nodeclockskewdetected']);
    assert.deepEqual(url(`${site}/node/node-alerts#diagnosis`), ['runbooks/node/node-alerts.md', 'diagnosis']);
    assert.deepEqual(url(`${site}/node/node-alerts#no-such-heading`), ['runbooks/node/node-alerts.md', undefined]);
    assert.deepEqual(url('../runbooks/etcd/README.md#etcdmembersdown'), ['runbooks/etcd/README.md', 'etcdmembersdown']);
  });

  it('resolves relative paths from the rule file’s folder, and /paths from the root', () => {
    assert.deepEqual(url('../runbooks/payments/KubePodCrashLooping.md'), ['runbooks/payments/KubePodCrashLooping.md', undefined]);
    assert.deepEqual(url('./../runbooks/./payments/kubepodcrashlooping.md'), ['runbooks/payments/KubePodCrashLooping.md', undefined]);
    assert.deepEqual(url('../runbooks/payments/KubePodCrashLooping'), ['runbooks/payments/KubePodCrashLooping.md', undefined]);
    assert.deepEqual(url('/runbooks/etcd/'), ['runbooks/etcd/README.md', undefined]);
    assert.deepEqual(url('kubepodcrashlooping.md', undefined, '/w/runbooks/kubernetes/rules.yml'), ['runbooks/kubernetes/kubepodcrashlooping.md', undefined]);
    assert.equal(url('../runbooks/payments/missing.md'), undefined);
  });

  it('fills {{ $labels.x }}, {{ .Labels.x }}, {{ index $labels "x" }} and pipes from the labels; anything else matches nothing', () => {
    const t = (tmpl: string, labels?: Record<string, string>) => url(`${site}/${tmpl}/http-errors`, labels);
    assert.deepEqual(t('{{ $labels.namespace }}', { namespace: 'checkout' }), ['runbooks/checkout/http-errors.md', undefined]);
    assert.deepEqual(t('{{$labels.namespace}}', { namespace: 'search' }), ['runbooks/search/http-errors.md', undefined]);
    assert.deepEqual(t('{{ .Labels.namespace }}', { namespace: 'checkout' }), ['runbooks/checkout/http-errors.md', undefined]);
    assert.deepEqual(t('{{ index $labels "namespace" }}', { namespace: 'checkout' }), ['runbooks/checkout/http-errors.md', undefined]);
    assert.deepEqual(t('{{ $labels.namespace | toLower }}', { namespace: 'CHECKOUT' }), ['runbooks/checkout/http-errors.md', undefined]);
    assert.equal(t('{{ $labels.namespace }}'), undefined);
    assert.equal(t('{{ $labels.namespace }}', { namespace: 'billing' }), undefined);
    assert.equal(t('{{ $labels.namespace | reReplaceAll "a" "b" }}', { namespace: 'checkout' }), undefined);
    assert.equal(t('{{ .Values.namespace }}', { namespace: 'checkout' }), undefined);
    assert.equal(t('{{ $externalLabels.namespace }}', { namespace: 'checkout' }), undefined);
    assert.deepEqual(url(`${site}/kubernetes/{{ $labels.alertname | toLower }}`, { alertname: 'KubePodCrashLooping' }), ['runbooks/kubernetes/kubepodcrashlooping.md', undefined]);
    assert.deepEqual(url('../runbooks/payments/{{ $labels.alertname }}.md', { alertname: 'KubePodCrashLooping' }), ['runbooks/payments/KubePodCrashLooping.md', undefined]);
  });

  it('never leaves the roots: .., encoded .., encoded slashes, label values that climb', () => {
    const outside = workspace({ runbooks: { ...RUNBOOKS }, roots: ['/w'] });
    outside.runbooks.set('/elsewhere/runbooks/secret.md', '# Not in the workspace\n');
    const r = (u: string, labels?: Record<string, string>) => resolveRunbookUrl(outside, u, RULE, labels);
    assert.equal(r('../../elsewhere/runbooks/secret.md'), undefined);
    assert.equal(r('../../../../../../elsewhere/runbooks/secret.md'), undefined);
    assert.equal(r(`${site}/../../elsewhere/runbooks/secret`), undefined);
    assert.equal(r(`${site}/%2e%2e/%2E%2E/elsewhere/runbooks/secret`), undefined);
    assert.equal(r(`${site}/..%2F..%2Felsewhere%2Frunbooks%2Fsecret`), undefined);
    assert.equal(r(`${site}/{{ $labels.ns }}/{{ $labels.ns }}/elsewhere/runbooks/secret`, { ns: '..' }), undefined);
    assert.equal(r(`${site}/{{ $labels.path }}`, { path: '../../elsewhere/runbooks/secret' }), undefined);
    assert.equal(r(`${site}/{{ $labels.path }}/http-errors`, { path: 'checkout\u0000' }), undefined);
    // `..` written in the URL that stays inside the mapped root is fine; a label value never moves the path.
    assert.deepEqual(resolveRunbookUrl(outside, `${site}/kubernetes/../etcd/`, RULE)?.path, '/w/runbooks/etcd/README.md');
    assert.equal(r(`${site}/kubernetes/{{ $labels.x }}/etcd/`, { x: '..' }), undefined);
    assert.equal(r(`${site}/kubernetes/{{ $labels.x }}/kubepodcrashlooping`, { x: '.' }), undefined);
    assert.equal(r(`${site}/kubernetes/{{ $labels.x }}kubepodcrashlooping`, { x: '' }), undefined);
    // A mapped URL stays in the root it was mapped onto, even when climbing would reach another root.
    const two = workspace({ base: '/ws', roots: ['/ws/a', '/ws/b'], runbooks: { 'b/runbooks/x.md': '# x\n' } });
    assert.equal(resolveRunbookUrl(two, `${site}/x`, '/ws/a/rules.yml')?.path, '/ws/b/runbooks/x.md');
    assert.equal(resolveRunbookUrl(two, `${site}/../../b/runbooks/x`, '/ws/a/rules.yml'), undefined);
    // A relative path may reach another root: it is written relative to the rule file, not mapped.
    assert.equal(resolveRunbookUrl(two, '../b/runbooks/x.md', '/ws/a/rules.yml')?.path, '/ws/b/runbooks/x.md');
    assert.deepEqual(resolveRunbookUrl(workspace({ roots: [] }), '../runbooks/etcd/README.md', RULE), undefined);
  });

  it('uses the first mapping whose prefix matches (at a path boundary), and tries every root', () => {
    const c = workspace({
      base: '/ws',
      roots: ['/ws/one', '/ws/two/'],
      runbooks: { 'two/wiki/sre/etcd.md': rb(undefined, '# etcd'), 'one/wiki/k8s/etcd.md': rb(undefined, '# k8s etcd') },
      mappings: [
        { prefix: 'https://wiki.example.com/display/K8S', folder: 'wiki/k8s' },
        { prefix: 'https://wiki.example.com/display/', folder: 'wiki/sre' },
        { prefix: 'https://wiki.example.com/', folder: 'never' },
      ],
    });
    const r = (u: string) => resolveRunbookUrl(c, u, '/ws/one/rules.yml')?.path;
    assert.equal(r('https://wiki.example.com/display/K8S/etcd'), '/ws/one/wiki/k8s/etcd.md');
    // `K8S-old` is not under the `K8S` prefix: the next mapping takes it (and finds etcd.md by name under its folder).
    assert.equal(r('https://wiki.example.com/display/K8S-old/etcd'), '/ws/two/wiki/sre/etcd.md');
    assert.equal(r('https://wiki.example.com/display/etcd'), '/ws/two/wiki/sre/etcd.md');
    assert.equal(r('https://runbooks.example.org/etcd'), undefined);
    assert.equal(r('mailto:oncall@example.com'), undefined);
    // A prefix written without a scheme matches http and https.
    const noScheme = workspace({ mappings: [{ prefix: 'runbooks.example.com/runbooks', folder: 'runbooks' }] });
    assert.equal(resolveRunbookUrl(noScheme, 'http://runbooks.example.com/runbooks/etcd/', RULE)?.path, '/w/runbooks/etcd/README.md');
    assert.equal(resolveRunbookUrl(noScheme, '//runbooks.example.com/runbooks/etcd/', RULE)?.path, '/w/runbooks/etcd/README.md');
    // Folders are relative to the root, and never leave it.
    const folders = (folder: string) => resolveRunbookUrl(workspace({ mappings: [{ prefix: 'https://x.example.com/', folder }] }), 'https://x.example.com/etcd/', RULE)?.path;
    assert.equal(folders('./docs/../runbooks/'), '/w/runbooks/etcd/README.md');
    assert.equal(folders(''), undefined);
    assert.equal(folders('..'), undefined);
    assert.equal(folders('../w/runbooks'), undefined);
  });

  it('chooses between same-named files by the URL’s folders', () => {
    assert.deepEqual(url(`${site}/databases/high-latency`), ['runbooks/databases/high-latency.md', undefined]);
    assert.deepEqual(url(`${site}/http/high-latency`), ['runbooks/http/high-latency.md', undefined]);
    // Not laid out like the folder: found by name under the mapped folder, the URL's folders choosing.
    assert.deepEqual(url(`${site}/oncall/databases/high-latency`), ['runbooks/databases/high-latency.md', undefined]);
    assert.deepEqual(url(`${site}/oncall/HTTP/high-latency/`), ['runbooks/http/high-latency.md', undefined]);
    // Nothing to choose by: ambiguous, no match (docs/runbooks/high-latency.md is outside the mapped folder).
    assert.equal(url(`${site}/oncall/high-latency`), undefined);
    // A single file of that name is found wherever it is under the folder.
    assert.deepEqual(url(`${site}/platform/kubedeploymentreplicasmismatch`), ['runbooks/kubernetes/kubedeploymentreplicasmismatch.md', undefined]);
  });

  it('works on URI-string keys, percent-encoded as VS Code writes them', () => {
    const base = 'file:///home/me/my%20ws';
    const c = workspace({ base, roots: [base] });
    const r = (u: string) => resolveRunbookUrl(c, u, `${base}/monitoring/rules.yml`);
    assert.deepEqual(r(`${site}/disk%20full`), { path: `${base}/runbooks/disk%20full.md`, anchor: undefined });
    assert.deepEqual(r('../runbooks/disk full.md'), { path: `${base}/runbooks/disk%20full.md`, anchor: undefined });
    assert.deepEqual(r('../runbooks/node/node-alerts.md#NodeClockSkewDetected'), { path: `${base}/runbooks/node/node-alerts.md`, anchor: 'nodeclockskewdetected' });
    assert.equal(r('../../../../etc/passwd.md'), undefined);
    const rs = resolveAlert(c, 'KubePodCrashLooping');
    assert.deepEqual(rs.filter((x) => x.via === 'runbook_url').map((x) => x.path), [`${base}/runbooks/kubernetes/kubepodcrashlooping.md`, `${base}/runbooks/payments/KubePodCrashLooping.md`]);
    assert.deepEqual(rs.filter((x) => x.via === 'runbook_url').map((x) => x.rule?.path), [`${base}/monitoring/kube-prometheus.rules.yml`, `${base}/monitoring/kube-prometheus.rules.yml`]);
  });

  it('does not resolve empty URLs, bare anchors, or malformed encodings to anything odd', () => {
    assert.equal(url(''), undefined);
    assert.equal(url('   '), undefined);
    assert.equal(url('#meaning'), undefined);
    assert.equal(url(`${site}/kubernetes/%E0%A4%A`), undefined);
    assert.equal(url('{{'), undefined);
  });
});

describe('resolver tables', () => {
  // The tables follow the index by entry identity; after any run of adds, edits, renames and deletes, every answer
  // must be what a fresh index of the same files gives.
  it('answer like a fresh index after random adds, edits and deletes (paths numbered, then reused)', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const names = ['KubePodCrashLooping', 'NodeDown', 'HighLatency', 'DiskFull', 'etcdMembersDown'];
    const paths = ['runbooks/a.md', 'runbooks/NodeDown.md', 'runbooks/kube/highlatency.md', 'docs/disk-full.md', 'runbooks/etcd/README.md', 'x/KubePodCrashLooping.md'];
    const text = () => {
      const alerts = rand(3) === 0 ? undefined : [names[rand(names.length)], ...(rand(2) ? ['"Kube*"'] : []), ...(rand(3) ? [] : ['"*Down"'])];
      return rb(alerts, `# T${rand(9)}`, '', `## ${names[rand(names.length)]}`, '', '## Diagnosis');
    };
    const rules = ['groups:', '  - name: g', '    rules:', ...names.flatMap((n, i) => [`      - alert: ${n}`, '        expr: up == 0', '        annotations:', `          runbook_url: ${['../runbooks/a.md', 'https://runbooks.example.com/runbooks/kube/highlatency', '../docs/disk-full.md#diagnosis', '/runbooks/etcd/', '../nowhere.md'][i]}`])].join('\n');
    const ctx = workspace({ runbooks: {}, rules: { 'monitoring/r.yml': rules } });
    const files = new Map<string, string>();
    for (let step = 0; step < 400; step++) {
      const p = paths[rand(paths.length)];
      if (files.has(p) && rand(3) === 0) {
        files.delete(p);
        ctx.runbooks.delete(`/w/${p}`);
      } else {
        const t = text();
        files.set(p, t);
        ctx.runbooks.set(`/w/${p}`, t);
      }
      if (step % 7 === 0 || step > 390) {
        const fresh = workspace({ runbooks: Object.fromEntries(files), rules: { 'monitoring/r.yml': rules } });
        for (const n of [...names, 'KubeAnything', 'SomethingDown']) {
          assert.deepEqual(resolveAlert(ctx, n), resolveAlert(fresh, n), `step ${step}, ${n}`);
        }
        assert.deepEqual(coverage(ctx), coverage(fresh), `step ${step}`);
      }
    }
  });
});

describe('AlertResolver', () => {
  /** 700 runbooks (more than a few preparation steps' worth), half named after an alert, half claiming one. */
  const big = () => {
    const runbooks: Record<string, string> = {};
    const rules = ['groups:', '  - name: g', '    rules:'];
    for (let i = 0; i < 700; i++) {
      runbooks[i % 2 ? `runbooks/team${i % 7}/Alert${i}.md` : `runbooks/claims/c${i}.md`] = rb(i % 2 ? undefined : [`Alert${i}`, ...(i % 10 === 0 ? ['"Alert1*"'] : [])], `# Runbook ${i}`, '', `## Alert${i}`);
      rules.push(`      - alert: Alert${i}`, '        expr: up == 0', '        annotations:', `          runbook_url: ${i % 3 ? `https://runbooks.example.com/runbooks/team${i % 7}/alert${i}` : `../runbooks/claims/c${i}.md#alert${i}`}`);
    }
    return workspace({ runbooks, rules: { 'monitoring/big.rules.yml': rules.join('\n') } });
  };
  const answers = (r: AlertResolver) => ({ coverage: r.coverage(), some: ['Alert1', 'Alert10', 'Alert333', 'Alert698', 'Alert15'].map((a) => r.resolve(a)) });

  it('prepares in bounded steps; queries between the steps answer as a fresh resolver does', () => {
    const ctx = big();
    const r = new AlertResolver(ctx);
    const steps = r.preparing();
    let n = 0;
    while (!steps.next().done) {
      n++;
      if (n % 2 === 1) {
        assert.deepEqual(r.resolve('Alert333'), new AlertResolver(ctx).resolve('Alert333'), `after step ${n}`);
      }
    }
    // 700 index entries, 350 claims and 700 rules, a few hundred at a time.
    assert.ok(n >= 6, `${n} steps`);
    assert.deepEqual(answers(r), answers(new AlertResolver(ctx)));
  });

  it('stops preparing when the runbook index changes between two steps; the next query or preparation catches up', () => {
    const ctx = big();
    const r = new AlertResolver(ctx);
    const steps = r.preparing();
    assert.equal(steps.next().done, false);
    ctx.runbooks.set('/w/runbooks/team1/Alert1.md', rb(['Alert333'], '# Moved'));
    ctx.runbooks.delete('/w/runbooks/claims/c0.md');
    assert.equal(steps.next().done, true);
    assert.deepEqual(answers(r), answers(new AlertResolver(ctx)));
    const again = r.preparing();
    assert.equal(again.next().done, false); // the rest of the tables, the claims and the plans are still to do
    ctx.runbooks.set('/w/runbooks/team2/Alert2.md', rb(undefined, '# Two'));
    r.prepare();
    assert.deepEqual(answers(r), answers(new AlertResolver(ctx)));
  });

  it('follows its context: another runbook index, other mappings; answers again after dispose', () => {
    const one = workspace();
    const two = workspace({ runbooks: { 'site/kubernetes/kubepodcrashlooping.md': rb(undefined, '# Pods') }, mappings: [{ prefix: SITE.prefix, folder: 'site' }] });
    let current = one;
    const r = new AlertResolver(() => current);
    const url = 'https://runbooks.example.com/runbooks/kubernetes/kubepodcrashlooping';
    assert.equal(r.resolveUrl(url, RULE)?.path, '/w/runbooks/kubernetes/kubepodcrashlooping.md');
    current = two;
    assert.equal(r.resolveUrl(url, RULE)?.path, '/w/site/kubernetes/kubepodcrashlooping.md');
    assert.deepEqual(r.coverage(), new AlertResolver(two).coverage());
    r.dispose();
    assert.equal(r.resolveUrl(url, RULE)?.path, '/w/site/kubernetes/kubepodcrashlooping.md');
    current = one;
    assert.deepEqual(answersOf(r, one), answersOf(new AlertResolver(one), one));
  });

  it('keeps what it derives to itself: one resolver\'s plans are not another\'s', () => {
    // The same rule objects under two mappings, resolved alternately (module-wide caches keyed by rule would mix them).
    const ctx = workspace();
    const site = { ...ctx, mappings: [{ prefix: SITE.prefix, folder: 'runbooks' }] };
    const docs = { ...ctx, mappings: [{ prefix: SITE.prefix, folder: 'docs/runbooks' }] };
    const a = new AlertResolver(site);
    const b = new AlertResolver(docs);
    for (let i = 0; i < 2; i++) {
      assert.deepEqual(a.coverage(), new AlertResolver(site).coverage());
      assert.deepEqual(b.coverage(), new AlertResolver(docs).coverage());
    }
    a.dispose();
    assert.deepEqual(b.coverage(), new AlertResolver(docs).coverage());
  });
});

/** Every alert of the rules, resolved. */
function answersOf(r: AlertResolver, ctx: ResolveContext): Resolution[][] {
  return ctx.rules.alerts().map((a) => r.resolve(a));
}

describe('coverage', () => {
  it('reports covered and uncovered alerts, unknown front-matter alerts, dangling and unchecked URLs', () => {
    const ctx = workspace({
      rules: {
        'monitoring/kube-prometheus.rules.yml': fixture('kube-prometheus.rules.yml'),
        'monitoring/prometheusrule.yaml': fixture('prometheusrule.yaml'),
        'monitoring/extra.rules.yml': EXTRA_RULES,
      },
    });
    const c = coverage(ctx);
    assert.deepEqual(c.covered.map((x) => [x.alert, brief(x.resolutions)]), [
      ['HTTPErrorRateHigh', [
        // {{ $labels.namespace }}: every runbook the template could name.
        ['runbooks/checkout/http-errors.md', undefined, 0, 'runbook_url'],
        ['runbooks/search/http-errors.md', undefined, 0, 'runbook_url'],
      ]],
      ['KubeDeploymentReplicasMismatch', [
        ['runbooks/kube.md', undefined, 3, 'front-matter-glob'], // Kube*
        ['runbooks/kubernetes/kubedeploymentreplicasmismatch.md', undefined, 0, 'runbook_url'],
      ]],
      ['KubePodCrashLooping', brief(resolveAlert(ctx, 'KubePodCrashLooping'))],
      ['NodeClockSkewDetected', [['runbooks/node/node-alerts.md', 'nodeclockskewdetected', 5, 'front-matter']]],
      ['NodeHighNumberConntrackEntriesUsed', [['runbooks/node/node-alerts.md', 'nodehighnumberconntrackentriesused', 9, 'front-matter']]],
      ['etcdInsufficientMembers', [
        ['runbooks/etcd/README.md', 'etcdinsufficientmembers', 4, 'runbook_url'],
        ['runbooks/etcd/etcd-insufficient-members.md', undefined, 0, 'file-name'],
      ]],
      ['etcdMembersDown', [['runbooks/etcd/README.md', 'etcdmembersdown', 2, 'runbook_url']]],
    ]);
    assert.deepEqual(c.uncovered.map((r) => [r.alert, r.path.replace('/w/', ''), r.line]), [
      ['CertificateExpiry', 'monitoring/extra.rules.yml', 5],
      ['GrafanaDown', 'monitoring/extra.rules.yml', 9],
      ['HostClockSkew', 'monitoring/extra.rules.yml', 3],
      ['ThanosCompactHalted', 'monitoring/extra.rules.yml', 13],
      ['VaultSealed', 'monitoring/extra.rules.yml', 17],
    ]);
    assert.deepEqual(c.unknownAlerts, [
      { path: '/w/runbooks/node/node-alerts.md', alert: 'NodeFilesystemAlmostOutOfSpace' },
      { path: '/w/services/checkout/checkout.runbook.md', alert: 'OldAlertNobodyDefines' },
    ]);
    // A relative URL to nothing, and a mapped URL to nothing; grafana.com is not ours to check.
    assert.deepEqual(c.danglingUrls.map((d) => [d.rule.alert, d.url]), [
      ['CertificateExpiry', '../runbooks/certs/expiry.md'],
      ['ThanosCompactHalted', 'https://runbooks.example.com/runbooks/thanos/thanoscompacthalted'],
    ]);
    assert.deepEqual(c.uncheckedUrls.map((d) => [d.rule.alert, d.url]), [['VaultSealed', '{{ $externalLabels.runbooks }}/vault-sealed']]);
  });

  it('reports a templated URL that no label values could resolve as dangling; a template may name the file too', () => {
    const rule = (alert: string, url: string) => `  - alert: ${alert}\n    expr: up\n    annotations:\n      runbook_url: ${url}\n`;
    const ctx = workspace({
      rules: {
        'r.yml': `groups:\n- name: g\n  rules:\n${rule('QueueBacklog', 'https://runbooks.example.com/runbooks/{{ $labels.vhost }}/queue-backlog')}`
          + rule('ErrorsByKind', 'https://runbooks.example.com/runbooks/{{ $labels.namespace }}/{{ $labels.kind }}-errors')
          + rule('LatencyByKind', 'runbooks/{{ $labels.kind }}/high-latency.md#{{ $labels.section }}'),
      },
    });
    const c = coverage(ctx);
    assert.deepEqual(c.danglingUrls.map((d) => d.url), ['https://runbooks.example.com/runbooks/{{ $labels.vhost }}/queue-backlog']);
    assert.deepEqual(c.uncovered.map((r) => r.alert), ['QueueBacklog']);
    assert.deepEqual(c.covered.map((x) => [x.alert, brief(x.resolutions)]), [
      ['ErrorsByKind', [['runbooks/checkout/http-errors.md', undefined, 0, 'runbook_url'], ['runbooks/search/http-errors.md', undefined, 0, 'runbook_url']]],
      ['LatencyByKind', [['runbooks/databases/high-latency.md', undefined, 0, 'runbook_url'], ['runbooks/http/high-latency.md', undefined, 0, 'runbook_url']]],
    ]);
  });

  it('lists every definition of an uncovered alert, and no unknown alerts without rules', () => {
    const two = 'groups:\n- name: a\n  rules:\n  - alert: Lonely\n    expr: up\n- name: b\n  rules:\n  - alert: Lonely\n    expr: up\n';
    const c = coverage(workspace({ rules: { 'r.yml': two } }));
    assert.deepEqual(c.uncovered.map((r) => [r.alert, r.group, r.line]), [['Lonely', 'a', 3], ['Lonely', 'b', 7]]);
    const none = coverage(workspace({ rules: {} }));
    assert.deepEqual(none, { covered: [], uncovered: [], unknownAlerts: [], danglingUrls: [], uncheckedUrls: [], brokenAnchors: [] });
  });
});
