// GitHub (and GitHub Enterprise Server) issues over REST.
import { TrackerError, TrackerHttp, field, int, list, name, nextLink, str, webUrl, type HttpClient, type TrackerHttpOptions } from './http';
import { describeTarget } from './hosts';
import { findInNewestFirst, holdsMarker, markerKey, type Account, type IssueRef, type MarkedIssue, type NewIssue, type Tracker } from './types';

export const GITHUB_API_URL = 'https://api.github.com';

export interface GitHubOptions extends TrackerHttpOptions {
  readonly owner: string;
  readonly repo: string;
  readonly token: string;
  /** Default https://api.github.com; GHES: https://host/api/v3. */
  readonly baseUrl?: string;
  /** Result pages read at most (default 10). */
  readonly maxPages?: number;
}

export function createGitHubTracker(client: HttpClient, o: GitHubOptions): Tracker {
  const base = (o.baseUrl || GITHUB_API_URL).replace(/\/+$/, '');
  const http = new TrackerHttp(client, { ...o, secrets: [o.token, ...(o.secrets ?? [])], origin: base });
  const repoPath = `${encodeURIComponent(o.owner)}/${encodeURIComponent(o.repo)}`;
  const headers = {
    Authorization: `Bearer ${o.token}`,
    Accept: 'application/vnd.github+json',
    'X-GitHub-Api-Version': '2022-11-28',
    'User-Agent': 'incident-runbooks',
  };
  /** An issue of a listing or search, or undefined when it is a pull request or not shaped like an issue. */
  const issueOf = (i: unknown): (MarkedIssue & { body: string; created: number }) | undefined => {
    const number = int(i, 'number');
    const url = webUrl(i, 'html_url');
    if (number === undefined || url === undefined || field(i, 'pull_request') !== undefined) {
      return undefined;
    }
    const user = field(i, 'user');
    const id = int(user, 'id');
    const login = name(user, 'login');
    return {
      ref: { url: http.clean(url, 'link'), key: `#${number}` },
      author: id !== undefined && login !== undefined ? { id: String(id), name: `@${login}` } : undefined,
      body: str(i, 'body', 1_000_000) ?? '',
      created: Date.parse(str(i, 'created_at', 64) ?? ''),
    };
  };
  const get = (url: string) => http.json<unknown>({ method: 'GET', url, headers });
  return {
    name: `github ${o.owner}/${o.repo}`,
    target: describeTarget('github', `${o.owner}/${o.repo}`, base),
    async me(): Promise<Account> {
      const { data } = await get(`${base}/user`);
      const id = int(data, 'id');
      const login = name(data, 'login');
      if (id === undefined || login === undefined) {
        throw new TrackerError(0, 'GET /user: GitHub did not say which account the token belongs to (no login and id)');
      }
      return { id: String(id), name: `@${login}`, login };
    },
    async findByMarker(marker, me) {
      const key = markerKey(marker);
      const q = `"${key.replace(/"/g, '')}" repo:${o.owner}/${o.repo} in:body`;
      const ignored: MarkedIssue[] = [];
      let url: string | undefined = `${base}/search/issues?q=${encodeURIComponent(q)}&per_page=100`;
      for (let page = 0; url && page < (o.maxPages ?? 10); page++) {
        const { data, headers: h } = await get(url);
        // Search is fuzzy: only an issue whose body holds the marker itself counts, and only if it is ours.
        for (const hit of list(data, 'items').map(issueOf)) {
          if (hit && holdsMarker(hit.body, marker)) {
            if (hit.author?.id === me.id) {
              return { found: hit.ref, ignored };
            }
            ignored.push({ ref: hit.ref, author: hit.author });
          }
        }
        url = nextLink(h.link);
      }
      return { ignored };
    },
    async findCreatedByMe(marker, me, sinceMs) {
      const login = me.login ?? me.name.replace(/^@/, '');
      return findInNewestFirst(`${base}/repos/${repoPath}/issues?creator=${encodeURIComponent(login)}&state=all&sort=created&direction=desc&per_page=100`, async (url) => {
        const { data, headers: h } = await get(url);
        return { items: list(data), next: nextLink(h.link) };
      }, issueOf, me, marker, sinceMs, o.maxPages ?? 10);
    },
    async create(issue: NewIssue): Promise<IssueRef> {
      const body: Record<string, unknown> = { title: issue.title, body: issue.body, labels: [...issue.labels] };
      if (issue.type) {
        body.type = issue.type;
      }
      const { data } = await http.json<unknown>({
        method: 'POST',
        url: `${base}/repos/${repoPath}/issues`,
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      const url = webUrl(data, 'html_url');
      const number = int(data, 'number');
      if (url === undefined || number === undefined) {
        throw new TrackerError(0, 'GitHub answered the create without html_url and number');
      }
      return { url: http.clean(url, 'link'), key: `#${number}` };
    },
  };
}
