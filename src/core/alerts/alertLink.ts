// Alert links: `vscode://<publisher>.<name>/alert?name=<AlertName>&<label>=<value>…`, or `labels=<JSON object>`.
// A link comes from outside (a chat message, an Alertmanager template): everything in it is validated and capped.
import type { AlertInstance } from './model';
import { decodePercent } from '../text';

export const LINK_LIMITS = { nameLength: 200, labels: 64, labelNameLength: 128, labelValueLength: 1024, queryLength: 16384 } as const;

/** Prometheus alert names as links accept them (a metric-name-like identifier). */
export const ALERT_NAME = /^[A-Za-z_:][A-Za-z0-9_:]*$/;
/** Prometheus label names. */
export const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** C0/C1 controls, DEL, and the bidirectional overrides that make text read differently from what it is. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** A value shown in a message: quoted, escaped, and cut short. */
export function quote(s: string, max = 40): string {
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
}

/**
 * The alert of a link's query, as VS Code hands it to a UriHandler (`uri.query`, already percent-decoded once):
 * `name=` (or `alertname=`), then labels as `label=value` pairs and/or `labels=` with a JSON object of strings.
 * Each pair is decoded once more (`+` is a space), which is how `alertLink` encodes `&`, `=`, `+`, `#` and `%`.
 */
export function parseAlertQuery(query: string): { alert: AlertInstance } | { error: string } {
  if (query.length > LINK_LIMITS.queryLength) {
    return { error: `the link is too long (${query.length} characters in its query, at most ${LINK_LIMITS.queryLength})` };
  }
  const q = query.startsWith('?') ? query.slice(1) : query;
  let name: string | undefined;
  let sawJson = false;
  const labels = new Map<string, string>();

  const setName = (value: string): string | undefined => {
    if (name !== undefined && name !== value) {
      return `the alert name is given twice, differently (${quote(name)} and ${quote(value)})`;
    }
    name = value;
    return undefined;
  };
  const addLabel = (key: string, value: string): string | undefined => {
    if (key.length > LINK_LIMITS.labelNameLength) {
      return `label name too long (${key.length} characters, at most ${LINK_LIMITS.labelNameLength}): ${quote(key)}`;
    }
    if (!LABEL_NAME.test(key)) {
      return `invalid label name ${quote(key)}: use letters, digits and _, not starting with a digit`;
    }
    if (key.startsWith('__')) {
      return `label name ${quote(key)} is reserved (names starting with __ are internal to Prometheus)`;
    }
    if (labels.has(key)) {
      return `label ${quote(key)} is given twice`;
    }
    if (value.length > LINK_LIMITS.labelValueLength) {
      return `value of label ${quote(key)} is too long (${value.length} characters, at most ${LINK_LIMITS.labelValueLength})`;
    }
    if (CONTROL.test(value)) {
      return `value of label ${quote(key)} contains a control character`;
    }
    if (labels.size >= LINK_LIMITS.labels) {
      return `too many labels (at most ${LINK_LIMITS.labels})`;
    }
    labels.set(key, value);
    return undefined;
  };

  for (const part of q.split('&')) {
    if (!part) {
      continue;
    }
    const eq = part.indexOf('=');
    const key = formDecode(eq === -1 ? part : part.slice(0, eq));
    const value = formDecode(eq === -1 ? '' : part.slice(eq + 1));
    let error: string | undefined;
    if (key === 'name' || key === 'alertname') {
      error = setName(value);
    } else if (key === 'labels') {
      if (sawJson) {
        return { error: 'labels= is given twice' };
      }
      sawJson = true;
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch (e) {
        return { error: `labels= is not valid JSON (${(e as Error).message})` };
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        return { error: `labels= must be a JSON object of strings, like {"namespace":"payments"}, not ${parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`}` };
      }
      for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
        if (typeof v !== 'string') {
          return { error: `labels=: the value of ${quote(k)} must be a string, not ${v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`}` };
        }
        error = k === 'alertname' ? setName(v) : addLabel(k, v);
        if (error) {
          break;
        }
      }
    } else {
      error = addLabel(key, value);
    }
    if (error) {
      return { error };
    }
  }
  if (name === undefined || name === '') {
    return { error: 'the link names no alert: add name=<AlertName>' };
  }
  if (name.length > LINK_LIMITS.nameLength) {
    return { error: `alert name too long (${name.length} characters, at most ${LINK_LIMITS.nameLength})` };
  }
  if (!ALERT_NAME.test(name)) {
    return { error: `invalid alert name ${quote(name)}: use letters, digits, _ and :, not starting with a digit` };
  }
  return { alert: { name, labels: Object.fromEntries(labels) } };
}

/**
 * A link that opens the runbook for `alert` in VS Code. `&`, `=`, `+`, `#` and `%` in names and values are encoded
 * twice, so that they survive the decoding VS Code applies before `parseAlertQuery` sees the query.
 */
export function alertLink(extensionId: string, alert: AlertInstance): string {
  const enc = (s: string) => encodeURIComponent(s.replace(/[%&=+#]/g, (c) => encodeURIComponent(c)));
  let link = `vscode://${extensionId}/alert?name=${enc(alert.name)}`;
  for (const [k, v] of Object.entries(alert.labels)) {
    if (k !== 'alertname') {
      link += `&${enc(k)}=${enc(v)}`;
    }
  }
  return link;
}

/**
 * `label=value` arguments (command line, input box) as labels. A value may be quoted (`pod="api-1"`). Throws an
 * Error naming the argument for anything else: no `=`, an invalid label name, a label given twice.
 */
export function parseLabelArgs(args: readonly string[]): Record<string, string> {
  const labels = new Map<string, string>();
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) {
      throw new Error(`expected label=value, got ${quote(arg)}`);
    }
    const key = arg.slice(0, eq).trim();
    let value = arg.slice(eq + 1).trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0]) {
      value = value.slice(1, -1);
    }
    if (!LABEL_NAME.test(key)) {
      throw new Error(`invalid label name ${quote(key)} in ${quote(arg)}`);
    }
    if (labels.has(key)) {
      throw new Error(`label ${quote(key)} is given twice`);
    }
    labels.set(key, value);
  }
  return Object.fromEntries(labels);
}

/** `application/x-www-form-urlencoded` decoding that never throws: `+` is a space, bad `%` sequences stay. */
function formDecode(s: string): string {
  return decodePercent(s.replace(/\+/g, ' '));
}
