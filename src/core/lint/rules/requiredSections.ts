// RB104 required-sections: the sections every runbook needs (Meaning, Impact, Diagnosis, Mitigation by default).
import type { TextEdit } from '../../text';
import type { LintContext, LintRule } from '../types';
import { unclosedFenceLines } from '../../fences';
import { appendAtEnd, code, insertAt, lineSpan, list } from '../../text';
import { stringListMapOption, stringListOption } from '../options';

const DEFAULT_SECTIONS: readonly string[] = ['Meaning', 'Impact', 'Diagnosis', 'Mitigation'];
const DEFAULT_ALIASES: Readonly<Record<string, readonly string[]>> = {
  Meaning: ['Description', 'Summary', 'Overview'],
  Diagnosis: ['Investigation', 'Triage', 'Troubleshooting', 'Diagnostics'],
  Mitigation: ['Remediation', 'Resolution'],
};
const PLACEHOLDERS: Readonly<Record<string, string>> = {
  meaning: 'TODO: what fired, in plain words.',
  impact: 'TODO: what users and other systems suffer, and how fast it gets worse.',
  diagnosis: 'TODO: steps that only read, to find the cause.',
  mitigation: 'TODO: steps that stop the damage, per cause.',
};

/** `1. Diagnosis:`, `🔍 Diagnosis`, `DIAGNOSIS` → `diagnosis`. */
export function normalizeSection(text: string): string {
  return text
    .toLowerCase()
    .replace(/^\s*(?:\d+[.)]|[ivx]+\.)\s+/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

interface SectionHeading {
  readonly level: number;
  readonly line: number;
  readonly endLine: number;
  readonly key: string;
}

export const requiredSections: LintRule = {
  id: 'RB104',
  name: 'required-sections',
  description: 'The sections every runbook needs are there, as headings of level 2 or deeper (aliases accepted)',
  tags: ['headings', 'structure'],
  defaultSeverity: 'info',
  defaultOptions: { sections: DEFAULT_SECTIONS, aliases: DEFAULT_ALIASES },
  check(context: LintContext): void {
    const { runbook, lines } = context;
    const sections = stringListOption(context.options, 'sections', DEFAULT_SECTIONS);
    const aliases = stringListMapOption(context.options, 'aliases', DEFAULT_ALIASES);
    const headings = sectionHeadings(context);
    const aliasesOf = (s: string): string[] => {
      const entry = Object.entries(aliases).find(([k]) => normalizeSection(k) === normalizeSection(s));
      return entry ? entry[1] : [];
    };
    const find = (s: string): SectionHeading | undefined => {
      const names = new Set([s, ...aliasesOf(s)].map(normalizeSection));
      return headings.find((h) => names.has(h.key));
    };
    const found = sections.map(find);
    const h1 = runbook.headings.find((h) => h.level === 1);
    const body = runbook.frontMatter && runbook.frontMatter.endLine !== -1 ? runbook.frontMatter.endLine + 1 : 0;
    const at = lineSpan(lines, h1 ? h1.line : Math.max(0, Math.min(body, lines.length - 1)));
    sections.forEach((name, i) => {
      if (found[i]) {
        return;
      }
      const also = aliasesOf(name);
      const prev = found.slice(0, i).reverse().find((h) => h !== undefined);
      const next = found.slice(i + 1).find((h) => h !== undefined);
      const level = (prev ?? next)?.level ?? 2;
      const heading = `${'#'.repeat(level)} ${name}`;
      const body = `${heading}\n\n${PLACEHOLDERS[normalizeSection(name)] ?? 'TODO'}\n`;
      context.report({
        ...at,
        message: `missing section ${code(name)}: add a heading ${code(heading)}${also.length ? ` (or ${list(also.map(code)).replace(/ and /, ' or ')})` : ''}`,
        fix: { title: `Add the section ${code(heading)}`, suggestion: true, edits: [insertion(lines, prev, next, body)] },
      });
    });
  },
};

/** Headings of level 2 and deeper, and heading-like lines swallowed by a fence that is never closed. */
function sectionHeadings(context: LintContext): SectionHeading[] {
  const { runbook, lines } = context;
  const out: SectionHeading[] = runbook.headings.filter((h) => h.level >= 2).map((h) => ({ level: h.level, line: h.line, endLine: h.endLine, key: normalizeSection(h.text) }));
  for (const start of unclosedFenceLines(runbook)) {
    for (let i = start + 1; i < lines.length; i++) {
      const m = /^ {0,3}(#{2,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(lines[i]);
      if (m) {
        out.push({ level: m[1].length, line: i, endLine: i, key: normalizeSection(m[2]) });
      }
    }
  }
  return out;
}

/** After the previous known section, else before the next one, else at the end of the document. */
function insertion(lines: readonly string[], prev: SectionHeading | undefined, next: SectionHeading | undefined, body: string): TextEdit {
  let line: number | undefined;
  if (prev) {
    line = prev.endLine + 1;
  } else if (next) {
    line = next.line;
  }
  const lastIsEmpty = lines.length > 0 && lines[lines.length - 1] === '';
  if (line === undefined || line >= lines.length || (lastIsEmpty && line === lines.length - 1)) {
    return appendAtEnd(lines, body);
  }
  const blankBefore = line === 0 || lines[line - 1].trim() === '';
  return insertAt(line, 0, `${blankBefore ? '' : '\n'}${body}\n`);
}
