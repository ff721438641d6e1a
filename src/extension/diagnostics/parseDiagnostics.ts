// Problems the parser finds in an open runbook (invalid YAML, front matter against the schema, unclosed fences)
// shown as diagnostics, computed off the typing path and dropped when the document has moved on.
import * as vscode from 'vscode';
import { parseRunbook } from '../../core/parse';

const DEBOUNCE_MS = 300;

export class ParseDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('runbooks');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(private readonly isRunbook: (uri: vscode.Uri) => boolean) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.cancel(d.uri);
        this.collection.delete(d.uri);
      }),
    );
    this.refreshAll();
  }

  /** Re-check every open document (e.g. after the include/exclude settings changed). */
  refreshAll(): void {
    for (const d of vscode.workspace.textDocuments) {
      this.schedule(d, 0);
    }
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (document.languageId !== 'markdown') {
      return;
    }
    this.cancel(document.uri);
    const version = document.version;
    this.timers.set(document.uri.toString(), setTimeout(() => {
      this.timers.delete(document.uri.toString());
      if (document.isClosed || document.version !== version) {
        return; // a newer change has its own timer
      }
      this.collection.set(document.uri, this.isRunbook(document.uri) ? diagnose(document) : []);
    }, delay));
  }

  private cancel(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  dispose(): void {
    for (const t of this.timers.values()) {
      clearTimeout(t);
    }
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
  }
}

const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information };

function diagnose(document: vscode.TextDocument): vscode.Diagnostic[] {
  const runbook = parseRunbook(document.uri.toString(), document.getText());
  return runbook.problems.map((p) => {
    const line = Math.min(p.line, Math.max(0, document.lineCount - 1));
    const text = document.lineAt(line).text;
    const range = new vscode.Range(line, Math.min(p.character, text.length), line, text.length);
    const d = new vscode.Diagnostic(range, p.message, SEVERITY[p.severity]);
    d.source = 'runbooks';
    return d;
  });
}
