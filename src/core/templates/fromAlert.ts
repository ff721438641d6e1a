// A new runbook for an alert: any template (built-in or the workspace's) filled from the alert's rule. The title is
// the rule's summary (else the alert's name), the service its `service` label; then the front matter is made to name
// the alert and carry the rule's severity, and what the alert means (its description and expression) goes under
// "Meaning".
import type { AlertRule } from '../alerts/model';
import { findFrontMatter } from '../frontMatter';
import { parseRunbook } from '../parse';
import { firstFillIn, renderTemplate, usesPlaceholder, type RenderedRunbook, type TemplateData } from './render';

/** The severities the front matter schema knows (see core/schema). */
const SEVERITIES = new Set(['critical', 'high', 'warning', 'low', 'info']);

/** The built-in template used when the workspace has none of its own. */
export const ALERT_TEMPLATE = 'diagnostic';

/** What the template's placeholders are filled with for `alert`. */
export function alertTemplateData(alert: string, rule: AlertRule | undefined, date: string): TemplateData {
  return { title: rule?.annotations.summary ?? alert, service: rule?.labels.service ?? '', owner: '', alerts: [alert], date };
}

/** `template` rendered for `alert`: placeholders filled, then the rule's severity and meaning written in. */
export function renderForAlert(template: string, alert: string, rule: AlertRule | undefined, date: string): RenderedRunbook {
  const rendered = renderTemplate(template, alertTemplateData(alert, rule, date));
  const lines = rendered.text.split('\n');
  // Lines inserted (at, how many more), in order: the selection moves with them.
  const moves: { at: number; by: number }[] = [];

  // The front matter names the alert (a template may not have `alerts:`) and carries the rule's severity.
  const block = findFrontMatter(rendered.text);
  if (block && block.endLine !== -1) {
    let end = block.endLine;
    const keyLine = (key: string) => lines.findIndex((l, i) => i > 0 && i < end && l.startsWith(`${key}:`));
    if (keyLine('alerts') === -1) {
      lines.splice(end, 0, `alerts: [${/^[A-Za-z_:][\w:]*$/.test(alert) ? alert : JSON.stringify(alert)}]`);
      moves.push({ at: end, by: 1 });
      end++;
    }
    const severity = rule?.labels.severity?.toLowerCase();
    if (severity && SEVERITIES.has(severity)) {
      const at = keyLine('severity');
      if (at !== -1) {
        lines[at] = `severity: ${severity}${lines[at].endsWith('\r') ? '\r' : ''}`;
      } else {
        lines.splice(end, 0, `severity: ${severity}`);
        moves.push({ at: end, by: 1 });
      }
    }
  }

  const meaning = meaningLines(alert, rule);
  const runbook = parseRunbook('new.md', lines.join('\n'), { links: false });
  const heading = runbook.headings.find((h) => h.level === 2 && /^meaning\b/i.test(h.text));
  if (heading) {
    // The section's prompt (an HTML comment on its own line) is answered by the alert's meaning; else it goes first.
    let next = heading.line + 1;
    while (next < lines.length && lines[next].trim() === '') {
      next++;
    }
    const prompt = next < lines.length && /^\s*<!--.*-->\s*$/.test(lines[next]) ? next : -1;
    const at = prompt !== -1 ? prompt : heading.line + 1;
    const insert = prompt !== -1 ? meaning : ['', ...meaning];
    lines.splice(at, prompt !== -1 ? 1 : 0, ...insert);
    moves.push({ at: prompt !== -1 ? at + 1 : at, by: insert.length - (prompt !== -1 ? 1 : 0) });
  } else {
    const first = runbook.headings[0];
    const at = first ? first.line + 1 : lines.length;
    const insert = ['', '## Meaning', '', ...meaning];
    lines.splice(at, 0, ...insert);
    moves.push({ at, by: insert.length });
  }

  const text = lines.join('\n');
  if (!usesPlaceholder(template, 'cursor')) {
    return { text, selection: firstFillIn(text) };
  }
  const s = rendered.selection;
  const by = moves.reduce((line, m) => (line >= m.at ? line + m.by : line), s.line) - s.line;
  return { text, selection: { ...s, line: s.line + by, endLine: s.endLine + by } };
}

/** The rule's description (else summary) and, in a fence no expression can close, its expression. */
function meaningLines(alert: string, rule: AlertRule | undefined): string[] {
  const said = (rule?.annotations.description ?? rule?.annotations.summary ?? `What does it mean when ${alert} fires?`).trim().split(/\r?\n/);
  if (!rule) {
    return said;
  }
  const expr = rule.expr.trim();
  const longest = Math.max(0, ...[...expr.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [...said, '', `The alert fires when this expression has results${rule.for ? ` for ${rule.for}` : ''}:`, '', `${fence}promql`, ...expr.split(/\r?\n/), fence];
}
