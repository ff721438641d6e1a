// Workspace symbols (runbooks and the alerts they answer) and document symbols (headings and their steps).
import * as vscode from 'vscode';
import { parseRunbook } from '../../core/parse';
import type { RunbookIndex } from '../../core/runbookIndex';

/** Case-insensitive subsequence match, the way VS Code's symbol search feels. */
export function fuzzyMatch(query: string, text: string): boolean {
  const q = query.toLowerCase();
  const t = text.toLowerCase();
  let i = 0;
  for (let j = 0; j < t.length && i < q.length; j++) {
    if (t[j] === q[i]) {
      i++;
    }
  }
  return i === q.length;
}

export class RunbookWorkspaceSymbols implements vscode.WorkspaceSymbolProvider {
  constructor(private readonly index: RunbookIndex) {}

  provideWorkspaceSymbols(query: string): vscode.SymbolInformation[] {
    const out: vscode.SymbolInformation[] = [];
    for (const r of this.index.all()) {
      const location = new vscode.Location(vscode.Uri.parse(r.path), new vscode.Position(r.headings[0]?.line ?? 0, 0));
      if (fuzzyMatch(query, r.title)) {
        out.push(new vscode.SymbolInformation(r.title, vscode.SymbolKind.File, r.service ?? 'runbook', location));
      }
      for (const alert of r.alerts) {
        if (fuzzyMatch(query, alert)) {
          out.push(new vscode.SymbolInformation(alert, vscode.SymbolKind.Event, r.title, location));
        }
      }
    }
    return out;
  }
}

export class RunbookDocumentSymbols implements vscode.DocumentSymbolProvider {
  constructor(private readonly isRunbook: (uri: vscode.Uri) => boolean) {}

  provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] | undefined {
    if (!this.isRunbook(document.uri)) {
      return undefined; // plain markdown: VS Code's own outline is enough
    }
    const r = parseRunbook(document.uri.toString(), document.getText());
    const last = Math.max(0, document.lineCount - 1);
    const lineRange = (from: number, to: number) => new vscode.Range(from, 0, Math.min(to, last), document.lineAt(Math.min(to, last)).text.length);
    const roots: vscode.DocumentSymbol[] = [];
    const stack: { level: number; symbol: vscode.DocumentSymbol }[] = [];
    const headingSymbols = r.headings.map((h) => {
      const symbol = new vscode.DocumentSymbol(h.text || '(empty heading)', '', vscode.SymbolKind.String, lineRange(h.line, h.endLine), lineRange(h.line, h.line));
      while (stack.length && stack[stack.length - 1].level >= h.level) {
        stack.pop();
      }
      (stack.length ? stack[stack.length - 1].symbol.children : roots).push(symbol);
      stack.push({ level: h.level, symbol });
      return symbol;
    });
    for (const s of r.steps) {
      const symbol = new vscode.DocumentSymbol(`▶ ${s.id}`, s.destructive ? `${s.language} · destructive` : s.language, vscode.SymbolKind.Function,
        lineRange(s.range.start.line, s.range.end.line), lineRange(s.range.start.line, s.range.start.line));
      (s.section >= 0 ? headingSymbols[s.section].children : roots).push(symbol);
    }
    return roots;
  }
}
