// `runbook index`: the runbooks under the paths, and the alerts each serves.
import type { ResolutionVia } from '../../core/alerts/model';
import { isAlertGlob } from '../../core/glob';
import { plural, sorted, table } from '../format';
import { EXIT, type Io } from '../io';
import { discoveryNote, nothingFound, type Loaded } from '../workspace';

/** Problems printed without --verbose. */
const PROBLEM_LIMIT = 20;

export function indexCommand({ index, resolver, rel, discovery }: Loaded, io: Io, json: boolean, verbose = false): number {
  const problems = index.problems();
  if (json) {
    const serves = servedAlerts({ index, resolver });
    io.out(`${JSON.stringify({
      runbooks: sorted(index).map((e) => ({
        path: rel(e.path), title: e.title, alerts: e.alerts, service: e.service ?? null, steps: e.steps.length, serves: serves.get(e.path) ?? [],
      })),
      errors: problems.map((p) => ({ path: rel(p.path), line: p.line + 1, message: p.message })),
    }, null, 2)}\n`);
  } else {
    const rows = sorted(index).map((e) => [rel(e.path), e.title, e.service ?? '-', e.alerts.join(',') || '-', String(e.steps.length)]);
    io.out(table([['PATH', 'TITLE', 'SERVICE', 'ALERTS', 'STEPS'], ...rows]));
    io.out(`${plural(index.size, 'runbook')}${problems.length ? `, ${plural(problems.length, 'problem')}` : ''}\n`);
    const shown = verbose ? problems : problems.slice(0, PROBLEM_LIMIT);
    for (const p of shown) {
      io.err(`${rel(p.path)}:${p.line + 1}:${p.character + 1}: warning: ${p.message}\n`);
    }
    if (shown.length < problems.length) {
      io.err(`… and ${problems.length - shown.length} more (--verbose for all; \`runbook lint\` checks them with the rest)\n`);
    }
    if (index.size === 0) {
      io.err(`runbook: ${nothingFound(discovery)}`);
    } else {
      const note = discoveryNote(discovery);
      if (note) {
        io.err(`runbook: ${note}`);
      }
    }
  }
  // What the index cannot read is a lint finding (RB101 and friends, warnings by default): listing runbooks does
  // not fail over it, so `index` and `lint` agree.
  return EXIT.ok;
}

/**
 * The alerts each runbook serves, from every source, sorted by alert: the rules' alerts as they resolve (front
 * matter, globs, runbook_url, file name), plus exact front-matter names no rule defines.
 */
export function servedAlerts({ index, resolver }: Pick<Loaded, 'index' | 'resolver'>): Map<string, { alert: string; via: ResolutionVia }[]> {
  const out = new Map<string, Map<string, ResolutionVia>>();
  const add = (path: string, alert: string, via: ResolutionVia) => {
    let m = out.get(path);
    if (!m) {
      m = new Map();
      out.set(path, m);
    }
    if (!m.has(alert)) {
      m.set(alert, via); // resolutions come strongest first
    }
  };
  for (const { alert, resolutions } of resolver.coverage().covered) {
    for (const r of resolutions) {
      add(r.path, alert, r.via);
    }
  }
  for (const e of index.all()) {
    for (const a of e.alerts) {
      if (!isAlertGlob(a)) {
        add(e.path, a, 'front-matter');
      }
    }
  }
  return new Map([...out].map(([path, m]) => [path, [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([alert, via]) => ({ alert, via }))]));
}
