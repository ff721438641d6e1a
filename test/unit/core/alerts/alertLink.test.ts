import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alertLink, LINK_LIMITS, parseAlertQuery, parseLabelArgs } from '../../../../src/core/alerts/alertLink';
import type { AlertInstance } from '../../../../src/core/alerts/model';

const EXTENSION = 'incident-runbooks.incident-runbooks';

/** VS Code's decodeURIComponentGraceful: what URI.parse does to each run of %XX. */
function graceful(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s.length > 3 ? s.slice(0, 3) + graceful(s.slice(3)) : s;
  }
}

/** The query a UriHandler sees for a link: `uri.query`, percent-decoded once by VS Code. */
function vscodeQuery(link: string): string {
  const q = link.slice(link.indexOf('?') + 1);
  return q.replace(/(%[0-9A-Za-z][0-9A-Za-z])+/g, graceful);
}

const ok = (query: string) => {
  const r = parseAlertQuery(query);
  assert.ok('alert' in r, `expected an alert, got ${JSON.stringify(r)}`);
  return r.alert;
};
const error = (query: string) => {
  const r = parseAlertQuery(query);
  assert.ok('error' in r, `expected an error, got ${JSON.stringify(r)}`);
  return r.error;
};

describe('parseAlertQuery', () => {
  it('reads the name and the labels', () => {
    assert.deepEqual(ok('name=KubePodCrashLooping&namespace=payments&pod=checkout-api-7d9f8b6c5-x2x7q'), {
      name: 'KubePodCrashLooping',
      labels: { namespace: 'payments', pod: 'checkout-api-7d9f8b6c5-x2x7q' },
    });
    assert.deepEqual(ok('?alertname=NodeClockSkewDetected&instance=node-2:9100'), { name: 'NodeClockSkewDetected', labels: { instance: 'node-2:9100' } });
    assert.deepEqual(ok('name=Watchdog'), { name: 'Watchdog', labels: {} });
    assert.deepEqual(ok('name=job:up:ratio_low&&flag'), { name: 'job:up:ratio_low', labels: { flag: '' } });
  });

  it('reads labels= as a JSON object, with or next to plain labels', () => {
    assert.deepEqual(ok('name=KubePodCrashLooping&labels={"namespace":"payments","pod":"api-0"}&container=api'), {
      name: 'KubePodCrashLooping',
      labels: { namespace: 'payments', pod: 'api-0', container: 'api' },
    });
    assert.deepEqual(ok('labels={"alertname":"HTTPErrorRateHigh","namespace":"checkout"}'), { name: 'HTTPErrorRateHigh', labels: { namespace: 'checkout' } });
    assert.deepEqual(ok('name=A&alertname=A'), { name: 'A', labels: {} });
    assert.deepEqual(ok('name=A&labels=%7B%22summary%22%3A%22disk%20full%22%7D'), { name: 'A', labels: { summary: 'disk full' } });
  });

  it('decodes + as a space and %XX, and keeps malformed escapes as written', () => {
    assert.deepEqual(ok('name=A&summary=disk+almost+full&mount=%2Fvar%2Flib&pct=100%&bad=%E0%A4%A'), {
      name: 'A',
      labels: { summary: 'disk almost full', mount: '/var/lib', pct: '100%', bad: '%E0%A4%A' },
    });
  });

  it('treats JSON as data: a quote in a value is a quote, not more labels', () => {
    const alert = ok('name=A&labels={"pod":"a\\",\\"namespace\\":\\"kube-system"}');
    assert.deepEqual(alert, { name: 'A', labels: { pod: 'a","namespace":"kube-system' } });
  });

  it('refuses names and label names outside their charsets, `../` included', () => {
    assert.equal(error('name=../../etc/passwd'), 'invalid alert name "../../etc/passwd": use letters, digits, _ and :, not starting with a digit');
    assert.equal(error('name=Kube Pod'), 'invalid alert name "Kube Pod": use letters, digits, _ and :, not starting with a digit');
    assert.equal(error('name=1Alert'), 'invalid alert name "1Alert": use letters, digits, _ and :, not starting with a digit');
    assert.equal(error('name=<script>alert(1)</script>'), 'invalid alert name "<script>alert(1)</script>": use letters, digits, _ and :, not starting with a digit');
    assert.equal(error('name=A&na-me=1'), 'invalid label name "na-me": use letters, digits and _, not starting with a digit');
    assert.equal(error('name=A&../x=1'), 'invalid label name "../x": use letters, digits and _, not starting with a digit');
    assert.equal(error('name=A&=1'), 'invalid label name "": use letters, digits and _, not starting with a digit');
    assert.equal(error('name=A&9lives=1'), 'invalid label name "9lives": use letters, digits and _, not starting with a digit');
    assert.equal(error('name=A&labels={"ns/x":"1"}'), 'invalid label name "ns/x": use letters, digits and _, not starting with a digit');
  });

  it('refuses reserved label names, so `__proto__` never reaches an object', () => {
    assert.equal(error('name=A&__proto__=x'), 'label name "__proto__" is reserved (names starting with __ are internal to Prometheus)');
    assert.equal(error('name=A&labels={"__proto__":"x"}'), 'label name "__proto__" is reserved (names starting with __ are internal to Prometheus)');
    assert.equal(error('name=A&labels={"__proto__":{"polluted":true}}'), 'labels=: the value of "__proto__" must be a string, not a object');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    const alert = ok('name=A&constructor=x&toString=y');
    assert.deepEqual(alert.labels, { constructor: 'x', toString: 'y' });
    assert.equal(Object.getPrototypeOf(alert.labels), Object.prototype);
  });

  it('refuses control characters and bidirectional overrides in values', () => {
    assert.equal(error('name=A&pod=api\n0'), 'value of label "pod" contains a control character');
    assert.equal(error('name=A&pod=api%0D%0ASet-Cookie:x'), 'value of label "pod" contains a control character');
    assert.equal(error('name=A&pod=api%00'), 'value of label "pod" contains a control character');
    assert.equal(error('name=A&pod=\u202Egnp.exe'), 'value of label "pod" contains a control character');
    assert.equal(error('name=A&labels={"pod":"a\\u0007b"}'), 'value of label "pod" contains a control character');
    assert.deepEqual(ok('name=A&pod=ünïcode ✓'), { name: 'A', labels: { pod: 'ünïcode ✓' } });
  });

  it('enforces every cap, naming the limit', () => {
    assert.deepEqual(LINK_LIMITS, { nameLength: 200, labels: 64, labelNameLength: 128, labelValueLength: 1024, queryLength: 16384 });
    const longQuery = `name=A&pod=${'x'.repeat(16384)}`;
    assert.equal(error(longQuery), `the link is too long (${longQuery.length} characters in its query, at most 16384)`);
    assert.equal(error(`name=${'A'.repeat(201)}`), 'alert name too long (201 characters, at most 200)');
    assert.deepEqual(ok(`name=${'A'.repeat(200)}`).name.length, 200);
    const labels = (n: number) => Array.from({ length: n }, (_, i) => `l${i}=v`).join('&');
    assert.equal(Object.keys(ok(`name=A&${labels(64)}`).labels).length, 64);
    assert.equal(error(`name=A&${labels(65)}`), 'too many labels (at most 64)');
    assert.equal(error(`name=A&labels=${JSON.stringify(Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`l${i}`, 'v'])))}`), 'too many labels (at most 64)');
    assert.equal(error(`name=A&${'n'.repeat(129)}=1`), `label name too long (129 characters, at most 128): "${'n'.repeat(40)}…"`);
    assert.equal(error(`name=A&pod=${'v'.repeat(1025)}`), 'value of label "pod" is too long (1025 characters, at most 1024)');
    assert.deepEqual(ok(`name=A&pod=${'v'.repeat(1024)}`).labels.pod.length, 1024);
  });

  it('refuses duplicates, bad JSON and non-string JSON values', () => {
    assert.equal(error('name=A&pod=a&pod=b'), 'label "pod" is given twice');
    assert.equal(error('name=A&pod=a&labels={"pod":"a"}'), 'label "pod" is given twice');
    assert.equal(error('name=A&alertname=B'), 'the alert name is given twice, differently ("A" and "B")');
    assert.equal(error('name=A&labels={"alertname":"B"}'), 'the alert name is given twice, differently ("A" and "B")');
    assert.equal(error('name=A&labels={}&labels={}'), 'labels= is given twice');
    assert.match(error('name=A&labels={"pod":'), /^labels= is not valid JSON \(.+\)$/);
    assert.match(error("name=A&labels={'pod':'a'}"), /^labels= is not valid JSON \(.+\)$/);
    assert.equal(error('name=A&labels=["pod","a"]'), 'labels= must be a JSON object of strings, like {"namespace":"payments"}, not an array');
    assert.equal(error('name=A&labels=null'), 'labels= must be a JSON object of strings, like {"namespace":"payments"}, not null');
    assert.equal(error('name=A&labels="pod"'), 'labels= must be a JSON object of strings, like {"namespace":"payments"}, not a string');
    assert.equal(error('name=A&labels={"replicas":3}'), 'labels=: the value of "replicas" must be a string, not a number');
    assert.equal(error('name=A&labels={"pod":null}'), 'labels=: the value of "pod" must be a string, not null');
    assert.equal(error('name=A&labels={"pod":["a"]}'), 'labels=: the value of "pod" must be a string, not an array');
  });

  it('needs a name', () => {
    assert.equal(error(''), 'the link names no alert: add name=<AlertName>');
    assert.equal(error('namespace=payments'), 'the link names no alert: add name=<AlertName>');
    assert.equal(error('name='), 'the link names no alert: add name=<AlertName>');
  });
});

describe('alertLink', () => {
  it('writes a vscode:// link with the name first, then the labels', () => {
    assert.equal(alertLink(EXTENSION, { name: 'KubePodCrashLooping', labels: { namespace: 'payments', pod: 'api-0' } }),
      'vscode://incident-runbooks.incident-runbooks/alert?name=KubePodCrashLooping&namespace=payments&pod=api-0');
    assert.equal(alertLink(EXTENSION, { name: 'A', labels: { alertname: 'A', q: 'a&b c' } }), 'vscode://incident-runbooks.incident-runbooks/alert?name=A&q=a%2526b%20c');
  });

  it('survives VS Code decoding the query once: & = + # % space / ? and unicode come back as they were', () => {
    const alert: AlertInstance = {
      name: 'job:http_errors:ratio_high',
      labels: { amp: 'a&b=c', plus: 'x+y', pct: '50%25 is 50%', hash: '#frag', space: 'with space', path: '/var/lib?x=1', uni: 'ünïcode ✓', quote: '"q"' },
    };
    const link = alertLink(EXTENSION, alert);
    assert.deepEqual(parseAlertQuery(vscodeQuery(link)), { alert });
  });
});

describe('parseLabelArgs', () => {
  it('reads k=v pairs, splitting at the first =, unquoting values', () => {
    assert.deepEqual(parseLabelArgs(['namespace=payments', 'pod="api-0"', "container='api'", 'url=https://a.example.com/b?c=d', 'empty=', ' spaced = x ']), {
      namespace: 'payments', pod: 'api-0', container: 'api', url: 'https://a.example.com/b?c=d', empty: '', spaced: 'x',
    });
    assert.deepEqual(parseLabelArgs([]), {});
  });

  it('throws an Error naming the argument', () => {
    assert.throws(() => parseLabelArgs(['payments']), { message: 'expected label=value, got "payments"' });
    assert.throws(() => parseLabelArgs(['=payments']), { message: 'expected label=value, got "=payments"' });
    assert.throws(() => parseLabelArgs(['name-space=x']), { message: 'invalid label name "name-space" in "name-space=x"' });
    assert.throws(() => parseLabelArgs(['pod=a', 'pod=b']), { message: 'label "pod" is given twice' });
  });
});
