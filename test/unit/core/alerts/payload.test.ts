import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseAlertPayload } from '../../../../src/core/alerts/payload';

const FIXTURES = path.join(__dirname, '../../../../../test/unit/core/alerts/fixtures/payloads');
const payload = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

const error = (text: string) => {
  const r = parseAlertPayload(text);
  assert.ok('error' in r, `expected an error, got ${JSON.stringify(r).slice(0, 200)}`);
  return r.error;
};

describe('parseAlertPayload: JSON', () => {
  it('reads an Alertmanager webhook: every alert, alertname as the name', () => {
    assert.deepEqual(parseAlertPayload(payload('alertmanager-webhook.json')), {
      format: 'alertmanager',
      alerts: [
        {
          name: 'KubePodCrashLooping',
          // commonLabels fill in what an alert lacks (here: prometheus).
          labels: { namespace: 'payments', severity: 'warning', prometheus: 'monitoring/k8s', container: 'api', pod: 'checkout-api-7d9f8b6c5-x2x7q' },
          annotations: {
            description: 'Pod payments/checkout-api-7d9f8b6c5-x2x7q (api) is in waiting state (reason: "CrashLoopBackOff").',
            runbook_url: 'https://runbooks.example.com/runbooks/kubernetes/kubepodcrashlooping',
            summary: 'Pod is crash looping.',
          },
          startsAt: '2026-03-02T09:14:05.123Z',
          status: 'firing',
        },
        {
          name: 'KubePodCrashLooping',
          labels: { namespace: 'payments', severity: 'warning', prometheus: 'monitoring/k8s', container: 'worker', pod: 'checkout-worker-5b8d7c9f4-kq2lm' },
          annotations: { summary: 'Pod is crash looping.' },
          startsAt: '2026-03-02T08:51:35.000Z',
          status: 'resolved',
        },
      ],
    });
  });

  it('reads a Grafana unified alerting webhook', () => {
    assert.deepEqual(parseAlertPayload(payload('grafana-webhook.json')), {
      format: 'grafana',
      alerts: [{
        name: 'HTTPErrorRateHigh',
        labels: { grafana_folder: 'Checkout', namespace: 'checkout', team: 'payments' },
        annotations: { runbook_url: 'https://runbooks.example.com/runbooks/checkout/http-errors', summary: '5xx ratio above 5%' },
        startsAt: '2026-03-02T10:00:00Z',
        status: 'firing',
      }],
    });
  });

  it('reads a legacy Grafana notification: one alert per evaluation match, tags as labels', () => {
    const annotations = {
      message: 'Disk usage above 95%',
      ruleUrl: 'https://grafana.example.com/d/node/node?tab=alert&viewPanel=4&orgId=1',
      title: '[Alerting] NodeFilesystemAlmostOutOfSpace',
    };
    assert.deepEqual(parseAlertPayload(payload('grafana-legacy.json')), {
      format: 'grafana',
      alerts: [
        { name: 'NodeFilesystemAlmostOutOfSpace', labels: { severity: 'warning', team: 'infra', instance: 'node-3:9100', mountpoint: '/var/lib/docker' }, annotations, status: 'alerting' },
        { name: 'NodeFilesystemAlmostOutOfSpace', labels: { severity: 'warning', team: 'infra', instance: 'node-5:9100', mountpoint: '/' }, annotations, status: 'alerting' },
      ],
    });
    assert.deepEqual(parseAlertPayload('{"ruleName":"NoMatches","state":"ok","tags":{}}'), { format: 'grafana', alerts: [{ name: 'NoMatches', labels: {}, annotations: {}, status: 'ok' }] });
  });

  it('reads a Prometheus /api/v1/alerts response: activeAt and state', () => {
    assert.deepEqual(parseAlertPayload(payload('prometheus-alerts.json')), {
      format: 'prometheus',
      alerts: [
        {
          name: 'Watchdog',
          labels: { severity: 'none' },
          annotations: { summary: 'An alert that should always be firing to certify that Alertmanager is working properly.' },
          startsAt: '2026-03-01T00:00:00.000000001Z',
          status: 'firing',
        },
        {
          name: 'NodeClockSkewDetected',
          labels: { instance: 'node-2:9100', job: 'node-exporter', severity: 'warning' },
          annotations: { runbook_url: 'https://runbooks.example.com/runbooks/node/node-alerts#NodeClockSkewDetected', summary: 'Clock skew detected.' },
          startsAt: '2026-03-02T11:58:30.000Z',
          status: 'pending',
        },
      ],
    });
  });

  it('reads bare arrays (Alertmanager API v2, Prometheus), a single alert, and the old Alertmanager API', () => {
    assert.deepEqual(parseAlertPayload(payload('alertmanager-v2-alerts.json')), {
      format: 'alertmanager',
      alerts: [{
        name: 'PostgresReplicationLagHigh',
        labels: { instance: 'orders-db-replica-1:9187', severity: 'critical' },
        annotations: { summary: 'Replica is lagging.' },
        startsAt: '2026-03-02T12:00:00.000Z',
        status: 'active',
      }],
    });
    assert.deepEqual(parseAlertPayload('[{"labels":{"alertname":"A","x":"1"},"state":"firing","activeAt":"t"}]'), {
      format: 'prometheus', alerts: [{ name: 'A', labels: { x: '1' }, startsAt: 't', status: 'firing' }],
    });
    assert.deepEqual(parseAlertPayload('{"labels":{"alertname":"Single","pod":"p"},"annotations":{"summary":"s"}}'), {
      format: 'alertmanager', alerts: [{ name: 'Single', labels: { pod: 'p' }, annotations: { summary: 's' } }],
    });
    assert.deepEqual(parseAlertPayload('{"status":"success","data":[{"labels":{"alertname":"Old"},"startsAt":"t"}]}'), {
      format: 'alertmanager', alerts: [{ name: 'Old', labels: {}, startsAt: 't' }],
    });
  });

  it('keeps strings, turns numbers and booleans into text, drops other values; `__proto__` is data', () => {
    const r = parseAlertPayload('{"alerts":[{"labels":{"alertname":"A","replicas":3,"up":false,"nested":{"a":1},"none":null,"__proto__":"p"},"annotations":{"__proto__":{"x":1}}}]}');
    assert.ok('alerts' in r);
    const [a] = r.alerts;
    assert.deepEqual(Object.entries(a.labels), [['replicas', '3'], ['up', 'false'], ['__proto__', 'p']]);
    assert.equal(Object.getPrototypeOf(a.labels), Object.prototype);
    assert.deepEqual(a.annotations, {});
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });

  it('takes the name from commonLabels when alerts lack it, and leaves out alerts without a name', () => {
    assert.deepEqual(parseAlertPayload('{"alerts":[{"labels":{"pod":"a"}},{"labels":{"pod":"b","alertname":"Other"}}],"commonLabels":{"alertname":"Common"}}'), {
      format: 'alertmanager',
      alerts: [{ name: 'Common', labels: { pod: 'a' } }, { name: 'Other', labels: { pod: 'b' } }],
    });
    assert.deepEqual(parseAlertPayload('{"alerts":[{"labels":{"pod":"a"}},{"labels":{"alertname":"Named"}},"junk",null]}'), {
      format: 'alertmanager', alerts: [{ name: 'Named', labels: {} }],
    });
  });

  it('caps the alerts at 1000 and says how many were left out', () => {
    const many = JSON.stringify({ alerts: Array.from({ length: 1003 }, (_, i) => ({ labels: { alertname: 'Flood', i: String(i) } })) });
    const r = parseAlertPayload(many);
    assert.ok('alerts' in r);
    assert.equal(r.alerts.length, 1000);
    assert.equal(r.omitted, 3);
    assert.deepEqual(r.alerts[999].labels, { i: '999' });
  });

  it('says why there are no alerts', () => {
    assert.equal(error('{"receiver":"x","alerts":[]}'), 'no alerts in the payload');
    assert.equal(error('[]'), 'no alerts in the payload');
    assert.equal(error('{"status":"success","data":{"alerts":[]}}'), 'no alerts in the payload');
    assert.equal(error('{"alerts":[{"labels":{"pod":"a"}}]}'), 'no alerts in the payload (no alert has an alertname label)');
    assert.equal(error('{"version":"4"}'), 'no alerts in the payload');
    assert.equal(error('[1, "two", null]'), 'no alerts in the payload (no alert has an alertname label)');
  });

  it('reports invalid JSON, oversize input and empty input; never throws', () => {
    assert.match(error('{"alerts": ['), /^invalid JSON: .+/);
    assert.match(error('[{"labels":}]'), /^invalid JSON: .+/);
    assert.equal(error(''), 'empty payload');
    assert.equal(error(' \n\t '), 'empty payload');
    const big = `{"alerts":[],"pad":"${'x'.repeat(1024 * 1024)}"}`;
    assert.equal(error(big), `payload too large (${big.length} characters, at most 1 MB)`);
    // Deep nesting is either refused by JSON.parse or holds no alert: an error either way, not an exception.
    assert.ok('error' in parseAlertPayload('['.repeat(500_000) + ']'.repeat(500_000)));
    assert.ok('error' in parseAlertPayload('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)));
  });
});

describe('parseAlertPayload: selectors', () => {
  it('reads Name{label="value", …} with either quote, escapes, spaces and a trailing comma', () => {
    assert.deepEqual(parseAlertPayload('KubePodCrashLooping{namespace="payments", pod=\'checkout-api-0\',}'), {
      format: 'selector', alerts: [{ name: 'KubePodCrashLooping', labels: { namespace: 'payments', pod: 'checkout-api-0' } }],
    });
    assert.deepEqual(parseAlertPayload('  A { msg = "say \\"hi\\"\\n", path="C:\\\\tmp" , raw=`a\\b` }  '), {
      format: 'selector', alerts: [{ name: 'A', labels: { msg: 'say "hi"\n', path: 'C:\\tmp', raw: 'a\\b' } }],
    });
    assert.deepEqual(parseAlertPayload('Watchdog'), { format: 'selector', alerts: [{ name: 'Watchdog', labels: {} }] });
    assert.deepEqual(parseAlertPayload('Watchdog{}'), { format: 'selector', alerts: [{ name: 'Watchdog', labels: {} }] });
    assert.deepEqual(parseAlertPayload('{alertname="NodeClockSkewDetected", instance="node-2:9100"}'), {
      format: 'selector', alerts: [{ name: 'NodeClockSkewDetected', labels: { instance: 'node-2:9100' } }],
    });
    assert.deepEqual(parseAlertPayload('job:up:ratio{a="1"}'), { format: 'selector', alerts: [{ name: 'job:up:ratio', labels: { a: '1' } }] });
  });

  it('says what is wrong with a selector', () => {
    assert.equal(error('KubePodCrashLooping{namespace!="payments"}'), 'Name{label="value"}: only label="value" matchers name an alert, not !=');
    assert.equal(error('A{namespace=~"pay.*"}'), 'Name{label="value"}: only label="value" matchers name an alert, not =~');
    assert.equal(error('A{namespace="payments"'), 'Name{label="value"}: missing }');
    assert.equal(error('A{namespace="payments'), 'Name{label="value"}: unterminated string');
    assert.equal(error('A{namespace=payments}'), 'Name{label="value"}: expected a quoted value at "payments}"');
    assert.equal(error('A{namespace}'), 'Name{label="value"}: expected = after "namespace"');
    assert.equal(error('A{pod="a" pod="b"}'), 'Name{label="value"}: expected , or } at "pod=\\"b\\"}"');
    assert.equal(error('A{pod="a",pod="b"}'), 'Name{label="value"}: label "pod" is given twice');
    assert.equal(error('A{9x="a"}'), 'Name{label="value"}: expected a label name at "9x=\\"a\\"}"');
    assert.equal(error('Foo{alertname="Bar"}'), 'Name{label="value"}: the name "Foo" and alertname="Bar" differ');
    assert.equal(error('{pod="a"}'), 'not JSON and not Name{label="value"}');
    assert.equal(error('{alertname="../x"}'), 'invalid alert name "../x"');
  });

  it('takes plain text for neither JSON nor a selector', () => {
    assert.equal(error('the checkout pods keep restarting'), 'not JSON and not Name{label="value"}');
    assert.equal(error('A{pod="a"} trailing'), 'not JSON and not Name{label="value"}');
    assert.equal(error('../../etc/passwd'), 'not JSON and not Name{label="value"}');
    assert.equal(error('<html>'), 'not JSON and not Name{label="value"}');
  });
});
