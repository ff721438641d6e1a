// What filing needs from an issue tracker: who the token belongs to, what a marker already filed (by that account
// only), and filing a new issue.

/** An issue in a tracker: its web URL and its key (`#12`, `PROJ-34`). */
export interface IssueRef {
  readonly url: string;
  readonly key: string;
}

export interface NewIssue {
  readonly title: string;
  /** Markdown; holds the hidden marker `<!-- incident-runbooks:… -->`. */
  readonly body: string;
  readonly labels: readonly string[];
  /** The tracker's issue type (Jira issuetype name, GitHub issue type, GitLab issue_type), when mapped. */
  readonly type?: string;
}

/** The account a token belongs to: `id` compares (numeric id, Jira accountId), `name` is for messages. */
export interface Account {
  readonly id: string;
  readonly name: string;
  /** The name the tracker's filters take (GitHub's `creator=login`). */
  readonly login?: string;
}

/** An issue carrying a marker, and who created it. */
export interface MarkedIssue {
  readonly ref: IssueRef;
  readonly author?: Account;
}

export interface MarkerSearch {
  /** The issue created by `me` whose body holds the marker. */
  readonly found?: IssueRef;
  /** Issues holding the marker that `me` did not create (anyone can write a marker): never taken as filed. */
  readonly ignored: readonly MarkedIssue[];
}

export interface Tracker {
  /** A short description for messages: `github acme/payments`. */
  readonly name: string;
  /** Where issues go and where the token goes, for confirmations: `github.com/acme/payments via https://api.github.com`. */
  readonly target: string;
  /** The account the token belongs to (GitHub/GitLab `GET /user`, Jira `GET /myself`). */
  me(): Promise<Account>;
  /**
   * The tracker's search for the marker (fast, but it may lag a create by seconds or minutes). Only an issue `me`
   * created counts.
   */
  findByMarker(marker: string, me: Account): Promise<MarkerSearch>;
  /**
   * A consistent listing of the issues `me` created since `sinceMs` (ms since the epoch), newest first: the one
   * whose body holds the marker. Used when an earlier create's outcome is unknown.
   */
  findCreatedByMe(marker: string, me: Account, sinceMs: number): Promise<IssueRef | undefined>;
  create(issue: NewIssue): Promise<IssueRef>;
}

/** The text inside a marker comment: `<!-- incident-runbooks:review=r;item=i -->` → `incident-runbooks:review=r;item=i`. */
export function markerKey(marker: string): string {
  const m = /^<!--\s*(.*?)\s*-->$/s.exec(marker.trim());
  return m ? m[1] : marker.trim();
}

/**
 * Whether a text holds the marker as a whole: `item=AI-1` is not found in `item=AI-10` (a marker's characters are
 * `[A-Za-z0-9._:/@+-]`, so the next character must be another).
 */
export function holdsMarker(text: string, marker: string): boolean {
  const key = markerKey(marker);
  for (let at = text.indexOf(key); at !== -1; at = text.indexOf(key, at + 1)) {
    if (!/[A-Za-z0-9._:/@+=;-]/.test(text.charAt(at + key.length))) {
      return true;
    }
  }
  return false;
}

/**
 * The consistent listing's answer (GitHub, GitLab): walk pages of the account's own issues, newest first, and
 * return the first one created by `me` since `sinceMs` whose body holds `marker`. `page` fetches one page and says
 * where the next is; at most `maxPages` pages are read.
 */
export async function findInNewestFirst(
  first: string,
  page: (url: string) => Promise<{ items: readonly unknown[]; next: string | undefined }>,
  issueOf: (raw: unknown) => (MarkedIssue & { body: string; created: number }) | undefined,
  me: Account,
  marker: string,
  sinceMs: number,
  maxPages: number,
): Promise<IssueRef | undefined> {
  let url: string | undefined = first;
  for (let n = 0; url && n < maxPages; n++) {
    const { items, next } = await page(url);
    for (const raw of items) {
      const hit = issueOf(raw);
      if (!hit) {
        continue;
      }
      if (hit.created < sinceMs) {
        return undefined; // newest first: everything further is older
      }
      if (hit.author?.id === me.id && holdsMarker(hit.body, marker)) {
        return hit.ref;
      }
    }
    url = next;
  }
  return undefined;
}

