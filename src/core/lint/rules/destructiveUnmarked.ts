// RB304 destructive-unmarked: a step that deletes, drains, stops, overwrites or force-pushes is marked `destructive`,
// so it is guarded against running by accident.
import type { CodeBlock, Step } from '../../model';
import { DEFAULT_DANGEROUS_PATTERNS } from '../../run/danger';
import type { LintContext, LintRule } from '../types';
import { code, fenceAt, fenceContent, infoEdit, patternListOption, unclosedFenceLines, withAttribute, type PatternMatcher } from './support';

/** The runner's list: what lint asks to mark `destructive` is what the runner asks about before running. */
export const DEFAULT_PATTERNS: readonly string[] = DEFAULT_DANGEROUS_PATTERNS;

export const destructiveUnmarked: LintRule = {
  id: 'RB304',
  name: 'destructive-unmarked',
  description: 'A step that runs a dangerous command (delete, drain, stop, force, drop…) is marked `destructive`',
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
      if (step.destructive || unclosed.has(step.range.start.line)) {
        continue;
      }
      const hit = firstMatch(lines, step, patterns);
      if (!hit) {
        continue;
      }
      const f = fenceAt(lines, step.range.start.line);
      const edit = f ? infoEdit(lines, step.range.start.line, withAttribute(f.info, 'destructive')) : undefined;
      const shown = hit.text.length > 60 ? `${hit.text.slice(0, 57)}…` : hit.text;
      context.report({
        line: hit.line,
        character: hit.character,
        endLine: hit.line,
        endCharacter: hit.character + hit.text.length,
        message: `step ${code(step.id)} runs ${code(shown.trim())} but is not marked \`destructive\``,
        ...(edit ? { fix: { title: 'Mark the step `destructive`', edits: [edit] } } : {}),
      });
    }
  },
};

/** The first dangerous command of a step: in commands only (a console block's `$ ` lines), not in comments. */
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
