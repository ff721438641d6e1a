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
 * - `arithmetic`: inside `$(( … ))`
 * - `backtick`: inside a POSIX `` `…` `` command substitution
 * - `braced`: inside `${…}`
 * - `escaped`: right after a backslash (POSIX) or a backtick (PowerShell) that escapes the first character there
 * - `verbatim`: after PowerShell's stop-parsing token `--%`, where quotes are passed on as they are
 */
export type QuoteContext =
  | { readonly kind: 'bare' | 'single' | 'ansi' | 'arithmetic' | 'backtick' | 'braced' | 'escaped' | 'verbatim' }
  /** `openedAt`: offset of the opening `"`. */
  | { readonly kind: 'double'; readonly openedAt: number }
  | { readonly kind: 'comment'; readonly block: boolean }
  | { readonly kind: 'heredoc'; readonly delimiter: string; readonly literal: boolean; readonly stripTabs: boolean };

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

export interface ScanResult {
  /** The context of each hole, in the order given. */
  readonly contexts: QuoteContext[];
  readonly env: EnvReference[];
  /**
   * Whether the text is a whole command: no quote, here-document, substitution or bracket left open, no trailing
   * line continuation (`\` or PowerShell's backtick) and, for POSIX, no trailing `|`, `&&` or `||`.
   */
  readonly complete: boolean;
}

type Frame =
  | { t: 'cmd'; close: string; depth: number }
  | { t: 'single' | 'ansi' | 'backtick' }
  | { t: 'double'; openedAt: number }
  | { t: 'braced'; depth: number }
  | { t: 'arith'; depth: number }
  | { t: 'heredoc'; delimiter: string; literal: boolean; stripTabs: boolean }
  | { t: 'comment'; block: boolean }
  | { t: 'verbatim' };

interface PendingHeredoc {
  delimiter: string;
  literal: boolean;
  stripTabs: boolean;
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

/** Whether `c` is one of the characters of `set` (never for the empty string or past the end). */
function among(set: string, c: string | undefined): boolean {
  return c !== undefined && c.length === 1 && set.includes(c);
}
const WORD_BREAK = ' \t\r\n;&|()<>';

/** Scan `text` as a `shell` command; `holes` must be sorted and not overlap. */
export function scanShell(text: string, shell: ShellKind, holes: readonly Hole[] = []): ScanResult {
  return shell === 'posix' ? new PosixScanner(text, holes).run() : new PowerShellScanner(text, holes).run();
}

abstract class Scanner {
  protected readonly stack: Frame[] = [{ t: 'cmd', close: '', depth: 0 }];
  protected readonly contexts: QuoteContext[];
  protected readonly env: EnvReference[] = [];
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
      default:
        return { kind: f.t };
    }
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
    for (let n = 0; n < this.contexts.length; n++) {
      this.contexts[n] ??= { kind: 'bare' }; // a hole past the end: cannot happen with valid holes
    }
    return { contexts: this.contexts, env: this.env, complete: this.isComplete() };
  }

  protected abstract step(): void;
  protected abstract isComplete(): boolean;

  /** Skip to the end of the line (the newline is left for the caller). */
  protected lineComment(): void {
    this.stack.push({ t: 'comment', block: false });
    while (this.i < this.text.length && this.text[this.i] !== '\n') {
      if (!this.takeHole({ kind: 'comment', block: false })) {
        this.i++;
      }
    }
    this.stack.pop();
  }
}

class PosixScanner extends Scanner {
  private readonly pending: PendingHeredoc[] = [];

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
        } else if (c === "'") {
          this.stack.push({ t: 'single' });
        } else if (c === '"') {
          this.stack.push({ t: 'double', openedAt: this.i });
        } else if (this.dollarOrBacktick(c, false)) {
          return;
        }
        this.i++;
        return;
      case 'arith':
        if (c === '(') {
          f.depth++;
        } else if (c === ')') {
          if (f.depth === 0 && this.text[this.i + 1] === ')') {
            this.stack.pop();
            this.i += 2;
            return;
          }
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

  private inCommand(f: Extract<Frame, { t: 'cmd' }>, c: string): void {
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
        this.i++;
        return;
      case '<':
        if (this.text.startsWith('<<<', this.i)) {
          this.i += 3;
          return;
        }
        if (this.text.startsWith('<<', this.i)) {
          return this.heredocOperator();
        }
        this.i++;
        return;
      case '(':
        if (f.close) {
          f.depth++;
        }
        this.i++;
        return;
      case ')':
        if (f.close) {
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

  /** `$'…'`, `$"…"`, `$((`, `$(`, `${`, `$NAME` and `` ` ``; true when it consumed something. */
  private dollarOrBacktick(c: string, ansiAllowed: boolean): boolean {
    if (c === '`') {
      this.stack.push({ t: 'backtick' });
      this.i++;
      return true;
    }
    if (c !== '$') {
      return false;
    }
    const next = this.text[this.i + 1];
    if (next === "'" && ansiAllowed && this.top.t === 'cmd') {
      this.stack.push({ t: 'ansi' });
      this.i += 2;
      return true;
    }
    if (next === '"' && this.top.t === 'cmd') {
      this.stack.push({ t: 'double', openedAt: this.i + 1 });
      this.i += 2;
      return true;
    }
    if (next === '(') {
      if (this.text[this.i + 2] === '(') {
        this.stack.push({ t: 'arith', depth: 0 });
        this.i += 3;
      } else {
        this.stack.push({ t: 'cmd', close: ')', depth: 0 });
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
      this.stack.push({ t: 'braced', depth: 0 });
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
  private heredocOperator(): void {
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
      this.pending.push({ delimiter, literal, stripTabs });
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
      this.stack.push({ t: 'cmd', close: ')', depth: 0 });
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
      this.stack.push({ t: 'cmd', close: ')', depth: 0 });
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
      this.stack.push({ t: 'braced', depth: 0 });
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
