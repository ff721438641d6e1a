// Drills: a runbook's read-only diagnosis steps run on a schedule against the real environment, to find out
// whether the runbook still works before an incident does. Which steps qualify, the `last_verified` stamp written
// into the front matter (a minimal edit), and the reports.
import { findFrontMatter } from './frontMatter';
import { addInterval, dateOf, DAY_MS, formatDate, INTERVAL, parseDate } from './dates';
import type { Runbook, Step } from './model';
import { DEFAULT_DANGEROUS_PATTERNS, needsConfirmation } from './run/danger';
import type { Risk } from './run/riskModel';
import { BOM, hasBom, stripBom, usesCrlf } from './text';

export type { Risk } from './run/riskModel';

/**
 * The risk class of a step, as the runner judges it (the tool/verb model, the step's marking, extra patterns): a
 * drill runs `read` steps only. A command that matches an extra dangerous pattern counts as destructive.
 */
export function riskOf(step: Pick<Step, 'destructive'>, command: string, patterns: readonly string[] = DEFAULT_DANGEROUS_PATTERNS): Risk {
  const c = needsConfirmation(step, command, patterns);
  return c.confirm && c.risk === 'read' ? 'destructive' : c.risk;
}

/** The steps under a "Diagnosis" heading (or a sub-heading of one), in order. */
export function diagnosisSteps(runbook: Runbook): Step[] {
  const sections = runbook.headings.filter((h) => /^diagnos[ie]s\b|^diagnose\b|^investigat/i.test(h.text.trim()));
  return runbook.steps.filter((s) => sections.some((h) => s.range.start.line > h.line && s.range.start.line <= h.endLine));
}

export type DrillStatus = 'pass' | 'fail' | 'skipped';

export interface DrillStepResult {
  readonly runbook: string;
  readonly stepId: string;
  readonly status: DrillStatus;
  /** Why it failed or was skipped (exit code, missing values, risk). */
  readonly detail: string;
  readonly exitCode: number | null;
  readonly durationMs: number | null;
}

export interface LastVerified {
  readonly date: string;
  readonly commit: string;
  readonly result: 'pass' | 'fail';
}

/** A runbook's drill result: fail when a step failed, pass when at least one ran and none failed, else none. */
export function drillResult(steps: readonly DrillStepResult[]): 'pass' | 'fail' | undefined {
  if (steps.some((s) => s.status === 'fail')) {
    return 'fail';
  }
  return steps.some((s) => s.status === 'pass') ? 'pass' : undefined;
}

/** `last_verified` as the front matter has it, or undefined when absent or malformed. */
export function lastVerifiedOf(data: Readonly<Record<string, unknown>>): LastVerified | undefined {
  const v = data.last_verified;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    return undefined;
  }
  const o = v as Record<string, unknown>;
  const date = o.date instanceof Date ? dateOf(o.date) : o.date;
  if (typeof date !== 'string' || (o.result !== 'pass' && o.result !== 'fail')) {
    return undefined;
  }
  return { date, commit: typeof o.commit === 'string' || typeof o.commit === 'number' ? String(o.commit) : '', result: o.result };
}

/** What the front matter says about drills: whether `last_verified` is there, its value (undefined when malformed), `verify_every`. */
export interface DrillFront {
  readonly stamped: boolean;
  readonly lastVerified: LastVerified | undefined;
  readonly verifyEvery: string | undefined;
}

/** The drill keys of a front matter, or undefined when the runbook takes no part in drills (neither key is there). */
export function drillFrontOf(data: Readonly<Record<string, unknown>>): DrillFront | undefined {
  const every = typeof data.verify_every === 'string' && INTERVAL.test(data.verify_every.trim()) ? data.verify_every.trim() : undefined;
  const stamped = Object.hasOwn(data, 'last_verified');
  if (!stamped && every === undefined) {
    return undefined;
  }
  return { stamped, lastVerified: lastVerifiedOf(data), verifyEvery: every };
}

/**
 * A runbook's drill freshness on `today` (YYYY-MM-DD): `never` verified, `malformed` stamp (RB101 reports it),
 * the last drill `failing`, `stale` (verified longer ago than `verify_every`), else `verified`. The one
 * classification behind lint RB406 and the Runbooks view.
 */
export type Freshness =
  | { readonly state: 'never'; readonly every: string | undefined }
  | { readonly state: 'malformed' }
  | { readonly state: 'failing'; readonly last: LastVerified }
  | { readonly state: 'stale'; readonly last: LastVerified; readonly every: string; readonly due: string; readonly daysAgo: number }
  | { readonly state: 'verified'; readonly last: LastVerified; readonly every: string | undefined; readonly due: string | undefined; readonly daysAgo: number | undefined };


export function classifyFreshness(front: DrillFront | undefined, today: string): Freshness {
  if (!front || !front.stamped) {
    return { state: 'never', every: front?.verifyEvery };
  }
  const last = front.lastVerified;
  if (!last) {
    return { state: 'malformed' };
  }
  if (last.result === 'fail') {
    return { state: 'failing', last };
  }
  const date = parseDate(last.date);
  const now = parseDate(today);
  const daysAgo = date !== undefined && now !== undefined ? Math.round((now - date) / DAY_MS) : undefined;
  const every = front.verifyEvery;
  if (every === undefined || date === undefined || now === undefined) {
    return { state: 'verified', last, every, due: undefined, daysAgo };
  }
  const due = addInterval(date, every)!;
  if (now > due) {
    return { state: 'stale', last, every, due: formatDate(due), daysAgo: daysAgo! };
  }
  return { state: 'verified', last, every, due: formatDate(due), daysAgo };
}

const SAFE_COMMIT = /^[0-9A-Za-z._-]{1,64}$/;

/**
 * `text` with `last_verified: {date: …, commit: …, result: …}` in its front matter: the existing `last_verified`
 * entry (its line and any more-indented lines under it) is replaced, else a line is added before the closing `---`;
 * a file without front matter gets one. Every other byte stays as it was (line endings included).
 */
export function stampLastVerified(text: string, stamp: LastVerified): string {
  const commit = SAFE_COMMIT.test(stamp.commit) ? stamp.commit : 'unknown';
  const value = `{date: ${stamp.date}, commit: "${commit}", result: ${stamp.result}}`; // quoted: a short SHA can be all digits
  const bom = hasBom(text) ? BOM : '';
  const body = stripBom(text);
  const eol = usesCrlf(body) ? '\r\n' : '\n';
  const block = findFrontMatter(body);
  if (!block || block.endLine === -1) {
    return `${bom}---${eol}last_verified: ${value}${eol}---${eol}${body}`;
  }
  const lines = body.split('\n');
  let at = -1;
  for (let i = 1; i < block.endLine; i++) {
    if (/^last_verified[ \t]*:/.test(lines[i])) {
      at = i;
      break;
    }
  }
  const cr = (i: number) => (lines[i].endsWith('\r') ? '\r' : '');
  if (at === -1) {
    lines.splice(block.endLine, 0, `last_verified: ${value}${eol === '\r\n' ? '\r' : ''}`);
    return bom + lines.join('\n');
  }
  let end = at + 1;
  while (end < block.endLine && /^[ \t]+\S/.test(lines[end])) {
    end++;
  }
  lines.splice(at, end - at, `last_verified: ${value}${cr(at)}`);
  return bom + lines.join('\n');
}

/** The results as a text table: runbook, step, status, detail; then a summary line. */
export function drillTable(results: readonly DrillStepResult[]): string {
  const rows = [['RUNBOOK', 'STEP', 'RESULT', 'DETAIL'], ...results.map((r) => [r.runbook, r.stepId, r.status.toUpperCase(), r.detail])];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const lines = rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd());
  const count = (s: DrillStatus) => results.filter((r) => r.status === s).length;
  return `${lines.join('\n')}\n${count('pass')} passed, ${count('fail')} failed, ${count('skipped')} skipped\n`;
}

const xml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, ''); // eslint-disable-line no-control-regex

/** JUnit XML: a test suite per runbook, a test case per step (skipped and failed marked as such). */
export function drillJunit(results: readonly DrillStepResult[]): string {
  const byRunbook = new Map<string, DrillStepResult[]>();
  for (const r of results) {
    byRunbook.set(r.runbook, [...(byRunbook.get(r.runbook) ?? []), r]);
  }
  const suites = [...byRunbook].map(([runbook, rs]) => {
    const cases = rs.map((r) => {
      const time = ((r.durationMs ?? 0) / 1000).toFixed(3);
      const inner = r.status === 'fail' ? `<failure message="${xml(r.detail)}"/>` : r.status === 'skipped' ? `<skipped message="${xml(r.detail)}"/>` : '';
      return `    <testcase classname="${xml(runbook)}" name="${xml(r.stepId)}" time="${time}">${inner}</testcase>`;
    });
    const failures = rs.filter((r) => r.status === 'fail').length;
    const skipped = rs.filter((r) => r.status === 'skipped').length;
    return `  <testsuite name="${xml(runbook)}" tests="${rs.length}" failures="${failures}" skipped="${skipped}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="runbook drill">\n${suites.join('\n')}\n</testsuites>\n`;
}
