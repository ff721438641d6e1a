// The extension itself: the one place where every feature is created and registered. Each feature lives in its own
// folder; this file wires them to VS Code and owns their disposables through `context.subscriptions`. It is loaded
// by the small entry point (extension.ts) right after activation, which keeps activation itself nearly free.
import type MarkdownIt from 'markdown-it';
import * as vscode from 'vscode';
import type { RunbookIndex } from '../core/runbookIndex';
import { AlertUriHandler, openForAlert, openFromPayload } from './alerts/alertCommands';
import { FrontMatterAlertLinks, RuleFileLinks } from './alerts/alertEditor';
import { AlertService } from './alerts/alertService';
import { BoundLabelsView, editBoundLabels } from './alerts/boundLabels';
import { FirstStepOffer } from './alerts/firstStep';
import { openAlert } from './alerts/openAlert';
import { Commands, ContextKeys, Views } from './constants';
import { createRunbook, createRunbookForAlert, type CreateRunbookOptions } from './create/createRunbook';
import { RunbooksTree, type Node } from './explorer/runbooksTree';
import { CodeownersCache } from './explorer/codeowners';
import { WorkspaceIndex } from './index/workspaceIndex';
import { LinkHandler } from './linkHandler';
import { fileActionItems, setTrackerToken, type TrackerKind } from './postmortem/fileItems';
import { newReview } from './postmortem/newReview';
import { LintController } from './lint/lintController';
import { stepButtonsPlugin } from './run/previewButtons';
import { Sessions } from './run/sessions';
import { StepLenses } from './run/stepLens';
import { StepRunner } from './run/stepRunner';
import { Terminals } from './run/terminals';
import { TimelineView } from './run/timelineView';
import { registerOutputDocuments } from './run/capture';
import { pickRunbook, showRunbook } from './navigation/openRunbook';
import { RunbooksStatusBar } from './statusBar';
import { RunbookDocumentSymbols, RunbookWorkspaceSymbols } from './symbols/symbols';
import { DiagnosisLenses, runDiagnosis } from './target/diagnose';
import { TargetGuard } from './target/targetGuard';
import { TargetStatus } from './target/targetStatus';

/** What `activate` returns: used by the integration tests and open to other extensions. */
export interface RunbooksApi {
  readonly index: RunbookIndex;
  /** Resolves when the current full index is complete. */
  ready(): Promise<void>;
  readonly tree: RunbooksTree;
  readonly alerts: AlertService;
  /** What `vscode://…/alert?…` links reach. */
  readonly uriHandler: LinkHandler;
  readonly sessions: Sessions;
  /** The Timeline view's provider (its `sync` says which change of the session the workbench has fetched). */
  readonly timeline: TimelineView;
  readonly stepLenses: StepLenses;
  /** The target guard (its `prompts` are replaceable) and the target in the status bar. */
  readonly targetGuard: TargetGuard;
  readonly targetStatus: TargetStatus;
  /** The alert link's offer of the first diagnostic step: its `prompt` is replaceable, its `timings` are read by the bench. */
  readonly firstStep: FirstStepOffer;
  /** The runbooks' terminals: the one started for a runbook, the one started before any alert. */
  readonly terminals: Terminals;
  /** `markdown.markdownItPlugins`: step buttons in the markdown preview. */
  extendMarkdownIt(md: MarkdownIt): MarkdownIt;
  /** Milliseconds of loading the extension's entry bundle (module code). */
  readonly loadMs: number;
  /** Milliseconds from loading the entry bundle to the end of `activate` (what VS Code counts as activation). */
  readonly activationMs: number;
  /** Milliseconds the features took to start after activation (loading main.js and creating everything; set by the entry). */
  readonly startMs: number;
}

/** Command handlers by id: the entry point registers every command once and calls these. */
export type Handlers = Map<string, (...args: never[]) => unknown>;

export function start(context: vscode.ExtensionContext, handlers: Handlers): RunbooksApi {
  const t0 = performance.now();
  const command = <A extends never[]>(id: string, fn: (...args: A) => unknown): vscode.Disposable => {
    handlers.set(id, fn as (...args: never[]) => unknown);
    return { dispose: () => handlers.delete(id) };
  };
  const workspaceIndex = new WorkspaceIndex();
  const index = workspaceIndex.index;
  const codeowners = new CodeownersCache();
  const tree = new RunbooksTree(index, context.workspaceState, codeowners);
  const view = vscode.window.createTreeView<Node>(Views.explorer, { treeDataProvider: tree, showCollapseAll: true });
  const statusBar = new RunbooksStatusBar(index);
  tree.attach(view);
  const alerts = new AlertService(workspaceIndex, context.workspaceState);
  const lint = new LintController(workspaceIndex, alerts);
  const sessions = new Sessions(context.workspaceState);
  const terminals = new Terminals();
  const targetGuard = new TargetGuard(alerts, sessions);
  const runner = new StepRunner(alerts, sessions, terminals, targetGuard);
  const targetStatus = new TargetStatus(alerts, targetGuard);
  const diagnosisLenses = new DiagnosisLenses((uri) => workspaceIndex.isRunbook(uri), targetGuard);
  const stepLenses = new StepLenses((uri) => workspaceIndex.isRunbook(uri));
  const timeline = new TimelineView(sessions);
  const timelineTree = vscode.window.createTreeView(Views.timeline, { treeDataProvider: timeline });
  timeline.attach(timelineTree);
  const log = vscode.window.createOutputChannel('Incident Runbooks', { log: true });
  const firstStep = new FirstStepOffer(runner, (uri, step) => targetGuard.risk(uri, step), log);
  const alertLinks = new AlertUriHandler(alerts, index, () => workspaceIndex.ready, firstStep);
  const uriHandler = new LinkHandler(alertLinks, runner, (uri) => workspaceIndex.isRunbook(uri));
  const ruleLinks = new RuleFileLinks(alerts, index);
  const frontMatterLinks = new FrontMatterAlertLinks(alerts, (uri) => workspaceIndex.isRunbook(uri));
  const boundLabels = new BoundLabelsView(alerts);
  const yaml: vscode.DocumentSelector = [{ language: 'yaml' }];
  const markdown: vscode.DocumentSelector = [{ language: 'markdown' }];

  let pending: ReturnType<typeof setTimeout> | undefined;
  const refreshViews = () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      tree.refresh();
      ruleLinks.refresh();
      frontMatterLinks.refresh();
      statusBar.update();
      void vscode.commands.executeCommand('setContext', ContextKeys.count, index.size);
    }, 50);
  };

  context.subscriptions.push(
    log,
    workspaceIndex,
    tree,
    view,
    statusBar,
    lint,
    sessions,
    terminals,
    stepLenses,
    timeline,
    timelineTree,
    registerOutputDocuments(() => sessions.active?.events, command),
    vscode.workspace.onDidGrantWorkspaceTrust(() => stepLenses.refresh()),
    // Target guard and diagnose mode (src/extension/target).
    targetGuard,
    targetStatus,
    diagnosisLenses,
    vscode.workspace.onDidGrantWorkspaceTrust(() => diagnosisLenses.refresh()),
    vscode.languages.registerCodeLensProvider(markdown, diagnosisLenses),
    command(Commands.runDiagnosis, (uri?: vscode.Uri | string, heading?: number) => runDiagnosis(runner, targetGuard, uri === undefined ? undefined : asUri(uri), heading)),
    // A runbook opened from an alert gets its terminal started while the engineer reads (it runs nothing).
    alerts.onDidChangeBound((path) => void runner.warm(vscode.Uri.parse(path))),
    // And one shell is started before any alert, hidden, for the first alert link's step (it runs nothing).
    workspaceIndex.onDidIndex(() => void runner.prestart(index.all().map((e) => e.path), (ms) => log.info(ms === undefined
      ? 'terminal pre-started for alert links: no shell integration'
      : `terminal pre-started for alert links: shell integration ready after ${Math.round(ms)} ms`))),
    { dispose: () => clearTimeout(pending) },
    alerts,
    ruleLinks,
    frontMatterLinks,
    boundLabels,
    workspaceIndex.onDidChange(refreshViews),
    codeowners,
    codeowners.onDidChange(() => tree.refresh()),
    workspaceIndex.onDidChangeRules(refreshViews),
    workspaceIndex.onDidIndex(() => {
      void vscode.commands.executeCommand('setContext', ContextKeys.indexed, true);
      lint.refreshOpen();
      refreshViews();
    }),
    command(Commands.openRunbook, async (target?: vscode.Uri | string, line?: number) => {
      if (target) {
        const uri = typeof target === 'string' ? vscode.Uri.parse(target) : target;
        return showRunbook(uri, line, index.get(uri.toString()));
      }
      const entry = await pickRunbook(index);
      return entry && showRunbook(vscode.Uri.parse(entry.path), undefined, entry);
    }),
    command(Commands.refresh, () => workspaceIndex.reindex()),
    command(Commands.filter, async () => {
      const text = await vscode.window.showInputBox({
        title: 'Filter Runbooks',
        prompt: 'Show runbooks whose title, alerts, service, tags or file name match every word',
        value: tree.filter,
      });
      if (text !== undefined) {
        tree.setFilter(text);
      }
    }),
    command(Commands.clearFilter, () => tree.setFilter('')),
    command(Commands.groupByService, () => tree.setGroupBy('service')),
    command(Commands.groupByAlert, () => tree.setGroupBy('alert')),
    command(Commands.openForAlert, () => openForAlert(alerts, index)),
    command(Commands.openForAlertName, (name: string) => openAlert(alerts, index, { name, labels: {} })),
    command(Commands.openFromPayload, (text?: string) => openFromPayload(alerts, index, typeof text === 'string' ? text : undefined)),
    command(Commands.createRunbook, (arg?: CreateRunbookOptions | vscode.Uri) => createRunbook(arg, (uri) => workspaceIndex.isRunbook(uri))),
    command(Commands.createRunbookForAlert, async (name?: string, options?: { template?: unknown }) => {
      const alert = typeof name === 'string' ? name : await vscode.window.showInputBox({ title: 'Create Runbook for Alert', prompt: 'Alert name, e.g. KubePodCrashLooping' });
      return alert ? createRunbookForAlert(alerts, alert, options !== null && typeof options === 'object' ? options : {}, (uri) => workspaceIndex.isRunbook(uri)) : undefined;
    }),
    command(Commands.editBoundLabels, () => editBoundLabels(alerts)),
    command(Commands.lintWorkspace, () => lint.lintWorkspace()),
    // Preview links pass the URI as a string.
    command(Commands.runStep, (uri: vscode.Uri | string, stepId: string) => runner.run(asUri(uri), stepId)),
    command(Commands.copyStep, (uri: vscode.Uri | string, stepId: string) => runner.copy(asUri(uri), stepId)),
    command(Commands.runSection, (uri: vscode.Uri, heading: number) => runner.runSection(uri, heading)),
    command(Commands.startIncident, async () => {
      if (sessions.active) {
        const choice = await vscode.window.showWarningMessage('An incident is already active.', 'End It and Start a New One');
        if (!choice) {
          return sessions.active;
        }
        sessions.end();
      }
      const editor = vscode.window.activeTextEditor;
      const bound = editor && alerts.boundTo(editor.document.uri.toString());
      return sessions.start(bound?.name ?? null, bound?.labels ?? {});
    }),
    command(Commands.addNote, async (text?: string) => {
      const note = typeof text === 'string' ? text : await vscode.window.showInputBox({ title: 'Add Note to the Incident Timeline', prompt: 'What happened, what was decided' });
      if (note?.trim()) {
        sessions.ensure(null, {});
        sessions.note(note.trim());
      }
    }),
    command(Commands.endIncident, () => sessions.end()),
    command(Commands.exportTimeline, async () => {
      const session = sessions.active;
      if (!session) {
        void vscode.window.showInformationMessage('No active incident: start one, or run a step, first.');
        return undefined;
      }
      const titles = Object.fromEntries(index.all().map((e) => [vscode.workspace.asRelativePath(vscode.Uri.parse(e.path), false), e.title]));
      const file = sessions.exportTimeline(session, titles);
      await vscode.window.showTextDocument(vscode.Uri.file(file));
      return file;
    }),
    command(Commands.newReview, (options?: Parameters<typeof newReview>[2]) => newReview(sessions, index, options ?? {})),
    command(Commands.fileActionItems, (uri?: vscode.Uri, options?: { yes?: boolean }) => fileActionItems(context.secrets, uri ?? vscode.window.activeTextEditor?.document.uri, options ?? {})),
    command(Commands.setTrackerToken, (kind?: TrackerKind, token?: string) => setTrackerToken(context.secrets, kind, token)),
    vscode.languages.registerCodeLensProvider(markdown, stepLenses),
    vscode.languages.registerCodeActionsProvider(markdown, lint, LintController.metadata),
    vscode.languages.registerCodeLensProvider(yaml, ruleLinks),
    vscode.languages.registerHoverProvider(yaml, ruleLinks),
    vscode.languages.registerDefinitionProvider(yaml, ruleLinks),
    vscode.languages.registerCodeLensProvider(markdown, frontMatterLinks),
    vscode.languages.registerHoverProvider(markdown, frontMatterLinks),
    vscode.languages.registerDefinitionProvider(markdown, frontMatterLinks),
    vscode.languages.registerWorkspaceSymbolProvider(new RunbookWorkspaceSymbols(index)),
    vscode.languages.registerDocumentSymbolProvider(markdown, new RunbookDocumentSymbols((uri) => workspaceIndex.isRunbook(uri)), { label: 'Runbook' }),
  );

  void workspaceIndex.reindex();
  return {
    index, ready: () => workspaceIndex.ready, tree, alerts, uriHandler, sessions, timeline, stepLenses, targetGuard, targetStatus, firstStep, terminals, loadMs: 0, activationMs: 0, startMs: performance.now() - t0,
    extendMarkdownIt: (md) => stepButtonsPlugin(md, context.extension.id, (uri) => workspaceIndex.isRunbook(uri)),
  };
}

function asUri(uri: vscode.Uri | string): vscode.Uri {
  return typeof uri === 'string' ? vscode.Uri.parse(uri) : uri;
}

