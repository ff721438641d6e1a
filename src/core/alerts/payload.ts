// Alerts as they arrive by copy and paste: an Alertmanager webhook, a Grafana notification, a Prometheus
// /api/v1/alerts response, a bare array of alerts, or a selector `AlertName{label="value"}`. Never throws.
import { ALERT_NAME, LABEL_NAME, quote } from './alertLink';
import type { AlertInstance } from './model';
import { stripBom } from '../text';

export const PAYLOAD_LIMITS = { characters: 1024 * 1024, alerts: 1000 } as const;

export type PayloadFormat = 'alertmanager' | 'grafana' | 'prometheus' | 'selector';

export type ParsedPayload =
  | {
    format: PayloadFormat;
    alerts: AlertInstance[];
    /** Alerts left out beyond `PAYLOAD_LIMITS.alerts`. */
    omitted?: number;
  }
  | { error: string };

const NOT_A_PAYLOAD = 'not JSON and not Name{label="value"}';
const NO_ALERTS = 'no alerts in the payload';

/**
 * The alerts of a pasted payload. Labels are strings; `alertname` becomes the alert's `name` and is not repeated
 * among its labels. Alerts without a name are left out; at most 1000 alerts, from at most 1 MB of text.
 */
export function parseAlertPayload(text: string): ParsedPayload {
  try {
    return parse(text);
  } catch (e) {
    return { error: `could not read the payload: ${(e as Error).message}` };
  }
}

function parse(text: string): ParsedPayload {
  if (text.length > PAYLOAD_LIMITS.characters) {
    return { error: `payload too large (${text.length} characters, at most 1 MB)` };
  }
  const t = stripBom(text).trim();
  if (!t) {
    return { error: 'empty payload' };
  }
  if (t[0] === '{' || t[0] === '[') {
    let json: unknown;
    try {
      json = JSON.parse(t);
    } catch (e) {
      // `{alertname="X", …}` is a selector without a name, not broken JSON.
      if (/^\{\s*[A-Za-z_][A-Za-z0-9_]*\s*(?:=|!=|!~)/.test(t)) {
        const sel = parseSelector(t);
        return 'alert' in sel ? { format: 'selector', alerts: [sel.alert] } : { error: sel.error };
      }
      return { error: `invalid JSON: ${(e as Error).message}` };
    }
    return fromJson(json);
  }
  const sel = parseSelector(t);
  if ('alert' in sel) {
    return { format: 'selector', alerts: [sel.alert] };
  }
  // Something that starts like a selector gets the selector's own complaint; anything else the general one.
  return /^[A-Za-z_:][A-Za-z0-9_:]*\s*(?:\{|$)/.test(t) ? { error: sel.error } : { error: NOT_A_PAYLOAD };
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function fromJson(v: unknown): ParsedPayload {
  if (Array.isArray(v)) {
    const prometheus = v.some((a) => isObject(a) && ('activeAt' in a || typeof a.state === 'string'));
    return collect(prometheus ? 'prometheus' : 'alertmanager', v, new Map());
  }
  if (!isObject(v)) {
    return { error: NO_ALERTS };
  }
  // Prometheus GET /api/v1/alerts: {"status":"success","data":{"alerts":[…]}}
  if (isObject(v.data) && Array.isArray(v.data.alerts)) {
    return collect('prometheus', v.data.alerts, new Map());
  }
  // Alertmanager's old GET /api/v1/alerts: {"status":"success","data":[…]}
  if (Array.isArray(v.data)) {
    return collect('alertmanager', v.data, new Map());
  }
  if (Array.isArray(v.alerts)) {
    // Grafana's webhook is Alertmanager's plus its own fields.
    const grafana = 'orgId' in v || (typeof v.title === 'string' && typeof v.message === 'string')
      || v.alerts.some((a) => isObject(a) && ('silenceURL' in a || 'dashboardURL' in a || 'panelURL' in a || 'valueString' in a));
    return collect(grafana ? 'grafana' : 'alertmanager', v.alerts, strings(v.commonLabels));
  }
  // Grafana legacy alerting: one rule, and one match per series.
  if (typeof v.ruleName === 'string' && (Array.isArray(v.evalMatches) || isObject(v.tags) || typeof v.state === 'string')) {
    return legacyGrafana(v);
  }
  // A single alert.
  if (isObject(v.labels)) {
    return collect('activeAt' in v || typeof v.state === 'string' ? 'prometheus' : 'alertmanager', [v], new Map());
  }
  return { error: NO_ALERTS };
}

function collect(format: PayloadFormat, items: readonly unknown[], common: Map<string, string>): ParsedPayload {
  const alerts: AlertInstance[] = [];
  let omitted = 0;
  for (const item of items) {
    const alert = toAlert(item, common);
    if (!alert) {
      continue;
    }
    if (alerts.length >= PAYLOAD_LIMITS.alerts) {
      omitted++;
    } else {
      alerts.push(alert);
    }
  }
  if (!alerts.length) {
    return { error: items.length ? `${NO_ALERTS} (no alert has an alertname label)` : NO_ALERTS };
  }
  return omitted ? { format, alerts, omitted } : { format, alerts };
}

function toAlert(item: unknown, common: Map<string, string>): AlertInstance | undefined {
  if (!isObject(item)) {
    return undefined;
  }
  const labels = new Map(common);
  for (const [k, v] of strings(item.labels)) {
    labels.set(k, v);
  }
  const name = labels.get('alertname');
  labels.delete('alertname');
  if (!name) {
    return undefined;
  }
  const status = typeof item.status === 'string' ? item.status
    : isObject(item.status) && typeof item.status.state === 'string' ? item.status.state // Alertmanager API v2
      : typeof item.state === 'string' ? item.state : undefined;
  const startsAt = typeof item.startsAt === 'string' ? item.startsAt : typeof item.activeAt === 'string' ? item.activeAt : undefined;
  return {
    name,
    labels: Object.fromEntries(labels),
    ...(isObject(item.annotations) ? { annotations: Object.fromEntries(strings(item.annotations)) } : {}),
    ...(startsAt !== undefined ? { startsAt } : {}),
    ...(status !== undefined ? { status } : {}),
  };
}

function legacyGrafana(v: Json): ParsedPayload {
  const tags = strings(v.tags);
  const annotations = new Map<string, string>();
  for (const key of ['message', 'ruleUrl', 'title']) {
    if (typeof v[key] === 'string' && v[key]) {
      annotations.set(key, v[key] as string);
    }
  }
  const matches = Array.isArray(v.evalMatches) && v.evalMatches.length ? v.evalMatches : [{}];
  const items = matches.map((m) => {
    const labels = new Map(tags);
    for (const [k, val] of strings(isObject(m) ? m.tags : undefined)) {
      labels.set(k, val);
    }
    labels.set('alertname', v.ruleName as string);
    return { labels: Object.fromEntries(labels), annotations: Object.fromEntries(annotations), ...(typeof v.state === 'string' ? { status: v.state } : {}) };
  });
  return collect('grafana', items, new Map());
}

/** String-valued entries of a JSON object (numbers and booleans as text; anything else left out). */
function strings(v: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (isObject(v)) {
    for (const [k, val] of Object.entries(v)) {
      if (typeof val === 'string') {
        out.set(k, val);
      } else if (typeof val === 'number' || typeof val === 'boolean') {
        out.set(k, String(val));
      }
    }
  }
  return out;
}

/**
 * `AlertName`, `AlertName{label="value", other='v'}` or `{alertname="AlertName", …}`, as PromQL writes selectors:
 * `\"`, `\\`, `\n`, `\t` escapes, optional spaces, a trailing comma. Only `=` matchers: this names one alert.
 */
export function parseSelector(text: string): { alert: AlertInstance } | { error: string } {
  const s = text.trim();
  let i = 0;
  const ws = () => {
    while (i < s.length && /\s/.test(s[i])) {
      i++;
    }
  };
  const ident = (re: RegExp): string => {
    const m = re.exec(s.slice(i));
    if (!m) {
      return '';
    }
    i += m[0].length;
    return m[0];
  };
  let name = ident(/^[A-Za-z_:][A-Za-z0-9_:]*/);
  ws();
  const labels = new Map<string, string>();
  if (s[i] === '{') {
    i++;
    for (;;) {
      ws();
      if (s[i] === '}') {
        i++;
        break;
      }
      if (i >= s.length) {
        return { error: 'Name{label="value"}: missing }' };
      }
      const label = ident(/^[A-Za-z_][A-Za-z0-9_]*/);
      if (!label) {
        return { error: `Name{label="value"}: expected a label name at ${quote(s.slice(i, i + 20))}` };
      }
      ws();
      const op = ident(/^(?:=~|!=|!~|=)/);
      if (op !== '=') {
        return { error: op ? `Name{label="value"}: only label="value" matchers name an alert, not ${op}` : `Name{label="value"}: expected = after ${quote(label)}` };
      }
      ws();
      const value = readString();
      if (typeof value !== 'string') {
        return value;
      }
      if (labels.has(label)) {
        return { error: `Name{label="value"}: label ${quote(label)} is given twice` };
      }
      labels.set(label, value);
      ws();
      if (s[i] === ',') {
        i++;
      } else if (s[i] !== '}') {
        return { error: i >= s.length ? 'Name{label="value"}: missing }' : `Name{label="value"}: expected , or } at ${quote(s.slice(i, i + 20))}` };
      }
    }
    ws();
  }
  if (i < s.length) {
    return { error: NOT_A_PAYLOAD };
  }
  const alertname = labels.get('alertname');
  labels.delete('alertname');
  if (alertname !== undefined) {
    if (name && name !== alertname) {
      return { error: `Name{label="value"}: the name ${quote(name)} and alertname=${quote(alertname)} differ` };
    }
    name = alertname;
  }
  if (!name) {
    return { error: NOT_A_PAYLOAD };
  }
  if (!ALERT_NAME.test(name)) {
    return { error: `invalid alert name ${quote(name)}` };
  }
  for (const k of labels.keys()) {
    if (!LABEL_NAME.test(k)) {
      return { error: `invalid label name ${quote(k)}` };
    }
  }
  return { alert: { name, labels: Object.fromEntries(labels) } };

  function readString(): string | { error: string } {
    const q = s[i];
    if (q !== '"' && q !== "'" && q !== '`') {
      return { error: `Name{label="value"}: expected a quoted value at ${quote(s.slice(i, i + 20))}` };
    }
    i++;
    let out = '';
    while (i < s.length && s[i] !== q) {
      if (s[i] === '\\' && q !== '`') {
        const c = s[i + 1];
        out += c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c ?? '';
        i += 2;
      } else {
        out += s[i++];
      }
    }
    if (i >= s.length) {
      return { error: 'Name{label="value"}: unterminated string' };
    }
    i++;
    return out;
  }
}
