// Quoting a value so that a shell reads it back byte for byte as one piece of literal data.
import type { StepLanguage } from '../model';

/**
 * The two command languages a step can be run in. `posix` covers sh, dash, bash, zsh and ksh: they share the
 * quoting used here (single quotes). fish is not a POSIX shell and is not supported.
 */
export type ShellKind = 'posix' | 'powershell';

/**
 * A value that no quoting can deliver intact, or a place in a command where a value cannot be put safely. The
 * message is complete and meant for the person running the step: show it as it is.
 */
export class QuoteError extends Error {
  /** The variable whose value could not be quoted, when known. */
  readonly variable: string | undefined;

  constructor(message: string, variable?: string) {
    super(message);
    this.name = 'QuoteError';
    this.variable = variable;
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Throws a QuoteError when `value` cannot reach any program intact, whatever the quoting:
 * - NUL: the arguments and the environment of a process are C strings, so a NUL would silently cut the value
 *   short (and the command text itself could not hold it either). Refusing is the only honest answer.
 * - an unpaired UTF-16 surrogate: it has no UTF-8 form, so the bytes a program got would not be the value.
 */
export function checkRepresentable(value: string, variable?: string): void {
  const what = variable === undefined ? 'the value' : `the value of '${variable}'`;
  const nul = value.indexOf('\0');
  if (nul !== -1) {
    throw new QuoteError(
      `${what} contains a NUL character (at offset ${nul}), which no shell command or argument can carry: remove it`,
      variable,
    );
  }
  const lone = LONE_SURROGATE.exec(value);
  if (lone) {
    throw new QuoteError(
      `${what} contains an unpaired UTF-16 surrogate (\\u${lone[0].charCodeAt(0).toString(16).toUpperCase()} at offset ${lone.index}), which has no UTF-8 form`,
      variable,
    );
  }
}

/** PowerShell closes a single-quoted string on any of these (the typographic ones too). */
export const POWERSHELL_SINGLE_QUOTES = '\'\u2018\u2019\u201A\u201B';
/** …and a double-quoted one on any of these. */
export const POWERSHELL_DOUBLE_QUOTES = '"\u201C\u201D\u201E';

const PS_SINGLE = /['\u2018\u2019\u201A\u201B]/g;

/**
 * The body of a single-quoted string, without the enclosing quotes: for POSIX shells `'` becomes `'\''` (close,
 * escaped quote, reopen); for PowerShell every single-quote character (including ‘ ’ ‚ ‛, which PowerShell also
 * takes as quotes) is doubled. Everything else, newlines, CR, tabs, `$`, backslashes and escape characters
 * included, is literal inside single quotes in both languages.
 */
export function singleQuotedBody(value: string, shell: ShellKind): string {
  return shell === 'posix' ? value.replace(/'/g, `'\\''`) : value.replace(PS_SINGLE, (q) => q + q);
}

/**
 * `value` as one shell word of literal data: always single-quoted, so that what was substituted stays visible and
 * no value is ever read as an option-free word, a glob, a tilde, an assignment or a keyword. The empty string is
 * `''`. Throws a QuoteError for values no quoting can carry (see checkRepresentable).
 *
 * Single quotes stay literal in interactive bash and zsh too (no `!` history expansion inside them), so the result
 * is as safe typed into a terminal as passed to `sh -c`.
 */
export function quote(value: string, shell: ShellKind): string {
  checkRepresentable(value);
  return `'${singleQuotedBody(value, shell)}'`;
}

const POWERSHELL_EXE = /(?:^|[\\/])(?:pwsh|powershell)(?:-preview)?(?:\.exe)?$/i;

/** Whether a terminal's shell path or name (e.g. `/usr/bin/pwsh`, `powershell.exe`) is a PowerShell. */
export function isPowerShell(terminalShell: string): boolean {
  return POWERSHELL_EXE.test(terminalShell.trim());
}

/**
 * The command language of a step. `powershell` steps are PowerShell; `sh`, `bash` and `zsh` steps are POSIX,
 * whatever the terminal (the caller must run them in a POSIX shell, never paste them into PowerShell). A `console`
 * block is a transcript of "your shell": POSIX, unless the terminal it goes to is a PowerShell.
 */
export function shellKindFor(language: StepLanguage, terminalShell?: string): ShellKind {
  if (language === 'powershell') {
    return 'powershell';
  }
  if (language === 'console' && terminalShell !== undefined && isPowerShell(terminalShell)) {
    return 'powershell';
  }
  return 'posix';
}

/**
 * Control characters that a terminal, not the shell, would act on if the text were typed into it (Ctrl-C, Ctrl-D,
 * Ctrl-U, ESC sequences, …): every C0 control but tab and newline, DEL, and the C1 controls. Quoting protects a
 * value from the shell, not from the terminal's line discipline: a caller that sends text to an interactive
 * terminal should refuse (or ask) when this finds anything, or run the command another way (e.g. from a file).
 * Returns the offsets of the characters found.
 */
export function terminalControlCharacters(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a) || (c >= 0x7f && c <= 0x9f)) {
      out.push(i);
    }
  }
  return out;
}

/**
 * Throws a QuoteError when `text` holds characters a terminal would act on (terminalControlCharacters). Call it
 * before typing a command into an interactive terminal (VS Code's sendText/executeCommand): there, a value's
 * Ctrl-U (\x15) would erase the quoted start of the line and run the rest unquoted, a CR would submit the line
 * early, an ESC [201~ would end a bracketed paste. Quoting cannot help with any of that; running the command
 * another way (`sh -c`, a script file) can.
 */
export function assertTerminalSafe(text: string): void {
  const at = terminalControlCharacters(text);
  if (at.length > 0) {
    const shown = at.slice(0, 3).map((i) => `${displaySafe(text[i])} at offset ${i}`).join(', ');
    throw new QuoteError(
      `the command holds ${at.length === 1 ? 'a control character' : `${at.length} control characters`} (${shown}${at.length > 3 ? ', …' : ''}) that a terminal would act on instead of passing it to the shell: remove it from the value, or run the step outside a terminal (runbook run)`,
    );
  }
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const INVISIBLE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` safe to show a person who must judge it (a confirmation, a log line on a terminal): terminal control
 * characters (what terminalControlCharacters finds) and the bidirectional controls that can make text display in
 * another order than it runs ("Trojan Source") are shown as `\xNN` / `\u{NNNN}` escapes. Tabs and newlines stay.
 * For display only: never run the result.
 */
export function displaySafe(text: string): string {
  return text.replace(INVISIBLE, (c) => {
    const n = c.charCodeAt(0);
    return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u{${n.toString(16).toUpperCase()}}`;
  });
}
