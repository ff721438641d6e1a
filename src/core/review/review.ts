// A post-incident review: its front matter (with source positions), its action items, and the issue tracker it
// files them in.
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { findFrontMatter } from '../frontMatter';
import type { ParseProblem } from '../model';
import { actionItemsOfLines, textLines, type ActionItem } from './actionItems';

export const REVIEW_STATUSES = ['draft', 'in-review', 'final'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** Where a front-matter value is: 0-based line and characters of its first line. */
export interface ValueSpan {
  readonly line: number;
  readonly character: number;
  readonly endCharacter: number;
}

export interface Review {
  /** Lines of the opening and closing `---` (undefined: no front matter; endLine -1: not closed). */
  readonly frontMatter: { readonly startLine: number; readonly endLine: number } | undefined;
  /** The front matter as parsed (empty when absent or unreadable). */
  readonly data: Readonly<Record<string, unknown>>;
  readonly type?: string;
  readonly id?: string;
  readonly title?: string;
  /** As written: `draft`, `in-review` or `final` when valid. */
  readonly status?: string;
  readonly severity?: string;
  /** UTC ISO 8601 times, as written. */
  readonly started?: string;
  readonly detected?: string;
  readonly resolved?: string;
  readonly alerts: readonly string[];
  readonly runbooks: readonly string[];
  readonly owner?: string;
  /** `github:owner/repo`, `gitlab:group/project`, `jira:PROJ` (see parseTrackerSpec). */
  readonly tracker?: string;
  /** 0-based line of each top-level key. */
  readonly keyLines: Readonly<Record<string, number>>;
  /** Position of each top-level key's value (of the key when the value is empty or spans lines). */
  readonly valueSpans: Readonly<Record<string, ValueSpan>>;
  readonly actionItems: readonly ActionItem[];
  /** Front matter that cannot be read (unclosed, invalid YAML, not a mapping). */
  readonly problems: readonly ParseProblem[];
}

/** Is this document a post-incident review: front matter `type: postmortem`, or a file under a `postmortems/` folder? */
export function isReviewDocument(path: string, data: Readonly<Record<string, unknown>> | undefined): boolean {
  if (data && typeof data.type === 'string' && data.type.trim().toLowerCase() === 'postmortem') {
    return true;
  }
  return path.split('/').slice(0, -1).some((seg) => seg.toLowerCase() === 'postmortems');
}

/** Parse a review's text. Never throws. */
export function parseReview(text: string): Review {
  return reviewOfLines(textLines(text));
}

/** Parse a review from its lines (as the lint engine splits them). */
export function reviewOfLines(lines: readonly string[]): Review {
  const problems: ParseProblem[] = [];
  const keyLines: Record<string, number> = {};
  const valueSpans: Record<string, ValueSpan> = {};
  let data: Record<string, unknown> = {};
  const block = findFrontMatter(lines.join('\n'));
  if (block && block.endLine === -1) {
    problems.push({ line: 0, character: 0, severity: 'error', message: 'front matter is not closed: add a line with `---` after it' });
  } else if (block) {
    const lineCounter = new LineCounter();
    const doc = parseDocument(block.yaml, { lineCounter, uniqueKeys: true });
    for (const err of doc.errors) {
      const pos = err.linePos?.[0];
      problems.push({ line: pos ? pos.line : 1, character: pos ? pos.col - 1 : 0, severity: 'error', message: `invalid YAML in front matter: ${err.message.split('\n')[0]}` });
    }
    if (doc.errors.length === 0 && doc.contents != null) {
      if (!isMap(doc.contents)) {
        problems.push({ line: 1, character: 0, severity: 'error', message: 'front matter must be a mapping of `key: value` lines' });
      } else {
        for (const item of doc.contents.items) {
          if (!isScalar(item.key) || !item.key.range) {
            continue;
          }
          const key = String(item.key.value);
          const kp = lineCounter.linePos(item.key.range[0]); // 1-based line in the YAML = 0-based line in the file
          keyLines[key] = kp.line;
          const v = item.value;
          const range = (isScalar(v) || isSeq(v)) && v.range ? v.range : undefined;
          const vs = range ? lineCounter.linePos(range[0]) : undefined;
          const ve = range ? lineCounter.linePos(range[1]) : undefined;
          if (vs && ve && vs.line === ve.line && range && range[1] > range[0]) {
            valueSpans[key] = { line: vs.line, character: vs.col - 1, endCharacter: ve.col - 1 };
          } else {
            const keyEnd = kp.col - 1 + String(item.key.source ?? key).length;
            valueSpans[key] = { line: kp.line, character: kp.col - 1, endCharacter: Math.min(keyEnd, lines[kp.line]?.length ?? keyEnd) };
          }
        }
        try {
          data = doc.contents.toJSON() as Record<string, unknown>;
        } catch {
          data = {}; // an alias the YAML library cannot resolve: nothing usable
        }
      }
    }
  }
  const str = (key: string): string | undefined => {
    const v = data[key];
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v).trim() || undefined : undefined;
  };
  const list = (key: string): string[] => {
    const v = data[key];
    const all = typeof v === 'string' ? v.split(',') : Array.isArray(v) ? v.filter((x) => typeof x === 'string' || typeof x === 'number').map(String) : [];
    return all.map((s) => s.trim()).filter(Boolean);
  };
  const optional = (key: string) => {
    const v = str(key);
    return v === undefined ? {} : { [key]: v };
  };
  return {
    frontMatter: block ? { startLine: 0, endLine: block.endLine } : undefined,
    data,
    ...optional('type'), ...optional('id'), ...optional('title'), ...optional('status'), ...optional('severity'),
    ...optional('started'), ...optional('detected'), ...optional('resolved'), ...optional('owner'), ...optional('tracker'),
    alerts: list('alerts'),
    runbooks: list('runbooks'),
    keyLines,
    valueSpans,
    actionItems: actionItemsOfLines(lines),
    problems,
  };
}

export type TrackerSpec =
  | { readonly kind: 'github'; readonly owner: string; readonly repo: string }
  | { readonly kind: 'gitlab'; readonly project: string }
  | { readonly kind: 'jira'; readonly project: string };

/**
 * `github:owner/repo`, `gitlab:group/subgroup/project` (a project path, or a numeric project id) or `jira:PROJ`
 * (a project key; upper-cased). The kind is case-insensitive; blanks around the parts are ignored.
 */
export function parseTrackerSpec(spec: string): TrackerSpec | { readonly error: string } {
  const m = /^\s*([A-Za-z]+)\s*:\s*(.*?)\s*$/.exec(spec);
  const kinds = 'github:owner/repo, gitlab:group/project or jira:PROJ';
  if (!m) {
    return { error: `tracker ${JSON.stringify(spec)} is not one of ${kinds}` };
  }
  const kind = m[1].toLowerCase();
  const rest = m[2];
  switch (kind) {
    case 'github': {
      const g = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]+)$/.exec(rest);
      if (!g || g[2] === '.' || g[2] === '..') {
        return { error: `GitHub tracker ${JSON.stringify(rest)} must be owner/repo, e.g. github:acme/payments` };
      }
      return { kind: 'github', owner: g[1], repo: g[2].replace(/\.git$/, '') };
    }
    case 'gitlab': {
      const segs = rest.split('/');
      const ok = /^\d+$/.test(rest) || (segs.length >= 2 && segs.every((s) => /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/.test(s) && s !== '.' && s !== '..'));
      if (!ok) {
        return { error: `GitLab tracker ${JSON.stringify(rest)} must be a project path group/project (subgroups allowed) or a project id` };
      }
      return { kind: 'gitlab', project: rest.replace(/\.git$/, '') };
    }
    case 'jira':
      if (!/^[A-Za-z][A-Za-z0-9_]+$/.test(rest)) {
        return { error: `Jira tracker ${JSON.stringify(rest)} must be a project key, e.g. jira:OPS` };
      }
      return { kind: 'jira', project: rest.toUpperCase() };
    default:
      return { error: `unknown tracker kind ${JSON.stringify(m[1])}: use ${kinds}` };
  }
}

/** A UTC ISO 8601 time: `2026-03-01T14:32:05Z` (seconds, fractions and a `+00:00` offset optional). */
export function isUtcTime(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]00:?00)$/.test(s) && !Number.isNaN(Date.parse(s));
}
