// Loopback fakes of the GitHub, GitLab and Jira Cloud issue APIs: the paths, methods, status codes, headers and
// error bodies of the real ones, issues held in memory, and faults to inject. Not a test file (no .test.).
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Kind = 'github' | 'gitlab' | 'jira';

export interface FakeIssue {
  readonly number: number;
  readonly key: string;
  readonly title: string;
  /** Markdown (GitHub, GitLab) or the plain text of the ADF description (Jira). */
  readonly body: string;
  readonly labels: string[];
  readonly type?: string;
  readonly raw: unknown;
}

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A canned answer instead of the real one; `reset` destroys the socket instead of answering. */
export interface Fault {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  readonly reset?: boolean;
  /** Do the real work first (e.g. create the issue), then answer with the fault. */
  readonly after?: boolean;
}

interface Injection {
  readonly when: (r: SeenRequest) => boolean;
  readonly fault: Fault;
  times: number;
}

export interface FakeOptions {
  readonly token?: string;
  readonly email?: string;
  /** github: owner/repo; gitlab: the project path; jira: the project key. */
  readonly project?: string;
  /** Search results per page (small to exercise pagination). */
  readonly pageSize?: number;
  /** Jira issue types that exist. */
  readonly issueTypes?: readonly string[];
}

export class FakeTracker {
  readonly issues: FakeIssue[] = [];
  readonly requests: SeenRequest[] = [];
  url = '';
  /** Most requests in flight at once. */
  maxInFlight = 0;
  private inFlight = 0;
  private readonly injections: Injection[] = [];
  private readonly server: http.Server;
  /** Called after an issue is created (before the answer is sent). */
  onCreate?: (issue: FakeIssue) => void | Promise<void>;

  constructor(readonly kind: Kind, readonly o: Required<FakeOptions>) {
    this.server = http.createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Answer the next `times` requests matching `when` with the fault. */
  inject(when: (r: SeenRequest) => boolean, fault: Fault, times = 1): void {
    this.injections.push({ when, fault, times });
  }

  /** The create requests seen so far. */
  get creates(): SeenRequest[] {
    return this.requests.filter((r) => isCreate(this.kind, r));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      let body = '';
      for await (const chunk of req) {
        body += String(chunk);
      }
      // A little latency, so that overlapping requests would overlap.
      await new Promise((r) => setTimeout(r, 2));
      const seen: SeenRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      this.requests.push(seen);
      const inj = this.injections.find((i) => i.times > 0 && i.when(seen));
      if (inj) {
        inj.times--;
      }
      if (inj && !inj.fault.after) {
        this.answerFault(res, inj.fault);
        return;
      }
      const answer = await this.route(seen);
      if (inj) {
        this.answerFault(res, inj.fault);
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...this.rateHeaders(), ...(answer.headers ?? {}) });
      res.end(JSON.stringify(answer.body));
    } finally {
      this.inFlight--;
    }
  }

  private answerFault(res: http.ServerResponse, f: Fault): void {
    if (f.reset) {
      res.socket?.destroy();
      return;
    }
    res.writeHead(f.status ?? 500, { 'content-type': 'application/json; charset=utf-8', ...(f.headers ?? {}) });
    res.end(typeof f.body === 'string' ? f.body : JSON.stringify(f.body ?? {}));
  }

  private rateHeaders(): Record<string, string> {
    return this.kind === 'github' ? { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': '1900000000', 'x-ratelimit-resource': 'core' } : {};
  }

  private authorized(r: SeenRequest): boolean {
    const h = r.headers;
    switch (this.kind) {
      case 'github':
        return h.authorization === `Bearer ${this.o.token}` || h.authorization === `token ${this.o.token}`;
      case 'gitlab':
        return h['private-token'] === this.o.token;
      case 'jira':
        return h.authorization === `Basic ${Buffer.from(`${this.o.email}:${this.o.token}`).toString('base64')}`;
    }
  }

  private route(r: SeenRequest): Answer | Promise<Answer> {
    if (!this.authorized(r)) {
      return this.kind === 'github'
        ? { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' } }
        : this.kind === 'gitlab'
          ? { status: 401, body: { message: '401 Unauthorized' } }
          : { status: 401, body: { errorMessages: ['Client must be authenticated to access this resource.'], errors: {} } };
    }
    const url = new URL(r.path, this.url);
    switch (this.kind) {
      case 'github':
        return this.github(r, url);
      case 'gitlab':
        return this.gitlab(r, url);
      case 'jira':
        return this.jira(r, url);
    }
  }

  private page<T>(all: T[], url: URL, page: number): { items: T[]; next?: string; last: number } {
    const per = Math.min(Number(url.searchParams.get('per_page') ?? 30), this.o.pageSize);
    const last = Math.max(1, Math.ceil(all.length / per));
    const items = all.slice((page - 1) * per, page * per);
    if (page >= last) {
      return { items, last };
    }
    const next = new URL(url);
    next.searchParams.set('page', String(page + 1));
    return { items, next: next.toString(), last };
  }

  private async create(issue: Omit<FakeIssue, 'number' | 'key'>, key: (n: number) => string): Promise<FakeIssue> {
    const n = this.issues.length + 1;
    const made = { ...issue, number: n, key: key(n) };
    this.issues.push(made);
    await this.onCreate?.(made);
    return made;
  }

  private async github(r: SeenRequest, url: URL): Promise<Answer> {
    const [owner, repo] = this.o.project.split('/');
    if (r.method === 'GET' && url.pathname === '/search/issues') {
      const q = url.searchParams.get('q') ?? '';
      const phrase = /"([^"]*)"/.exec(q)?.[1] ?? '';
      if (!q.includes(`repo:${owner}/${repo}`)) {
        return { status: 422, body: { message: 'Validation Failed', errors: [{ message: 'The listed users and repositories cannot be searched', resource: 'Search', field: 'q', code: 'invalid' }] } };
      }
      // The real search matches words, not the exact text: every issue of the same review comes back.
      const fuzzy = phrase.replace(/;item=.*$/, '');
      const all = this.issues.filter((i) => i.body.includes(fuzzy));
      const page = Number(url.searchParams.get('page') ?? 1);
      const p = this.page(all, url, page);
      const links: string[] = [];
      if (p.next) {
        const last = new URL(url);
        last.searchParams.set('page', String(p.last));
        links.push(`<${p.next}>; rel="next"`, `<${last}>; rel="last"`);
      }
      return {
        status: 200,
        headers: links.length ? { link: links.join(', ') } : {},
        body: { total_count: all.length, incomplete_results: false, items: p.items.map((i) => this.githubIssue(i)) },
      };
    }
    const m = /^\/repos\/([^/]+)\/([^/]+)\/issues$/.exec(url.pathname);
    if (m && r.method === 'POST') {
      if (decodeURIComponent(m[1]) !== owner || decodeURIComponent(m[2]) !== repo) {
        return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/issues/issues#create-an-issue', status: '404' } };
      }
      const json = parse(r.body);
      if (!json || typeof json.title !== 'string' || !json.title) {
        return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'missing_field', field: 'title' }], status: '422' } };
      }
      const issue = await this.create({ title: json.title as string, body: String(json.body ?? ''), labels: (json.labels as string[]) ?? [], type: json.type as string | undefined, raw: json }, (n) => `#${n}`);
      return { status: 201, headers: { location: `${this.url}/repos/${owner}/${repo}/issues/${issue.number}` }, body: this.githubIssue(issue) };
    }
    return { status: 404, body: { message: 'Not Found', status: '404' } };
  }

  private githubIssue(i: FakeIssue): unknown {
    return { number: i.number, title: i.title, body: i.body, state: 'open', html_url: `https://github.example/${this.o.project}/issues/${i.number}`, labels: i.labels.map((name) => ({ name })) };
  }

  private async gitlab(r: SeenRequest, url: URL): Promise<Answer> {
    const m = /^\/api\/v4\/projects\/([^/]+)\/issues$/.exec(url.pathname);
    if (!m) {
      return { status: 404, body: { error: '404 Not Found' } };
    }
    if (decodeURIComponent(m[1]) !== this.o.project) {
      return { status: 404, body: { message: '404 Project Not Found' } };
    }
    if (r.method === 'GET') {
      const search = url.searchParams.get('search') ?? '';
      const all = this.issues.filter((i) => !search || i.body.includes(search));
      const page = Number(url.searchParams.get('page') ?? 1);
      const p = this.page(all, url, page);
      return {
        status: 200,
        headers: { 'x-page': String(page), 'x-total': String(all.length), ...(p.next ? { 'x-next-page': String(page + 1), link: `<${p.next}>; rel="next"` } : { 'x-next-page': '' }) },
        body: p.items.map((i) => this.gitlabIssue(i)),
      };
    }
    if (r.method === 'POST') {
      const json = parse(r.body);
      if (!json || typeof json.title !== 'string' || !json.title) {
        return { status: 400, body: { error: 'title is missing' } };
      }
      const issue = await this.create({ title: json.title as string, body: String(json.description ?? ''), labels: String(json.labels ?? '').split(',').filter((l) => l), type: json.issue_type as string | undefined, raw: json }, (n) => `#${n}`);
      return { status: 201, body: this.gitlabIssue(issue) };
    }
    return { status: 405, body: { error: '405 Method Not Allowed' } };
  }

  private gitlabIssue(i: FakeIssue): unknown {
    return { id: 1000 + i.number, iid: i.number, title: i.title, description: i.body, state: 'opened', labels: i.labels, web_url: `https://gitlab.example/${this.o.project}/-/issues/${i.number}` };
  }

  private async jira(r: SeenRequest, url: URL): Promise<Answer> {
    const json = parse(r.body);
    if (r.method === 'POST' && url.pathname === '/rest/api/3/search/jql') {
      const jql = String(json?.jql ?? '');
      const project = /project\s*=\s*"?([A-Z0-9]+)"?/.exec(jql)?.[1];
      const words = /text\s*~\s*"\\"(.*?)\\""/.exec(jql)?.[1];
      if (!project || words === undefined) {
        return { status: 400, body: { errorMessages: [`Error in the JQL Query: ${jql}`], errors: {} } };
      }
      const norm = (s: string) => s.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
      // Jira's text search is by words too: every issue of the review.
      const fuzzy = norm(words).replace(/ item .*$/, '');
      const all = this.issues.filter((i) => project === this.o.project && norm(i.body).includes(fuzzy));
      const start = Number(json?.nextPageToken ?? 0);
      const per = Math.min(Number(json?.maxResults ?? 50), this.o.pageSize);
      const items = all.slice(start, start + per);
      const more = start + per < all.length;
      return { status: 200, body: { issues: items.map((i) => ({ id: String(10000 + i.number), key: i.key, fields: { description: (i.raw as { fields: { description: unknown } }).fields.description } })), ...(more ? { nextPageToken: String(start + per) } : {}), isLast: !more } };
    }
    if (r.method === 'POST' && url.pathname === '/rest/api/3/issue') {
      const fields = (json?.fields ?? {}) as Record<string, { key?: string; name?: string } & Record<string, unknown>>;
      const errors: Record<string, string> = {};
      if (fields.project?.key !== this.o.project) {
        errors.project = 'valid project is required';
      }
      if (!this.o.issueTypes.includes(String(fields.issuetype?.name))) {
        errors.issuetype = 'Specify a valid issue type';
      }
      if (typeof fields.summary !== 'string' || !fields.summary) {
        errors.summary = 'You must specify a summary of the issue.';
      }
      const d = fields.description as unknown as { type?: string; version?: number } | undefined;
      if (d && (d.type !== 'doc' || d.version !== 1)) {
        return { status: 400, body: { errorMessages: ['Operation value must be an Atlassian Document (see the Atlassian Document Format)'], errors: {} } };
      }
      if (Object.keys(errors).length) {
        return { status: 400, body: { errorMessages: [], errors } };
      }
      const issue = await this.create({ title: String(fields.summary), body: adfPlain(d), labels: (fields.labels as unknown as string[]) ?? [], type: fields.issuetype?.name, raw: json }, (n) => `${this.o.project}-${n}`);
      return { status: 201, body: { id: String(10000 + issue.number), key: issue.key, self: `${this.url}/rest/api/3/issue/${10000 + issue.number}` } };
    }
    return { status: 404, body: { errorMessages: ['Not found'], errors: {} } };
  }
}

interface Answer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body: unknown;
}

function isCreate(kind: Kind, r: SeenRequest): boolean {
  return r.method === 'POST' && (kind === 'jira' ? r.path.startsWith('/rest/api/3/issue') : r.path.split('?')[0].endsWith('/issues'));
}

function parse(body: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(body) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function adfPlain(node: unknown): string {
  const n = node as { text?: string; content?: unknown[] } | undefined;
  return n ? (n.text ?? '') + (n.content ?? []).map(adfPlain).join(' ') : '';
}

export async function startFake(kind: Kind, o: FakeOptions = {}): Promise<FakeTracker> {
  return new FakeTracker(kind, {
    token: o.token ?? 'tok-SECRET-1234567890',
    email: o.email ?? 'oncall@example.com',
    project: o.project ?? (kind === 'github' ? 'acme/payments' : kind === 'gitlab' ? 'acme/platform/payments' : 'OPS'),
    pageSize: o.pageSize ?? 100,
    issueTypes: o.issueTypes ?? ['Task', 'Story', 'Bug'],
  }).start();
}

/** Is the request a create? */
export const createRequest = (kind: Kind) => (r: SeenRequest): boolean => isCreate(kind, r);
/** Is the request a search? */
export const searchRequest = (kind: Kind) => (r: SeenRequest): boolean => !isCreate(kind, r);
