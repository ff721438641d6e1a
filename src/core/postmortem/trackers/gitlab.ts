// GitLab issues over REST v4 (gitlab.com or self-managed).
import { TrackerError, TrackerHttp, nextLink, type HttpClient, type TrackerHttpOptions } from './http';
import { markerKey, type IssueRef, type NewIssue, type Tracker } from './types';

export const GITLAB_URL = 'https://gitlab.com';

export interface GitLabOptions extends TrackerHttpOptions {
  /** `group/sub/project` or a numeric id. */
  readonly project: string;
  readonly token: string;
  /** Default https://gitlab.com. */
  readonly baseUrl?: string;
  readonly maxPages?: number;
}

interface GitLabIssue {
  readonly iid: number;
  readonly web_url: string;
  readonly description?: string | null;
}

/** GitLab's issue types; anything else is left to the default. */
const ISSUE_TYPES = new Set(['issue', 'incident', 'test_case', 'task']);

export function createGitLabTracker(client: HttpClient, o: GitLabOptions): Tracker {
  const http = new TrackerHttp(client, { ...o, secrets: [o.token, ...(o.secrets ?? [])] });
  const base = `${(o.baseUrl || GITLAB_URL).replace(/\/+$/, '')}/api/v4/projects/${encodeURIComponent(o.project)}`;
  const headers = { 'PRIVATE-TOKEN': o.token, Accept: 'application/json' };
  const ref = (i: GitLabIssue): IssueRef => ({ url: i.web_url, key: `#${i.iid}` });
  return {
    name: `gitlab ${o.project}`,
    async findByMarker(marker) {
      const key = markerKey(marker);
      let url: string | undefined = `${base}/issues?search=${encodeURIComponent(key)}&in=description&scope=all&per_page=100`;
      for (let page = 0; url && page < (o.maxPages ?? 10); page++) {
        const { data, headers: h }: { data: GitLabIssue[]; headers: Readonly<Record<string, string>> } = await http.json<GitLabIssue[]>({ method: 'GET', url, headers });
        const hit = (Array.isArray(data) ? data : []).find((i) => (i.description ?? '').includes(key));
        if (hit) {
          return ref(hit);
        }
        url = nextLink(h.link) ?? (h['x-next-page'] ? withPage(url, h['x-next-page']) : undefined);
      }
      return undefined;
    },
    async create(issue: NewIssue) {
      const body: Record<string, unknown> = { title: issue.title, description: issue.body, labels: issue.labels.join(',') };
      const type = issue.type?.toLowerCase().replace(/[\s-]+/g, '_');
      if (type && ISSUE_TYPES.has(type)) {
        body.issue_type = type;
      }
      const { data } = await http.json<GitLabIssue>({ method: 'POST', url: `${base}/issues`, headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      if (typeof data.web_url !== 'string' || typeof data.iid !== 'number') {
        throw new TrackerError(0, 'GitLab answered the create without web_url and iid');
      }
      return ref(data);
    },
  };
}

function withPage(url: string, page: string): string {
  return /[?&]page=\d+/.test(url) ? url.replace(/([?&])page=\d+/, `$1page=${encodeURIComponent(page)}`) : `${url}&page=${encodeURIComponent(page)}`;
}
