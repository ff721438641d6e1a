// The incident session: started explicitly or by the first step run, every event appended as a JSON line and
// flushed to disk at once (losing the window loses nothing), shown in the Timeline view, exported as markdown.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { newSessionId, parseSessionLog, serializeEvent, sessionFileName, timelineMarkdown, type SessionEvent, type StartEvent } from '../../core/run/session';
import { eventForLog } from '../../core/run/record';
import { recordOptions } from './capture';
import { setting } from '../util/settings';

export interface Session {
  readonly id: string;
  readonly file: string;
  readonly start: StartEvent;
  readonly events: SessionEvent[];
  /** Variable values typed during this incident (secrets included: memory only, never written). */
  readonly values: Record<string, string>;
  /** Values of secret variables used in this incident (memory only): masked in everything written. */
  readonly secrets: Set<string>;
}

const ACTIVE_STATE = 'runbooks.activeSession';

export class Sessions implements vscode.Disposable {
  private current: Session | undefined;
  private readonly changed = new vscode.EventEmitter<Session | undefined>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {
    this.current = this.restore();
  }

  get active(): Session | undefined {
    return this.current;
  }

  /** Start a session (ending none: there is one active session at a time). */
  start(alert: string | null, labels: Readonly<Record<string, string>>): Session {
    const id = newSessionId();
    const startedAt = new Date().toISOString();
    const dir = sessionsFolder();
    if (!dir) {
      throw new Error('Open a folder first: the incident session log is kept in the workspace.');
    }
    fs.mkdirSync(dir, { recursive: true });
    const start: StartEvent = { type: 'start', id, alert, labels: { ...labels }, startedAt };
    const session: Session = { id, file: path.join(dir, sessionFileName(startedAt, id)), start, events: [], values: {}, secrets: new Set() };
    this.current = session;
    this.append(start);
    void this.state.update(ACTIVE_STATE, session.file);
    return session;
  }

  /** The active session, started now for `alert` when there is none. */
  ensure(alert: string | null, labels: Readonly<Record<string, string>>): Session {
    return this.current ?? this.start(alert, labels);
  }

  /** Append one event and flush it to disk before returning. */
  append(event: SessionEvent): void {
    const s = this.current;
    if (!s) {
      return;
    }
    event = eventForLog(event, s.events, recordOptions(s.secrets)); // redacted, output within the session's budget (capture.ts)
    const fd = fs.openSync(s.file, 'a');
    try {
      fs.writeSync(fd, serializeEvent(event));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    s.events.push(event);
    this.changed.fire(s);
  }

  note(text: string): void {
    this.append({ type: 'note', time: new Date().toISOString(), text });
  }

  end(): Session | undefined {
    const s = this.current;
    if (s) {
      this.append({ type: 'end', time: new Date().toISOString() });
      this.current = undefined;
      void this.state.update(ACTIVE_STATE, undefined);
      this.changed.fire(undefined);
    }
    return s;
  }

  /** Write the timeline as markdown beside the log (a new name if that exists) and return its path. */
  exportTimeline(session: Session, titles: Readonly<Record<string, string>>): string {
    const base = session.file.replace(/\.jsonl$/, '');
    let target = `${base}.md`;
    for (let n = 2; fs.existsSync(target); n++) {
      target = `${base}-${n}.md`;
    }
    fs.writeFileSync(target, timelineMarkdown(session.events, titles), { flag: 'wx' });
    return target;
  }

  /** After a reload: the session that was active, read back from its log (unless it ended). */
  private restore(): Session | undefined {
    const file = this.state.get<string>(ACTIVE_STATE);
    if (!file || !fs.existsSync(file)) {
      return undefined;
    }
    const log = parseSessionLog(fs.readFileSync(file, 'utf8'));
    if (log.torn) {
      fs.appendFileSync(file, '\n'); // the writer died mid-line: start the next event on a line of its own
    }
    const start = log.events.find((e): e is StartEvent => e.type === 'start');
    if (!start || log.events.some((e) => e.type === 'end')) {
      return undefined;
    }
    return { id: start.id, file, start, events: [...log.events], values: {}, secrets: new Set() };
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function sessionsFolder(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') {
    return undefined;
  }
  return path.resolve(folder.uri.fsPath, setting('sessionsFolder', folder));
}
