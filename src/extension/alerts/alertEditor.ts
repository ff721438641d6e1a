// Both directions in the editor: in Prometheus rule files, each alert links to its runbook (CodeLens, hover,
// go to definition); in a runbook's front matter, each alert links to the rules that define it.
import * as vscode from 'vscode';
import { looksLikeRuleFile, parseRuleFile } from '../../core/alerts/rules';
import { alertGlobToRegExp, isAlertGlob } from '../../core/glob';
import type { AlertRule, Resolution } from '../../core/alerts/model';
import { parseRunbook } from '../../core/parse';
import type { RunbookIndex } from '../../core/runbookIndex';
import { Commands } from '../constants';
import type { AlertService } from './alertService';
import { escapeMarkdown } from '../util/markdown';
import { describeVia } from './openAlert';
import { setting } from '../util/settings';

const MAX_LENSES_PER_ALERT = 2;

/** Rules of an open YAML document (the text as edited, not as saved). */
function rulesOf(document: vscode.TextDocument): AlertRule[] {
  const text = document.getText();
  if (!looksLikeRuleFile(text)) {
    return [];
  }
  const keys = setting('annotationKeys', document);
  return parseRuleFile(document.uri.toString(), text, keys).rules;
}

function ruleAt(document: vscode.TextDocument, position: vscode.Position): { rule: AlertRule; onUrl: boolean } | undefined {
  for (const rule of rulesOf(document)) {
    if (rule.line === position.line || rule.urlLine === position.line) {
      return { rule, onUrl: rule.urlLine === position.line };
    }
  }
  return undefined;
}

function location(r: Resolution): vscode.Location {
  return new vscode.Location(vscode.Uri.parse(r.path), new vscode.Position(r.line, 0));
}

export class RuleFileLinks implements vscode.CodeLensProvider, vscode.HoverProvider, vscode.DefinitionProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly service: AlertService, private readonly index: RunbookIndex) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const lenses: vscode.CodeLens[] = [];
    for (const rule of rulesOf(document)) {
      const range = new vscode.Range(rule.line, 0, rule.line, 0);
      // A rule has no instance labels: a templated runbook_url may name any of the runbooks it could reach.
      const matches = this.service.resolve(rule.alert, rule.labels, { anyLabelValue: true });
      if (matches.length === 0) {
        lenses.push(new vscode.CodeLens(range, { title: '$(new-file) Create runbook', command: Commands.createRunbookForAlert, arguments: [rule.alert], tooltip: `No runbook found for ${rule.alert}` }));
        continue;
      }
      for (const m of matches.slice(0, MAX_LENSES_PER_ALERT)) {
        const title = this.index.get(m.path)?.title ?? m.path;
        lenses.push(new vscode.CodeLens(range, { title: `$(book) ${title}`, command: Commands.openRunbook, arguments: [vscode.Uri.parse(m.path), m.line], tooltip: `Open runbook (${describeVia(m)})` }));
      }
      if (matches.length > MAX_LENSES_PER_ALERT) {
        lenses.push(new vscode.CodeLens(range, { title: `+${matches.length - MAX_LENSES_PER_ALERT} more`, command: Commands.openForAlertName, arguments: [rule.alert] }));
      }
    }
    return lenses;
  }

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const hit = ruleAt(document, position);
    if (!hit) {
      return undefined;
    }
    const matches = this.resolveHit(hit);
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: [Commands.openRunbook, Commands.createRunbookForAlert] };
    if (matches.length === 0) {
      md.appendMarkdown(`$(circle-slash) No runbook for **${hit.rule.alert}**. [Create runbook](command:${Commands.createRunbookForAlert}?${encodeURIComponent(JSON.stringify([hit.rule.alert]))})`);
      return new vscode.Hover(md);
    }
    for (const m of matches.slice(0, 3)) {
      const entry = this.index.get(m.path);
      const args = encodeURIComponent(JSON.stringify([m.path, m.line]));
      md.appendMarkdown(`$(book) **[${escapeMarkdown(entry?.title ?? m.path)}](command:${Commands.openRunbook}?${args})** — ${describeVia(m)}\n\n`);
      const summary = await runbookSummary(m);
      if (summary) {
        md.appendMarkdown(`${escapeMarkdown(summary)}\n\n`);
      }
      md.appendMarkdown(`\`${vscode.workspace.asRelativePath(vscode.Uri.parse(m.path), true)}\`\n\n`);
    }
    return new vscode.Hover(md);
  }

  provideDefinition(document: vscode.TextDocument, position: vscode.Position): vscode.Location[] | undefined {
    const hit = ruleAt(document, position);
    return hit ? this.resolveHit(hit).map(location) : undefined;
  }

  private resolveHit(hit: { rule: AlertRule; onUrl: boolean }): Resolution[] {
    if (hit.onUrl && hit.rule.runbookUrl) {
      const target = this.service.resolveUrl(hit.rule.runbookUrl, hit.rule.path, { ...hit.rule.labels, alertname: hit.rule.alert });
      const entry = target && this.index.get(target.path);
      if (target && entry) {
        const line = (target.anchor ? entry.headings.find((h) => h.slug === target.anchor)?.line : undefined) ?? entry.headings[0]?.line ?? 0;
        return [{ path: target.path, anchor: target.anchor, line, via: 'runbook_url' }];
      }
    }
    return this.service.resolve(hit.rule.alert, hit.rule.labels, { anyLabelValue: true });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The first paragraph of the runbook's target section (or of its first section). */
async function runbookSummary(r: Resolution): Promise<string | undefined> {
  try {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(r.path));
    const lines: string[] = [];
    for (let i = r.line + 1; i < doc.lineCount && lines.length < 6; i++) {
      const text = doc.lineAt(i).text.trim();
      if (!text) {
        if (lines.length) {
          break;
        }
        continue;
      }
      if (text.startsWith('#') || text.startsWith('```')) {
        if (lines.length) {
          break;
        }
        continue;
      }
      lines.push(text);
    }
    const s = lines.join(' ');
    return s.length > 300 ? `${s.slice(0, 299)}…` : s || undefined;
  } catch {
    return undefined;
  }
}

interface FrontMatterAlert {
  readonly name: string;
  readonly range: vscode.Range;
}

/** Where each front-matter alert is written, read from the document text. */
function frontMatterAlerts(document: vscode.TextDocument): FrontMatterAlert[] {
  const runbook = parseRunbook(document.uri.toString(), document.getText());
  const fm = runbook.frontMatter;
  const start = fm?.keyLines.alerts;
  if (!fm || start === undefined || fm.endLine < 0) {
    return [];
  }
  const names = new Set(runbook.alerts);
  const out: FrontMatterAlert[] = [];
  for (let line = start; line < fm.endLine; line++) {
    const text = document.lineAt(line).text;
    if (line > start && /^\S/.test(text)) {
      break; // the next top-level key
    }
    for (const m of text.matchAll(/[A-Za-z_:*?][A-Za-z0-9_:*?]*/g)) {
      if (names.has(m[0]) && !(line === start && m.index === 0)) {
        out.push({ name: m[0], range: new vscode.Range(line, m.index, line, m.index + m[0].length) });
      }
    }
  }
  return out;
}

export class FrontMatterAlertLinks implements vscode.CodeLensProvider, vscode.HoverProvider, vscode.DefinitionProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly service: AlertService, private readonly isRunbook: (uri: vscode.Uri) => boolean) {}

  refresh(): void {
    this.changed.fire();
  }

  private rules(name: string): readonly AlertRule[] {
    if (!isAlertGlob(name)) {
      return this.service.rulesFor(name);
    }
    const re = alertGlobToRegExp(name);
    return this.service.knownAlerts().filter((a) => re.test(a)).flatMap((a) => this.service.rulesFor(a));
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.isRunbook(document.uri)) {
      return [];
    }
    const anyRules = this.service.knownAlerts().length > 0;
    return frontMatterAlerts(document).flatMap(({ name, range }) => {
      const rules = this.rules(name);
      if (rules.length === 0) {
        return anyRules ? [new vscode.CodeLens(range, { title: `$(warning) ${name}: no rule file defines it`, command: '' })] : [];
      }
      const r = rules[0];
      const where = `${vscode.workspace.asRelativePath(vscode.Uri.parse(r.path), false)}:${r.line + 1}`;
      const title = rules.length === 1
        ? `$(symbol-event) ${name}: ${where}${r.for ? ` · for ${r.for}` : ''}${r.labels.severity ? ` · ${r.labels.severity}` : ''}`
        : `$(symbol-event) ${name}: ${rules.length} rules`;
      return [new vscode.CodeLens(range, { title, command: 'vscode.open', arguments: [vscode.Uri.parse(r.path), { selection: new vscode.Range(r.line, r.character, r.line, r.character) }] })];
    });
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const hit = this.isRunbook(document.uri) ? frontMatterAlerts(document).find((a) => a.range.contains(position)) : undefined;
    if (!hit) {
      return undefined;
    }
    const rules = this.rules(hit.name);
    const md = new vscode.MarkdownString();
    if (rules.length === 0) {
      md.appendMarkdown(`No Prometheus rule in this workspace defines **${escapeMarkdown(hit.name)}**.`);
    }
    for (const r of rules.slice(0, 5)) {
      md.appendMarkdown(`**${escapeMarkdown(r.alert)}** — \`${vscode.workspace.asRelativePath(vscode.Uri.parse(r.path), false)}:${r.line + 1}\`${r.for ? ` · for ${r.for}` : ''}${r.labels.severity ? ` · severity ${r.labels.severity}` : ''}\n`);
      md.appendCodeblock(r.expr.trim(), 'promql');
    }
    return new vscode.Hover(md, hit.range);
  }

  provideDefinition(document: vscode.TextDocument, position: vscode.Position): vscode.Location[] | undefined {
    const hit = this.isRunbook(document.uri) ? frontMatterAlerts(document).find((a) => a.range.contains(position)) : undefined;
    return hit?.name !== undefined ? this.rules(hit.name).map((r) => new vscode.Location(vscode.Uri.parse(r.path), new vscode.Position(r.line, r.character))) : undefined;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
