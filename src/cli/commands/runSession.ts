// `runbook run … --session FILE`: the same JSON-lines records as the editor's incident session (one schema,
// core/run/session; one way in, core/run/record: redacted, output within the caps), so that teams who run steps
// from a shell get a timeline and `runbook postmortem new --session FILE` a review draft.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CAPTURE_LIMITS, DEFAULT_SESSION_CAPTURE_BYTES, OutputCapture } from '../../core/run/capture';
import { eventForLog } from '../../core/run/record';
import { newSessionId, parseSessionLog, serializeEvent, statusFor, type RunEvent, type SessionEvent, type StartEvent } from '../../core/run/session';
import { UsageError, type Io } from '../io';
import { readWorkspaceSettings } from '../settings';
import { cliRedaction } from './redaction';

export interface CliRecorder {
  /** A chunk of the command's output (standard output and error, as they come). */
  readonly write: (chunk: string) => void;
  /** Append the run to the session file. */
  finish(exitCode: number): Promise<void>;
}

export interface CliRun {
  /** The session file as given (relative to io.cwd). */
  readonly file: string;
  readonly runbook: string;
  readonly stepId: string;
  /** The command as shown: secrets masked. */
  readonly command: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly secrets: readonly string[];
}

const positive = (n: number | undefined, fallback: number, min = 0) => (n !== undefined && Number.isFinite(n) && n >= min ? Math.floor(n) : fallback);

/** Start recording a run: reads the file (a new one gets a start event first) and the workspace's caps. */
export async function startCliRecord(run: CliRun, io: Io, now: () => Date = () => new Date()): Promise<CliRecorder> {
  const abs = path.resolve(io.cwd, run.file);
  let text = '';
  try {
    text = await fs.readFile(abs, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new UsageError(`cannot read the session file ${run.file}: ${(e as Error).message}`);
    }
  }
  const log = parseSessionLog(text);
  if (text.trim() && !log.events.some((e) => e.type === 'start')) {
    throw new UsageError(`${run.file} is not an incident session log (no start event): give a new file or a session's .jsonl`);
  }
  const ws = await readWorkspaceSettings(io.cwd);
  const lines = positive(ws.captureLines, DEFAULT_CAPTURE_LIMITS.headLines);
  const capture = new OutputCapture({ headLines: lines, tailLines: lines, maxBytes: positive(ws.captureBytes, DEFAULT_CAPTURE_LIMITS.maxBytes, 1) }, now);
  const redaction = await cliRedaction(io, run.secrets);
  const started = now();
  return {
    write: (chunk) => capture.write(chunk),
    finish: async (exitCode) => {
      const events: SessionEvent[] = [...log.events];
      let out = text && !text.endsWith('\n') ? '\n' : '';
      if (!events.some((e) => e.type === 'start')) {
        const start: StartEvent = { type: 'start', id: newSessionId(now), alert: run.labels.alertname ?? null, labels: { ...run.labels }, startedAt: started.toISOString() };
        const logged = eventForLog(start, [], redaction);
        events.push(logged);
        out += serializeEvent(logged);
      }
      const event: RunEvent = {
        type: 'run', time: started.toISOString(), runbook: run.runbook, stepId: run.stepId, command: run.command,
        exitCode, durationMs: now().getTime() - started.getTime(), status: statusFor(exitCode), output: capture.finish(),
      };
      out += serializeEvent(eventForLog(event, events, { ...redaction, sessionCaptureBytes: positive(ws.captureSessionBytes, DEFAULT_SESSION_CAPTURE_BYTES) }));
      await fs.mkdir(path.dirname(abs), { recursive: true });
      await fs.appendFile(abs, out);
    },
  };
}
