// RB302 unknown-variable: a step uses `{{name}}` that is neither declared in the front matter `variables` nor a
// label the alert carries. The fix declares it (description `TODO`), creating `variables:` when needed.
import { closest } from '../../closest';
import type { AlertRule } from '../../alerts/model';
import { alertGlobToRegExp, isAlertGlob } from '../../glob';
import type { StepVariable } from '../../model';
import type { TextEdit } from '../../text';
import type { LintContext, LintRule } from '../types';
import { unclosedFenceLines } from '../../fences';
import { frontMatterUsable, keyBlock, newKeyPosition } from '../../frontMatterSource';
import { stringListOption } from '../options';
import { append, code, insertAt, replaceRange } from '../../text';

/** Labels alerts usually carry (kube-prometheus, node-exporter, blackbox, Alertmanager). */
export const DEFAULT_KNOWN_LABELS: readonly string[] = [
  'alertname', 'severity', 'namespace', 'pod', 'container', 'instance', 'job', 'service', 'cluster', 'node', 'deployment',
  'statefulset', 'daemonset', 'replicaset', 'cronjob', 'job_name', 'persistentvolumeclaim', 'endpoint', 'device', 'mountpoint',
  'fstype', 'queue', 'vhost', 'consumer_group', 'topic', 'region', 'zone', 'env', 'environment', 'team',
];

export const unknownVariable: LintRule = {
  id: 'RB302',
  name: 'unknown-variable',
  description: 'Every `{{variable}}` in a step is declared in the front matter `variables` or is a label of the alert',
  tags: ['steps', 'variables'],
  defaultSeverity: 'warning',
  defaultOptions: { knownLabels: DEFAULT_KNOWN_LABELS },
  check(context: LintContext): void {
    const { runbook } = context;
    if (runbook.frontMatter && !frontMatterUsable(runbook)) {
      return; // the front matter cannot be read: RB101 reports it, and every variable would look undeclared
    }
    const known = new Set([...stringListOption(context.options, 'knownLabels', DEFAULT_KNOWN_LABELS), ...ruleLabels(context)]);
    const declared = Object.keys(runbook.variables);
    const unclosed = unclosedFenceLines(runbook);
    const uses = new Map<string, StepVariable[]>();
    for (const step of runbook.steps) {
      if (unclosed.has(step.range.start.line)) {
        continue; // it swallowed the rest of the document: RB301 reports the fence
      }
      for (const v of step.variables) {
        if (!Object.hasOwn(runbook.variables, v.name) && !known.has(v.name)) {
          const list = uses.get(v.name);
          if (list) {
            list.push(v);
          } else {
            uses.set(v.name, [v]);
          }
        }
      }
    }
    for (const [name, all] of uses) {
      const v = all[0];
      const more = all.length > 1 ? ` (used ${all.length} times, ${linesOf(all)})` : '';
      const typo = closest(name, declared, name.length > 4 ? 2 : 1);
      // (Go template words, `{{end}}`, and template arguments, `--template='…'`, are not variables: see steps.ts.)
      const hint = typo ? `; did you mean ${code(`{{${typo}}}`)}?` : '';
      const edits = declareEdits(context, name);
      context.report({
        line: v.line,
        character: v.character,
        endLine: v.line,
        endCharacter: v.character + v.raw.length,
        message: `variable ${code(v.raw)} is not declared in the front matter \`variables\` and is not a known alert label${more}${hint}`,
        ...(edits ? { fix: { title: `Declare ${code(name)} under \`variables\``, suggestion: true, edits } } : {}),
      });
    }
  },
};

/** Lines shown in the message: the first few, each once. */
export const MAX_LINES_SHOWN = 20;

/** `lines 3, 5, 9` or `lines 3, 5, 9, … (1204 lines)`: linear in the uses, and short whatever their number. */
function linesOf(uses: readonly StepVariable[]): string {
  const distinct = new Set<number>();
  for (const u of uses) {
    distinct.add(u.line + 1);
  }
  const shown = [...distinct].slice(0, MAX_LINES_SHOWN).join(', ');
  return distinct.size > MAX_LINES_SHOWN ? `lines ${shown}, … (${distinct.size} lines)` : `lines ${shown}`;
}

/** The labels one rule gives its alerts, worked out once per rule (rules are immutable; a changed file makes new ones). */
const rulesLabels = new WeakMap<AlertRule, readonly string[]>();

function labelsOf(r: AlertRule): readonly string[] {
  let labels = rulesLabels.get(r);
  if (!labels) {
    const out = new Set(Object.keys(r.labels));
    for (const m of r.expr.matchAll(/\b(?:by|on|group_left|group_right)\s*\(([^)]*)\)/g)) {
      m[1].split(',').map((s) => s.trim()).filter(Boolean).forEach((l) => out.add(l));
    }
    for (const m of r.expr.matchAll(/\{([^}]*)\}/g)) {
      for (const mm of m[1].matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*(?:=~|!~|!=|=)/g)) {
        out.add(mm[1]);
      }
    }
    for (const text of Object.values(r.annotations)) {
      for (const m of text.matchAll(/(?:\$labels|\.Labels)\.([A-Za-z_][A-Za-z0-9_]*)/g)) {
        out.add(m[1]);
      }
    }
    labels = [...out];
    rulesLabels.set(r, labels);
  }
  return labels;
}

/** Labels the runbook's alerts carry, from their rules: static labels, `by (…)` groupings, matchers, `$labels.x` in annotations. */
function ruleLabels(context: LintContext): Set<string> {
  const out = new Set<string>();
  const { runbook, rules } = context;
  if (!runbook.alerts.length) {
    return out;
  }
  const defined: AlertRule[] = [];
  for (const a of runbook.alerts) {
    if (isAlertGlob(a)) {
      const re = alertGlobToRegExp(a);
      for (const name of rules.alerts()) {
        if (re.test(name)) {
          append(defined, rules.byAlert(name));
        }
      }
    } else {
      append(defined, rules.byAlert(a));
    }
  }
  for (const r of defined) {
    for (const l of labelsOf(r)) {
      out.add(l);
    }
  }
  return out;
}

/** Edits that declare `name: TODO` under `variables:`, or undefined when the front matter cannot take them. */
function declareEdits(context: LintContext, name: string): TextEdit[] | undefined {
  const { runbook, lines } = context;
  const fm = runbook.frontMatter;
  if (!fm || fm.endLine === -1) {
    return undefined; // RB102 inserts front matter first
  }
  const entry = `${name}: TODO`;
  const block = keyBlock(runbook, lines, 'variables');
  if (!block) {
    const at = newKeyPosition(runbook);
    return at ? [insertAt(at.line, at.character, `variables:\n  ${entry}\n`)] : undefined;
  }
  const keyLine = lines[block.start];
  const value = keyLine.slice(keyLine.indexOf(':') + 1).replace(/\s+#.*$/, '').trim();
  if (value === '' || value === '~' || value === 'null') {
    // A block mapping (or nothing yet): a new line after its last entry, indented like the others.
    let indent = '  ';
    for (let i = block.start + 1; i <= block.end; i++) {
      const m = /^([ \t]*)(\S)/.exec(lines[i]);
      if (m && !lines[i].trimStart().startsWith('#')) {
        if (m[2] === '-') {
          return undefined; // a list of names: not the mapping the schema wants, fix it by hand
        }
        indent = m[1] || '  ';
        break;
      }
    }
    if (value !== '') {
      const colon = keyLine.indexOf(':');
      const at = keyLine.indexOf(value, colon);
      return [replaceRange(block.start, colon + 1, at + value.length, `\n${indent}${entry}`)];
    }
    return [insertAt(block.end, lines[block.end].length, `\n${indent}${entry}`)];
  }
  // A flow mapping on one line: `variables: {}` or `variables: {a: b}`.
  const m = /^(\{\s*)(.*?)(\s*\})$/.exec(value);
  if (m && block.end === block.start) {
    const close = keyLine.lastIndexOf('}');
    if (m[2] === '') {
      const open = keyLine.lastIndexOf('{', close);
      return [replaceRange(block.start, open, close + 1, `{${entry}}`)];
    }
    const last = keyLine.slice(0, close).trimEnd().length;
    return [insertAt(block.start, last, `, ${entry}`)];
  }
  return undefined; // a list or a multi-line flow mapping: declare it by hand
}
