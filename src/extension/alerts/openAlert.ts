// From an alert to its runbook: resolve, choose when there are several, bind the labels, open at the right heading.
import * as vscode from 'vscode';
import type { AlertInstance, Resolution, ResolutionVia } from '../../core/alerts/model';
import { pickRunbook, showRunbook } from '../navigation/openRunbook';
import type { RunbookIndex } from '../../core/runbookIndex';
import type { AlertService } from './alertService';
import { createRunbookForAlert } from '../create/createRunbook';
import type { FirstStepOffer } from './firstStep';

const VIA: Record<ResolutionVia, string> = {
  'front-matter': 'named in its front matter',
  'front-matter-glob': 'matched by a glob in its front matter',
  runbook_url: 'runbook_url of the alert rule',
  'file-name': 'file named after the alert',
};

export function describeVia(r: Resolution): string {
  return r.via === 'front-matter-glob' && r.pattern ? `${VIA[r.via]} (${r.pattern})` : VIA[r.via];
}

/**
 * Open the runbook for `alert` with its labels bound; returns the editor, or undefined when the user gave up.
 * `first` (alert links): offer its first diagnostic step at once (see FirstStepOffer); `since` is when the link came.
 */
export async function openAlert(service: AlertService, index: RunbookIndex, alert: AlertInstance, first?: { offer: FirstStepOffer; since: number }): Promise<vscode.TextEditor | undefined> {
  const matches = service.resolve(alert.name, alert.labels);
  let target: Resolution | undefined;
  // One match, or one clearly strongest (e.g. named in front matter versus a file name): open it straight away.
  // Only a tie at the top asks which one.
  if (matches.length === 1 || (matches.length > 1 && matches[0].via !== matches[1].via)) {
    target = matches[0];
  } else if (matches.length > 1) {
    const picked = await vscode.window.showQuickPick(matches.map((r) => {
      const entry = index.get(r.path);
      return {
        r,
        label: `$(book) ${entry?.title ?? r.path}${r.anchor ? ` › ${entry?.headings.find((h) => h.slug === r.anchor)?.text ?? r.anchor}` : ''}`,
        description: describeVia(r),
        detail: vscode.workspace.asRelativePath(vscode.Uri.parse(r.path), true),
      };
    }), { title: `Runbooks for ${alert.name}`, placeHolder: 'Several runbooks match this alert; the strongest match is first' });
    target = picked?.r;
    if (!target) {
      return undefined;
    }
  } else {
    offerAlternatives(service, index, alert);
    return undefined;
  }
  // Bound (in memory) before the editor opens, so its label hints and the step lenses see it; saved meanwhile.
  const saved = service.bind(target.path, alert);
  const offered = first && (await first.offer.offer(vscode.Uri.parse(target.path), alert, first.since));
  if (offered) {
    await saved;
    return offered;
  }
  const editor = await showRunbook(vscode.Uri.parse(target.path), target.line);
  await saved;
  return editor;
}

/** No runbook: say so without blocking whoever asked (a link handler, a command), and offer the ways forward. */
function offerAlternatives(service: AlertService, index: RunbookIndex, alert: AlertInstance): void {
  const labels = Object.keys(alert.labels).length;
  void vscode.window.showWarningMessage(
    `No runbook found for alert ${alert.name}${labels ? ` (${labels} label${labels === 1 ? '' : 's'})` : ''}.`,
    'Pick Runbook…',
    'Create Runbook',
  ).then(async (choice) => {
    if (choice === 'Pick Runbook…') {
      const entry = await pickRunbook(index);
      if (entry) {
        await service.bind(entry.path, alert);
        await showRunbook(vscode.Uri.parse(entry.path), undefined, entry);
      }
    } else if (choice === 'Create Runbook') {
      const uri = await createRunbookForAlert(service, alert.name);
      if (uri) {
        await service.bind(uri.toString(), alert);
      }
    }
  });
}
