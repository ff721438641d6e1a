// An incident session: what was run during an incident, as a JSON-lines log, and its timeline for the review.
import { dateOf } from '../dates';
import { stripBom } from '../text';

/** The session begins: for an alert (or none) with its labels. */
export interface StartEvent {
  readonly type: 'start';
  readonly id: string;
  /** The alert name, or null for a session not started from an alert. */
  readonly alert: string | null;
  readonly labels: Readonly<Record<string, string>>;
  /** UTC ISO 8601, e.g. `2026-03-01T14:32:05.123Z`. */
  readonly startedAt: string;
}

export type RunStatus = 'ok' | 'failed' | 'unknown' | 'cancelled';

/** A step was run. */
export interface RunEvent {
  readonly type: 'run';
  /** UTC ISO 8601, when it started. */
  readonly time: string;
  /** The runbook's path, as the caller keys it (workspace-relative is best for sharing). */
  readonly runbook: string;
  readonly stepId: string;
  /** The command as it reached the shell, with secret values masked (see mask). Never the unmasked text. */
  readonly command: string;
  /** null: not known (e.g. sent to a terminal whose shell does not report it). */
  readonly exitCode: number | null;
  readonly durationMs: number | null;
  readonly status: RunStatus;
  /** What the command printed (bounded, escape sequences stripped, redacted); absent when capture was off. */
  readonly output?: RunOutput;
}

/** A run's captured output (see capture.ts): first and last lines within byte caps. */
export interface RunOutput {
  /** false: the output could not be read (`note` says why, e.g. the terminal has no shell integration). */
  readonly captured: boolean;
  /** The lines kept: the first ones, `[… N lines not recorded …]`, the last ones. */
  readonly text: string;
  /** Lines and UTF-8 bytes the command printed in all (as far as it was read). */
  readonly lines: number;
  readonly bytes: number;
  /** Some of it is not in `text`. */
  readonly truncated: boolean;
  /** When the first and the last output arrived (UTC ISO 8601), null when there was none. */
  readonly firstAt: string | null;
  readonly lastAt: string | null;
  readonly note?: string;
}

/** A note typed by a person during the incident. */
export interface NoteEvent {
  readonly type: 'note';
  readonly time: string;
  readonly text: string;
}

export interface EndEvent {
  readonly type: 'end';
  readonly time: string;
}

export type SessionEvent = StartEvent | RunEvent | NoteEvent | EndEvent;

/** The status that goes with an exit code: 0 ok, another number failed, null unknown. */
export function statusFor(exitCode: number | null): RunStatus {
  return exitCode === null ? 'unknown' : exitCode === 0 ? 'ok' : 'failed';
}

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * A new session id: the UTC date and time plus six random base-36 characters, e.g. `20260301-143205-k3f9x2`.
 * Ids sort by start time; the random part keeps two sessions started in the same second apart. `now` and `random`
 * (which returns numbers in [0, 1), like Math.random) are injectable for tests.
 */
export function newSessionId(now: () => Date = () => new Date(), random: () => number = Math.random): string {
  const iso = now().toISOString(); // 2026-03-01T14:32:05.123Z
  let suffix = '';
  for (let n = 0; n < 6; n++) {
    suffix += ID_ALPHABET[Math.min(ID_ALPHABET.length - 1, Math.floor(random() * ID_ALPHABET.length))];
  }
  return `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}-${suffix}`;
}

/**
 * `YYYY-MM-DD-<id>.jsonl`, the UTC date the session started (`startedAt`: an ISO string or a Date). Characters of
 * the id that are unsafe in a file name on any system become `_`.
 */
export function sessionFileName(startedAt: string | Date, id: string): string {
  const d = typeof startedAt === 'string' ? new Date(startedAt) : startedAt;
  const date = Number.isNaN(d.getTime()) ? 'unknown-date' : dateOf(d);
  const safe = id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || 'session';
  return `${date}-${safe}.jsonl`;
}

/** One line of the log: the event as JSON (keys in a fixed order), terminated by `\n`. */
export function serializeEvent(e: SessionEvent): string {
  let o: Record<string, unknown>;
  switch (e.type) {
    case 'start':
      o = { type: e.type, id: e.id, alert: e.alert, labels: e.labels, startedAt: e.startedAt };
      break;
    case 'run':
      o = {
        type: e.type, time: e.time, runbook: e.runbook, stepId: e.stepId, command: e.command,
        exitCode: e.exitCode, durationMs: e.durationMs, status: e.status,
      };
      if (e.output) {
        const x = e.output;
        o.output = {
          captured: x.captured, text: x.text, lines: x.lines, bytes: x.bytes, truncated: x.truncated, firstAt: x.firstAt, lastAt: x.lastAt,
          ...(x.note !== undefined ? { note: x.note } : {}),
        };
      }
      break;
    case 'note':
      o = { type: e.type, time: e.time, text: e.text };
      break;
    case 'end':
      o = { type: e.type, time: e.time };
      break;
  }
  // JSON.stringify escapes line breaks in strings; U+2028/U+2029 too, so that no line splitter breaks a line.
  return `${JSON.stringify(o).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}\n`;
}

export interface SessionLogProblem {
  /** 1-based line of the log. */
  readonly line: number;
  readonly message: string;
}

export interface SessionLog {
  readonly events: SessionEvent[];
  readonly problems: SessionLogProblem[];
  /** The last line was cut short: the writer stopped (a crash, a full disk) in the middle of it. */
  readonly torn: boolean;
}

/**
 * Read a session log. Never throws: lines that are not events are reported in `problems` and skipped, blank
 * lines are ignored. A last line without its `\n` that does not parse is a torn write (the session was
 * interrupted while writing it): it is reported, `torn` is set, and every event before it is kept.
 */
export function parseSessionLog(text: string): SessionLog {
  text = stripBom(text);
  const events: SessionEvent[] = [];
  const problems: SessionLogProblem[] = [];
  let torn = false;
  const lines = text.split('\n');
  const endsWithNewline = lines[lines.length - 1] === '';
  if (endsWithNewline) {
    lines.pop();
  }
  lines.forEach((raw, n) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!line.trim()) {
      return;
    }
    const last = n === lines.length - 1 && !endsWithNewline;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      if (last) {
        torn = true;
        problems.push({ line: n + 1, message: 'the last line is incomplete (the session stopped while writing it); it was skipped' });
      } else {
        problems.push({ line: n + 1, message: `not JSON: ${(e as Error).message}` });
      }
      return;
    }
    const checked = checkEvent(value);
    if (typeof checked === 'string') {
      problems.push({ line: n + 1, message: checked });
    } else {
      events.push(checked);
    }
  });
  return { events, problems, torn };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));
const isNumberOrNull = (v: unknown): v is number | null => v === null || (typeof v === 'number' && Number.isFinite(v));

/** The event, or what is wrong with it. Unknown keys are dropped; unknown types are reported. */
function checkEvent(v: unknown): SessionEvent | string {
  if (!isObject(v)) {
    return 'not an event: expected a JSON object';
  }
  const bad = (key: string, what: string) => `${String(v.type)} event: "${key}" must be ${what}`;
  switch (v.type) {
    case 'start': {
      if (typeof v.id !== 'string' || !v.id) {
        return bad('id', 'a non-empty string');
      }
      if (v.alert !== null && typeof v.alert !== 'string') {
        return bad('alert', 'a string or null');
      }
      if (!isObject(v.labels) || !Object.values(v.labels).every((x) => typeof x === 'string')) {
        return bad('labels', 'an object of strings');
      }
      if (!isTime(v.startedAt)) {
        return bad('startedAt', 'an ISO 8601 time');
      }
      return { type: 'start', id: v.id, alert: v.alert, labels: v.labels as Record<string, string>, startedAt: v.startedAt };
    }
    case 'run': {
      if (!isTime(v.time)) {
        return bad('time', 'an ISO 8601 time');
      }
      for (const k of ['runbook', 'stepId', 'command'] as const) {
        if (typeof v[k] !== 'string') {
          return bad(k, 'a string');
        }
      }
      if (!isNumberOrNull(v.exitCode)) {
        return bad('exitCode', 'a number or null');
      }
      if (!isNumberOrNull(v.durationMs)) {
        return bad('durationMs', 'a number or null');
      }
      if (v.status !== 'ok' && v.status !== 'failed' && v.status !== 'unknown' && v.status !== 'cancelled') {
        return bad('status', 'ok, failed, unknown or cancelled');
      }
      let output: RunOutput | undefined;
      if (v.output !== undefined) {
        const checked = checkOutput(v.output);
        if (typeof checked === 'string') {
          return bad('output', checked);
        }
        output = checked;
      }
      return {
        type: 'run', time: v.time, runbook: v.runbook as string, stepId: v.stepId as string, command: v.command as string,
        exitCode: v.exitCode, durationMs: v.durationMs, status: v.status, ...(output ? { output } : {}),
      };
    }
    case 'note':
      if (!isTime(v.time)) {
        return bad('time', 'an ISO 8601 time');
      }
      if (typeof v.text !== 'string') {
        return bad('text', 'a string');
      }
      return { type: 'note', time: v.time, text: v.text };
    case 'end':
      if (!isTime(v.time)) {
        return bad('time', 'an ISO 8601 time');
      }
      return { type: 'end', time: v.time };
    default:
      return `unknown event type ${JSON.stringify(v.type) ?? 'undefined'}`;
  }
}

/** A run's output as read back, or what it must be. */
function checkOutput(v: unknown): RunOutput | string {
  if (!isObject(v)) {
    return 'an object';
  }
  const count = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 0;
  const timeOrNull = (x: unknown) => x === null || isTime(x);
  if (typeof v.captured !== 'boolean' || typeof v.text !== 'string' || !count(v.lines) || !count(v.bytes) || typeof v.truncated !== 'boolean' ||
    !timeOrNull(v.firstAt) || !timeOrNull(v.lastAt) || (v.note !== undefined && typeof v.note !== 'string')) {
    return 'an object with captured, text, lines, bytes, truncated, firstAt and lastAt';
  }
  return {
    captured: v.captured, text: v.text, lines: v.lines as number, bytes: v.bytes as number, truncated: v.truncated,
    firstAt: v.firstAt as string | null, lastAt: v.lastAt as string | null, ...(typeof v.note === 'string' ? { note: v.note } : {}),
  };
}

/** `850 ms`, `12.3 s`, `2 min 05 s`, `1 h 02 min`; `—` when unknown. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) {
    return '—';
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  if (ms < 60_000) {
    return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  }
  const s = Math.floor(ms / 1000);
  if (s < 3600) {
    return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  }
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** `2026-03-01 14:32:05` (UTC), or the text as it is when it is not a time. */
function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 19).replace('T', ' ');
}

/** Text for a table cell: one line, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\r\n|[\r\n]/g, ' ').replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
}

/**
 * A command in a table cell: a code span when it is one line; otherwise its lines in an HTML `<code>`, joined
 * by `<br>`. Pipes are escaped either way (GitHub splits cells on them even inside code spans).
 */
function commandCell(command: string): string {
  if (!command) {
    return '';
  }
  if (!/[\r\n]/.test(command)) {
    const ticks = '`'.repeat(Math.max(0, ...[...command.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
    const pad = command.startsWith('`') || command.endsWith('`') || /^ .* $/.test(command) ? ' ' : '';
    return `${ticks}${pad}${command.replace(/\|/g, '\\|')}${pad}${ticks}`;
  }
  const html = command.replace(/\r\n?/g, '\n').split('\n').map((l) =>
    l.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;').replace(/`/g, '&#96;')
      .replace(/\*/g, '&#42;').replace(/_/g, '&#95;').replace(/\\/g, '&#92;').replace(/ {2}/g, ' &nbsp;'));
  return `<code>${html.join('<br>')}</code>`;
}

/** The row under a run's row: the first lines of its output (or why there is none). */
function outputRow(output: RunOutput, lines: number): string | undefined {
  if (!output.captured) {
    return `|  | ${cell(`↳ output ${output.note ?? 'not captured'}`)} |  |  |  |`;
  }
  const all = output.text === '' ? [] : output.text.split('\n');
  const shown = all.slice(0, lines);
  if (!shown.length) {
    return output.lines === 0 ? undefined : `|  | ${cell(`↳ output: ${output.lines} lines, ${output.note ?? 'not recorded'}`)} |  |  |  |`;
  }
  const what = output.lines > shown.length ? `↳ output (first ${shown.length} of ${output.lines} lines)` : '↳ output';
  return `|  | ${what} | ${commandCell(shown.join('\n'))} |  |  |`;
}

/**
 * The session as a markdown table for the post-incident review: time (UTC) | event | command | exit code |
 * duration, one row per event in the order given, and under a run with captured output a row with its first
 * `outputLines` lines. `runbookTitles` maps a run's `runbook` to a title to show.
 */
export function timelineMarkdown(events: readonly SessionEvent[], runbookTitles: Readonly<Record<string, string>> = {}, outputLines = 5): string {
  const rows = ['| Time (UTC) | Event | Command | Exit code | Duration |', '|---|---|---|---|---|'];
  for (const e of events) {
    switch (e.type) {
      case 'start': {
        const labels = Object.entries(e.labels).map(([k, v]) => `${k}=${v}`).join(', ');
        const what = e.alert ? `Session started for alert ${e.alert}` : 'Session started';
        rows.push(`| ${formatTime(e.startedAt)} | ${cell(labels ? `${what} (${labels})` : what)} |  |  |  |`);
        break;
      }
      case 'run': {
        const title = Object.hasOwn(runbookTitles, e.runbook) ? runbookTitles[e.runbook] : e.runbook;
        const status = e.status === 'ok' ? 'ok' : e.status === 'failed' ? 'failed' : e.status === 'cancelled' ? 'cancelled' : 'result unknown';
        rows.push(`| ${formatTime(e.time)} | ${cell(`Ran ${e.stepId} (${title}): ${status}`)} | ${commandCell(e.command)} | ${e.exitCode === null ? '—' : e.exitCode} | ${formatDuration(e.durationMs)} |`);
        const row = e.output && outputLines > 0 ? outputRow(e.output, outputLines) : undefined;
        if (row) {
          rows.push(row);
        }
        break;
      }
      case 'note':
        rows.push(`| ${formatTime(e.time)} | ${cell(`Note: ${e.text}`)} |  |  |  |`);
        break;
      case 'end':
        rows.push(`| ${formatTime(e.time)} | Session ended |  |  |  |`);
        break;
    }
  }
  return `${rows.join('\n')}\n`;
}
