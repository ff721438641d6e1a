// What filing needs from an issue tracker: find what a marker already filed, and file a new issue.

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

export interface Tracker {
  /** A short description for messages: `github owner/repo`. */
  readonly name: string;
  /** The issue whose body holds the marker, if one exists. */
  findByMarker(marker: string): Promise<IssueRef | undefined>;
  create(issue: NewIssue): Promise<IssueRef>;
}

/** The text inside a marker comment: `<!-- incident-runbooks:review=r;item=i -->` → `incident-runbooks:review=r;item=i`. */
export function markerKey(marker: string): string {
  const m = /^<!--\s*(.*?)\s*-->$/s.exec(marker.trim());
  return m ? m[1] : marker.trim();
}
