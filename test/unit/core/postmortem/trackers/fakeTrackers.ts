// Loopback fakes of the GitHub, GitLab and Jira Cloud issue APIs: the paths, methods, status codes, headers and
// error bodies of the real ones, issues held in memory, and faults to inject. Not a test file (no .test.).
// Two accounts (the on-call's token and a squatter's), each issue with its author and creation time, and a search
// index that can lag (`searchLagMs`: issues younger than that are not found by search, as on github.com, while the
// listings — GitHub's `GET /repos/o/r/issues?creator=`, GitLab's `?author_id=`, Jira's `creator = currentUser()` —
// are consistent).
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Kind = 'github' | 'gitlab' | 'jira';

export interface FakeAccount {
  readonly token: string;
  readonly id: number;
  readonly login: string;
  /** Jira: the e-mail of the Basic credentials. */
  readonly email: string;
}

/** The squatter's account: files issues carrying someone else's markers. */
export const SQUATTER: FakeAccount = { token: 'tok-MALLORY-0987654321', id: 666, login: 'mallory', email: 'mallory@example.com' };

export interface FakeIssue {
  readonly number: number;
  /** The account id of its creator. */
  readonly author: number;
  /** Created at, ms since the epoch. */
  readonly created: number;
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
  /** Search does not see issues younger than this (ms); listings always do. */
  readonly searchLagMs?: number;
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

  get accounts(): FakeAccount[] {
    return [{ token: this.o.token, id: 1, login: 'on-call', email: this.o.email }, SQUATTER];
  }

  private accountOf(r: SeenRequest): FakeAccount | undefined {
    const h = r.headers;
    return this.accounts.find((a) => {
      switch (this.kind) {
        case 'github':
          return h.authorization === `Bearer ${a.token}` || h.authorization === `token ${a.token}`;
        case 'gitlab':
          return h['private-token'] === a.token;
        case 'jira':
          return h.authorization === `Basic ${Buffer.from(`${a.email}:${a.token}`).toString('base64')}`;
      }
    });
  }

  /** Whether search sees the issue yet. */
  private indexed(i: FakeIssue): boolean {
    return Date.now() - i.created >= this.o.searchLagMs;
  }

  private route(r: SeenRequest): Answer | Promise<Answer> {
    const me = this.accountOf(r);
    if (!me) {
      return this.kind === 'github'
        ? { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' } }
        : this.kind === 'gitlab'
          ? { status: 401, body: { message: '401 Unauthorized' } }
          : { status: 401, body: { errorMessages: ['Client must be authenticated to access this resource.'], errors: {} } };
    }
    const url = new URL(r.path, this.url);
    switch (this.kind) {
      case 'github':
        return this.github(r, url, me);
      case 'gitlab':
        return this.gitlab(r, url, me);
      case 'jira':
        return this.jira(r, url, me);
    }
  }

  private account(id: number): FakeAccount {
    return this.accounts.find((a) => a.id === id) ?? { token: '', id, login: `user${id}`, email: '' };
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

  private async create(issue: Omit<FakeIssue, 'number' | 'key' | 'author' | 'created'>, key: (n: number) => string, me: FakeAccount): Promise<FakeIssue> {
    const n = this.issues.length + 1;
    const made = { ...issue, number: n, key: key(n), author: me.id, created: Date.now() };
    this.issues.push(made);
    await this.onCreate?.(made);
    return made;
  }

  private async github(r: SeenRequest, url: URL, me: FakeAccount): Promise<Answer> {
    const [owner, repo] = this.o.project.split('/');
    if (r.method === 'GET' && url.pathname === '/user') {
      return { status: 200, body: { login: me.login, id: me.id, node_id: `U_${me.id}`, type: 'User', site_admin: false } };
    }
    if (r.method === 'GET' && url.pathname === '/search/issues') {
      const q = url.searchParams.get('q') ?? '';
      const phrase = /"([^"]*)"/.exec(q)?.[1] ?? '';
      if (!q.includes(`repo:${owner}/${repo}`)) {
        return { status: 422, body: { message: 'Validation Failed', errors: [{ message: 'The listed users and repositories cannot be searched', resource: 'Search', field: 'q', code: 'invalid' }] } };
      }
      // The real search matches words, not the exact text: every issue of the same review comes back.
      const fuzzy = phrase.replace(/;item=.*$/, '');
      const all = this.issues.filter((i) => this.indexed(i) && i.body.includes(fuzzy));
      const page = Number(url.searchParams.get('page') ?? 1);
      const p = this.page(all, url, page);
      return {
        status: 200,
        headers: this.githubLinks(url, p),
        body: { total_count: all.length, incomplete_results: false, items: p.items.map((i) => this.githubIssue(i)) },
      };
    }
    const m = /^\/repos\/([^/]+)\/([^/]+)\/issues$/.exec(url.pathname);
    if (m && r.method === 'GET') {
      // List repository issues: creator, state (open by default), sort (created), direction (desc), per_page, page.
      if (decodeURIComponent(m[1]) !== owner || decodeURIComponent(m[2]) !== repo) {
        return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/issues/issues#list-repository-issues', status: '404' } };
      }
      const creator = url.searchParams.get('creator');
      const asc = url.searchParams.get('direction') === 'asc';
      const all = this.issues.filter((i) => !creator || this.account(i.author).login.toLowerCase() === creator.toLowerCase())
        .sort((a, b) => (asc ? a.created - b.created || a.number - b.number : b.created - a.created || b.number - a.number));
      const page = Number(url.searchParams.get('page') ?? 1);
      const p = this.page(all, url, page);
      return { status: 200, headers: this.githubLinks(url, p), body: p.items.map((i) => this.githubIssue(i)) };
    }
    if (m && r.method === 'POST') {
      if (decodeURIComponent(m[1]) !== owner || decodeURIComponent(m[2]) !== repo) {
        return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/issues/issues#create-an-issue', status: '404' } };
      }
      const json = parse(r.body);
      if (!json || typeof json.title !== 'string' || !json.title) {
        return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'missing_field', field: 'title' }], status: '422' } };
      }
      const issue = await this.create({ title: json.title as string, body: String(json.body ?? ''), labels: (json.labels as string[]) ?? [], type: json.type as string | undefined, raw: json }, (n) => `#${n}`, me);
      return { status: 201, headers: { location: `${this.url}/repos/${owner}/${repo}/issues/${issue.number}` }, body: this.githubIssue(issue) };
    }
    return { status: 404, body: { message: 'Not Found', status: '404' } };
  }

  private githubLinks(url: URL, p: { next?: string; last: number }): Record<string, string> {
    if (!p.next) {
      return {};
    }
    const last = new URL(url);
    last.searchParams.set('page', String(p.last));
    return { link: `<${p.next}>; rel="next", <${last}>; rel="last"` };
  }

  private githubIssue(i: FakeIssue): unknown {
    const user = this.account(i.author);
    return {
      number: i.number, title: i.title, body: i.body, state: 'open', html_url: `https://github.example/${this.o.project}/issues/${i.number}`,
      labels: i.labels.map((name) => ({ name })), user: { login: user.login, id: user.id, type: 'User' }, created_at: new Date(i.created).toISOString(),
    };
  }

  private async gitlab(r: SeenRequest, url: URL, me: FakeAccount): Promise<Answer> {
    if (r.method === 'GET' && url.pathname === '/api/v4/user') {
      return { status: 200, body: { id: me.id, username: me.login, name: me.login, state: 'active', web_url: `https://gitlab.example/${me.login}` } };
    }
    const m = /^\/api\/v4\/projects\/([^/]+)\/issues$/.exec(url.pathname);
    if (!m) {
      return { status: 404, body: { error: '404 Not Found' } };
    }
    if (decodeURIComponent(m[1]) !== this.o.project) {
      return { status: 404, body: { message: '404 Project Not Found' } };
    }
    if (r.method === 'GET') {
      // search (the index, which may lag), author_id, created_after, order_by=created_at, sort (desc by default).
      const search = url.searchParams.get('search') ?? '';
      const author = url.searchParams.get('author_id');
      const after = url.searchParams.get('created_after');
      const asc = url.searchParams.get('sort') === 'asc';
      const all = this.issues.filter((i) => (!search || (this.indexed(i) && i.body.includes(search)))
        && (!author || String(i.author) === author) && (!after || i.created >= Date.parse(after)))
        .sort((a, b) => (asc ? a.created - b.created || a.number - b.number : b.created - a.created || b.number - a.number));
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
      const issue = await this.create({ title: json.title as string, body: String(json.description ?? ''), labels: String(json.labels ?? '').split(',').filter((l) => l), type: json.issue_type as string | undefined, raw: json }, (n) => `#${n}`, me);
      return { status: 201, body: this.gitlabIssue(issue) };
    }
    return { status: 405, body: { error: '405 Method Not Allowed' } };
  }

  private gitlabIssue(i: FakeIssue): unknown {
    const a = this.account(i.author);
    return {
      id: 1000 + i.number, iid: i.number, title: i.title, description: i.body, state: 'opened', labels: i.labels, web_url: `https://gitlab.example/${this.o.project}/-/issues/${i.number}`,
      author: { id: a.id, username: a.login, name: a.login }, created_at: new Date(i.created).toISOString(),
    };
  }

  private async jira(r: SeenRequest, url: URL, me: FakeAccount): Promise<Answer> {
    const json = parse(r.body);
    if (r.method === 'GET' && url.pathname === '/rest/api/3/myself') {
      return { status: 200, body: { accountId: `acc-${me.id}`, accountType: 'atlassian', emailAddress: me.email, displayName: me.login, active: true } };
    }
    if (r.method === 'POST' && url.pathname === '/rest/api/3/search/jql') {
      const jql = String(json?.jql ?? '');
      const project = /project\s*=\s*"?([A-Z0-9]+)"?/.exec(jql)?.[1];
      const words = /text\s*~\s*"\\"(.*?)\\""/.exec(jql)?.[1];
      const mine = /\bcreator\s*=\s*currentUser\(\)/.test(jql);
      const since = /\bcreated\s*>=\s*-(\d+)m\b/.exec(jql);
      if (!project || (words === undefined && !mine)) {
        return { status: 400, body: { errorMessages: [`Error in the JQL Query: ${jql}`], errors: {} } };
      }
      const norm = (s: string) => s.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
      // Jira's text search is by words too: every issue of the review.
      const fuzzy = words === undefined ? undefined : norm(words).replace(/ item .*$/, '');
      const all = this.issues.filter((i) => project === this.o.project
        && (fuzzy === undefined || (this.indexed(i) && norm(i.body).includes(fuzzy)))
        && (!mine || i.author === me.id)
        && (!since || i.created >= Date.now() - Number(since[1]) * 60_000))
        .sort((a, b) => (/ORDER BY created DESC/i.test(jql) ? b.created - a.created || b.number - a.number : a.created - b.created || a.number - b.number));
      const start = Number(json?.nextPageToken ?? 0);
      const per = Math.min(Number(json?.maxResults ?? 50), this.o.pageSize);
      const items = all.slice(start, start + per);
      const more = start + per < all.length;
      const fields = (i: FakeIssue) => ({
        description: (i.raw as { fields: { description: unknown } }).fields.description,
        creator: { accountId: `acc-${i.author}`, displayName: this.account(i.author).login },
      });
      return { status: 200, body: { issues: items.map((i) => ({ id: String(10000 + i.number), key: i.key, fields: fields(i) })), ...(more ? { nextPageToken: String(start + per) } : {}), isLast: !more } };
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
      const issue = await this.create({ title: String(fields.summary), body: adfPlain(d), labels: (fields.labels as unknown as string[]) ?? [], type: fields.issuetype?.name, raw: json }, (n) => `${this.o.project}-${n}`, me);
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
    searchLagMs: o.searchLagMs ?? 0,
  }).start();
}

/** Is the request a create? */
export const createRequest = (kind: Kind) => (r: SeenRequest): boolean => isCreate(kind, r);
/** Is the request a search (by marker, in the search index)? */
export const searchRequest = (kind: Kind) => (r: SeenRequest): boolean => !isCreate(kind, r) && !isWhoAmI(kind, r) && !isListing(kind, r);
/** Is the request the consistent listing of the account's own issues? */
export const listingRequest = (kind: Kind) => (r: SeenRequest): boolean => isListing(kind, r);

function isWhoAmI(kind: Kind, r: SeenRequest): boolean {
  return r.method === 'GET' && ['/user', '/api/v4/user', '/rest/api/3/myself'].includes(r.path.split('?')[0]) && (kind === 'jira') === r.path.startsWith('/rest');
}

function isListing(kind: Kind, r: SeenRequest): boolean {
  switch (kind) {
    case 'github':
      return r.method === 'GET' && /^\/repos\/[^/]+\/[^/]+\/issues\?/.test(r.path) && r.path.includes('creator=');
    case 'gitlab':
      return r.method === 'GET' && r.path.includes('/issues?') && r.path.includes('author_id=');
    case 'jira':
      return r.method === 'POST' && r.path.startsWith('/rest/api/3/search/jql') && /creator\s*=\s*currentUser/.test(r.body);
  }
}
