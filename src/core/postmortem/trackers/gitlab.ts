// GitLab issues over REST v4 (gitlab.com or self-managed).
import { TrackerError, TrackerHttp, field, int, list, name, nextLink, str, webUrl, type HttpClient, type TrackerHttpOptions } from './http';
import { describeTarget } from './hosts';
import { findInNewestFirst, holdsMarker, markerKey, type Account, type IssueRef, type MarkedIssue, type NewIssue, type Tracker } from './types';

export const GITLAB_URL = 'https://gitlab.com';

export interface GitLabOptions extends TrackerHttpOptions {
  /** `group/sub/project` or a numeric id. */
  readonly project: string;
  readonly token: string;
  /** Default https://gitlab.com. */
  readonly baseUrl?: string;
  readonly maxPages?: number;
}

/** GitLab's issue types; anything else is left to the default. */
const ISSUE_TYPES = new Set(['issue', 'incident', 'test_case', 'task']);

export function createGitLabTracker(client: HttpClient, o: GitLabOptions): Tracker {
  const root = (o.baseUrl || GITLAB_URL).replace(/\/+$/, '');
  const http = new TrackerHttp(client, { ...o, secrets: [o.token, ...(o.secrets ?? [])], origin: root });
  const base = `${root}/api/v4/projects/${encodeURIComponent(o.project)}`;
  const headers = { 'PRIVATE-TOKEN': o.token, Accept: 'application/json' };
  const issueOf = (i: unknown): (MarkedIssue & { body: string; created: number }) | undefined => {
    const iid = int(i, 'iid');
    const url = webUrl(i, 'web_url');
    if (iid === undefined || url === undefined) {
      return undefined;
    }
    const author = field(i, 'author');
    const id = int(author, 'id');
    const username = name(author, 'username');
    return {
      ref: { url: http.clean(url, 'link'), key: `#${iid}` },
      author: id !== undefined ? { id: String(id), name: `@${username ?? id}` } : undefined,
      body: str(i, 'description', 1_000_000) ?? '',
      created: Date.parse(str(i, 'created_at', 64) ?? ''),
    };
  };
  const get = (url: string) => http.json<unknown>({ method: 'GET', url, headers });
  const next = (url: string, h: Readonly<Record<string, string>>) => nextLink(h.link) ?? (h['x-next-page'] ? withPage(url, h['x-next-page']) : undefined);
  return {
    name: `gitlab ${o.project}`,
    target: describeTarget('gitlab', o.project, root),
    async me(): Promise<Account> {
      const { data } = await get(`${root}/api/v4/user`);
      const id = int(data, 'id');
      const username = name(data, 'username');
      if (id === undefined || username === undefined) {
        throw new TrackerError(0, 'GET /api/v4/user: GitLab did not say which account the token belongs to (no id and username)');
      }
      return { id: String(id), name: `@${username}`, login: username };
    },
    async findByMarker(marker, me) {
      const key = markerKey(marker);
      const ignored: MarkedIssue[] = [];
      let url: string | undefined = `${base}/issues?search=${encodeURIComponent(key)}&in=description&scope=all&per_page=100`;
      for (let page = 0; url && page < (o.maxPages ?? 10); page++) {
        const { data, headers: h } = await get(url);
        for (const hit of list(data).map(issueOf)) {
          if (hit && holdsMarker(hit.body, marker)) {
            if (hit.author?.id === me.id) {
              return { found: hit.ref, ignored };
            }
            ignored.push({ ref: hit.ref, author: hit.author });
          }
        }
        url = next(url, h);
      }
      return { ignored };
    },
    async findCreatedByMe(marker, me, sinceMs) {
      const after = new Date(sinceMs).toISOString();
      return findInNewestFirst(`${base}/issues?author_id=${encodeURIComponent(me.id)}&scope=all&order_by=created_at&sort=desc&created_after=${encodeURIComponent(after)}&per_page=100`, async (url) => {
        const { data, headers: h } = await get(url);
        return { items: list(data), next: next(url, h) };
      }, issueOf, me, marker, sinceMs, o.maxPages ?? 10);
    },
    async create(issue: NewIssue): Promise<IssueRef> {
      const body: Record<string, unknown> = { title: issue.title, description: issue.body, labels: issue.labels.join(',') };
      const type = issue.type?.toLowerCase().replace(/[\s-]+/g, '_');
      if (type && ISSUE_TYPES.has(type)) {
        body.issue_type = type;
      }
      const { data } = await http.json<unknown>({ method: 'POST', url: `${base}/issues`, headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      const url = webUrl(data, 'web_url');
      const iid = int(data, 'iid');
      if (url === undefined || iid === undefined) {
        throw new TrackerError(0, 'GitLab answered the create without web_url and iid');
      }
      return { url: http.clean(url, 'link'), key: `#${iid}` };
    },
  };
}

function withPage(url: string, page: string): string {
  return /[?&]page=\d+/.test(url) ? url.replace(/([?&])page=\d+/, `$1page=${encodeURIComponent(page)}`) : `${url}&page=${encodeURIComponent(page)}`;
}
