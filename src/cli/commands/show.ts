// `runbook show <alert>`: the runbooks for an alert — the same lookup as `runbook resolve` (front matter, the rules'
// runbook_url, file names, a heading named after the alert) — with their steps.
import { how, plural, where } from '../format';
import { EXIT, type Io } from '../io';
import type { Loaded } from '../workspace';

export function showCommand(alert: string, { index, context, resolver, rel }: Loaded, io: Io, json: boolean): number {
  const matches = resolver.resolve(alert).flatMap((r) => {
    const runbook = index.get(r.path);
    return runbook ? [{ r, runbook }] : [];
  });
  if (json) {
    io.out(`${JSON.stringify({
      alert,
      runbooks: matches.map(({ r, runbook }) => ({
        path: rel(runbook.path), title: runbook.title, via: r.via, anchor: r.anchor ?? null,
        matchedBy: r.pattern ?? null, exact: r.via !== 'front-matter-glob',
        line: r.line + 1,
        steps: runbook.steps.map((s) => ({ id: s.id, line: s.line + 1, language: s.language, destructive: s.destructive, variables: s.variables })),
      })),
    }, null, 2)}\n`);
  } else if (matches.length === 0) {
    io.err(`runbook: no runbook for alert '${alert}' (${plural(index.size, 'runbook')} and ${plural(context.rules.rules().length, 'alerting rule')} indexed)\n`);
  } else {
    for (const { r, runbook: e } of matches) {
      const via = r.via === 'front-matter' || r.via === 'front-matter-glob' ? `alerts: ${r.pattern}${r.via === 'front-matter-glob' ? ' glob' : ''}` : how(r, rel);
      io.out(`${e.title}\n  ${where(r, rel)}  (${via})\n`);
      if (e.service || e.owner || e.severity) {
        io.out(`  service: ${e.service ?? '-'}  owner: ${e.owner ?? '-'}  severity: ${e.severity ?? '-'}\n`);
      }
      // A runbook with a section per alert: only that section's steps.
      const at = r.anchor !== undefined ? e.headings.findIndex((h) => h.slug === r.anchor) : -1;
      const end = at === -1 ? -1 : e.headings.findIndex((h, i) => i > at && h.level <= e.headings[at].level);
      const steps = at === -1 ? e.steps : e.steps.filter((s) => s.section >= at && (end === -1 || s.section < end));
      for (const s of steps) {
        const section = e.headings[s.section]?.text;
        io.out(`  ${s.destructive ? '!' : '▸'} ${s.id}  line ${s.line + 1}${section ? `  [${section}]` : ''}${s.variables.length ? `  vars: ${s.variables.join(', ')}` : ''}\n`);
      }
    }
  }
  return matches.length ? EXIT.ok : EXIT.findings;
}
