// What a step printed, kept within bounds: the first and last lines, a byte cap per step (and per session, see
// fitToBudget), escape sequences stripped. Fed chunk by chunk as the terminal or the child process reports them;
// never throws, and costs O(chunk) per chunk whatever the command prints.
import type { RunOutput } from './session';

export interface CaptureLimits {
  /** Lines kept from the start of the output. */
  readonly headLines: number;
  /** Lines kept from the end of the output. */
  readonly tailLines: number;
  /** UTF-8 bytes kept in all (head and tail share it). */
  readonly maxBytes: number;
  /** Characters kept of one line (longer lines are cut, with `…`). */
  readonly maxLineChars?: number;
  /** Stop reading after this many bytes (the rest is not looked at; the note says so). Default 64 × maxBytes. */
  readonly readLimitBytes?: number;
}

export const DEFAULT_CAPTURE_LIMITS: CaptureLimits = { headLines: 50, tailLines: 50, maxBytes: 64 * 1024 };
/** Bytes of captured output one session keeps in all (fitToBudget). */
export const DEFAULT_SESSION_CAPTURE_BYTES = 1024 * 1024;

const DEFAULT_LINE_CHARS = 2000;
/** A line without a line break longer than this is taken as a line (a progress bar, a binary dump). */
const PENDING_LIMIT = 64 * 1024;

// CSI (ESC [ … final), OSC (ESC ] … BEL or ESC \ — shell integration's own 633 sequences too), DCS/SOS/PM/APC
// strings, two-character escapes, and C1 CSI; then the C0 controls other than tab (bell, backspace, …).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ANSI = /\x1b\[[0-?]{0,64}[ -/]{0,8}[@-~]|\x9b[0-?]{0,64}[ -/]{0,8}[@-~]|\x1b[\]PX^_][^\x07\x1b]{0,4096}(?:\x07|\x1b\\)?|\x1b[ -/]{0,4}[0-~]?/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NEEDS_STRIP = /[\x00-\x08\x0b-\x1f\x7f\x9b]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\x00-\x08\x0a-\x1f\x7f]/g;

/**
 * `text` without terminal escape sequences and control characters (line breaks and tabs stay). A line the program
 * rewrote with `\r` (a progress bar) keeps what was written last, as the terminal showed it.
 */
export function stripAnsi(text: string): string {
  if (!NEEDS_STRIP.test(text)) {
    return text; // the common case: plain text
  }
  return text.replace(ANSI, '').split('\n').map((line) => {
    const l = line.endsWith('\r') ? line.slice(0, -1) : line;
    const cr = l.lastIndexOf('\r');
    return (cr === -1 ? l : l.slice(cr + 1)).replace(CONTROLS, '');
  }).join('\n');
}

/** UTF-8 length of a string, without Node's Buffer. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      n += 1;
    } else if (c < 0x800) {
      n += 2;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else {
      n += 3;
    }
  }
  return n;
}

/** `s` cut to at most `bytes` UTF-8 bytes, at a character boundary. */
function cutToBytes(s: string, bytes: number): string {
  let n = 0;
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const w = c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 4 : 3;
    if (n + w > bytes) {
      break;
    }
    n += w;
    if (w === 4) {
      i++;
    }
  }
  return s.slice(0, i);
}

export class OutputCapture {
  private readonly head: string[] = [];
  private headBytes = 0;
  private readonly tail: string[] = [];
  private tailBytes = 0;
  private pending = '';
  private lines = 0;
  private bytes = 0;
  private dropped = 0;
  private firstAt: string | null = null;
  private lastAt: string | null = null;
  private stopped = false;
  private readonly lineChars: number;
  private readonly readLimit: number;

  constructor(private readonly limits: CaptureLimits = DEFAULT_CAPTURE_LIMITS, private readonly now: () => Date = () => new Date()) {
    this.lineChars = limits.maxLineChars ?? DEFAULT_LINE_CHARS;
    this.readLimit = limits.readLimitBytes ?? limits.maxBytes * 64;
  }

  /** The read limit was reached: the reader may stop reading (what follows would be ignored). */
  get done(): boolean {
    return this.stopped;
  }

  /** Take a chunk of output, as it came (escape sequences, `\r\n`, a line split across chunks). */
  write(chunk: string): void {
    if (this.stopped || !chunk) {
      return;
    }
    const stamp = this.now().toISOString();
    this.firstAt ??= stamp;
    this.lastAt = stamp;
    const text = this.pending + chunk;
    let start = 0;
    let nl = text.indexOf('\n');
    while (nl !== -1 && !this.stopped) {
      this.line(text.slice(start, nl));
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    this.pending = this.stopped ? '' : text.slice(start);
    if (this.pending.length > PENDING_LIMIT) {
      this.line(this.pending);
      this.pending = '';
    }
  }

  private line(raw: string): void {
    let line = stripAnsi(raw);
    this.lines++;
    this.bytes += utf8Length(line) + 1;
    if (this.bytes > this.readLimit) {
      this.stopped = true;
    }
    if (line.length > this.lineChars) {
      line = `${line.slice(0, this.lineChars)}…`;
    }
    const size = utf8Length(line) + 1;
    const half = Math.floor(this.limits.maxBytes / 2);
    if (this.tail.length === 0 && this.head.length < this.limits.headLines && this.headBytes + size <= half) {
      this.head.push(line);
      this.headBytes += size;
      return;
    }
    if (this.limits.tailLines <= 0) {
      this.dropped++;
      return;
    }
    this.tail.push(line);
    this.tailBytes += size;
    while (this.tail.length > this.limits.tailLines || (this.tailBytes > this.limits.maxBytes - this.headBytes && this.tail.length > 0)) {
      this.tailBytes -= utf8Length(this.tail.shift()!) + 1;
      this.dropped++;
    }
  }

  /** What was captured; a last line without a line break counts as a line. */
  finish(): RunOutput {
    if (this.pending && !this.stopped) {
      this.line(this.pending);
      this.pending = '';
    }
    const parts = [...this.head];
    if (this.dropped > 0) {
      parts.push(`[… ${this.dropped} line${this.dropped === 1 ? '' : 's'} not recorded …]`);
    }
    parts.push(...this.tail);
    const notes: string[] = [];
    if (this.stopped) {
      notes.push(`reading stopped after ${this.lines} lines (${this.bytes} bytes): the rest was not looked at`);
    }
    return {
      captured: true,
      text: parts.join('\n'),
      lines: this.lines,
      bytes: this.bytes,
      truncated: this.dropped > 0 || this.stopped,
      firstAt: this.firstAt,
      lastAt: this.lastAt,
      ...(notes.length ? { note: notes.join('; ') } : {}),
    };
  }
}

/** Capture a whole text at once (the CLI's piped output in tests, a replay). */
export function captureText(text: string, limits: CaptureLimits = DEFAULT_CAPTURE_LIMITS, now?: () => Date): RunOutput {
  const c = new OutputCapture(limits, now);
  c.write(text);
  return c.finish();
}

/** The record of a run whose output could not be read, saying why (shown in the timeline instead of nothing). */
export function notCaptured(why: string): RunOutput {
  return { captured: false, text: '', lines: 0, bytes: 0, truncated: false, firstAt: null, lastAt: null, note: why };
}

/**
 * `output` within what is left of the session's budget: cut to `bytesLeft` (its first lines kept), with a note;
 * nothing of the text when the budget is spent.
 */
export function fitToBudget(output: RunOutput, bytesLeft: number): RunOutput {
  const size = utf8Length(output.text);
  if (size <= bytesLeft) {
    return output;
  }
  const left = Math.max(0, bytesLeft);
  const cut = cutToBytes(output.text, left);
  const text = cut.includes('\n') ? cut.slice(0, cut.lastIndexOf('\n')) : '';
  const note = left === 0 ? 'not recorded: the session reached its capture limit' : 'cut short: the session reached its capture limit';
  return { ...output, text, truncated: true, note: output.note ? `${output.note}; ${note}` : note };
}

/** The first `n` lines of a captured output, for an excerpt (timeline rows, tooltips). */
export function outputExcerpt(output: RunOutput, n: number): { lines: string[]; more: number } {
  const all = output.text === '' ? [] : output.text.split('\n');
  return { lines: all.slice(0, n), more: Math.max(0, output.lines - Math.min(n, all.length)) };
}
