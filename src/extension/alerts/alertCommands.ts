// The ways in from an alert: a vscode:// link, a pasted payload, or a pick among every known alert.
import * as vscode from 'vscode';
import { parseAlertQuery } from '../../core/alerts/alertLink';
import type { AlertInstance } from '../../core/alerts/model';
import { parseAlertPayload } from '../../core/alerts/payload';
import type { RunbookIndex } from '../../core/runbookIndex';
import type { AlertService } from './alertService';
import { createRunbookForAlert } from '../create/createRunbook';
import type { FirstStepOffer } from './firstStep';
import { openAlert } from './openAlert';

/** `vscode://incident-runbooks.incident-runbooks/alert?name=…&label=value…` */
export class AlertUriHandler implements vscode.UriHandler {
  constructor(private readonly service: AlertService, private readonly index: RunbookIndex, private readonly ready: () => Promise<void>, private readonly firstStep?: FirstStepOffer) {}

  handleUri(uri: vscode.Uri): Promise<void> {
    return this.open(uri).then(() => undefined);
  }

  /** Handle a link; resolves with the runbook's editor, or undefined when nothing was opened. */
  async open(uri: vscode.Uri): Promise<vscode.TextEditor | undefined> {
    const since = performance.now();
    if (uri.path !== '/alert') {
      void vscode.window.showErrorMessage(`Incident Runbooks cannot open links to "${uri.path.slice(0, 80)}": only /alert?name=… is supported.`);
      return undefined;
    }
    const parsed = parseAlertQuery(uri.query);
    if ('error' in parsed) {
      void vscode.window.showErrorMessage(`Invalid alert link: ${parsed.error}`);
      return undefined;
    }
    await this.ready(); // a link can arrive while the workspace is still being indexed
    return openAlert(this.service, this.index, parsed.alert, this.firstStep && { offer: this.firstStep, since });
  }
}

/** "Runbooks: Open from Alert Payload…" — the clipboard if it holds one, else what the user pastes. */
export async function openFromPayload(service: AlertService, index: RunbookIndex, text?: string): Promise<vscode.TextEditor | undefined> {
  let input = text;
  if (input === undefined) {
    const clip = await vscode.env.clipboard.readText();
    const fromClipboard = clip.length <= 1024 * 1024 && !('error' in parseAlertPayload(clip));
    input = await vscode.window.showInputBox({
      title: 'Open Runbook from Alert Payload',
      prompt: 'Paste an Alertmanager or Grafana webhook payload, a Prometheus /api/v1/alerts response, or AlertName{label="value",…}',
      value: fromClipboard ? clip : '',
      ignoreFocusOut: true,
      validateInput: (v) => {
        const r = v.trim() ? parseAlertPayload(v) : undefined;
        return r && 'error' in r ? r.error : undefined;
      },
    });
    if (!input?.trim()) {
      return undefined;
    }
  }
  const parsed = parseAlertPayload(input);
  if ('error' in parsed) {
    void vscode.window.showErrorMessage(`Not an alert payload: ${parsed.error}`);
    return undefined;
  }
  const alert = parsed.alerts.length === 1 ? parsed.alerts[0] : await pickAlert(parsed.alerts, service);
  return alert && openAlert(service, index, alert);
}

async function pickAlert(alerts: readonly AlertInstance[], service: AlertService): Promise<AlertInstance | undefined> {
  const picked = await vscode.window.showQuickPick(alerts.map((alert) => ({
    alert,
    label: `$(bell) ${alert.name}`,
    description: [alert.status, alert.startsAt && `since ${alert.startsAt}`].filter(Boolean).join(' · '),
    detail: `${Object.entries(alert.labels).filter(([k]) => k !== 'alertname').map(([k, v]) => `${k}=${v}`).join('  ')}${service.resolve(alert.name, alert.labels).length ? '' : '  — no runbook'}`,
  })), { title: `${alerts.length} alerts in the payload`, placeHolder: 'Which alert?', matchOnDetail: true });
  return picked?.alert;
}

/** "Runbooks: Open Runbook for Alert…" — every alert from rules and front matter, marking those without a runbook. */
export async function openForAlert(service: AlertService, index: RunbookIndex): Promise<vscode.TextEditor | undefined> {
  const items = service.knownAlerts().map((name) => {
    const matches = service.resolve(name);
    const rule = service.rulesFor(name)[0];
    return {
      name,
      covered: matches.length > 0,
      label: `${matches.length ? '$(book)' : '$(circle-slash)'} ${name}`,
      description: matches.length ? index.get(matches[0].path)?.title : 'no runbook — pick to create one',
      detail: rule ? `${vscode.workspace.asRelativePath(vscode.Uri.parse(rule.path), true)}:${rule.line + 1}${rule.labels.severity ? ` · ${rule.labels.severity}` : ''}` : undefined,
    };
  });
  if (items.length === 0) {
    void vscode.window.showInformationMessage('No alerts known yet: add `alerts:` to a runbook\'s front matter, or keep Prometheus rule files in the workspace.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'Open Runbook for Alert', placeHolder: 'Alert name', matchOnDescription: true, matchOnDetail: true });
  if (!picked) {
    return undefined;
  }
  if (!picked.covered) {
    const choice = await vscode.window.showInformationMessage(`${picked.name} has no runbook yet.`, 'Create Runbook');
    if (choice !== 'Create Runbook') {
      return undefined;
    }
    await createRunbookForAlert(service, picked.name);
    return vscode.window.activeTextEditor;
  }
  return openAlert(service, index, { name: picked.name, labels: {} });
}
