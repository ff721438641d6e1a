// Everything `vscode://incident-runbooks.incident-runbooks/…` links reach: `/alert?name=…` opens a runbook from an
// alert; `/run?uri=…&step=…` and `/copy?…` come from the preview's step buttons. A link can come from anywhere:
// `/run` only runs a step of a runbook inside the workspace, and always shows the command and asks first.
import * as vscode from 'vscode';
import type { AlertUriHandler } from './alerts/alertCommands';
import type { StepRunner } from './run/stepRunner';

const STEP_ID = /^[\w.-]{1,128}$/;

export class LinkHandler implements vscode.UriHandler {
  constructor(
    private readonly alerts: AlertUriHandler,
    private readonly runner: StepRunner,
    private readonly isRunbook: (uri: vscode.Uri) => boolean,
  ) {}

  handleUri(uri: vscode.Uri): Promise<void> {
    return this.open(uri).then(() => undefined);
  }

  /** Handle a link; resolves with what it did (an editor, a recorded run, copied text), or undefined. */
  async open(uri: vscode.Uri): Promise<unknown> {
    if (uri.path !== '/run' && uri.path !== '/copy') {
      return this.alerts.open(uri);
    }
    const query = new URLSearchParams(uri.query);
    const target = query.get('uri');
    const step = query.get('step');
    let runbook: vscode.Uri | undefined;
    try {
      runbook = target ? vscode.Uri.parse(target, true) : undefined;
    } catch {
      runbook = undefined;
    }
    if (!runbook || !step || !STEP_ID.test(step) || !vscode.workspace.getWorkspaceFolder(runbook) || !this.isRunbook(runbook)) {
      void vscode.window.showErrorMessage('Invalid step link: it must name a step of a runbook in this workspace.');
      return undefined;
    }
    return uri.path === '/copy' ? this.runner.copy(runbook, step) : this.runner.run(runbook, step, true);
  }
}
