// GitHub (and GitHub Enterprise Server) issues over REST.
import { TrackerError, TrackerHttp, nextLink, type HttpClient, type TrackerHttpOptions } from './http';
import { markerKey, type IssueRef, type NewIssue, type Tracker } from './types';

export const GITHUB_API_URL = 'https://api.github.com';

export interface GitHubOptions extends TrackerHttpOptions {
  readonly owner: string;
  readonly repo: string;
  readonly token: string;
  /** Default https://api.github.com; GHES: https://host/api/v3. */
  readonly baseUrl?: string;
  /** Search result pages read at most (default 10). */
  readonly maxPages?: number;
}

interface GitHubIssue {
  readonly number: number;
  readonly html_url: string;
  readonly body?: string | null;
  readonly pull_request?: unknown;
}

export function createGitHubTracker(client: HttpClient, o: GitHubOptions): Tracker {
  const http = new TrackerHttp(client, { ...o, secrets: [o.token, ...(o.secrets ?? [])] });
  const base = (o.baseUrl || GITHUB_API_URL).replace(/\/+$/, '');
  const repoPath = `${encodeURIComponent(o.owner)}/${encodeURIComponent(o.repo)}`;
  const headers = {
    Authorization: `Bearer ${o.token}`,
    Accept: 'application/vnd.github+json',
    'X-GitHub-Api-Version': '2022-11-28',
    'User-Agent': 'incident-runbooks',
  };
  const ref = (i: GitHubIssue): IssueRef => ({ url: i.html_url, key: `#${i.number}` });
  return {
    name: `github ${o.owner}/${o.repo}`,
    async findByMarker(marker) {
      const key = markerKey(marker);
      const q = `"${key.replace(/"/g, '')}" repo:${o.owner}/${o.repo} in:body`;
      let url: string | undefined = `${base}/search/issues?q=${encodeURIComponent(q)}&per_page=100`;
      for (let page = 0; url && page < (o.maxPages ?? 10); page++) {
        const { data, headers: h }: { data: { items?: GitHubIssue[] }; headers: Readonly<Record<string, string>> } = await http.json<{ items?: GitHubIssue[] }>({ method: 'GET', url, headers });
        // Search is fuzzy: only an issue whose body holds the marker itself counts.
        const hit = (data.items ?? []).find((i) => !i.pull_request && (i.body ?? '').includes(key));
        if (hit) {
          return ref(hit);
        }
        url = nextLink(h.link);
      }
      return undefined;
    },
    async create(issue: NewIssue) {
      const body: Record<string, unknown> = { title: issue.title, body: issue.body, labels: [...issue.labels] };
      if (issue.type) {
        body.type = issue.type;
      }
      const { data } = await http.json<GitHubIssue>({
        method: 'POST',
        url: `${base}/repos/${repoPath}/issues`,
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (typeof data.html_url !== 'string' || typeof data.number !== 'number') {
        throw new TrackerError(0, 'GitHub answered the create without html_url and number');
      }
      return ref(data);
    },
  };
}
