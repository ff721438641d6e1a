// Filing a review's action items as tracker issues, once each: every issue carries a hidden marker naming the review
// and the item, so a re-run (or a colleague's run) finds what exists and files nothing twice.
import type { TextEdit } from '../lint/types';
import { redact, type RedactOptions } from '../redact';
import type { ActionItem } from './actionItems';
import { TrackerError } from './trackers/http';
import type { IssueRef, Tracker } from './trackers/types';

/** What filing reads of an action item (an ActionItem has all of it). */
export type FilingItem = Pick<ActionItem, 'line' | 'text'> & Partial<Pick<ActionItem, 'id' | 'issue' | 'owner' | 'priority' | 'type' | 'due' | 'done'>>;

export type SkipReason = 'linked' | 'done';

export interface FilingPlan<T extends FilingItem> {
  /** Items to file, in order, each with its marker. */
  readonly toFile: readonly { readonly item: T; readonly marker: string }[];
  /** Items already linked to an issue (`[issue:: …]`, or in `existing`), and done items. */
  readonly skipped: readonly { readonly item: T; readonly reason: SkipReason; readonly issue?: string }[];
  /** Items that cannot be filed as they are: no id, or an id another item has too. */
  readonly invalid: readonly { readonly item: T; readonly reason: string }[];
}

/** Characters a marker keeps; others become `_`, so no id can end the comment or the marker early. */
function markerPart(s: string): string {
  return s.trim().replace(/[^A-Za-z0-9._:/@+-]/g, '_');
}

/** The hidden marker in the body of the issue filed for an item. */
export function issueMarker(reviewId: string, itemId: string): string {
  return `<!-- incident-runbooks:review=${markerPart(reviewId)};item=${markerPart(itemId)} -->`;
}

/**
 * Which items will be filed and which are skipped. `existing` maps item ids to issue URLs known from elsewhere
 * (they count as linked). Done items are not filed.
 */
export function planFiling<T extends FilingItem>(items: readonly T[], reviewId: string, existing?: ReadonlyMap<string, string>): FilingPlan<T> {
  const toFile: { item: T; marker: string }[] = [];
  const skipped: { item: T; reason: SkipReason; issue?: string }[] = [];
  const invalid: { item: T; reason: string }[] = [];
  const counts = new Map<string, number>();
  for (const item of items) {
    if (item.id) {
      counts.set(item.id, (counts.get(item.id) ?? 0) + 1);
    }
  }
  for (const item of items) {
    const issue = item.issue || (item.id ? existing?.get(item.id) : undefined);
    if (issue) {
      skipped.push({ item, reason: 'linked', issue });
    } else if (item.done) {
      skipped.push({ item, reason: 'done' });
    } else if (!item.id) {
      invalid.push({ item, reason: 'it has no [id:: …]' });
    } else if ((counts.get(item.id) ?? 0) > 1) {
      invalid.push({ item, reason: `another action item has the id ${item.id} too` });
    } else {
      toFile.push({ item, marker: issueMarker(reviewId, item.id) });
    }
  }
  return { toFile, skipped, invalid };
}

export interface FileItemsOptions<T extends FilingItem> {
  readonly items: readonly T[];
  readonly reviewId: string;
  /** Where the review can be read (a URL), linked from each issue. */
  readonly reviewLink?: string;
  readonly tracker: Tracker;
  readonly labels?: readonly string[];
  /** Action item type → the tracker's issue type; `*` for any other (none: the tracker's default). */
  readonly typeMapping?: Readonly<Record<string, string>>;
  readonly existing?: ReadonlyMap<string, string>;
  /** Called right after each item gets its issue, created or found by marker, before the next one is filed. */
  onCreated?(item: T, ref: IssueRef, how: 'created' | 'linked'): void | Promise<void>;
  /**
   * After a failure, go on with the next item (default false: stop, so a failing or rate-limited tracker is not
   * hammered). Authentication failures and rate limits stop the batch either way.
   */
  readonly keepGoing?: boolean;
  /** Extra patterns for the redaction the title and body go through (core/redact). */
  readonly redaction?: RedactOptions;
}

export interface FilingResult<T extends FilingItem> {
  readonly created: { readonly item: T; readonly ref: IssueRef }[];
  /** Found by their marker: filed before (by an interrupted run, or by someone else). */
  readonly linked: { readonly item: T; readonly ref: IssueRef }[];
  readonly skipped: FilingPlan<T>['skipped'];
  readonly failed: { readonly item: T; readonly error: TrackerError }[];
  /** Not tried because the batch stopped at a failure. */
  readonly notAttempted: T[];
}

/** The issue's title: the item's text, short enough for every tracker. */
export function issueTitle(item: FilingItem): string {
  const text = item.text.replace(/\s+/g, ' ').trim() || `Action item ${item.id ?? ''}`.trim();
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** The issue's body: the item, its fields, a link back to the review, and the marker last. */
export function issueBody(item: FilingItem, reviewId: string, reviewLink: string | undefined): string {
  const from = reviewLink ? `[${reviewId}](${reviewLink})` : `\`${reviewId}\``;
  const lines = [item.text, '', `Action item ${item.id} of the post-incident review ${from}.`];
  const details = [['Owner', item.owner], ['Priority', item.priority], ['Type', item.type], ['Due', item.due]].filter((d): d is [string, string] => !!d[1]);
  if (details.length) {
    lines.push('', ...details.map(([k, v]) => `- ${k}: ${v}`));
  }
  lines.push('', issueMarker(reviewId, item.id ?? ''));
  return lines.join('\n');
}

/** Stop even when told to keep going: the tracker refuses the credentials, or asks us to slow down. */
function stopsTheBatch(e: TrackerError): boolean {
  return e.status === 401 || e.status === 403 || e.status === 429;
}

/** File the items that need an issue, one at a time, in order. Never throws for a tracker's failure. */
export async function fileItems<T extends FilingItem>(o: FileItemsOptions<T>): Promise<FilingResult<T>> {
  const plan = planFiling(o.items, o.reviewId, o.existing);
  const result: FilingResult<T> = { created: [], linked: [], skipped: plan.skipped, failed: [], notAttempted: [] };
  for (const { item, reason } of plan.invalid) {
    result.failed.push({ item, error: new TrackerError(0, `action item on line ${item.line + 1} cannot be filed: ${reason}`) });
  }
  let stopped = false;
  for (const { item, marker } of plan.toFile) {
    if (stopped) {
      result.notAttempted.push(item);
      continue;
    }
    let phase = 'filing';
    try {
      const found = await o.tracker.findByMarker(marker);
      const type = item.type ? o.typeMapping?.[item.type] ?? o.typeMapping?.['*'] : o.typeMapping?.['*'];
      const ref = found ?? await o.tracker.create({
        title: redact(issueTitle(item), o.redaction),
        body: redact(issueBody(item, o.reviewId, o.reviewLink), o.redaction), // nothing secret leaves for the tracker
        labels: [...(o.labels ?? [])],
        ...(type ? { type } : {}),
      });
      phase = `${ref.url} ${found ? 'found' : 'filed'}, but recording it failed`;
      await o.onCreated?.(item, ref, found ? 'linked' : 'created');
      (found ? result.linked : result.created).push({ item, ref });
    } catch (e) {
      const error = e instanceof TrackerError ? e : new TrackerError(0, `${phase}: ${(e as Error)?.message ?? String(e)}`);
      result.failed.push({ item, error });
      stopped = !o.keepGoing || stopsTheBatch(error);
    }
  }
  return result;
}

/** Apply edits (on distinct places) to a text, keeping its line endings; positions as `textLines` counts them. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const lineStarts = [bom];
  for (const m of text.matchAll(/\r\n|\r|\n/g)) {
    lineStarts.push(m.index + m[0].length);
  }
  const offset = (p: { line: number; character: number }) => Math.min((lineStarts[p.line] ?? text.length) + p.character, text.length);
  const sorted = edits.map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), newText: e.newText })).sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) {
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  }
  return out;
}
