// RB305 nothing-to-run: a shell step (`sh`, `console`, …) with text but no command that would run: a `console` block
// without a `$ ` prompt (commands written bare, or output alone), or a transcript of REPL lines only (`redis> …`,
// `mysql> …`), which the runner never sends to the shell. The step gets no Run button; the fix says what it is.
import type { CodeBlock } from '../../model';
import { readCommands } from '../../run/commands';
import type { LintContext, LintRule } from '../types';
import { guessLanguage } from './fenceLanguage';
import { fenceAt, fenceContent, infoEdit, unclosedFenceLines, withLanguage } from '../../fences';
import { code } from '../../text';

export const nothingToRun: LintRule = {
  id: 'RB305',
  name: 'nothing-to-run',
  description: 'A shell step has a command to run: not only output (a `console` block without `$ ` prompts) nor only REPL lines (`redis>`, `mysql>`)',
  tags: ['steps', 'code'],
  defaultSeverity: 'warning',
  check(context: LintContext): void {
    const { runbook, lines } = context;
    const unclosed = unclosedFenceLines(runbook);
    for (const step of runbook.steps) {
      const line = step.range.start.line;
      if (unclosed.has(line) || !step.code.trim()) {
        continue;
      }
      const read = readCommands(step);
      if (read.units.length) {
        continue;
      }
      const f = fenceAt(lines, line);
      const span = f ? { line, character: f.markerStart, endLine: line, endCharacter: f.infoEnd } : { line, character: 0, endLine: line, endCharacter: (lines[line] ?? '').length };
      const language = /^[^\s{]*/.exec(step.info.trim())?.[0] || step.language;
      if (read.skipped.length) {
        const s = read.skipped[0];
        const programs = [...new Set(read.skipped.map((x) => x.program))];
        const edit = f ? infoEdit(lines, line, withLanguage(f.info, 'text')) : undefined;
        const example = s.program === 'redis-cli' ? `: \`redis-cli -h <host> ${s.text.trim()}\`` : s.program === 'mysql' ? ': `mysql -h <host> -e "…"`' : s.program === 'psql' ? ': `psql -h <host> -c "…"`' : '';
        context.report({
          ...span,
          message: `step ${code(step.id)} has nothing to run: its commands (line ${s.line + 1}, ${code(s.prompt.trim())}) are typed into ${programs.map(code).join(', ')}, not the shell, so they never run; write the shell command that runs them in a \`sh\` block${example}, or tag this block \`text\``,
          ...(edit ? { fix: { title: 'Tag the block `text` (shown, never run)', suggestion: true, edits: [edit] } } : {}),
        });
        continue;
      }
      const block: CodeBlock = { info: step.info, language: step.language, line, endLine: step.range.end.line, fenced: true };
      const guess = guessLanguage(fenceContent(lines, block, true).map((l) => l.text));
      const to = guess === 'sh' || guess === 'powershell' ? guess : 'text';
      const edit = f ? infoEdit(lines, line, withLanguage(f.info, to)) : undefined;
      context.report({
        ...span,
        message: `${code(language)} block (step ${code(step.id)}) has no \`$ \` prompt, so nothing in it runs: if its lines are commands, put \`$ \` before each or tag it \`sh\`; if they are output, tag it \`text\` (or split the output into a \`text\` block after the commands)`,
        ...(edit ? { fix: { title: to === 'text' ? 'Tag the block `text` (output: shown, never run)' : `Tag the block ${code(to)} (its lines are commands)`, suggestion: true, edits: [edit] } } : {}),
      });
    }
  },
};
