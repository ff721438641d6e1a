// The simple commands of a shell text, as words: enough to know which program each one runs and with what
// arguments. One pass, no backtracking: linear in the length of the text, whatever it holds.
import type { ShellKind } from './quote';

/** One word of a command, with its quotes and escapes removed. */
export interface Word {
  /** The word as the program gets it (quotes removed, escapes applied); `$VAR` and `$( … )` left as written. */
  readonly text: string;
  /** Offsets in the text: `text.slice(start, end)` is the word as written. */
  readonly start: number;
  readonly end: number;
  /** Built (in part) from a command substitution `$( … )` / `` `…` ``: its value is known only when it runs. */
  readonly dynamic: boolean;
}

/** A simple command: `prog arg…`, with what it reads on its standard input when the text says (here-documents). */
export interface SimpleCommand {
  readonly words: Word[];
  /** Here-document bodies and here-strings (`<<EOF … EOF`, `<<< "…"`) given to the command, in order. */
  readonly input: string[];
  /** Files written through `>`, `>>`, `>|`, `&>` (the targets as words). */
  readonly writes: Word[];
}

interface Builder {
  text: string;
  start: number;
  dynamic: boolean;
}

interface CommandFrame {
  readonly kind: 'cmd';
  /** `)` for `$( … )`, `` ` `` for `` `…` ``, '' at the top. */
  readonly close: string;
  /** `(` nesting inside this frame, so `$( (a) )` closes at the right `)`. */
  depth: number;
  command: SimpleCommand | undefined;
  word: Builder | undefined;
  /** The operator the next word completes (`>`, `<<`, `<<-`, `<<<`, …). */
  redirect: string | undefined;
}

interface QuoteFrame {
  readonly kind: 'dq';
}

interface Heredoc {
  readonly delimiter: string;
  readonly stripTabs: boolean;
  readonly command: SimpleCommand;
}

/** Characters that end a run of plain word characters (ASCII only: other characters are plain or white space). */
const SPECIAL: boolean[] = [];
const WHITE = /\s/;
for (const c of ' \t\r\n\v\f\'"\\$`;&|()<>#') {
  SPECIAL[c.charCodeAt(0)] = true;
}
const PLAIN_DQ = /[^"\\$`]+/y;

/**
 * The simple commands of `text` read as a POSIX shell would split them: on newlines, `;`, `&`, `|`, `&&`, `||`,
 * `(`, `)`, and into `$( … )`, `` `…` ``, `<( … )` (each substitution is a command of its own, listed after the
 * command it is in). Comments are skipped; here-document bodies go to their command's `input`, not read as
 * commands. Keywords (`if`, `then`, `do`, `!`, `{` …) stay as words: see stripKeywords. PowerShell text is split
 * by powerShellCommands.
 */
export function simpleCommands(text: string, shell: ShellKind = 'posix'): SimpleCommand[] {
  return shell === 'powershell' ? powerShellCommands(text) : posixCommands(text);
}

function posixCommands(text: string): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  const stack: (CommandFrame | QuoteFrame)[] = [];
  const pending: Heredoc[] = [];
  const n = text.length;
  let i = 0;

  const newFrame = (close: string): CommandFrame => ({ kind: 'cmd', close, depth: 0, command: undefined, word: undefined, redirect: undefined });
  stack.push(newFrame(''));
  /** The command frame that owns the word being built (a quote frame belongs to the command frame below it). */
  const owner = (): CommandFrame => {
    for (let k = stack.length - 1; k >= 0; k--) {
      const f = stack[k];
      if (f.kind === 'cmd') {
        return f;
      }
    }
    return stack[0] as CommandFrame;
  };
  const command = (f: CommandFrame): SimpleCommand => {
    if (!f.command) {
      f.command = { words: [], input: [], writes: [] };
      out.push(f.command);
    }
    return f.command;
  };
  /** The word being built; starting one starts its command, so a command comes before those substituted in it. */
  const word = (f: CommandFrame, at: number): Builder => {
    if (!f.word) {
      command(f);
      f.word = { text: '', start: at, dynamic: false };
    }
    return f.word;
  };
  const endWord = (f: CommandFrame, at: number): void => {
    const w = f.word;
    if (!w) {
      return;
    }
    f.word = undefined;
    const done: Word = { text: w.text, start: w.start, end: at, dynamic: w.dynamic };
    const op = f.redirect;
    f.redirect = undefined;
    if (op === undefined) {
      command(f).words.push(done);
    } else if (op === '<<' || op === '<<-') {
      pending.push({ delimiter: done.text, stripTabs: op === '<<-', command: command(f) });
    } else if (op === '<<<') {
      command(f).input.push(done.text);
    } else if (op.includes('>') && !op.includes('&') || op === '&>' || op === '&>>') {
      command(f).writes.push(done);
    }
  };
  const endCommand = (f: CommandFrame, at: number): void => {
    endWord(f, at);
    f.command = undefined;
    f.redirect = undefined;
  };
  /** Skip `$(( … ))` or `${ … }` from `i` (at `$`), returning where it ends. Linear: one pass, a depth count. */
  const skipBalanced = (from: number, open: string, close: string): number => {
    let depth = 0;
    for (let k = from; k < n; k++) {
      const c = text[k];
      if (c === open) {
        depth++;
      } else if (c === close) {
        depth--;
        if (depth === 0) {
          return k + 1;
        }
      }
    }
    return n;
  };
  const readHeredocs = (): void => {
    // `i` is at the start of the line after the one that opened them.
    for (const h of pending) {
      const bodyStart = i;
      let end = n;
      let next = n;
      while (i < n) {
        const nl = text.indexOf('\n', i);
        const lineEnd = nl === -1 ? n : nl;
        let line = text.slice(i, lineEnd);
        if (line.endsWith('\r')) {
          line = line.slice(0, -1);
        }
        if ((h.stripTabs ? line.replace(/^\t+/, '') : line) === h.delimiter) {
          end = i;
          next = nl === -1 ? n : nl + 1;
          break;
        }
        i = nl === -1 ? n : nl + 1;
      }
      h.command.input.push(text.slice(bodyStart, end));
      i = next;
    }
    pending.length = 0;
  };

  while (i < n) {
    const top = stack[stack.length - 1];
    const c = text[i];
    if (top.kind === 'dq') {
      const f = owner();
      const w = word(f, i);
      if (c === '"') {
        stack.pop();
        i++;
      } else if (c === '\\') {
        const d = text[i + 1];
        if (d === '\n') {
          i += 2;
        } else {
          w.text += d !== undefined && '$`"\\'.includes(d) ? d : `\\${d ?? ''}`;
          i += 2;
        }
      } else if (c === '$' && text[i + 1] === '(' && text[i + 2] !== '(') {
        w.dynamic = true;
        stack.push(newFrame(')'));
        i += 2;
      } else if (c === '$' && (text[i + 1] === '{' || text[i + 1] === '(')) {
        const end = text[i + 1] === '{' ? skipBalanced(i + 1, '{', '}') : skipBalanced(i + 1, '(', ')');
        w.text += text.slice(i, end);
        i = end;
      } else if (c === '`') {
        w.dynamic = true;
        stack.push(newFrame('`'));
        i++;
      } else {
        PLAIN_DQ.lastIndex = i;
        const m = PLAIN_DQ.exec(text);
        const len = m ? m[0].length : 1;
        w.text += text.slice(i, i + len);
        i += len;
      }
      continue;
    }
    const f = top;
    switch (c) {
      case ' ':
      case '\t':
      case '\r':
        endWord(f, i);
        i++;
        break;
      case '\n':
        endCommand(f, i);
        i++;
        if (pending.length) {
          readHeredocs();
        }
        break;
      case '\\':
        if (text[i + 1] === '\n') {
          i += 2; // line continuation
        } else {
          word(f, i).text += text[i + 1] ?? '';
          i += 2;
        }
        break;
      case '\'': {
        const close = text.indexOf('\'', i + 1);
        const end = close === -1 ? n : close;
        word(f, i).text += text.slice(i + 1, end);
        i = end + 1;
        break;
      }
      case '"':
        word(f, i);
        stack.push({ kind: 'dq' });
        i++;
        break;
      case '`':
        if (f.close === '`') {
          endCommand(f, i);
          stack.pop();
          const outer = owner();
          if (outer.word) {
            outer.word.dynamic = true;
          }
        } else {
          word(f, i).dynamic = true;
          stack.push(newFrame('`'));
        }
        i++;
        break;
      case '$': {
        const d = text[i + 1];
        if (d === '(' && text[i + 2] === '(') {
          const end = skipBalanced(i + 1, '(', ')');
          const w = word(f, i);
          w.text += text.slice(i, end);
          w.dynamic = true;
          i = end;
        } else if (d === '(') {
          word(f, i).dynamic = true;
          stack.push(newFrame(')'));
          i += 2;
        } else if (d === '{') {
          const end = skipBalanced(i + 1, '{', '}');
          word(f, i).text += text.slice(i, end);
          i = end;
        } else if (d === '\'') {
          // $'…': backslash escapes inside; a `\'` does not end it.
          let k = i + 2;
          let s = '';
          while (k < n && text[k] !== '\'') {
            if (text[k] === '\\' && k + 1 < n) {
              s += text[k + 1];
              k += 2;
            } else {
              s += text[k];
              k++;
            }
          }
          word(f, i).text += s;
          i = k + 1;
        } else {
          word(f, i).text += '$';
          i++;
        }
        break;
      }
      case '#':
        if (f.word) {
          f.word.text += '#';
          i++;
        } else {
          const nl = text.indexOf('\n', i);
          i = nl === -1 ? n : nl; // the newline ends the command
        }
        break;
      case ';':
      case '|':
        endCommand(f, i);
        i++;
        break;
      case '&':
        if (text[i + 1] === '>') {
          endWord(f, i);
          const op = text[i + 2] === '>' ? '&>>' : '&>';
          f.redirect = op;
          i += op.length;
        } else {
          endCommand(f, i);
          i++;
        }
        break;
      case '(':
        endCommand(f, i);
        f.depth++;
        i++;
        break;
      case ')':
        if (f.depth > 0 || f.close !== ')') {
          f.depth = Math.max(0, f.depth - 1);
          endCommand(f, i);
        } else {
          endCommand(f, i);
          stack.pop();
        }
        i++;
        break;
      case '<':
      case '>': {
        // A word of digits right before is a file descriptor (`2>`), not an argument.
        if (f.word && /^[0-9]+$/.test(f.word.text) && f.word.start + f.word.text.length === i && !f.word.dynamic) {
          f.word = undefined;
        } else {
          endWord(f, i);
        }
        let op: string = c;
        let k = i + 1;
        if (c === '<' && text[k] === '<') {
          op = '<<';
          k++;
          if (text[k] === '<') {
            op = '<<<';
            k++;
          } else if (text[k] === '-') {
            op = '<<-';
            k++;
          }
        } else if (c === '<' && text[k] === '(') {
          // <( … ): a process substitution, a command of its own.
          stack.push(newFrame(')'));
          i = k + 1;
          break;
        } else if (c === '>' && text[k] === '(') {
          stack.push(newFrame(')'));
          i = k + 1;
          break;
        } else if (c === '>' && (text[k] === '>' || text[k] === '|')) {
          op = `>${text[k]}`;
          k++;
        }
        if (text[k] === '&') {
          op += '&';
          k++;
        } else if (c === '<' && text[k] === '>') {
          op = '<>';
          k++;
        }
        f.redirect = op;
        i = k;
        break;
      }
      default: {
        let k = i;
        for (; k < n; k++) {
          const code = text.charCodeAt(k);
          if (code < 128 ? SPECIAL[code] : WHITE.test(text[k])) {
            break;
          }
        }
        if (k > i) {
          word(f, i).text += text.slice(i, k);
          i = k;
        } else {
          // Other white space (a no-break space, a form feed): a word break, as for most shells.
          endWord(f, i);
          i++;
        }
      }
    }
  }
  // Unclosed quotes or substitutions at the end: finish every open word and command.
  for (let k = stack.length - 1; k >= 0; k--) {
    const f = stack[k];
    if (f.kind === 'cmd') {
      endCommand(f, n);
    }
  }
  return out.filter((c) => c.words.length > 0 || c.writes.length > 0);
}

const PS_PLAIN = /[^\s'"`;|(){}#$\u2018\u2019\u201A\u201B\u201C\u201D\u201E]+/y;
const PS_SINGLE = '\'\u2018\u2019\u201A\u201B';
const PS_DOUBLE = '"\u201C\u201D\u201E';

/**
 * The commands of a PowerShell text: split on newlines, `;`, `|`, `&&`, `||`, braces and parentheses (so the body
 * of a `foreach { … }` or a `$( … )` is read as commands too), quotes and backtick escapes removed, comments and
 * here-string bodies skipped.
 */
function powerShellCommands(text: string): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  const n = text.length;
  let current: SimpleCommand | undefined;
  let w: Builder | undefined;
  const endWord = (at: number) => {
    if (w) {
      current ??= (() => {
        const c: SimpleCommand = { words: [], input: [], writes: [] };
        out.push(c);
        return c;
      })();
      current.words.push({ text: w.text, start: w.start, end: at, dynamic: w.dynamic });
      w = undefined;
    }
  };
  const endCommand = (at: number) => {
    endWord(at);
    current = undefined;
  };
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (c === '@' && (text[i + 1] === '\'' || text[i + 1] === '"') && (text[i + 2] === '\n' || text[i + 2] === '\r')) {
      // A here-string: data up to a line starting with '@ / "@.
      const close = text.slice(i + 2).search(/\n\s*['"]@/);
      i = close === -1 ? n : i + 2 + close + 1;
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? n : nl;
      continue;
    }
    if (c === '<' && text[i + 1] === '#') {
      const close = text.indexOf('#>', i + 2);
      i = close === -1 ? n : close + 2;
      continue;
    }
    if (c === '#' && !w) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? n : nl;
      continue;
    }
    if (c === '`') {
      if (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n')) {
        i += text[i + 1] === '\r' ? 3 : 2;
      } else {
        w ??= { text: '', start: i, dynamic: false };
        w.text += text[i + 1] ?? '';
        i += 2;
      }
      continue;
    }
    if (PS_SINGLE.includes(c)) {
      w ??= { text: '', start: i, dynamic: false };
      let k = i + 1;
      while (k < n) {
        if (PS_SINGLE.includes(text[k])) {
          if (PS_SINGLE.includes(text[k + 1] ?? 'x')) {
            w.text += '\'';
            k += 2;
            continue;
          }
          break;
        }
        w.text += text[k];
        k++;
      }
      i = k + 1;
      continue;
    }
    if (PS_DOUBLE.includes(c)) {
      w ??= { text: '', start: i, dynamic: false };
      let k = i + 1;
      while (k < n && !PS_DOUBLE.includes(text[k])) {
        if (text[k] === '`' && k + 1 < n) {
          w.text += text[k + 1];
          k += 2;
        } else {
          w.text += text[k];
          k++;
        }
      }
      i = k + 1;
      continue;
    }
    if (c === '$' && text[i + 1] === '(') {
      endCommand(i);
      i += 2;
      continue;
    }
    if (c === '$') {
      w ??= { text: '', start: i, dynamic: false };
      w.text += '$';
      i++;
      continue;
    }
    if (';|(){}\n&'.includes(c)) {
      endCommand(i);
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord(i);
      i++;
      continue;
    }
    PS_PLAIN.lastIndex = i;
    const m = PS_PLAIN.exec(text);
    if (m) {
      w ??= { text: '', start: i, dynamic: false };
      w.text += m[0];
      i += m[0].length;
    } else {
      endWord(i);
      i++;
    }
  }
  endCommand(n);
  return out.filter((c) => c.words.length > 0);
}
