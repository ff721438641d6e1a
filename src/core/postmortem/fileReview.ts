// Filing a review's action items, the whole workflow, for both hosts (the `runbook postmortem file` command and the
// "Runbooks: File Action Items…" command): check the review, plan (items without an id shown as they will be
// numbered), ask, build the tracker, give the items their ids, file each once (filing.ts) and write each issue's link
// back. The host brings what differs: where the text lives and how it is changed without losing anyone's edit, where
// the tracker's address and credentials come from, how the user is asked, and where intents are kept.
import { nextIds, parseActionItems, setField, type ActionItem } from '../review/actionItems';
import type { TextEdit } from '../text';
import { parseReview, parseTrackerSpec, type TrackerSpec } from '../review/review';
import { fileItems, planFiling, type FilingPlan, type FilingResult, type IntentStore } from './filing';
import type { RedactOptions } from '../run/redact';
import { describeSpec, describeSpecTarget } from './trackers/index';
import type { BaseUrlDecision } from './trackers/hosts';
import type { Account, IssueRef, MarkedIssue, Tracker } from './trackers/types';

/** What the user is shown before anything is written or sent. */
export interface FilingPreview {
  readonly reviewId: string;
  readonly spec: TrackerSpec;
  /** Where issues go and where the token goes (`github.com/o/r via https://api.github.com`), or the spec alone when the address is unusable. */
  readonly target: string;
  /** Items as they will be filed: those without an id carry the id they will get (`newId` true). */
  readonly plan: FilingPlan<PreviewItem>;
  readonly items: readonly ActionItem[];
}

export type PreviewItem = ActionItem & { readonly newId?: boolean };

export interface ReviewFilingHost {
  /** The review's text as it is now. */
  read(): Promise<string>;
  /**
   * Change the review: `change` gets the text as it is at that moment and returns edits on it (undefined: nothing to
   * change). The host applies them so that what the user typed meanwhile is kept (and may call `change` again).
   */
  update(change: (text: string) => readonly TextEdit[] | undefined): Promise<void>;
  /** The tracker's address for this kind (user settings, flags or environment: never a repository's choice). */
  address(kind: TrackerSpec['kind']): BaseUrlDecision;
  /** The preview, before anything is decided (the CLI prints it; the extension shows it in its question). */
  show?(preview: FilingPreview): void;
  /** Whether to file. Asked only when there is something to file and the address is usable. */
  confirm(preview: FilingPreview): Promise<boolean>;
  /** The tracker with its credentials: read only once the user said yes. */
  tracker(spec: TrackerSpec, baseUrl: string): Promise<Tracker | { readonly error: string }>;
  readonly intents: IntentStore;
  /** How messages name the review (a relative path). */
  readonly name: string;
  /** Where the review can be read, linked from each issue. */
  readonly reviewLink?: string;
  readonly labels?: readonly string[];
  readonly typeMapping?: Readonly<Record<string, string>>;
  readonly keepGoing?: boolean;
  readonly redaction?: RedactOptions;
  /** Each issue filed or found, once its link is written (`note`: the item already linked another issue, kept). */
  onFiled?(item: ActionItem, ref: IssueRef, how: 'created' | 'linked' | 'recovered', note?: string): void | Promise<void>;
  onIgnored?(item: ActionItem, issue: MarkedIssue, me: Account): void | Promise<void>;
}

export type ReviewFilingOutcome =
  /** The review cannot be filed as it is (line: 0-based, when the problem has one). */
  | { readonly kind: 'invalid'; readonly message: string; readonly line?: number }
  /** Nothing to file (all linked or done, or no items), or only a preview was asked for. */
  | { readonly kind: 'nothing' | 'preview'; readonly preview: FilingPreview }
  /** The tracker's address or credentials cannot be used: nothing was written or sent. */
  | { readonly kind: 'refused'; readonly message: string; readonly preview: FilingPreview }
  | { readonly kind: 'cancelled'; readonly preview: FilingPreview }
  | { readonly kind: 'filed'; readonly preview: FilingPreview; readonly result: FilingResult<ActionItem> };

/** The id an item will get from `nextIds`, for previews. */
function newIdOf(item: ActionItem, edits: readonly TextEdit[]): string | undefined {
  const edit = edits.find((e) => e.range.start.line === item.line);
  return edit ? /\[id::\s*([^\]]*)\]/.exec(edit.newText)?.[1] : undefined;
}

/** File the review's action items: see the file's head. Never throws for a tracker's failure (host failures propagate). */
export interface FileReviewOptions {
  /** Only the preview (`show`): nothing is asked, read, written or sent. */
  readonly dryRun?: boolean;
  /** Wraps the filing itself (after the confirmation), e.g. in a progress notification naming the target. */
  readonly withProgress?: <R>(target: string, work: () => Promise<R>) => PromiseLike<R>;
}

export async function fileReview(host: ReviewFilingHost, options: FileReviewOptions = {}): Promise<ReviewFilingOutcome> {
  const review = parseReview(await host.read());
  const fmError = review.problems.find((p) => p.severity === 'error');
  if (fmError) {
    return { kind: 'invalid', message: `${host.name}:${fmError.line + 1}: ${fmError.message}`, line: fmError.line };
  }
  if (!review.id) {
    return { kind: 'invalid', message: `${host.name} has no id in its front matter (id: 2024-05-01-checkout-outage): it names the review in every issue, so a re-run files nothing twice` };
  }
  if (!review.tracker) {
    return { kind: 'invalid', message: `${host.name} names no tracker in its front matter (tracker: github:owner/repo, gitlab:group/project or jira:PROJ)` };
  }
  const spec = parseTrackerSpec(review.tracker);
  if ('error' in spec) {
    return { kind: 'invalid', message: `${host.name}: ${spec.error}`, line: review.valueSpans.tracker?.line };
  }
  const reviewId = review.id;
  const base = host.address(spec.kind);

  // The preview: items without an id are shown as they will be numbered; nothing is written before the user says yes.
  const items = review.actionItems;
  const idEdits = nextIds(items);
  const shown: PreviewItem[] = items.map((item) => (item.id ? item : { ...item, id: newIdOf(item, idEdits), newId: true }));
  const preview: FilingPreview = { reviewId, spec, target: base.url ? describeSpecTarget(spec, base.url) : describeSpec(spec), plan: planFiling(shown, reviewId), items };
  host.show?.(preview);
  if (options.dryRun) {
    return { kind: 'preview', preview };
  }
  if (preview.plan.toFile.length === 0) {
    return { kind: 'nothing', preview };
  }
  if (!base.url) {
    return { kind: 'refused', message: base.error ?? 'no tracker address', preview };
  }
  if (!(await host.confirm(preview))) {
    return { kind: 'cancelled', preview };
  }
  const tracker = await host.tracker(spec, base.url);
  if ('error' in tracker) {
    return { kind: 'refused', message: tracker.error, preview };
  }

  const work = () => fileWith(host, tracker, reviewId, idEdits.length > 0);
  const result = await (options.withProgress ? options.withProgress(tracker.target, work) : work());
  return { kind: 'filed', preview, result };
}

/** After the user said yes: give the items their ids, then file them, writing each link back as it comes. */
async function fileWith(host: ReviewFilingHost, tracker: Tracker, reviewId: string, needIds: boolean): Promise<FilingResult<ActionItem>> {
  // Ids first, in the file: the markers are made of them.
  if (needIds) {
    await host.update((text) => {
      const edits = nextIds(parseActionItems(text));
      return edits.length ? edits : undefined;
    });
  }
  const current = parseReview(await host.read()).actionItems;
  return fileItems({
    items: current,
    reviewId,
    reviewLink: host.reviewLink,
    tracker,
    labels: host.labels,
    typeMapping: host.typeMapping,
    keepGoing: host.keepGoing,
    redaction: host.redaction,
    intents: host.intents,
    onIgnored: host.onIgnored?.bind(host),
    onCreated: async (item, ref, how) => {
      // The item as it is now (the user may have edited it meanwhile); someone else's link is kept.
      let note: string | undefined;
      await host.update((text) => {
        const now = parseActionItems(text).find((i) => i.id === item.id);
        if (!now) {
          throw new Error(`action item ${item.id} is no longer in ${host.name}`);
        }
        if (now.issue) {
          note = now.issue === ref.url ? undefined : `the item already links ${now.issue}; left as it is`;
          return undefined;
        }
        return [setField(now, 'issue', ref.url)];
      });
      await host.onFiled?.(item, ref, how, note);
    },
  });
}
