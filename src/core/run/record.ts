// What goes into a session log, from the editor and from the CLI alike: every event passes through the one
// redaction pipeline (core/run/redact), and captured output within the session's byte budget. One schema (session.ts),
// one way in.
import { redact, type RedactOptions } from './redact';
import { fitToBudget, utf8Length } from './capture';
import type { RunEvent, RunOutput, SessionEvent } from './session';

/** The event as it may be written: every text redacted (command, output, note, labels). */
export function redactEvent(event: SessionEvent, options: RedactOptions = {}): SessionEvent {
  const r = (s: string) => redact(s, options);
  switch (event.type) {
    case 'start': {
      const labels: Record<string, string> = {};
      for (const [k, v] of Object.entries(event.labels)) {
        const both = r(`${k}=${v}`); // in context: a label named token or password is redacted as one
        labels[k] = both.startsWith(`${k}=`) ? both.slice(k.length + 1) : r(v);
      }
      return { ...event, labels };
    }
    case 'run':
      return {
        ...event,
        command: r(event.command),
        ...(event.output ? { output: { ...event.output, text: r(event.output.text), ...(event.output.note !== undefined ? { note: r(event.output.note) } : {}) } } : {}),
      };
    case 'note':
      return { ...event, text: r(event.text) };
    case 'end':
      return event;
  }
}

/** UTF-8 bytes of output the session's events hold already. */
export function capturedBytes(events: readonly SessionEvent[]): number {
  let n = 0;
  for (const e of events) {
    if (e.type === 'run' && e.output) {
      n += utf8Length(e.output.text);
    }
  }
  return n;
}

export interface RecordOptions extends RedactOptions {
  /** Bytes of output the whole session may keep (see DEFAULT_SESSION_CAPTURE_BYTES). */
  readonly sessionCaptureBytes?: number;
}

/**
 * The event to append to a session that holds `events` already: redacted, and a run's output cut to what is left
 * of the session's budget (redaction first, so the budget counts what is written).
 */
export function eventForLog(event: SessionEvent, events: readonly SessionEvent[], options: RecordOptions = {}): SessionEvent {
  const redacted = redactEvent(event, options);
  if (redacted.type !== 'run' || !redacted.output || options.sessionCaptureBytes === undefined) {
    return redacted;
  }
  const output: RunOutput = fitToBudget(redacted.output, options.sessionCaptureBytes - capturedBytes(events));
  return { ...redacted, output } satisfies RunEvent;
}
