// RB303 prompt-in-non-console: `$ ` prompts in a shell step that is not `console`. The runner reads such a block as a
// transcript (only the prompt lines run) when its prompts start the lines; indented ones would run as a command
// named `$`, output included. Either way `console` says what the block is, to readers and highlighters alike.
import type { CodeBlock } from '../../model';
import { readCommands } from '../../run/commands';
import type { LintContext, LintRule } from '../types';
import { fenceAt, fenceContent, infoEdit, unclosedFenceLines, withLanguage } from '../../fences';
import { code } from '../../text';

const PROMPT = /^(\s*)\$ \S/;

export const promptInNonConsole: LintRule = {
  id: 'RB303',
  name: 'prompt-in-non-console',
  description: 'Steps with `$ ` prompts (and output lines) are `console` blocks, so only the commands run',
  tags: ['steps', 'code'],
  defaultSeverity: 'warning',
  check(context: LintContext): void {
    const { runbook, lines } = context;
    const unclosed = unclosedFenceLines(runbook);
    for (const step of runbook.steps) {
      const line = step.range.start.line;
      if (step.language === 'console' || step.language === 'powershell' || unclosed.has(line)) {
        continue;
      }
      const block: CodeBlock = { info: step.info, language: step.language, line, endLine: step.range.end.line, fenced: true };
      const content = fenceContent(lines, block, true);
      const prompts = content.filter((l) => PROMPT.test(l.text));
      if (!prompts.length) {
        continue;
      }
      // Output: lines that are neither prompts, comments, nor the continuation of a command (`\` ending the line before).
      let output = 0;
      content.forEach((l, i) => {
        const continued = i > 0 && /\\\s*$/.test(content[i - 1].text);
        if (l.text.trim() !== '' && !PROMPT.test(l.text) && !continued && !l.text.trimStart().startsWith('#')) {
          output++;
        }
      });
      const first = prompts[0];
      const at = first.column + (PROMPT.exec(first.text)?.[1].length ?? 0);
      const language = /^[^\s{]*/.exec(step.info.trim())?.[0] || step.language;
      const what = output
        ? `${prompts.length} \`$ \` prompt${prompts.length === 1 ? '' : 's'} and ${output} output line${output === 1 ? '' : 's'}`
        : `${prompts.length} \`$ \` prompt${prompts.length === 1 ? '' : 's'}`;
      const edit = fenceAt(lines, line) ? infoEdit(lines, line, withLanguage(fenceAt(lines, line)!.info, 'console')) : undefined;
      context.report({
        line: first.line,
        character: at,
        endLine: first.line,
        endCharacter: at + 1,
        message: readCommands(step).transcript
          ? `${code(language)} block (step ${code(step.id)}) has ${what}, starting on line ${first.line + 1}: it is read as a transcript (only the prompt lines run); mark it \`console\``
          : `${code(language)} block (step ${code(step.id)}) has ${what}, starting on line ${first.line + 1}: run as ${code(language)}, \`$\` would be a command${output ? ' and the output too' : ''}; mark it \`console\``,
        ...(edit ? { fix: { title: `Change the language ${code(language)} to \`console\``, edits: [edit] } } : {}),
      });
    }
  },
};
