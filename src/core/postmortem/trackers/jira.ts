// Jira Cloud issues over REST v3: descriptions in the Atlassian Document Format, search in JQL.
import { TrackerError, TrackerHttp, base64, type HttpClient, type TrackerHttpOptions } from './http';
import { append } from '../../text';
import { markerKey, type IssueRef, type NewIssue, type Tracker } from './types';

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

interface JiraIssue {
  readonly key: string;
  readonly fields?: { readonly description?: AdfNode | string | null };
}

export function createJiraTracker(client: HttpClient, o: JiraOptions): Tracker {
  const basic = base64(`${o.email}:${o.apiToken}`);
  const http = new TrackerHttp(client, { ...o, secrets: [o.apiToken, `${o.email}:${o.apiToken}`, basic, ...(o.secrets ?? [])] });
  const site = o.siteUrl.replace(/\/+$/, '');
  const headers = { Authorization: `Basic ${basic}`, Accept: 'application/json', 'Content-Type': 'application/json' };
  const ref = (key: string): IssueRef => ({ url: `${site}/browse/${key}`, key });
  return {
    name: `jira ${o.project}`,
    async findByMarker(marker) {
      const key = markerKey(marker);
      // Jira's text search drops punctuation: search the words as a phrase, then check the description itself.
      const words = key.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
      const jql = `project = ${jqlString(o.project)} AND text ~ ${jqlString(`"${words}"`)} ORDER BY created ASC`;
      let token: string | undefined;
      for (let page = 0; page < (o.maxPages ?? 10); page++) {
        const { data } = await http.json<{ issues?: JiraIssue[]; nextPageToken?: string; isLast?: boolean }>({
          method: 'POST',
          url: `${site}/rest/api/3/search/jql`,
          headers,
          body: JSON.stringify({ jql, fields: ['description'], maxResults: 50, ...(token ? { nextPageToken: token } : {}) }),
        }, { idempotent: true });
        const hit = (data.issues ?? []).find((i) => adfText(i.fields?.description).includes(key));
        if (hit) {
          return ref(hit.key);
        }
        token = data.nextPageToken;
        if (!token || data.isLast) {
          break;
        }
      }
      return undefined;
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
      const { data } = await http.json<{ key?: string }>({ method: 'POST', url: `${site}/rest/api/3/issue`, headers, body: JSON.stringify({ fields }) });
      if (typeof data.key !== 'string') {
        throw new TrackerError(0, 'Jira answered the create without an issue key');
      }
      return ref(data.key);
    },
  };
}

/** A JQL string literal. */
export function jqlString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** All the text of an ADF document (or a plain string description of API v2). */
export function adfText(node: AdfNode | string | null | undefined): string {
  if (!node) {
    return '';
  }
  if (typeof node === 'string') {
    return node;
  }
  return (node.text ?? '') + (node.content ?? []).map((c) => adfText(c)).join(node.type === 'doc' ? '\n' : '');
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
