// `runbook show <alert>`: the runbooks whose front matter names the alert, with their steps.
import { EXIT, type Io } from '../io';
import type { Loaded } from '../workspace';

export function commandShow(alert: string, { index, rel }: Loaded, io: Io, json: boolean): number {
  const matches = index.findByAlert(alert);
  if (json) {
    io.out(`${JSON.stringify({
      alert,
      runbooks: matches.map((m) => ({
        path: rel(m.runbook.path), title: m.runbook.title, matchedBy: m.pattern, exact: m.exact,
        line: (m.runbook.headings[0]?.line ?? 0) + 1,
        steps: m.runbook.steps.map((s) => ({ id: s.id, line: s.line + 1, language: s.language, destructive: s.destructive, variables: s.variables })),
      })),
    }, null, 2)}\n`);
  } else if (matches.length === 0) {
    io.err(`runbook: no runbook for alert '${alert}' (${index.size} runbooks indexed)\n`);
  } else {
    for (const m of matches) {
      const e = m.runbook;
      io.out(`${e.title}\n  ${rel(e.path)}:${(e.headings[0]?.line ?? 0) + 1}  (alerts: ${m.pattern}${m.exact ? '' : ' glob'})\n`);
      if (e.service || e.owner || e.severity) {
        io.out(`  service: ${e.service ?? '-'}  owner: ${e.owner ?? '-'}  severity: ${e.severity ?? '-'}\n`);
      }
      for (const s of e.steps) {
        const section = e.headings[s.section]?.text;
        io.out(`  ${s.destructive ? '!' : '▸'} ${s.id}  line ${s.line + 1}${section ? `  [${section}]` : ''}${s.variables.length ? `  vars: ${s.variables.join(', ')}` : ''}\n`);
      }
    }
  }
  return matches.length ? EXIT.ok : EXIT.findings;
}
