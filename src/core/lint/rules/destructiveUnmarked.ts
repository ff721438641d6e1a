// RB304 destructive-unmarked: a step that deletes, drains, stops, overwrites or force-pushes is marked `destructive`
// (or says its risk with `{risk=…}`), so it is guarded against running by accident; and a `{risk=…}` marking does
// not contradict what the step plainly does.
import type { CodeBlock, Step } from '../../model';
import type { CommandUnit } from '../../run/commands';
import { assessRisk, DEFAULT_DANGEROUS_PATTERNS, declaredRisk, type CommandRisk } from '../../run/danger';
import type { LintContext, LintRule } from '../types';
import { fenceAt, fenceContent, infoEdit, unclosedFenceLines, withAttribute } from '../../fences';
import { code } from '../../text';
import { patternListOption, type PatternMatcher } from '../options';

/** Extra patterns on top of the risk model: the runner's setting default, empty. */
export const DEFAULT_PATTERNS: readonly string[] = DEFAULT_DANGEROUS_PATTERNS;

export const destructiveUnmarked: LintRule = {
  id: 'RB304',
  name: 'destructive-unmarked',
  description: 'A step that runs a destructive command (delete, drain, stop, scale to zero, drop…) is marked `destructive`, and its `{risk=…}` is true',
  tags: ['steps', 'safety'],
  defaultSeverity: 'warning',
  defaultOptions: { patterns: DEFAULT_PATTERNS },
  // Patterns of a configuration run on the linear-time engine; one it refuses is a configuration error.
  patternOptions: ['patterns'],
  check(context: LintContext): void {
    const { runbook, lines } = context;
    const patterns = patternListOption(context.options, 'patterns', DEFAULT_PATTERNS);
    const unclosed = unclosedFenceLines(runbook);
    for (const step of runbook.steps) {
      if (unclosed.has(step.range.start.line)) {
        continue;
      }
      const fenceLine = step.range.start.line;
      const f = fenceAt(lines, fenceLine);
      const declared = declaredRisk(step);
      if (declared.invalid !== undefined) {
        const at = f ? (lines[fenceLine] ?? '').indexOf('risk', f.infoStart) : -1;
        context.report({
          line: fenceLine,
          character: Math.max(0, at),
          endLine: fenceLine,
          endCharacter: at >= 0 ? at + 'risk'.length + 1 + declared.invalid.length : (lines[fenceLine] ?? '').length,
          message: `step ${code(step.id)}: \`risk=${declared.invalid}\` is not a risk class; write \`risk=read\`, \`risk=mutate\` or \`risk=destructive\``,
        });
      }
      const a = assessRisk(step);
      if (a.contradicted.length) {
        const c = a.contradicted[0];
        const where = position(lines, step, a.units[c.unit], c);
        const info = f?.info ?? '';
        const edit = f && /\brisk=/.test(info) ? infoEdit(lines, fenceLine, info.replace(/\brisk=(["']?)[\w-]*\1/, `risk=${a.detected}`)) : undefined;
        context.report({
          ...where,
          message: `step ${code(step.id)} says \`risk=${a.declared}\` but runs ${code(c.what)} (${c.reason})`,
          ...(edit ? { fix: { title: `Change it to \`risk=${a.detected}\``, edits: [edit] } } : {}),
        });
        continue;
      }
      if (a.declared !== undefined) {
        continue; // an explicit marking: the author has judged the guesses
      }
      const edit = f ? infoEdit(lines, fenceLine, withAttribute(f.info, 'destructive')) : undefined;
      const fix = edit ? { fix: { title: 'Mark the step `destructive`', edits: [edit] } } : {};
      const hit = a.risk === 'destructive' ? a.commands.find((c) => c.risk === 'destructive') : undefined;
      if (hit) {
        context.report({
          ...position(lines, step, a.units[hit.unit], hit),
          message: `step ${code(step.id)} runs ${code(hit.what)} (${hit.reason}) but is not marked \`destructive\``,
          ...fix,
        });
        continue;
      }
      const match = patterns.length ? firstMatch(lines, step, patterns) : undefined;
      if (match) {
        const shown = match.text.length > 60 ? `${match.text.slice(0, 57)}…` : match.text;
        context.report({
          line: match.line,
          character: match.character,
          endLine: match.line,
          endCharacter: match.character + match.text.length,
          message: `step ${code(step.id)} runs ${code(shown.trim())} but is not marked \`destructive\``,
          ...fix,
        });
      }
    }
  },
};

/** Where a judged command is in the document: its first line, found as written on the unit's line. */
function position(lines: readonly string[], step: Step, unit: Pick<CommandUnit, 'text' | 'line'> | undefined, c: CommandRisk): { line: number; character: number; endLine: number; endCharacter: number } {
  if (!unit) {
    return { line: step.range.start.line, character: 0, endLine: step.range.start.line, endCharacter: (lines[step.range.start.line] ?? '').length };
  }
  const before = unit.text.slice(0, c.start);
  const nl = before.lastIndexOf('\n');
  let line = unit.line;
  for (let i = before.indexOf('\n'); i !== -1; i = before.indexOf('\n', i + 1)) {
    line++;
  }
  const raw = unit.text.slice(c.start, c.end);
  const first = raw.split('\n')[0];
  const doc = lines[line] ?? '';
  const guess = c.start - (nl + 1);
  let at = doc.indexOf(first, Math.max(0, guess));
  if (at === -1) {
    at = doc.indexOf(first);
  }
  if (at === -1 || !first) {
    const lead = doc.length - doc.trimStart().length;
    return { line, character: lead, endLine: line, endCharacter: doc.length };
  }
  return { line, character: at, endLine: line, endCharacter: at + first.length };
}

/** The first line of a step's commands (a console block's `$ ` lines, not comments) that a user pattern matches. */
function firstMatch(lines: readonly string[], step: Step, patterns: readonly PatternMatcher[]): { line: number; character: number; text: string } | undefined {
  const block: CodeBlock = { info: step.info, language: step.language, line: step.range.start.line, endLine: step.range.end.line, fenced: true };
  for (const l of fenceContent(lines, block, true)) {
    let text = l.text;
    let column = l.column;
    if (step.language === 'console') {
      const m = /^(\s*\$ )/.exec(text);
      if (!m) {
        continue; // output
      }
      column += m[1].length;
      text = text.slice(m[1].length);
    }
    if (/^\s*#/.test(text)) {
      continue;
    }
    for (const re of patterns) {
      const m = re.exec(text);
      if (m && m.text.trim()) {
        const lead = m.text.length - m.text.trimStart().length;
        return { line: l.line, character: column + m.index + lead, text: m.text.trim() };
      }
    }
  }
  return undefined;
}
