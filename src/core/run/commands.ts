// What to run from a step: the whole block, or the shell commands of a transcript.
import type { Step } from '../model';
import type { ShellKind } from './quote';
import { scanShell } from './shellSyntax';

/** One command of a step, as the shell should get it. */
export interface CommandUnit {
  /** The command, continuation lines included, PS2 prompts removed, without a trailing newline. */
  readonly text: string;
  /** 0-based document line where it starts (the prompt line for a transcript). */
  readonly line: number;
  /** The language of the prompt it came from (`$ ` → posix, `PS> ` → powershell); posix for other blocks. */
  readonly shell: ShellKind;
}

/** A line of a transcript typed into another program (`redis> …`, `mysql> …`, `>>> …`): shown, never run. */
export interface SkippedCommand {
  /** 0-based document line. */
  readonly line: number;
  /** The prompt as written (`127.0.0.1:6379> `). */
  readonly prompt: string;
  /** The command after it. */
  readonly text: string;
  /** The program it belongs to: `redis-cli`, `mysql`, `psql`, `python`, `irb`, … */
  readonly program: string;
}

export interface StepCommands {
  /** What runs, in order. */
  readonly units: CommandUnit[];
  /** REPL lines of a transcript, which do not run. */
  readonly skipped: SkippedCommand[];
  /** The block was read as a transcript: prompts mark the commands, every other line is output. */
  readonly transcript: boolean;
}

/** `$ ` (a lone `$` is an empty command), and the prompts terminals show before it: `user@host:~$ `, `[root@db1 ~]# `, `bash-5.1$ `. */
const POSIX_PROMPT = /^(?:\$|(?:\([\w.-]+\) )?(?:[\w.-]+@[\w.-]+(?::[^\s$#%]*)?|\[[\w.-]+@[\w.-]+(?: [^\]]*)?\]|(?:ba|z|k|da)?sh-\d+(?:\.\d+)*) ?[$#%])(?: |$)/;
/** `PS> `, `PS C:\Users\me> `. */
const POWERSHELL_PROMPT = /^PS(?: [^\n>]*)?> ?/;

/** Prompts of interactive programs, and the program: a line after one is typed into that program, not the shell. */
const REPL_PROMPTS: readonly { readonly re: RegExp; readonly program: string }[] = [
  { re: /^(?:redis(?: [\w.:-]+)?|[\w.-]+:\d{2,5}(?:\[\d+\])?)> ?/, program: 'redis-cli' },
  { re: /^(?:mysql|mariadb|MariaDB \[[^\]\n]*\]|MySQL(?: [\w.:-]+)* (?:JS|SQL|Py)) ?> ?/, program: 'mysql' },
  { re: /^[A-Za-z_][\w-]*[=-][#>] ?/, program: 'psql' },
  { re: /^>>> ?/, program: 'python' },
  { re: /^(?:irb(?:\([^)\n]*\))?(?::\d+)*|\[\d+\] pry\([^)\n]*\)) ?[>*] ?/, program: 'irb' },
  { re: /^(?:sqlite|duckdb|D)> ?/, program: 'sqlite3' },
  { re: /^cqlsh(?::[\w.-]+)?> ?/, program: 'cqlsh' },
  { re: /^(?:mongo(?:sh)?|[\w.-]+:(?:PRIMARY|SECONDARY|ARBITER)|[\w-]+ \[(?:direct|primary|secondary): [^\]\n]*\] [\w-]+)> ?/, program: 'mongosh' },
  { re: /^(?:iex(?:\([^)\n]*\))?|scala|jshell|ghci|sftp|ftp|lftp [^>\n]*|hbase\([^)\n]*\)(?::\d+)*|etcdctl|zk: [^\]\n]*\]|clickhouse[^>\n]*:\))> ?/, program: 'an interactive program' },
  { re: /^\((?:gdb|Pdb|lldb)\) /, program: 'a debugger' },
];

/** A `> ` line that does not continue a shell command: the prompt of the program the last command started (node, mongo). */
const GENERIC_REPL = /^> ?/;
/** Continuation prompts of the REPLs above: python `... `, mysql `    -> `, psql `db-# ` (listed above). */
const REPL_CONTINUATION = /^(?:\.\.\. ?|\s+-> ?|\s*\.\.\.> ?)/;

/** Only the head of a line can be a prompt: long lines cost no more than short ones. */
const PROMPT_HEAD = 200;

function shellPrompt(line: string): { prompt: string; shell: ShellKind } | undefined {
  const head = line.length > PROMPT_HEAD ? line.slice(0, PROMPT_HEAD) : line;
  const posix = POSIX_PROMPT.exec(head);
  if (posix) {
    return { prompt: posix[0], shell: 'posix' };
  }
  const ps = POWERSHELL_PROMPT.exec(head);
  return ps ? { prompt: ps[0], shell: 'powershell' } : undefined;
}

function replPrompt(line: string): { prompt: string; program: string } | undefined {
  const head = line.length > PROMPT_HEAD ? line.slice(0, PROMPT_HEAD) : line;
  for (const p of REPL_PROMPTS) {
    const m = p.re.exec(head);
    if (m) {
      return { prompt: m[0], program: p.program };
    }
  }
  return undefined;
}

/**
 * The commands of a step, each as one unit (see readCommands). REPL lines of a transcript are not units.
 */
export function splitUnits(step: Pick<Step, 'language' | 'code' | 'range'>): CommandUnit[] {
  return readCommands(step).units;
}

/**
 * What a step runs.
 *
 * A block is a **transcript** when it is a `console` block, or a shell block (`sh`, `bash`, `zsh`, `powershell`)
 * whose first prompt-looking line stands where a command would start (not inside a here-document or a quote). In
 * a transcript, a command is the text after a shell prompt: `$ `, `user@host:~$ `, `root@host:/# `,
 * `[user@host dir]$ `, `bash-5.1$ `, PowerShell's `PS> ` / `PS C:\path> `. A bare `# ` is NOT taken for a root
 * prompt: in runbooks a `#` line is far more often a comment or output. The lines after a prompt line belong to
 * its command:
 * - while the command is unfinished: a trailing `\` (or PowerShell backtick), an open quote, `$(`, bracket or
 *   here-document (`<<EOF … EOF`, `<<-'EOF'`), a trailing `|`, `&&` or `||` (and then a leading PS2 `> `,
 *   PowerShell `>> `, is removed);
 * Lines typed into another program — `redis> `, `127.0.0.1:6379> `, `mysql> `, `postgres=# `, `db=> `, `>>> `,
 * `irb> `, `sqlite> `, a `> ` after a finished command — are `skipped`: they would mean something else to the shell
 * (`redis> slowlog get 10` writes a file named `slowlog`). Every other line is output, and never runs. A transcript
 * without a shell prompt has no command (rather than running what may be sample output).
 *
 * Any other block is one unit: its whole text. Trailing newlines are dropped; CRLF line ends become LF.
 */
export function readCommands(step: Pick<Step, 'language' | 'code' | 'range'>): StepCommands {
  const code = step.code.replace(/\r\n?/g, '\n');
  const firstLine = step.range.start.line + 1;
  const blockShell: ShellKind = step.language === 'powershell' ? 'powershell' : 'posix';
  if (step.language !== 'console' && !looksLikeTranscript(code, blockShell)) {
    const text = trimTrailingNewlines(code);
    return { units: text.trim() ? [{ text, line: firstLine, shell: blockShell }] : [], skipped: [], transcript: false };
  }
  const lines = code.split('\n');
  if (lines[lines.length - 1] === '') {
    lines.pop();
  }
  const units: CommandUnit[] = [];
  const skipped: SkippedCommand[] = [];
  /** The program the last shell command started, for a following bare `> ` prompt. */
  let lastProgram: string | undefined;
  let inRepl: string | undefined;
  let n = 0;
  while (n < lines.length) {
    const line = lines[n];
    const prompt = shellPrompt(line);
    if (!prompt) {
      const repl = replPrompt(line) ?? (GENERIC_REPL.test(line) && lastProgram !== undefined ? { prompt: GENERIC_REPL.exec(line)![0], program: lastProgram } : undefined);
      if (repl) {
        const text = line.slice(repl.prompt.length);
        if (text.trim()) {
          skipped.push({ line: firstLine + n, prompt: repl.prompt, text, program: repl.program });
        }
        inRepl = repl.program;
      } else if (inRepl && REPL_CONTINUATION.test(line) && skipped.length) {
        const last = skipped[skipped.length - 1];
        skipped[skipped.length - 1] = { ...last, text: `${last.text}\n${line.replace(REPL_CONTINUATION, '')}` };
      }
      n++;
      continue;
    }
    inRepl = undefined;
    const shell = prompt.shell;
    const ps2 = shell === 'posix' ? /^>(?: |$)/ : /^>>(?: |$)/;
    const start = n;
    const parts = [line.slice(prompt.prompt.length)];
    n++;
    const program = programOf(parts[0]);
    while (n < lines.length) {
      const next = lines[n];
      const continued = ps2.exec(next);
      const complete = scanShell(parts.join('\n'), shell).complete;
      // `> ` continues the command (`for … do` / `> done` is complete for the scanner, not for the shell), unless
      // the command is finished and started an interactive program (`$ mongo` / `> db.stats()`).
      if (complete && !(continued && !INTERACTIVE.has(program))) {
        break;
      }
      parts.push(continued ? next.slice(continued[0].length) : next);
      n++;
    }
    const text = trimTrailingNewlines(parts.join('\n'));
    if (text.trim()) {
      units.push({ text, line: firstLine + start, shell });
      lastProgram = programOf(text);
    }
  }
  return { units, skipped, transcript: true };
}

/** Programs whose prompt is a bare `> `: a `> ` line after one of them is typed into it, not a PS2 continuation. */
const INTERACTIVE = new Set(['mongo', 'mongosh', 'node', 'deno', 'bun', 'redis-cli', 'valkey-cli', 'sqlite3', 'R', 'clickhouse-client', 'cqlsh', 'julia', 'lua', 'swipl', 'guile']);

/** The program a command starts (`redis-cli -h x` → `redis-cli`), for naming what a later `> ` line is typed into. */
function programOf(command: string): string {
  const words = command.trim().split(/\s+/).filter((w) => !/^[A-Za-z_]\w*=/.test(w) && w !== 'sudo' && w !== 'exec');
  const first = words[0] ?? '';
  return first.slice(first.lastIndexOf('/') + 1) || 'an interactive program';
}

/**
 * Whether a shell block is a transcript: its first line that starts with a shell prompt or a known REPL prompt
 * stands where a command starts (what comes before it is a whole command), so it is not a here-document line.
 */
function looksLikeTranscript(code: string, shell: ShellKind): boolean {
  let at = 0;
  while (at <= code.length) {
    const nl = code.indexOf('\n', at);
    const end = nl === -1 ? code.length : nl;
    const line = code.slice(at, end);
    const prompt = shellPrompt(line);
    const hit = prompt ? (shell === 'posix' ? prompt.shell === 'posix' || line.startsWith('PS') : prompt.shell === 'powershell') : shell === 'posix' && replPrompt(line) !== undefined;
    if (hit && prompt?.prompt !== '$') {
      return at === 0 || scanShell(code.slice(0, at - 1), shell).complete;
    }
    if (nl === -1) {
      break;
    }
    at = nl + 1;
  }
  return false;
}

/** The text to give the shell for a step: its units, one after the other (see splitUnits). Empty when none. */
export function commandText(step: Pick<Step, 'language' | 'code' | 'range'>): string {
  return splitUnits(step).map((u) => u.text).join('\n');
}

function trimTrailingNewlines(s: string): string {
  // A loop, not /\n+$/: the regex retries from every run of newlines in the step, which shows in lint's profile.
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 10) {
    end--;
  }
  return end === s.length ? s : s.slice(0, end);
}
