// `runbook alerts`: which alerts of the rule files have a runbook, and what does not add up.
import type { AlertRule, Resolution } from '../../core/alerts/model';
import { how, plural, table, where } from '../format';
import { EXIT, type Io } from '../io';
import type { Loaded } from '../workspace';

export function alertsCommand({ rules, resolver, rel }: Loaded, io: Io, json: boolean, strict: boolean): number {
  const c = resolver.coverage();
  const problems = rules.problems();
  const files = rules.files();
  const runbooksOf = new Map<string, Resolution[]>(c.covered.map((x) => [x.alert, x.resolutions]));
  const ruleRef = (r: AlertRule) => ({ alert: r.alert, path: rel(r.path), line: r.line + 1 });
  /** A runbook_url finding is at the URL's line. */
  const urlRef = (r: AlertRule, url: string) => ({ alert: r.alert, path: rel(r.path), line: (r.urlLine ?? r.line) + 1, url });
  if (json) {
    io.out(`${JSON.stringify({
      ruleFiles: files.map(rel),
      alerts: rules.alerts().map((alert) => ({
        alert,
        rules: rules.byAlert(alert).map((r) => ({ path: rel(r.path), line: r.line + 1, runbookUrl: r.runbookUrl ?? null })),
        runbooks: (runbooksOf.get(alert) ?? []).map((r) => ({ path: rel(r.path), anchor: r.anchor ?? null, line: r.line + 1, via: r.via })),
      })),
      uncovered: c.uncovered.map(ruleRef),
      danglingUrls: c.danglingUrls.map((d) => urlRef(d.rule, d.url)),
      unknownAlerts: c.unknownAlerts.map((u) => ({ path: rel(u.path), alert: u.alert })),
      uncheckedUrls: c.uncheckedUrls.map((d) => urlRef(d.rule, d.url)),
      brokenAnchors: c.brokenAnchors.map((d) => ({ ...urlRef(d.rule, d.url), runbook: rel(d.path), anchor: d.fragment })),
      problems: problems.map((p) => ({ path: rel(p.path), line: p.line + 1, message: p.message })),
    }, null, 2)}\n`);
  } else {
    const alerts = rules.alerts();
    if (alerts.length) {
      const rows = alerts.map((alert) => {
        const rs = runbooksOf.get(alert);
        if (!rs) {
          const def = rules.byAlert(alert)[0];
          return [alert, '-', `no runbook (${rel(def.path)}:${def.line + 1})`];
        }
        return [alert, `${where(rs[0], rel)}${rs.length > 1 ? ` (+${rs.length - 1})` : ''}`, how(rs[0], rel)];
      });
      io.out(table([['ALERT', 'RUNBOOK', 'VIA'], ...rows]));
    }
    const urlLine = (d: { rule: AlertRule; url: string }) => {
      const u = urlRef(d.rule, d.url);
      return `${u.path}:${u.line}: ${u.alert}: ${u.url}`;
    };
    section(io, 'Dangling runbook_url (nothing there in the workspace):', c.danglingUrls.map(urlLine));
    section(io, 'runbook_url anchors the runbook has no heading for (it opens at its top):', c.brokenAnchors.map((d) => `${urlLine(d)} (${rel(d.path)})`));
    section(io, 'Alerts named in runbooks that no rule defines:', c.unknownAlerts.map((u) => `${rel(u.path)}: ${u.alert}`));
    section(io, 'Not checked (runbook_url templated with more than labels):', c.uncheckedUrls.map(urlLine));
    const uncoveredAlerts = new Set(c.uncovered.map((r) => r.alert)).size;
    io.out(files.length || problems.length
      ? `${alerts.length ? '\n' : ''}${plural(alerts.length, 'alert')} in ${plural(files.length, 'rule file')}: ${c.covered.length} with a runbook, ${uncoveredAlerts} without`
        + `${c.danglingUrls.length ? `; ${plural(c.danglingUrls.length, 'dangling runbook_url')}` : ''}`
        + `${c.brokenAnchors.length ? `; ${plural(c.brokenAnchors.length, 'broken anchor')}` : ''}`
        + `${c.unknownAlerts.length ? `; ${plural(c.unknownAlerts.length, 'unknown alert')} in runbooks` : ''}\n`
      : 'no alerting rules found (Prometheus rule files or PrometheusRule resources; see --rules)\n');
    for (const p of problems) {
      io.err(`${rel(p.path)}:${p.line + 1}: warning: ${p.message}\n`);
    }
  }
  const findings = c.uncovered.length + c.danglingUrls.length + c.unknownAlerts.length + c.brokenAnchors.length;
  return strict && findings ? EXIT.findings : EXIT.ok;
}

function section(io: Io, title: string, lines: readonly string[]): void {
  if (lines.length) {
    io.out(`\n${title}\n${lines.map((l) => `  ${l}\n`).join('')}`);
  }
}
