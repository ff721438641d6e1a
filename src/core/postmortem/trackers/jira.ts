// Jira Cloud issues over REST v3: descriptions in the Atlassian Document Format, search in JQL.
import { TrackerError, TrackerHttp, base64, field, list, name, printable, str, type HttpClient, type TrackerHttpOptions } from './http';
import { describeTarget } from './hosts';
import { append } from '../../text';
import { holdsMarker, markerKey, type Account, type IssueRef, type MarkedIssue, type NewIssue, type Tracker } from './types';

export interface JiraOptions extends TrackerHttpOptions {
  /** The site, e.g. https://example.atlassian.net. */
  readonly siteUrl: string;
  /** The project key: OPS. */
  readonly project: string;
  readonly email: string;
  readonly apiToken: string;
  /** The issue type when the issue names none (default Task). */
  readonly defaultIssueType?: string;
  readonly maxPages?: number;
}

interface AdfNode {
  readonly type: string;
  readonly version?: number;
  readonly text?: string;
  readonly content?: readonly AdfNode[];
  readonly marks?: readonly { type: string; attrs?: Record<string, string> }[];
  readonly attrs?: Record<string, unknown>;
}

export function createJiraTracker(client: HttpClient, o: JiraOptions): Tracker {
  const basic = base64(`${o.email}:${o.apiToken}`);
  const site = o.siteUrl.replace(/\/+$/, '');
  const http = new TrackerHttp(client, { ...o, secrets: [o.apiToken, `${o.email}:${o.apiToken}`, basic, ...(o.secrets ?? [])], origin: site });
  const now = o.now ?? Date.now;
  const headers = { Authorization: `Basic ${basic}`, Accept: 'application/json', 'Content-Type': 'application/json' };
  const ref = (key: string): IssueRef => ({ url: `${site}/browse/${key}`, key });
  const issueOf = (i: unknown): (MarkedIssue & { body: string }) | undefined => {
    const key = str(i, 'key', 100);
    if (key === undefined || !/^[A-Z][A-Z0-9_]*-\d+$/.test(key)) {
      return undefined;
    }
    const fields = field(i, 'fields');
    const creator = field(fields, 'creator');
    const id = str(creator, 'accountId', 128);
    return {
      ref: ref(key),
      author: id !== undefined ? { id, name: name(creator, 'displayName') ?? printable(id) } : undefined,
      body: adfText(field(fields, 'description') as AdfNode | string | undefined),
    };
  };
  /** Pages of a JQL search, each hit checked by `take` until it returns something. */
  const search = async <R>(jql: string, take: (hit: MarkedIssue & { body: string }) => R | undefined): Promise<R | undefined> => {
    let token: string | undefined;
    for (let page = 0; page < (o.maxPages ?? 10); page++) {
      const { data } = await http.json<unknown>({
        method: 'POST',
        url: `${site}/rest/api/3/search/jql`,
        headers,
        body: JSON.stringify({ jql, fields: ['description', 'creator'], maxResults: 50, ...(token ? { nextPageToken: token } : {}) }),
      }, { idempotent: true });
      for (const raw of list(data, 'issues')) {
        const hit = issueOf(raw);
        const r = hit && take(hit);
        if (r !== undefined) {
          return r;
        }
      }
      token = str(data, 'nextPageToken', 4096);
      if (!token || field(data, 'isLast') === true) {
        break;
      }
    }
    return undefined;
  };
  return {
    name: `jira ${o.project}`,
    target: describeTarget('jira', o.project, site),
    async me(): Promise<Account> {
      const { data } = await http.json<unknown>({ method: 'GET', url: `${site}/rest/api/3/myself`, headers });
      const id = str(data, 'accountId', 128);
      if (id === undefined) {
        throw new TrackerError(0, 'GET /rest/api/3/myself: Jira did not say which account the token belongs to (no accountId)');
      }
      return { id, name: name(data, 'displayName') ?? printable(id) };
    },
    async findByMarker(marker, me) {
      const key = markerKey(marker);
      // Jira's text search drops punctuation: search the words as a phrase, then check the description itself.
      const words = key.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
      const ignored: MarkedIssue[] = [];
      const found = await search(`project = ${jqlString(o.project)} AND text ~ ${jqlString(`"${words}"`)} ORDER BY created ASC`, (hit) => {
        if (!holdsMarker(hit.body, marker)) {
          return undefined;
        }
        if (hit.author?.id === me.id) {
          return hit.ref;
        }
        ignored.push({ ref: hit.ref, author: hit.author });
        return undefined;
      });
      return { found, ignored };
    },
    async findCreatedByMe(marker, me, sinceMs) {
      // `creator`, not `reporter`: anyone with the permission can set the reporter; nobody can change the creator.
      // A relative date: absolute ones are read in the user's Jira time zone.
      const minutes = Math.max(1, Math.ceil((now() - sinceMs) / 60_000) + 1);
      const jql = `project = ${jqlString(o.project)} AND creator = currentUser() AND created >= -${minutes}m ORDER BY created DESC`;
      return search(jql, (hit) => (hit.author?.id === me.id && holdsMarker(hit.body, marker) ? hit.ref : undefined));
    },
    async create(issue: NewIssue) {
      const fields = {
        project: { key: o.project },
        summary: issue.title.slice(0, 255),
        issuetype: { name: issue.type || o.defaultIssueType || 'Task' },
        // Jira labels cannot hold spaces.
        labels: issue.labels.map((l) => l.trim().replace(/\s+/g, '-')).filter((l) => l),
        description: markdownToAdf(issue.body),
      };
      const { data } = await http.json<unknown>({ method: 'POST', url: `${site}/rest/api/3/issue`, headers, body: JSON.stringify({ fields }) });
      const key = str(data, 'key', 100);
      if (key === undefined || !/^[A-Z][A-Z0-9_]*-\d+$/.test(key)) {
        throw new TrackerError(0, 'Jira answered the create without an issue key');
      }
      return ref(key);
    },
  };
}

/** A JQL string literal. */
export function jqlString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** All the text of an ADF document (or a plain string description of API v2). */
export function adfText(node: AdfNode | string | null | undefined, depth = 0): string {
  if (!node || depth > 64) {
    return '';
  }
  if (typeof node === 'string') {
    return node;
  }
  const text = typeof node.text === 'string' ? node.text : '';
  const content = Array.isArray(node.content) ? node.content : [];
  return text + content.map((c) => adfText(c, depth + 1)).join(node.type === 'doc' ? '\n' : '');
}

/**
 * The issue body as an ADF document: a paragraph per block, line breaks kept, URLs linked. The hidden marker
 * comment, which ADF cannot hide, becomes a last small paragraph of plain text so a search finds it.
 */
export function markdownToAdf(markdown: string): AdfNode {
  const content: AdfNode[] = [];
  const markers: string[] = [];
  const text = markdown.replace(/<!--\s*([\s\S]*?)\s*-->/g, (_, inner: string) => {
    markers.push(inner);
    return '';
  });
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim());
    if (!lines.length) {
      continue;
    }
    const inline: AdfNode[] = [];
    lines.forEach((line, i) => {
      if (i > 0) {
        inline.push({ type: 'hardBreak' });
      }
      append(inline, linkify(line));
    });
    content.push({ type: 'paragraph', content: inline });
  }
  for (const m of markers) {
    content.push({ type: 'paragraph', content: [{ type: 'text', text: m, marks: [{ type: 'subsup', attrs: { type: 'sub' } }] }] });
  }
  return { type: 'doc', version: 1, content };
}

function linkify(line: string): AdfNode[] {
  const out: AdfNode[] = [];
  let last = 0;
  for (const m of line.matchAll(/https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"]/g)) {
    if (m.index > last) {
      out.push({ type: 'text', text: line.slice(last, m.index) });
    }
    out.push({ type: 'text', text: m[0], marks: [{ type: 'link', attrs: { href: m[0] } }] });
    last = m.index + m[0].length;
  }
  if (last < line.length) {
    out.push({ type: 'text', text: line.slice(last) });
  }
  return out;
}
