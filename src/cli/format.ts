// Output helpers shared by the commands.
import type { Resolution } from '../core/alerts/model';
import type { RunbookEntry, RunbookIndex } from '../core/runbookIndex';

export function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => rows.reduce((w, r) => Math.max(w, r[i].length), 0));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}

export function sorted(index: RunbookIndex): RunbookEntry[] {
  return index.all().sort((a, b) => (a.path < b.path ? -1 : 1));
}

export const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

/** `runbooks/x.md:12#anchor`, with a 1-based line. */
export function where(r: Resolution, rel: (p: string) => string): string {
  return `${rel(r.path)}:${r.line + 1}${r.anchor ? `#${r.anchor}` : ''}`;
}

/** `front-matter`, `front-matter-glob (KubePod*)`, `runbook_url (rules.yml:12)`, `file-name`. */
export function how(r: Resolution, rel: (p: string) => string): string {
  if (r.via === 'front-matter-glob' && r.pattern) {
    return `${r.via} (${r.pattern})`;
  }
  if (r.via === 'runbook_url' && r.rule) {
    return `${r.via} (${rel(r.rule.path)}:${r.rule.line + 1})`;
  }
  return r.via;
}

/** `Name{a="x", b="y"}` as PromQL writes it. */
export function selector(name: string, labels: Readonly<Record<string, string>>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return parts.length ? `${name}{${parts.join(', ')}}` : name;
}
