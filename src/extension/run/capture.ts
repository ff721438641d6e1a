// Recording what a step printed, and redacting what the session keeps: the output is read from the terminal's
// shell integration (`execution.read()`) alongside the run, never holding it up; the capture buffer, its caps and
// the redaction live in the core (core/run/capture, core/run/record, core/run/redact). Here: the settings, the reader,
// the Timeline's excerpt and the read-only document with a run's whole (redacted) output.
import * as vscode from 'vscode';
import { compilePatterns, redact, type RedactOptions } from '../../core/run/redact';
import { notCaptured, OutputCapture, outputExcerpt, type CaptureLimits } from '../../core/run/capture';
import type { RecordOptions } from '../../core/run/record';
import type { RunEvent, RunOutput } from '../../core/run/session';
import { Commands } from '../constants';
import { setting } from '../util/settings';

/** How long to wait, after the command ended, for the rest of its output to be read. */
const DRAIN_WAIT_MS = 1000;
const OUTPUT_SCHEME = 'runbook-output';
const EXCERPT_LINES = 5;

const warned = new Set<string>();

/** The user's extra redaction patterns (invalid or possibly slow ones are refused, with one warning each). */
function extraPatterns(): RegExp[] {
  const { patterns, problems } = compilePatterns(setting('redactionPatterns'));
  for (const p of problems) {
    if (!warned.has(p)) {
      warned.add(p);
      void vscode.window.showWarningMessage(`Runbooks: ${p} (setting runbooks.redaction.patterns).`);
    }
  }
  return patterns;
}

/** What redaction needs: the secret values typed in this incident and the configured patterns. */
export function redactOptions(secrets: Iterable<string> = []): RedactOptions {
  return { secrets: [...secrets], patterns: extraPatterns() };
}

/** Options for Sessions.append: redaction and the session's capture budget. */
export function recordOptions(secrets: Iterable<string> = []): RecordOptions {
  return { ...redactOptions(secrets), sessionCaptureBytes: setting('captureSessionBytes') };
}

/** A command's text for the clipboard: redacted like everything that leaves; tells when something was masked. */
export function forClipboard(command: string, secrets: Iterable<string>): { text: string; masked: boolean } {
  const text = redact(command, redactOptions(secrets));
  return { text, masked: text !== command };
}

function limits(): CaptureLimits | undefined {
  if (!setting('captureOutput')) {
    return undefined;
  }
  const lines = setting('captureLines');
  return { headLines: lines, tailLines: lines, maxBytes: setting('captureBytes') };
}

export interface PendingCapture {
  /** The output, once the command ended (call then): waits a moment for the last of it, never long. */
  finish(): Promise<RunOutput | undefined>;
}

/**
 * Start reading a shell execution's output, right after executeCommand (read() sees only what comes after it is
 * called). The reading runs on its own; nothing waits for it until finish().
 */
export function startCapture(execution: vscode.TerminalShellExecution): PendingCapture {
  const caps = limits();
  if (!caps) {
    return { finish: async () => undefined };
  }
  const capture = new OutputCapture(caps);
  let failed: string | undefined;
  const drained = (async () => {
    try {
      for await (const chunk of execution.read()) {
        capture.write(chunk);
        if (capture.done) {
          break;
        }
      }
    } catch (e) {
      failed = (e as Error)?.message ?? String(e);
    }
  })();
  return {
    finish: async () => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([drained, new Promise<void>((resolve) => {
        timer = setTimeout(resolve, DRAIN_WAIT_MS);
      })]);
      clearTimeout(timer);
      const out = capture.finish();
      return failed ? { ...out, note: `${out.note ? `${out.note}; ` : ''}reading the output failed: ${failed}` } : out;
    },
  };
}

/** The record for a run sent without shell integration: its output cannot be read, and the timeline says so. */
export function withoutShellIntegration(): RunOutput | undefined {
  return limits() ? notCaptured('not captured: the terminal has no shell integration (see VS Code\'s terminal.integrated.shellIntegration.enabled)') : undefined;
}

/** The Timeline's run item: an excerpt of the output in the description and tooltip; a click opens all of it. */
export function describeRunOutput(item: vscode.TreeItem, e: RunEvent, index: number): void {
  const out = e.output;
  if (!out) {
    return;
  }
  if (!out.captured) {
    item.description = `${item.description ?? ''} · output not captured`;
    if (item.tooltip instanceof vscode.MarkdownString) {
      item.tooltip.appendMarkdown(`\n\n*Output ${out.note ?? 'not captured'}*`);
    }
    return;
  }
  item.description = `${item.description ?? ''} · ${out.lines} line${out.lines === 1 ? '' : 's'}`;
  const { lines, more } = outputExcerpt(out, EXCERPT_LINES);
  if (item.tooltip instanceof vscode.MarkdownString && lines.length) {
    item.tooltip.appendMarkdown('\n\n').appendCodeblock(lines.join('\n') + (more ? `\n… ${more} more line${more === 1 ? '' : 's'}` : ''), 'text');
  }
  item.command = { command: Commands.showRunOutput, title: 'Show Output', arguments: [index] };
}

/** The read-only documents `runbook-output:/<n>/<step>.log`, the n-th event of the active session's output. */
export function registerOutputDocuments(
  events: () => readonly unknown[] | undefined,
  command: (id: string, fn: (index: number) => unknown) => vscode.Disposable,
): vscode.Disposable {
  const provider: vscode.TextDocumentContentProvider = {
    provideTextDocumentContent(uri) {
      const n = Number(uri.path.split('/')[1]);
      const e = events()?.[n] as RunEvent | undefined;
      if (!e || e.type !== 'run' || !e.output) {
        return 'This output is no longer in the active session.';
      }
      const o = e.output;
      const head = [`$ ${e.command}`, `# ${e.stepId} · ${e.runbook} · ${e.time} · exit ${e.exitCode ?? '?'} · ${o.lines} lines, ${o.bytes} bytes${o.note ? ` · ${o.note}` : ''}`, ''];
      return `${head.join('\n')}${o.text}\n`;
    },
  };
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(OUTPUT_SCHEME, provider),
    command(Commands.showRunOutput, async (index: number) => {
      const e = events()?.[index] as RunEvent | undefined;
      const name = e && e.type === 'run' ? e.stepId.replace(/[^\w.-]/g, '_') : 'output';
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: OUTPUT_SCHEME, path: `/${index}/${name}-${e?.time.replace(/[^0-9]/g, '') ?? ''}.log` }));
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
  );
}
