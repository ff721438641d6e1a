// What to run from a step: the whole block, or the commands of a console transcript.
import type { Step } from '../model';
import type { ShellKind } from './quote';
import { scanShell } from './shellSyntax';

/** One command of a step, as the shell should get it. */
export interface CommandUnit {
  /** The command, continuation lines included, PS2 prompts removed, without a trailing newline. */
  readonly text: string;
  /** 0-based document line where it starts (the prompt line for a console block). */
  readonly line: number;
  /** The language of the prompt it came from (`$ ` → posix, `PS> ` → powershell); posix for other blocks. */
  readonly shell: ShellKind;
}

/** `$ ` (a lone `$` is an empty command). */
const POSIX_PROMPT = /^\$(?: |$)/;
/** `PS> `, `PS C:\Users\me> `. */
const POWERSHELL_PROMPT = /^PS(?: [^\n>]*)?> ?/;

/**
 * The commands of a step, each as one unit.
 *
 * For a `console` block (a transcript), a command is the text after a prompt, `$ ` or PowerShell's `PS> ` /
 * `PS C:\path> `. `# ` is NOT taken for a root prompt: in runbooks a `#` line is far more often a comment or
 * output, and running something as root because it looks like a prompt would be the wrong guess. The lines after a
 * prompt line belong to its command:
 * - while the command is unfinished: a trailing `\` (or PowerShell backtick), an open quote, `$(`, bracket or
 *   here-document (`<<EOF … EOF`, `<<-'EOF'`), a trailing `|`, `&&` or `||`;
 * - and any line that starts with the continuation prompt `> ` (PowerShell `>> `), which is removed.
 * Every other line is output, and ignored. A console block without a prompt line has no command (rather than
 * running what may be sample output).
 *
 * Any other block is one unit: its whole text. Trailing newlines are dropped; CRLF line ends become LF.
 */
export function splitUnits(step: Pick<Step, 'language' | 'code' | 'range'>): CommandUnit[] {
  const code = step.code.replace(/\r\n?/g, '\n');
  const firstLine = step.range.start.line + 1;
  if (step.language !== 'console') {
    const text = trimTrailingNewlines(code);
    return text.trim() ? [{ text, line: firstLine, shell: step.language === 'powershell' ? 'powershell' : 'posix' }] : [];
  }
  const lines = code.split('\n');
  if (lines[lines.length - 1] === '') {
    lines.pop();
  }
  const units: CommandUnit[] = [];
  let n = 0;
  while (n < lines.length) {
    const line = lines[n];
    const posix = POSIX_PROMPT.exec(line);
    const ps = posix ? null : POWERSHELL_PROMPT.exec(line);
    const prompt = posix ?? ps;
    if (!prompt) {
      n++;
      continue;
    }
    const shell: ShellKind = posix ? 'posix' : 'powershell';
    const ps2 = shell === 'posix' ? /^>(?: |$)/ : /^>>(?: |$)/;
    const start = n;
    const parts = [line.slice(prompt[0].length)];
    n++;
    while (n < lines.length) {
      const next = lines[n];
      const continued = ps2.exec(next);
      if (continued) {
        parts.push(next.slice(continued[0].length));
      } else if (!scanShell(parts.join('\n'), shell).complete) {
        parts.push(next);
      } else {
        break;
      }
      n++;
    }
    const text = trimTrailingNewlines(parts.join('\n'));
    if (text.trim()) {
      units.push({ text, line: firstLine + start, shell });
    }
  }
  return units;
}

/** The text to give the shell for a step: its units, one after the other (see splitUnits). Empty when none. */
export function commandText(step: Pick<Step, 'language' | 'code' | 'range'>): string {
  return splitUnits(step).map((u) => u.text).join('\n');
}

function trimTrailingNewlines(s: string): string {
  return s.replace(/\n+$/, '');
}
