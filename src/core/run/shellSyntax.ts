// Just enough of POSIX shell and PowerShell syntax to know, at any point of a command, how the shell would read a
// piece of text put there: bare word, inside '…' or "…", a here-document, a comment, arithmetic… Placeholders
// ("holes") are skipped as opaque word characters, so whatever they contain (`$labels`, `<`, `>`) changes nothing.
import type { ShellKind } from './quote';
import { POWERSHELL_DOUBLE_QUOTES, POWERSHELL_SINGLE_QUOTES } from './quote';

/**
 * How the shell reads text at a position:
 * - `bare`: unquoted, in a command (also inside `$(…)`, `"$(…)"` and PowerShell `$(…)`, `{…}`)
 * - `single`, `double`: inside '…' or "…"
 * - `ansi`: inside bash's $'…'
 * - `heredoc`: in a here-document body (POSIX `<<EOF`) or a PowerShell here-string (`@'…'@`, `@"…"@`);
 *   `literal` when nothing is expanded in it (a quoted delimiter, or `@'`)
 * - `comment`: after `#` (`block` for PowerShell `<# … #>`)
 * - `arithmetic`: where bash, zsh or ksh evaluate the text as an arithmetic expression, which runs `$(…)` found in
 *   a variable's value (`a[$(cmd)]`): `$(( … ))`, `(( … ))`, `$[ … ]`, the arguments of `let`, `declare -i`
 *   (and `typeset`/`local`/`integer`), array subscripts (`a[…]=`, `${a[…]}`), `${x:offset:length}`, and the
 *   operands of `-eq -ne -lt -le -gt -ge` in `[[ … ]]`, `[ … ]` and `test`
 * - `evaluated`: text a program reads as code again (POSIX): the arguments of `eval`, `sh -c`/`bash -c`/…, `ssh`,
 *   `su`, `watch`, `source`, `trap`, script interpreters (`python -c`, `awk`, `sed`…), a command whose output is
 *   piped into a shell, a here-document fed to one, a quoted-delimiter here-document, names given to builtins that
 *   take variable names (`read`, `unset`, `printf -v`, `declare`, `[[ -v … ]]`); `within` is the quoting there
 * - `backtick`: inside a POSIX `` `…` `` command substitution
 * - `braced`: inside `${…}`; `quoted` when the `${` is inside "…"; `name` when the placeholder would be (part of)
 *   the parameter's name (`${{{v}}}`, `${!{{v}}}`)
 * - `escaped`: right after a backslash (POSIX) or a backtick (PowerShell) that escapes the first character there
 * - `verbatim`: after PowerShell's stop-parsing token `--%`, where quotes are passed on as they are
 */
export type QuoteContext =
  | { readonly kind: 'bare' | 'single' | 'ansi' | 'arithmetic' | 'backtick' | 'escaped' | 'verbatim' }
  /** `openedAt`: offset of the opening `"`. */
  | { readonly kind: 'double'; readonly openedAt: number }
  | { readonly kind: 'comment'; readonly block: boolean }
  | { readonly kind: 'braced'; readonly quoted: boolean; readonly name: boolean }
  | { readonly kind: 'heredoc'; readonly delimiter: string; readonly literal: boolean; readonly stripTabs: boolean }
  | { readonly kind: 'evaluated'; readonly within: QuoteContext };

/** Every kind of QuoteContext: a test requires a case for each, so a new one cannot go untested. */
export const QUOTE_CONTEXT_KINDS = ['bare', 'single', 'double', 'ansi', 'heredoc', 'comment', 'arithmetic', 'evaluated', 'backtick', 'braced', 'escaped', 'verbatim'] as const;

export interface Hole {
  readonly start: number;
  readonly end: number;
}

/** `$NAME`, `${NAME}` (POSIX) or `$env:NAME`, `${env:NAME}` (PowerShell) where the shell expands it. */
export interface EnvReference {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

/** A comment: `text.slice(start, end)` is `#…` up to (not including) the line break. */
export interface CommentRange {
  readonly start: number;
  readonly end: number;
}

export interface ScanResult {
  /** The context of each hole, in the order given. */
  readonly contexts: QuoteContext[];
  readonly env: EnvReference[];
  /** The line comments (POSIX `#…`; PowerShell `#…`), in order. */
  readonly comments: CommentRange[];
  /**
   * Whether the text is a whole command: no quote, here-document, substitution or bracket left open, no trailing
   * line continuation (`\` or PowerShell's backtick) and, for POSIX, no trailing `|`, `&&` or `||`.
   */
  readonly complete: boolean;
}

/** A simple command being read (POSIX): its words as written, and the holes inside it. */
interface Simple {
  readonly words: string[];
  /** Where each word starts in the text. */
  readonly offsets: number[];
  readonly holes: { n: number; word: number; within: QuoteContext }[];
  /** The commands of its pipeline (itself included), in order. */
  readonly pipeline: Simple[];
}

type CaseState = 'word' | 'pattern' | 'body';

type Frame =
  | { t: 'cmd'; close: string; depth: number; sc: Simple; wordStart: number; cases: CaseState[]; test: boolean }
  | { t: 'single' | 'ansi' }
  | { t: 'backtick'; openedAt: number }
  | { t: 'double'; openedAt: number }
  | { t: 'braced'; depth: number; openedAt: number; quoted: boolean }
  | { t: 'arith'; depth: number; close: string }
  | { t: 'heredoc'; delimiter: string; literal: boolean; stripTabs: boolean; owner?: Simple }
  | { t: 'comment'; block: boolean }
  | { t: 'verbatim' };

interface PendingHeredoc {
  delimiter: string;
  literal: boolean;
  stripTabs: boolean;
  owner?: Simple;
}

function newSimple(pipeline?: Simple[]): Simple {
  const sc: Simple = { words: [], offsets: [], holes: [], pipeline: pipeline ?? [] };
  sc.pipeline.push(sc);
  return sc;
}

function cmdFrame(close: string): Extract<Frame, { t: 'cmd' }> {
  return { t: 'cmd', close, depth: 0, sc: newSimple(), wordStart: -1, cases: [], test: false };
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

/** Whether `c` is one of the characters of `set` (never for the empty string or past the end). */
function among(set: string, c: string | undefined): boolean {
  return c !== undefined && c.length === 1 && set.includes(c);
}
const WORD_BREAK = ' \t\r\n;&|()<>';

/**
 * How a POSIX shell reads the few constructs where they differ: bash and zsh have `$'…'`, dash (`sh`) does not;
 * bash wants a `'` inside `"${x:-…}"` to be matched by another (an unmatched one is a syntax error), dash and zsh
 * take it as a character.
 */
export type PosixDialect = 'bash' | 'zsh' | 'sh';

/** Scan `text` as a `shell` command; `holes` must be sorted and not overlap. */
export function scanShell(text: string, shell: ShellKind, holes: readonly Hole[] = [], dialect: PosixDialect = 'bash'): ScanResult {
  return shell === 'posix' ? new PosixScanner(text, holes, dialect).run() : new PowerShellScanner(text, holes).run();
}

abstract class Scanner {
  protected readonly stack: Frame[] = [cmdFrame('')];
  protected readonly contexts: QuoteContext[];
  protected readonly env: EnvReference[] = [];
  protected readonly comments: CommentRange[] = [];
  protected i = 0;
  /** End of the last hole: text right after a hole is inside the same word. */
  protected holeEnd = -1;
  protected danglingEscape = false;
  /** The last thing seen was an operator that needs a command after it (`|`, `&&`, `||`). */
  protected opPending = false;
  private readonly holeAt = new Map<number, number>();

  constructor(protected readonly text: string, protected readonly holes: readonly Hole[]) {
    this.contexts = new Array<QuoteContext>(holes.length);
    holes.forEach((h, n) => this.holeAt.set(h.start, n));
  }

  protected get top(): Frame {
    return this.stack[this.stack.length - 1];
  }

  protected isHole(at: number): boolean {
    return this.holeAt.has(at);
  }

  /** If a hole starts at `i`, record its context and skip it. */
  protected takeHole(context: QuoteContext): boolean {
    const n = this.holeAt.get(this.i);
    if (n === undefined) {
      return false;
    }
    this.contexts[n] = context;
    this.holeTaken(n, context);
    this.i = this.holes[n].end;
    this.holeEnd = this.i;
    return true;
  }

  /** An escape character at `i`: the next character is literal. A hole right after it gets `escaped`. */
  protected escape(): void {
    if (this.i + 1 >= this.text.length) {
      this.danglingEscape = true;
      this.i++;
      return;
    }
    this.i++;
    if (!this.takeHole({ kind: 'escaped' })) {
      this.i++;
    }
  }

  /** A hole was given `context` (the POSIX scanner refines it at the end, from the command it is in). */
  protected holeTaken(_n: number, _context: QuoteContext): void {}

  protected atWordStart(): boolean {
    return this.i === 0 || (this.holeEnd !== this.i && WORD_BREAK.includes(this.text[this.i - 1]));
  }

  protected frameContext(f: Frame): QuoteContext {
    switch (f.t) {
      case 'cmd':
        return { kind: 'bare' };
      case 'arith':
        return { kind: 'arithmetic' };
      case 'comment':
        return { kind: 'comment', block: f.block };
      case 'heredoc':
        return { kind: 'heredoc', delimiter: f.delimiter, literal: f.literal, stripTabs: f.stripTabs };
      case 'double':
        return { kind: 'double', openedAt: f.openedAt };
      case 'braced':
        return this.bracedContext(f);
      default:
        return { kind: f.t };
    }
  }

  protected bracedContext(f: Extract<Frame, { t: 'braced' }>): QuoteContext {
    return { kind: 'braced', quoted: f.quoted, name: false };
  }

  run(): ScanResult {
    while (this.i < this.text.length) {
      if (this.takeHole(this.frameContext(this.top))) {
        this.opPending = false;
        continue;
      }
      const c = this.text[this.i];
      if (this.top.t !== 'cmd' || !(c === ' ' || c === '\t' || c === '\r' || c === '\n' || (c === '#' && this.atWordStart()))) {
        this.opPending = false; // (blanks and comments after an operator leave it pending)
      }
      this.step();
    }
    const complete = this.isComplete();
    this.finish();
    for (let n = 0; n < this.contexts.length; n++) {
      this.contexts[n] ??= { kind: 'bare' }; // a hole past the end: cannot happen with valid holes
    }
    return { contexts: this.contexts, env: this.env, comments: this.comments, complete };
  }

  /** Called once at the end, before the contexts are returned. */
  protected finish(): void {}

  protected abstract step(): void;
  protected abstract isComplete(): boolean;

  /** Skip to the end of the line (the newline is left for the caller). */
  protected lineComment(): void {
    const start = this.i;
    this.stack.push({ t: 'comment', block: false });
    while (this.i < this.text.length && this.text[this.i] !== '\n') {
      if (!this.takeHole({ kind: 'comment', block: false })) {
        this.i++;
      }
    }
    this.stack.pop();
    this.comments.push({ start, end: this.i });
  }
}

/** Words that read their arguments (or standard input) as code: a value there must be plain (see `evaluated`). */
const EVALUATORS = new Set([
  'eval', 'source', '.', 'trap', 'sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'yash', 'busybox', 'fish', 'csh', 'tcsh',
  'pwsh', 'powershell', 'ssh', 'su', 'runuser', 'watch', 'script', 'flock', 'tmux', 'screen', 'parallel', 'expect',
  'python', 'python2', 'python3', 'perl', 'ruby', 'node', 'php', 'lua', 'awk', 'gawk', 'mawk', 'nawk', 'sed', 'at', 'batch',
]);
/** Programs that run what they read on standard input: a command piped into one is code too. */
const STDIN_EVALUATORS = new Set([
  'sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'yash', 'busybox', 'fish', 'pwsh', 'powershell', 'ssh', 'source', '.',
  'python', 'python2', 'python3', 'perl', 'ruby', 'node', 'php', 'lua', 'at', 'batch', 'xargs',
]);
/** Builtins whose arguments are variable names (a name `a[$(cmd)]` runs the command in bash). */
const NAME_TAKERS = new Set(['unset', 'read', 'mapfile', 'readarray', 'getopts', 'declare', 'typeset', 'local', 'readonly', 'export', 'integer', 'wait', 'let']);
const DECLARERS = new Set(['declare', 'typeset', 'local', 'readonly', 'export', 'integer']);
/** Words before the command word that leave the command what it is. */
const PREFIXES = new Set(['{', '!', 'then', 'do', 'else', 'elif', 'if', 'while', 'until', 'time', 'command', 'builtin', 'exec', 'nohup', 'sudo', 'doas', 'env', 'nice', 'ionice', 'stdbuf', 'timeout', 'noglob', 'nocorrect']);
const ARITH_OPS = new Set(['-eq', '-ne', '-lt', '-le', '-gt', '-ge']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?\+?=/;
/** A word that is (so far) `name[`: an array subscript, evaluated as arithmetic. */
const SUBSCRIPT = /^[A-Za-z_][A-Za-z0-9_]*\[[^\]]*$/;
const SEPARATORS = ';&|()\n';

/** A word as the shell would name the program: quotes and backslashes removed, the folder dropped. */
function programName(word: string): string {
  const w = word.replace(/['"\\]/g, '');
  return w.slice(w.lastIndexOf('/') + 1);
}

/** The index of the command word of `words` (after assignments and prefixes such as `sudo`), or -1. */
function commandWord(words: readonly string[]): number {
  for (let n = 0; n < words.length; n++) {
    const w = words[n];
    if (ASSIGNMENT.test(w) || PREFIXES.has(w) || (n > 0 && w.startsWith('-') && PREFIXES.has(programName(words[n - 1])))) {
      continue;
    }
    return n;
  }
  return -1;
}

class PosixScanner extends Scanner {
  private readonly pending: PendingHeredoc[] = [];
  private readonly simples: Simple[] = [];

  constructor(text: string, holes: readonly Hole[], private readonly dialect: PosixDialect) {
    super(text, holes);
  }

  private get cmd(): Extract<Frame, { t: 'cmd' }> | undefined {
    const f = this.top;
    return f.t === 'cmd' ? f : undefined;
  }

  /** Register a hole with the simple command it is in (through quotes and `${…}`), for finish to refine. */
  protected override holeTaken(n: number, context: QuoteContext): void {
    for (let k = this.stack.length - 1; k >= 0; k--) {
      const f = this.stack[k];
      if (f.t === 'cmd') {
        if (k === this.stack.length - 1 && f.wordStart < 0) {
          f.wordStart = this.i;
        }
        f.sc.holes.push({ n, word: f.sc.words.length, within: context });
        if (!this.simples.includes(f.sc)) {
          this.simples.push(f.sc);
        }
        return;
      }
      if (f.t === 'heredoc') {
        if (f.owner) {
          f.owner.holes.push({ n, word: -1, within: context });
        } else if (f.literal) {
          this.contexts[n] = { kind: 'evaluated', within: context };
        }
        return;
      }
      if (f.t === 'arith' || f.t === 'comment') {
        return;
      }
      if (f.t === 'backtick') {
        // Its inside is a command of its own: refine from the words written so far.
        const inner = this.text.slice(f.openedAt + 1, this.i).split(/[\s;&|()]+/).map(programName);
        if (inner.some((w) => EVALUATORS.has(w))) {
          this.contexts[n] = { kind: 'evaluated', within: context };
        }
      }
    }
  }

  protected override bracedContext(f: Extract<Frame, { t: 'braced' }>): QuoteContext {
    const inside = this.text.slice(f.openedAt + 2, this.i);
    if (/^[#!]?$/.test(inside)) {
      return { kind: 'braced', quoted: f.quoted, name: true };
    }
    // ${a[…]} (a subscript), ${x:offset:length}: arithmetic
    if (/^[#!]?[A-Za-z_][A-Za-z0-9_]*\[[^\]]*$/.test(inside) || /^[#!]?(?:[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])(?:\[[^\]]*\])?:(?![-=?+])/.test(inside)) {
      return { kind: 'arithmetic' };
    }
    return { kind: 'braced', quoted: f.quoted, name: false };
  }

  protected step(): void {
    const f = this.top;
    const c = this.text[this.i];
    switch (f.t) {
      case 'cmd':
        return this.inCommand(f, c);
      case 'single':
        if (c === "'") {
          this.stack.pop();
        }
        this.i++;
        return;
      case 'ansi':
        if (c === '\\') {
          return this.escape();
        }
        if (c === "'") {
          this.stack.pop();
        }
        this.i++;
        return;
      case 'double':
        if (c === '\\') {
          return this.escape();
        }
        if (c === '"') {
          this.stack.pop();
          this.i++;
          return;
        }
        if (this.dollarOrBacktick(c, true)) {
          return;
        }
        this.i++;
        return;
      case 'backtick':
        if (c === '\\') {
          return this.escape();
        }
        if (c === '`') {
          this.stack.pop();
        }
        this.i++;
        return;
      case 'braced':
        if (c === '\\') {
          return this.escape();
        }
        if (c === '}') {
          if (f.depth === 0) {
            this.stack.pop();
          } else {
            f.depth--;
          }
        } else if (c === '{') {
          f.depth++;
        } else if (c === "'" && (!f.quoted || this.dialect === 'bash')) {
          this.stack.push({ t: 'single' });
        } else if (c === '"') {
          this.stack.push({ t: 'double', openedAt: this.i });
        } else if (this.dollarOrBacktick(c, false)) {
          return;
        }
        this.i++;
        return;
      case 'arith':
        if (c === '(' || (c === '[' && f.close === ']')) {
          f.depth++;
        } else if (f.depth === 0 && this.text.startsWith(f.close, this.i)) {
          this.stack.pop();
          this.i += f.close.length;
          return;
        } else if (c === ')' || (c === ']' && f.close === ']')) {
          f.depth = Math.max(0, f.depth - 1);
        } else if (this.dollarOrBacktick(c, false)) {
          return;
        } else if (c === '\n') {
          return this.newline();
        }
        this.i++;
        return;
      case 'heredoc':
        return this.inHeredoc(f, c);
      default:
        this.i++;
    }
  }

  /** The current word of `f` ends at `i` (when there is one). */
  private endWord(f: Extract<Frame, { t: 'cmd' }>): void {
    if (f.wordStart < 0) {
      return;
    }
    const word = this.text.slice(f.wordStart, this.i);
    const sc = f.sc;
    const position = sc.words.length === 0 || commandWord(sc.words) === -1;
    sc.words.push(word);
    sc.offsets.push(f.wordStart);
    f.wordStart = -1;
    const top = f.cases[f.cases.length - 1];
    if (position && word === 'case') {
      f.cases.push('word');
    } else if (top === 'word' && word === 'in') {
      f.cases[f.cases.length - 1] = 'pattern';
      this.endSimple(f, false);
    } else if ((top === 'pattern' || (top === 'body' && position)) && word === 'esac') {
      f.cases.pop();
    } else if (position && word === '[[') {
      f.test = true;
    } else if (f.test && word === ']]') {
      f.test = false;
    }
  }

  /** The simple command of `f` is complete; `pipe`: a `|` follows, so the next one is in the same pipeline. */
  private endSimple(f: Extract<Frame, { t: 'cmd' }>, pipe: boolean): void {
    this.endWord(f);
    if (f.sc.words.length > 0 || f.sc.holes.length > 0) {
      if (!this.simples.includes(f.sc)) {
        this.simples.push(f.sc);
      }
      f.sc = newSimple(pipe ? f.sc.pipeline : undefined);
    }
    f.test = false;
  }

  private inCommand(f: Extract<Frame, { t: 'cmd' }>, c: string): void {
    if (SEPARATORS.includes(c)) {
      this.endWord(f); // (`esac)`: the word decides what the `)` is)
    }
    const caseTop = f.cases[f.cases.length - 1];
    if (c === ' ' || c === '\t' || c === '\r' || c === '<' || c === '>') {
      this.endWord(f);
    } else if (SEPARATORS.includes(c) && !(f.test && c !== '\n' && c !== ';')) {
      if (c === ')' && caseTop === 'pattern') {
        // `pat)` in a case statement: the end of a pattern, not of a subshell
        this.endWord(f);
        f.sc = newSimple();
        f.cases[f.cases.length - 1] = 'body';
        this.i++;
        return;
      }
      if (c === '(' && caseTop === 'pattern' && f.wordStart < 0 && f.sc.words.length === 0) {
        this.i++;
        return; // the optional `(` before a pattern
      }
      if (c === '|' && caseTop === 'pattern') {
        this.endWord(f);
        this.i++;
        return; // `a|b)`
      }
      if (c === '(' && this.text[this.i + 1] === '(' && f.wordStart < 0 && commandWord(f.sc.words) === -1) {
        this.endSimple(f, false);
        this.stack.push({ t: 'arith', depth: 0, close: '))' });
        this.i += 2;
        return;
      }
      const pipe = c === '|' && this.text[this.i + 1] !== '|';
      this.endSimple(f, pipe);
      if (c === ';' && this.text[this.i + 1] === ';' && caseTop === 'body') {
        f.cases[f.cases.length - 1] = 'pattern';
        this.i += this.text[this.i + 2] === '&' ? 3 : 2;
        return;
      }
      if (c === ';' && this.text[this.i + 1] === '&' && caseTop === 'body') {
        f.cases[f.cases.length - 1] = 'pattern';
        this.i += 2;
        return;
      }
    } else if (f.wordStart < 0 && c !== '#') {
      f.wordStart = this.i;
    }
    switch (c) {
      case '\\':
        return this.escape();
      case "'":
        this.stack.push({ t: 'single' });
        this.i++;
        return;
      case '"':
        this.stack.push({ t: 'double', openedAt: this.i });
        this.i++;
        return;
      case '#':
        if (this.atWordStart()) {
          return this.lineComment();
        }
        if (f.wordStart < 0) {
          f.wordStart = this.i;
        }
        this.i++;
        return;
      case '<':
        if (f.test) {
          this.i++;
          return;
        }
        if (this.text.startsWith('<<<', this.i)) {
          this.i += 3;
          return;
        }
        if (this.text.startsWith('<<', this.i)) {
          return this.heredocOperator(f.sc);
        }
        this.i++;
        return;
      case '(':
        if (f.close && !f.test) {
          f.depth++;
        }
        this.i++;
        return;
      case ')':
        if (f.close && !f.test) {
          if (f.depth === 0) {
            this.stack.pop();
          } else {
            f.depth--;
          }
        }
        this.i++;
        return;
      case '|':
        this.opPending = true;
        this.i++;
        return;
      case '&':
        if (this.text[this.i + 1] === '&') {
          this.opPending = true;
          this.i += 2;
          return;
        }
        this.i++;
        return;
      case '\n':
        return this.newline();
      default:
        if (!this.dollarOrBacktick(c, true)) {
          this.i++;
        }
    }
  }

  /** `$'…'`, `$"…"`, `$((`, `$[`, `$(`, `${`, `$NAME` and `` ` ``; true when it consumed something. */
  private dollarOrBacktick(c: string, ansiAllowed: boolean): boolean {
    if (c === '`') {
      this.stack.push({ t: 'backtick', openedAt: this.i });
      this.i++;
      return true;
    }
    if (c !== '$') {
      return false;
    }
    const next = this.text[this.i + 1];
    if (next === "'" && ansiAllowed && this.top.t === 'cmd' && this.dialect !== 'sh') {
      this.stack.push({ t: 'ansi' });
      this.i += 2;
      return true;
    }
    if (next === '"' && this.top.t === 'cmd') {
      this.stack.push({ t: 'double', openedAt: this.i + 1 });
      this.i += 2;
      return true;
    }
    if (next === '[') {
      this.stack.push({ t: 'arith', depth: 0, close: ']' });
      this.i += 2;
      return true;
    }
    if (next === '(') {
      if (this.text[this.i + 2] === '(') {
        this.stack.push({ t: 'arith', depth: 0, close: '))' });
        this.i += 3;
      } else {
        this.stack.push(cmdFrame(')'));
        this.i += 2;
      }
      return true;
    }
    if (next === '{') {
      NAME.lastIndex = this.i + 2;
      const m = NAME.exec(this.text);
      if (m && this.text[NAME.lastIndex] === '}' && !this.isHole(this.i + 2)) {
        this.env.push({ name: m[0], start: this.i, end: NAME.lastIndex + 1 });
        this.i = NAME.lastIndex + 1;
        return true;
      }
      this.stack.push({ t: 'braced', depth: 0, openedAt: this.i, quoted: this.stack.some((s) => s.t === 'double' || s.t === 'heredoc') });
      this.i += 2;
      return true;
    }
    NAME.lastIndex = this.i + 1;
    const m = this.isHole(this.i + 1) ? null : NAME.exec(this.text);
    if (m) {
      this.env.push({ name: m[0], start: this.i, end: NAME.lastIndex });
      this.i = NAME.lastIndex;
      return true;
    }
    return false;
  }

  /** `<<` or `<<-` and its delimiter word; the body starts after the next newline. */
  private heredocOperator(owner: Simple): void {
    const cmd = this.cmd;
    if (cmd) {
      this.endWord(cmd);
    }
    this.i += 2;
    let stripTabs = false;
    if (this.text[this.i] === '-') {
      stripTabs = true;
      this.i++;
    }
    while (this.text[this.i] === ' ' || this.text[this.i] === '\t') {
      this.i++;
    }
    let delimiter = '';
    let literal = false;
    while (this.i < this.text.length && !WORD_BREAK.includes(this.text[this.i])) {
      const c = this.text[this.i];
      if (c === "'" || c === '"') {
        literal = true;
        const close = this.text.indexOf(c, this.i + 1);
        const end = close === -1 ? this.text.length : close;
        delimiter += this.text.slice(this.i + 1, end);
        this.i = end + 1;
      } else if (c === '\\') {
        literal = true;
        delimiter += this.text[this.i + 1] ?? '';
        this.i += 2;
      } else {
        delimiter += c;
        this.i++;
      }
    }
    if (delimiter) {
      this.pending.push({ delimiter, literal, stripTabs, owner });
      if (!this.simples.includes(owner)) {
        this.simples.push(owner);
      }
    }
  }

  private newline(): void {
    this.i++;
    this.startHeredoc();
  }

  private startHeredoc(): void {
    const h = this.pending.shift();
    if (h) {
      this.stack.push({ t: 'heredoc', ...h });
      this.delimiterLine();
    }
  }

  /** At the start of a body line: the delimiter line ends the body (and starts the next pending one). */
  private delimiterLine(): void {
    const f = this.top;
    if (f.t !== 'heredoc') {
      return;
    }
    let eol = this.text.indexOf('\n', this.i);
    if (eol === -1) {
      eol = this.text.length;
    }
    let line = this.text.slice(this.i, eol);
    if (f.stripTabs) {
      line = line.replace(/^\t+/, '');
    }
    if (line === f.delimiter) {
      this.stack.pop();
      this.i = Math.min(eol + 1, this.text.length);
      if (eol < this.text.length) {
        this.startHeredoc();
      }
    }
  }

  private inHeredoc(f: Extract<Frame, { t: 'heredoc' }>, c: string): void {
    if (c === '\n') {
      this.i++;
      this.delimiterLine();
      return;
    }
    if (!f.literal) {
      if (c === '\\') {
        const next = this.text[this.i + 1];
        if (this.isHole(this.i + 1)) {
          return this.escape();
        }
        // In a body, a backslash only escapes $ ` \ and newline; before anything else it is itself.
        this.i += next === '$' || next === '`' || next === '\\' || next === '\n' ? 2 : 1;
        return;
      }
      if (this.dollarOrBacktick(c, false)) {
        return;
      }
    }
    this.i++;
  }

  protected isComplete(): boolean {
    return !this.danglingEscape && !this.opPending && this.stack.length === 1 && this.pending.length === 0;
  }

  /** Refine the context of each hole from the command it is in (see QuoteContext `arithmetic` and `evaluated`). */
  protected override finish(): void {
    const f = this.stack[0];
    if (f.t === 'cmd') {
      this.endSimple(f, false);
    }
    for (const frame of this.stack) {
      if (frame.t === 'cmd' && frame !== f) {
        this.endSimple(frame, false);
      }
    }
    for (const sc of this.simples) {
      const words = sc.words;
      const at = commandWord(words);
      const program = at === -1 ? '' : programName(words[at]);
      const names = words.map(programName);
      const after = sc.pipeline.slice(sc.pipeline.indexOf(sc) + 1);
      // An evaluator as the command word, or started by it (`kubectl exec p -- sh -c …`, `xargs sh`, `find -exec
      // bash -c`): an evaluator's name among the arguments followed by an option (`sh -c`, `python3 -e`), or right
      // after `--`, `-exec`, `xargs`. (`kubectl get node x` names a node, not Node.js.)
      const evaluated = EVALUATORS.has(program) || names.some((w, k) => k > at && EVALUATORS.has(w)
        && ((words[k + 1] ?? '').startsWith('-') || ['--', '-exec', '-execdir', '-ok', 'xargs', 'exec', 'sudo', 'doas', 'env', 'nohup', 'timeout'].includes(names[k - 1])))
        || after.some((o) => {
          const k = commandWord(o.words);
          return k !== -1 && STDIN_EVALUATORS.has(programName(o.words[k])); // (`| awk '…'` reads data, `| sh` code)
        });
      for (const h of sc.holes) {
        const current = this.contexts[h.n];
        if (current.kind === 'arithmetic' || current.kind === 'comment' || current.kind === 'escaped') {
          continue;
        }
        const before = h.word >= 0 ? this.text.slice(sc.offsets[h.word] ?? this.holes[h.n].start, this.holes[h.n].start) : '';
        const prev = h.word > 0 ? words[h.word - 1] : '';
        const next = h.word >= 0 ? words[h.word + 1] ?? '' : '';
        const arithmetic = (h.word >= 0 && SUBSCRIPT.test(before))
          || program === 'let' || program === '((' || (DECLARERS.has(program) && words.some((w) => /^[-+][A-Za-z]*i/.test(w)))
          || ((program === '[[' || program === '[' || program === 'test') && h.word >= 0 && (ARITH_OPS.has(prev) || ARITH_OPS.has(next)));
        if (arithmetic) {
          this.contexts[h.n] = { kind: 'arithmetic' };
          continue;
        }
        const takesNames = (NAME_TAKERS.has(program) && h.word >= 0)
          || (program === 'printf' && words.slice(0, Math.max(h.word, 0)).some((w) => /^-[A-Za-z]*v/.test(w)))
          || ((program === '[[' || program === '[' || program === 'test') && (prev === '-v' || prev === '-R'));
        if (evaluated || takesNames || (current.kind === 'heredoc' && current.literal)) {
          this.contexts[h.n] = { kind: 'evaluated', within: current };
        }
      }
    }
  }
}

const PS_SINGLE = POWERSHELL_SINGLE_QUOTES;
const PS_DOUBLE = POWERSHELL_DOUBLE_QUOTES;
const PS_WORD_BREAK = ' \t\r\n;&|(){},';

class PowerShellScanner extends Scanner {
  protected override atWordStart(): boolean {
    return this.i === 0 || (this.holeEnd !== this.i && PS_WORD_BREAK.includes(this.text[this.i - 1]));
  }

  protected step(): void {
    const f = this.top;
    const c = this.text[this.i];
    switch (f.t) {
      case 'cmd':
        return this.inCommand(f, c);
      case 'single':
        if (PS_SINGLE.includes(c)) {
          if (among(PS_SINGLE, this.text[this.i + 1]) && !this.isHole(this.i + 1)) {
            this.i += 2; // '' is a quote inside the string
            return;
          }
          this.stack.pop();
        }
        this.i++;
        return;
      case 'double':
        if (c === '`') {
          return this.escape();
        }
        if (PS_DOUBLE.includes(c)) {
          if (among(PS_DOUBLE, this.text[this.i + 1]) && !this.isHole(this.i + 1)) {
            this.i += 2;
            return;
          }
          this.stack.pop();
          this.i++;
          return;
        }
        if (!this.dollar(c)) {
          this.i++;
        }
        return;
      case 'heredoc': {
        if (c === '\n') {
          this.i++;
          this.hereStringEnd(f);
          return;
        }
        if (!f.literal) {
          if (c === '`') {
            return this.escape();
          }
          if (this.dollar(c)) {
            return;
          }
        }
        this.i++;
        return;
      }
      case 'comment':
        // block comment: <# … #>
        if (this.text.startsWith('#>', this.i)) {
          this.stack.pop();
          this.i += 2;
          return;
        }
        this.i++;
        return;
      case 'braced':
        if (c === '`') {
          return this.escape();
        }
        if (c === '}') {
          this.stack.pop();
        }
        this.i++;
        return;
      case 'verbatim':
        if (c === '\n') {
          this.stack.pop();
        }
        this.i++;
        return;
      default:
        this.i++;
    }
  }

  private inCommand(f: Extract<Frame, { t: 'cmd' }>, c: string): void {
    if (c === '`') {
      return this.escape();
    }
    if (c === '@' && (among(PS_SINGLE, this.text[this.i + 1]) || among(PS_DOUBLE, this.text[this.i + 1]))) {
      // A here-string: @' or @" at the end of its line.
      const rest = /^[ \t]*\r?\n/.exec(this.text.slice(this.i + 2, this.i + 64));
      if (rest) {
        const literal = among(PS_SINGLE, this.text[this.i + 1]);
        this.stack.push({ t: 'heredoc', delimiter: literal ? "'@" : '"@', literal, stripTabs: false });
        this.i += 2 + rest[0].length;
        this.hereStringEnd(this.top as Extract<Frame, { t: 'heredoc' }>);
        return;
      }
    }
    if (PS_SINGLE.includes(c)) {
      this.stack.push({ t: 'single' });
      this.i++;
      return;
    }
    if (PS_DOUBLE.includes(c)) {
      this.stack.push({ t: 'double', openedAt: this.i });
      this.i++;
      return;
    }
    if (c === '<' && this.text[this.i + 1] === '#') {
      this.stack.push({ t: 'comment', block: true });
      this.i += 2;
      return;
    }
    if (c === '#' && this.atWordStart()) {
      return this.lineComment();
    }
    if (c === '-' && this.text.startsWith('--%', this.i) && this.atWordStart()) {
      this.stack.push({ t: 'verbatim' });
      this.i += 3;
      return;
    }
    if ((c === '$' || c === '@') && this.text[this.i + 1] === '(') {
      this.stack.push(cmdFrame(')'));
      this.i += 2;
      return;
    }
    if (c === '(' || c === '{') {
      f.depth++;
      this.i++;
      return;
    }
    if (c === ')' || c === '}') {
      if (f.depth > 0) {
        f.depth--;
      } else if (f.close) {
        this.stack.pop();
      }
      this.i++;
      return;
    }
    if (c === '|' || (c === '&' && this.text[this.i + 1] === '&')) {
      this.opPending = true;
      this.i += c === '|' ? 1 : 2;
      return;
    }
    if (!this.dollar(c)) {
      this.i++;
    }
  }

  /** `$env:NAME`, `${env:NAME}`, `${…}` and `$(`; true when it consumed something. */
  private dollar(c: string): boolean {
    if (c !== '$') {
      return false;
    }
    const next = this.text[this.i + 1];
    if (next === '(') {
      this.stack.push(cmdFrame(')'));
      this.i += 2;
      return true;
    }
    if (next === '{') {
      const m = /^\{env:([A-Za-z_][A-Za-z0-9_]*)\}/i.exec(this.text.slice(this.i + 1, this.i + 300));
      if (m && !this.holesWithin(this.i, this.i + 1 + m[0].length)) {
        this.env.push({ name: m[1], start: this.i, end: this.i + 1 + m[0].length });
        this.i += 1 + m[0].length;
        return true;
      }
      this.stack.push({ t: 'braced', depth: 0, openedAt: this.i, quoted: false });
      this.i += 2;
      return true;
    }
    const m = /^env:([A-Za-z_][A-Za-z0-9_]*)/i.exec(this.text.slice(this.i + 1, this.i + 300));
    if (m && !this.holesWithin(this.i, this.i + 1 + m[0].length)) {
      this.env.push({ name: m[1], start: this.i, end: this.i + 1 + m[0].length });
      this.i += 1 + m[0].length;
      return true;
    }
    return false;
  }

  private holesWithin(start: number, end: number): boolean {
    return this.holes.some((h) => h.start < end && h.end > start);
  }

  /** At the start of a here-string line: `'@` / `"@` first on the line ends it. */
  private hereStringEnd(f: Extract<Frame, { t: 'heredoc' }>): void {
    const quotes = f.literal ? PS_SINGLE : PS_DOUBLE;
    if (among(quotes, this.text[this.i]) && this.text[this.i + 1] === '@' && !this.isHole(this.i)) {
      this.stack.pop();
      this.i += 2;
    }
  }

  protected isComplete(): boolean {
    if (this.danglingEscape || this.stack.some((f, n) => n > 0 && f.t !== 'verbatim')) {
      return false;
    }
    const root = this.stack[0];
    return root.t === 'cmd' && root.depth === 0 && !this.opPending;
  }
}
