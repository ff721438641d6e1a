// Filing a review's action items as tracker issues, exactly once each, without trusting the tracker's search:
// - every issue carries a hidden marker naming the review and the item; an issue holding it counts as filed only if
//   the token's own account created it (anyone can paste a marker into an issue);
// - before each create an intent is recorded (a state file beside the review); after a create whose outcome is
//   unknown (timeout, dropped connection, 5xx, the process killed) the item is looked up in a consistent listing of
//   the issues the account created since the intent, never in the search index, which lags;
// - the search still finds issues filed long ago whose link was lost.
import { redact, type RedactOptions } from '../run/redact';
import type { ActionItem } from '../review/actionItems';
import { TrackerError, outcomeUnknown } from './trackers/http';
import type { Account, IssueRef, MarkedIssue, Tracker } from './trackers/types';

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

/** A create about to be sent, recorded before it is and cleared once the issue's link is recorded. */
export interface FilingIntent {
  readonly review: string;
  readonly item: string;
  readonly marker: string;
  /** The tracker's target (`github.com/o/r via https://api.github.com`): an intent counts for that tracker only. */
  readonly target: string;
  /** When the create was about to be sent, in ms since the epoch. */
  readonly at: number;
}

/** Where intents live (the CLI and the extension keep them in a file beside the review: intentFileName). */
export interface IntentStore {
  list(): Promise<readonly FilingIntent[]>;
  put(intent: FilingIntent): Promise<void>;
  clear(item: string): Promise<void>;
}

/** How far before an intent's time the listing looks: the tracker's clock may differ from ours. */
export const INTENT_SLACK_MS = 10 * 60_000;
/** The most intents a state file holds (a hostile one is cut there). */
const MAX_INTENTS = 1000;

/** The state file beside `review.md`: `.review.md.filing.json`. It exists only while an outcome is unknown. */
export function intentFileName(reviewBaseName: string): string {
  return `.${reviewBaseName}.filing.json`;
}

/** The intents of a state file; anything malformed is dropped (the file is repository content, hence hostile). */
export function parseIntents(text: string): FilingIntent[] {
  let json: unknown;
  try {
    json = JSON.parse(text.slice(0, 1_000_000));
  } catch {
    return [];
  }
  const list = json && typeof json === 'object' ? (json as { intents?: unknown }).intents : undefined;
  if (!Array.isArray(list)) {
    return [];
  }
  const out: FilingIntent[] = [];
  for (const x of list.slice(0, MAX_INTENTS)) {
    const i = x as Record<string, unknown>;
    if (i && typeof i === 'object' && ['review', 'item', 'marker', 'target'].every((k) => typeof i[k] === 'string' && (i[k] as string).length <= 1000)
      && typeof i.at === 'number' && Number.isFinite(i.at)) {
      out.push({ review: i.review as string, item: i.item as string, marker: i.marker as string, target: i.target as string, at: i.at });
    }
  }
  return out;
}

export function serializeIntents(intents: readonly FilingIntent[]): string {
  return `${JSON.stringify({ about: 'incident-runbooks: issues being filed whose outcome is not yet known; removed when done', intents }, null, 2)}\n`;
}

/** Intents over a text file: `read` gives its text (undefined: none), `write` undefined deletes it. */
export function intentFileStore(read: () => Promise<string | undefined>, write: (text: string | undefined) => Promise<void>): IntentStore {
  const load = async () => parseIntents((await read()) ?? '');
  return {
    list: load,
    async put(intent) {
      const all = (await load()).filter((i) => i.item !== intent.item);
      await write(serializeIntents([...all, intent]));
    },
    async clear(item) {
      const all = await load();
      const rest = all.filter((i) => i.item !== item);
      if (rest.length !== all.length) {
        await write(rest.length ? serializeIntents(rest) : undefined);
      }
    },
  };
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
  /**
   * Called right after each item gets its issue, before the next one is filed: `created`, `linked` (found by its
   * marker, filed before by this account), `recovered` (a create whose answer was lost, found in the listing).
   */
  onCreated?(item: T, ref: IssueRef, how: 'created' | 'linked' | 'recovered'): void | Promise<void>;
  /** An issue carrying the item's marker that the account did not create: not taken as filed. */
  onIgnored?(item: T, issue: MarkedIssue, me: Account): void | Promise<void>;
  /** Intents recorded before each create (none: a killed run cannot be told from a fresh one). */
  readonly intents?: IntentStore;
  /** Milliseconds since the epoch (default Date.now). */
  readonly now?: () => number;
  /**
   * After a failure, go on with the next item (default false: stop, so a failing or rate-limited tracker is not
   * hammered). Authentication failures and rate limits stop the batch either way.
   */
  readonly keepGoing?: boolean;
  /** Extra patterns for the redaction the title and body go through (core/run/redact). */
  readonly redaction?: RedactOptions;
}

export interface FilingResult<T extends FilingItem> {
  readonly created: { readonly item: T; readonly ref: IssueRef }[];
  /** Found: filed before by this account (by their marker, or in the listing after an unknown outcome). */
  readonly linked: { readonly item: T; readonly ref: IssueRef; readonly how: 'linked' | 'recovered' }[];
  /** Issues carrying an item's marker, created by someone else: ignored. */
  readonly ignored: { readonly item: T; readonly issue: MarkedIssue }[];
  /** The account the token belongs to, once known. */
  me?: Account;
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

/**
 * The issue's body: the item, its fields, a link back to the review, and the marker last. `reviewLink` is linked when
 * it is an http(s) URL; anything else (the extension's workspace-relative path) is named, since a relative link in an
 * issue points nowhere.
 */
export function issueBody(item: FilingItem, reviewId: string, reviewLink: string | undefined): string {
  const from = reviewLink && /^https?:\/\/\S+$/i.test(reviewLink) ? `[${reviewId}](${reviewLink})`
    : reviewLink ? `\`${reviewId}\` (\`${reviewLink.replace(/[`\r\n]/g, '')}\` in its repository)` : `\`${reviewId}\``;
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
  const result: FilingResult<T> = { created: [], linked: [], ignored: [], skipped: plan.skipped, failed: [], notAttempted: [] };
  for (const { item, reason } of plan.invalid) {
    result.failed.push({ item, error: new TrackerError(0, `action item on line ${item.line + 1} cannot be filed: ${reason}`) });
  }
  if (!plan.toFile.length) {
    return result;
  }
  const now = o.now ?? Date.now;
  const { tracker } = o;
  let me: Account;
  let intents: readonly FilingIntent[];
  try {
    me = await tracker.me();
    result.me = me;
    intents = (await o.intents?.list()) ?? [];
  } catch (e) {
    const [first, ...rest] = plan.toFile;
    result.failed.push({ item: first.item, error: e instanceof TrackerError ? e : new TrackerError(0, `reading the filing state: ${(e as Error)?.message ?? String(e)}`) });
    result.notAttempted.push(...rest.map((t) => t.item));
    return result;
  }
  let stopped = false;
  for (const { item, marker } of plan.toFile) {
    if (stopped) {
      result.notAttempted.push(item);
      continue;
    }
    const id = item.id ?? '';
    let phase = 'filing';
    try {
      let ref: IssueRef | undefined;
      let how: 'created' | 'linked' | 'recovered' = 'linked';
      // An earlier run recorded this create and never learnt (or never recorded) its outcome: ask the listing.
      const intent = intents.find((i) => i.item === id && i.marker === marker && i.target === tracker.target);
      if (intent) {
        ref = await tracker.findCreatedByMe(marker, me, intent.at - INTENT_SLACK_MS);
        how = 'recovered';
      }
      if (!ref) {
        const search = await tracker.findByMarker(marker, me);
        for (const issue of search.ignored) {
          result.ignored.push({ item, issue });
          await o.onIgnored?.(item, issue, me);
        }
        ref = search.found;
        how = 'linked';
      }
      if (!ref) {
        const at = now();
        phase = 'recording the intent to file';
        await o.intents?.put({ review: o.reviewId, item: id, marker, target: tracker.target, at });
        phase = 'filing';
        const type = item.type ? o.typeMapping?.[item.type] ?? o.typeMapping?.['*'] : o.typeMapping?.['*'];
        try {
          ref = await tracker.create({
            title: redact(issueTitle(item), o.redaction),
            body: redact(issueBody(item, o.reviewId, o.reviewLink), o.redaction), // nothing secret leaves for the tracker
            labels: [...(o.labels ?? [])],
            ...(type ? { type } : {}),
          });
          how = 'created';
        } catch (e) {
          if (!(e instanceof TrackerError) || !outcomeUnknown(e)) {
            // The tracker refused: nothing was created.
            await o.intents?.clear(id);
            throw e;
          }
          ref = await lookUpAfter(tracker, e, marker, me, at - INTENT_SLACK_MS);
          how = 'recovered';
        }
      }
      phase = `${ref.url} ${how === 'created' ? 'filed' : 'found'}, but recording it failed`;
      await o.onCreated?.(item, ref, how);
      await o.intents?.clear(id);
      if (how === 'created') {
        result.created.push({ item, ref });
      } else {
        result.linked.push({ item, ref, how });
      }
    } catch (e) {
      const error = e instanceof TrackerError ? e : new TrackerError(0, `${phase}: ${(e as Error)?.message ?? String(e)}`);
      result.failed.push({ item, error });
      stopped = !o.keepGoing || stopsTheBatch(error);
    }
  }
  // Intents of items linked meanwhile (by hand, or by a colleague's edit) are done with.
  for (const { item } of plan.skipped) {
    if (item.id && intents.some((i) => i.item === item.id)) {
      await o.intents?.clear(item.id).catch(() => undefined);
    }
  }
  return result;
}

/** After a create whose outcome is unknown: the issue, if the consistent listing shows it; else the error, explained. */
async function lookUpAfter(tracker: Tracker, failure: TrackerError, marker: string, me: Account, sinceMs: number): Promise<IssueRef> {
  let found: IssueRef | undefined;
  try {
    found = await tracker.findCreatedByMe(marker, me, sinceMs);
  } catch (e) {
    throw new TrackerError(failure.status, `${failure.message}; the issue may exist, and looking it up failed too (${(e as Error)?.message ?? String(e)}): a re-run looks again before filing`);
  }
  if (!found) {
    throw new TrackerError(failure.status, `${failure.message}; not among the issues ${me.name} created: a re-run looks again before filing`);
  }
  return found;
}

/** Apply edits (on distinct places) to a text, keeping its line endings; positions as `textLines` counts them. */
