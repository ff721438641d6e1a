import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { issueMarker } from '../../../../../src/core/postmortem/filing';
import { createGitHubTracker } from '../../../../../src/core/postmortem/trackers/github';
import { createGitLabTracker } from '../../../../../src/core/postmortem/trackers/gitlab';
import { MAX_BODY_BYTES, TrackerError, TrackerHttp, errorMessageOf, httpClientOverFetch, nextLink, outcomeUnknown, retryDelayMs, scrub, type HttpClient } from '../../../../../src/core/postmortem/trackers/http';
import { createTracker } from '../../../../../src/core/postmortem/trackers/index';
import { adfText, createJiraTracker, markdownToAdf } from '../../../../../src/core/postmortem/trackers/jira';
import { holdsMarker, type Tracker } from '../../../../../src/core/postmortem/trackers/types';
import { SQUATTER, createRequest, listingRequest, searchRequest, startFake, type FakeTracker, type Kind } from './fakeTrackers';

const TOKEN = 'tok-SECRET-1234567890';
const client: HttpClient = httpClientOverFetch(fetch, { timeoutMs: 5000 });
const fakes: FakeTracker[] = [];
after(async () => {
  await Promise.all(fakes.map((f) => f.close()));
});

async function fake(kind: Kind, o: Parameters<typeof startFake>[1] = {}): Promise<FakeTracker> {
  const f = await startFake(kind, o);
  fakes.push(f);
  return f;
}

interface Made {
  readonly tracker: Tracker;
  readonly slept: number[];
}

function trackerFor(f: FakeTracker, o: { token?: string; email?: string; now?: number } = {}): Made {
  const slept: number[] = [];
  const retry = { sleep: async (ms: number) => void slept.push(ms), now: () => o.now ?? Date.parse('2026-01-01T00:00:00Z') };
  const token = o.token ?? TOKEN;
  const tracker = f.kind === 'github'
    ? createGitHubTracker(client, { ...retry, owner: 'acme', repo: 'payments', token, baseUrl: f.url })
    : f.kind === 'gitlab'
      ? createGitLabTracker(client, { ...retry, project: 'acme/platform/payments', token, baseUrl: f.url })
      : createJiraTracker(client, { ...retry, siteUrl: f.url, project: 'OPS', email: o.email ?? 'oncall@example.com', apiToken: token });
  return { tracker, slept };
}

/** A tracker for the squatter's account, on the same fake. */
const squatter = (f: FakeTracker) => trackerFor(f, { token: SQUATTER.token, email: SQUATTER.email }).tracker;

const issue = (i: number) => ({ title: `Item ${i}`, body: `Do thing ${i}\n\nFrom https://wiki.example/review\n\n${issueMarker('2026-01-01-outage', `AI-${i}`)}`, labels: ['postmortem', 'sev 1'] });

/** The issue the token's account filed with this marker, by search. */
async function find(tracker: Tracker, marker: string) {
  return (await tracker.findByMarker(marker, await tracker.me())).found;
}

async function rejects(p: Promise<unknown>): Promise<TrackerError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof TrackerError, String(e));
    return e;
  }
  assert.fail('expected a TrackerError');
}

for (const kind of ['github', 'gitlab', 'jira'] as const) {
  describe(`${kind} tracker against a loopback fake`, () => {
    it('creates issues and finds each by its marker across result pages', async () => {
      const f = await fake(kind, { pageSize: 2 });
      const { tracker } = trackerFor(f);
      assert.equal(await find(tracker, issueMarker('2026-01-01-outage', 'AI-1')), undefined);
      const refs = [];
      for (let i = 1; i <= 5; i++) {
        refs.push(await tracker.create(issue(i)));
      }
      assert.equal(f.issues.length, 5);
      assert.equal(new Set(refs.map((r) => r.url)).size, 5);
      // AI-5 is on the third page of the review's issues.
      assert.deepEqual(await find(tracker, issueMarker('2026-01-01-outage', 'AI-5')), refs[4]);
      assert.deepEqual(await find(tracker, issueMarker('2026-01-01-outage', 'AI-1')), refs[0]);
      assert.equal(await find(tracker, issueMarker('2026-01-01-outage', 'AI-6')), undefined);
      assert.equal(await find(tracker, issueMarker('other-review', 'AI-1')), undefined);
      assert.equal(f.maxInFlight, 1);
    });

    it('sends the documented auth and headers', async () => {
      const f = await fake(kind);
      const { tracker } = trackerFor(f);
      const ref = await tracker.create(issue(1));
      const h = f.creates[0].headers;
      if (kind === 'github') {
        assert.equal(h.authorization, `Bearer ${TOKEN}`);
        assert.equal(h.accept, 'application/vnd.github+json');
        assert.equal(h['x-github-api-version'], '2022-11-28');
        assert.equal(f.creates[0].path, '/repos/acme/payments/issues');
        assert.deepEqual(ref, { url: 'https://github.example/acme/payments/issues/1', key: '#1' });
      } else if (kind === 'gitlab') {
        assert.equal(h['private-token'], TOKEN);
        assert.equal(f.creates[0].path, '/api/v4/projects/acme%2Fplatform%2Fpayments/issues');
        assert.equal(JSON.parse(f.creates[0].body).labels, 'postmortem,sev 1');
        assert.deepEqual(ref, { url: 'https://gitlab.example/acme/platform/payments/-/issues/1', key: '#1' });
      } else {
        assert.equal(h.authorization, `Basic ${Buffer.from(`oncall@example.com:${TOKEN}`).toString('base64')}`);
        const fields = JSON.parse(f.creates[0].body).fields;
        assert.deepEqual(fields.project, { key: 'OPS' });
        assert.deepEqual(fields.issuetype, { name: 'Task' });
        assert.deepEqual(fields.labels, ['postmortem', 'sev-1']);
        assert.equal(fields.description.type, 'doc');
        assert.deepEqual(ref, { url: `${f.url}/browse/OPS-1`, key: 'OPS-1' });
      }
    });

    it('reports a rejected token (401) with the tracker\'s message and never the token', async () => {
      const f = await fake(kind);
      const { tracker } = trackerFor(f, { token: 'wrong-TOKEN-abcdef' });
      const e = await rejects(tracker.create(issue(1)));
      assert.equal(e.status, 401);
      assert.match(e.message, kind === 'github' ? /Bad credentials/ : kind === 'gitlab' ? /401 Unauthorized/ : /must be authenticated/);
      assert.match(e.message, /check the token/);
      assert.ok(!e.message.includes('wrong-TOKEN-abcdef') && !e.stack?.includes('wrong-TOKEN-abcdef'));
      assert.equal(f.issues.length, 0);
    });

    it('waits as retry-after says on 429, then succeeds, filing once', async () => {
      const f = await fake(kind);
      const { tracker, slept } = trackerFor(f);
      f.inject(createRequest(kind), { status: 429, headers: { 'retry-after': '7' }, body: { message: 'slow down' } });
      await tracker.create(issue(1));
      assert.deepEqual(slept, [7000]);
      assert.equal(f.issues.length, 1);
      assert.equal(f.creates.length, 2);
    });

    it('retries a search after a 500 and a reset connection, but never a create', async () => {
      const f = await fake(kind);
      const { tracker, slept } = trackerFor(f);
      f.inject(searchRequest(kind), { status: 500, body: { message: 'Server Error' } });
      f.inject(searchRequest(kind), { reset: true });
      assert.equal(await find(tracker, issueMarker('r', 'AI-1')), undefined);
      assert.deepEqual(slept, [1000, 2000]);
      f.inject(createRequest(kind), { status: 500, body: kind === 'jira' ? { errorMessages: ['Internal server error'] } : { message: 'Internal Server Error' } });
      const e = await rejects(tracker.create(issue(1)));
      assert.equal(e.status, 500);
      assert.match(e.message, /Internal server error/i);
      f.inject(createRequest(kind), { reset: true, after: true });
      const reset = await rejects(tracker.create(issue(2)));
      assert.equal(reset.status, 0);
      assert.match(reset.message, /network error/);
      // The dropped answer's issue exists: a re-run finds it by its marker instead of filing it again.
      assert.equal(f.issues.length, 1);
      assert.ok(await find(tracker, issueMarker('2026-01-01-outage', 'AI-2')));
    });

    it('knows its account, and takes a marker only from an issue that account created', async () => {
      const f = await fake(kind);
      const { tracker } = trackerFor(f);
      const me = await tracker.me();
      assert.deepEqual([me.id, me.name], kind === 'jira' ? ['acc-1', 'on-call'] : ['1', '@on-call']);
      const marker = issueMarker('2026-01-01-outage', 'AI-1');
      const squatted = await squatter(f).create(issue(1));
      const s = await tracker.findByMarker(marker, me);
      assert.equal(s.found, undefined);
      assert.deepEqual(s.ignored.map((i) => [i.ref, i.author?.name]), [[squatted, kind === 'jira' ? 'mallory' : '@mallory']]);
      assert.equal(await tracker.findCreatedByMe(marker, me, Date.now() - 60_000), undefined);
      const mine = await tracker.create(issue(1));
      assert.deepEqual((await tracker.findByMarker(marker, me)).found, mine);
      assert.deepEqual(await tracker.findCreatedByMe(marker, me, Date.now() - 60_000), mine);
    });

    it('finds its own issue in the consistent listing while the search index lags', async () => {
      const f = await fake(kind, { searchLagMs: 60_000, pageSize: 2 });
      const { tracker } = trackerFor(f);
      const me = await tracker.me();
      const refs = [];
      for (let i = 1; i <= 5; i++) {
        refs.push(await tracker.create(issue(i)));
      }
      await squatter(f).create(issue(6));
      assert.equal((await tracker.findByMarker(issueMarker('2026-01-01-outage', 'AI-1'), me)).found, undefined);
      // Newest first, across pages; an issue of the right review but another item is not it (AI-1 is not AI-10).
      assert.deepEqual(await tracker.findCreatedByMe(issueMarker('2026-01-01-outage', 'AI-1'), me, Date.now() - 60_000), refs[0]);
      assert.equal(await tracker.findCreatedByMe(issueMarker('2026-01-01-outage', 'AI-6'), me, Date.now() - 60_000), undefined);
      assert.ok(f.requests.some(listingRequest(kind)));
    });

    it('sends the token nowhere else: a redirect is not followed', async () => {
      const f = await fake(kind);
      const other = await fake(kind);
      const { tracker } = trackerFor(f);
      f.inject(createRequest(kind), { status: 307, headers: { location: `${other.url}/steal` }, body: {} });
      const e = await rejects(tracker.create(issue(1)));
      assert.equal(e.status, 307);
      assert.match(e.message, new RegExp(`a redirect to ${other.url}, not followed`));
      assert.ok(!outcomeUnknown(e));
      assert.equal(other.requests.length, 0);
      assert.equal(f.issues.length, 0);
    });
  });
}

it('follows a read redirected within the same origin (a renamed repository), never a write', async () => {
  const f = await fake('github');
  const { tracker } = trackerFor(f);
  f.inject((r) => r.path === '/user', { status: 301, headers: { location: `${f.url}/user?moved=1` }, body: { message: 'Moved Permanently' } });
  assert.equal((await tracker.me()).name, '@on-call');
  assert.deepEqual(f.requests.map((r) => r.path), ['/user', '/user?moved=1']);
  f.inject(createRequest('github'), { status: 307, headers: { location: `${f.url}/repos/acme/payments/issues` }, body: {} });
  assert.equal((await rejects(tracker.create(issue(1)))).status, 307);
  assert.equal(f.issues.length, 0);
});

for (const kind of ['github', 'gitlab'] as const) {
  it(`${kind}: a next-page link to another host is refused before anything is sent`, async () => {
    const f = await fake(kind);
    const other = await fake(kind);
    const { tracker } = trackerFor(f);
    f.inject(searchRequest(kind), { status: 200, headers: { link: `<${other.url}/search/issues?page=2>; rel="next"` }, body: kind === 'github' ? { total_count: 0, items: [] } : [] });
    const e = await rejects(tracker.findByMarker(issueMarker('r', 'AI-1'), await tracker.me()));
    assert.ok(e.notSent);
    assert.match(e.message, new RegExp(`refusing to send the token to ${other.url}`));
    assert.equal(other.requests.length, 0);
  });
}

describe('GitHub rate limits', () => {
  it('waits for x-ratelimit-reset on a 403 with no requests remaining', async () => {
    const f = await fake('github');
    const now = Date.parse('2026-01-01T00:00:00Z');
    const { tracker, slept } = trackerFor(f, { now });
    f.inject(createRequest('github'), { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 12) }, body: { message: 'API rate limit exceeded for user ID 1.' } });
    await tracker.create(issue(1));
    assert.deepEqual(slept, [12_000]);
  });

  it('honours retry-after as an HTTP date on a secondary rate limit', async () => {
    const f = await fake('github');
    const now = Date.parse('2026-01-01T00:00:00Z');
    const { tracker, slept } = trackerFor(f, { now });
    f.inject(createRequest('github'), { status: 403, headers: { 'retry-after': new Date(now + 5000).toUTCString() }, body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' } });
    await tracker.create(issue(1));
    assert.deepEqual(slept, [5000]);
  });

  it('gives up at once when the wait would exceed 60 s, and after 3 retries', async () => {
    const f = await fake('github');
    const { tracker, slept } = trackerFor(f);
    f.inject(createRequest('github'), { status: 429, headers: { 'retry-after': '120' }, body: { message: 'too many' } });
    const long = await rejects(tracker.create(issue(1)));
    assert.equal(long.status, 429);
    assert.match(long.message, /rate limited; retry in 120 s/);
    assert.deepEqual(slept, []);
    f.inject(createRequest('github'), { status: 429, headers: { 'retry-after': '1' }, body: { message: 'too many' } }, 10);
    await rejects(tracker.create(issue(2)));
    assert.deepEqual(slept, [1000, 1000, 1000]);
    assert.equal(f.creates.length, 1 + 4);
    assert.equal(f.issues.length, 0);
  });

  it('prints no terminal escapes a tracker sends', async () => {
    const f = await fake('github');
    const { tracker } = trackerFor(f);
    f.inject(createRequest('github'), { status: 422, body: { message: 'Validation \u001b[2J\u001b]8;;https://evil.example\u0007Failed' } });
    const e = await rejects(tracker.create(issue(1)));
    assert.match(e.message, /422 Validation \?\[2J\?\]8;;https:\/\/evil\.example\?Failed$/);
    // eslint-disable-next-line no-control-regex -- what must not be there
    assert.doesNotMatch(e.message, /[\u0000-\u001f]/);
  });

  it('treats a 403 without rate-limit signs as a refusal', async () => {
    const f = await fake('github');
    const { tracker, slept } = trackerFor(f);
    f.inject(createRequest('github'), { status: 403, body: { message: 'Resource not accessible by personal access token' } });
    const e = await rejects(tracker.create(issue(1)));
    assert.equal(e.status, 403);
    assert.match(e.message, /not accessible/);
    assert.deepEqual(slept, []);
  });

  it('surfaces 404 and 422 messages', async () => {
    const f = await fake('github', { project: 'acme/other' });
    const { tracker } = trackerFor(f);
    assert.match((await rejects(tracker.create(issue(1)))).message, /404 Not Found/);
    const g = await fake('github');
    const e = await rejects(trackerFor(g).tracker.create({ ...issue(1), title: '' }));
    assert.equal(e.status, 422);
    assert.match(e.message, /Validation Failed; title missing_field/);
  });
});

describe('Jira specifics', () => {
  it('rejects an unknown issue type with Jira\'s field error', async () => {
    const f = await fake('jira');
    const e = await rejects(trackerFor(f).tracker.create({ ...issue(1), type: 'Epicc' }));
    assert.equal(e.status, 400);
    assert.match(e.message, /issuetype: Specify a valid issue type/);
  });

  it('writes the body as ADF: paragraphs, links, the marker as text', () => {
    const doc = markdownToAdf('Line one\nline two\n\nSee https://x.example/r.\n\n<!-- incident-runbooks:review=r;item=AI-1 -->');
    assert.equal(doc.type, 'doc');
    assert.equal(doc.version, 1);
    assert.equal(doc.content?.length, 3);
    assert.deepEqual(doc.content?.[1].content?.[1], { type: 'text', text: 'https://x.example/r', marks: [{ type: 'link', attrs: { href: 'https://x.example/r' } }] });
    assert.ok(adfText(doc).includes('incident-runbooks:review=r;item=AI-1'));
    assert.ok(!adfText(doc).includes('<!--'));
  });
});

describe('tracker http helpers', () => {
  const res = (status: number, headers: Record<string, string> = {}, body = '') => ({ status, headers, body });

  it('computes retry delays from the headers', () => {
    const now = 1_000_000_000_000;
    assert.equal(retryDelayMs(res(429, { 'retry-after': '3' }), 0, now, false), 3000);
    assert.equal(retryDelayMs(res(429), 2, now, false), 4000);
    assert.equal(retryDelayMs(res(503), 0, now, false), undefined);
    assert.equal(retryDelayMs(res(503), 1, now, true), 2000);
    assert.equal(retryDelayMs(res(404), 0, now, true), undefined);
    assert.equal(retryDelayMs(res(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 30) }), 0, now, false), 30_000);
    assert.equal(retryDelayMs(res(403, {}, '{"message":"You have exceeded a secondary rate limit"}'), 0, now, false), 60_000);
    assert.equal(retryDelayMs(res(403, {}, '{"message":"Must have admin rights"}'), 0, now, false), undefined);
  });

  it('reads the next page of a Link header', () => {
    assert.equal(nextLink('<https://a/x?page=2>; rel="next", <https://a/x?page=9>; rel="last"'), 'https://a/x?page=2');
    assert.equal(nextLink('<https://a/x?page=1>; rel="prev"'), undefined);
    assert.equal(nextLink(undefined), undefined);
  });

  it('reads each tracker\'s error body', () => {
    assert.equal(errorMessageOf('{"message":"Bad credentials"}'), 'Bad credentials');
    assert.equal(errorMessageOf('{"message":{"title":["can\'t be blank"]}}'), 'title: can\'t be blank');
    assert.equal(errorMessageOf('{"errorMessages":["No project"],"errors":{"summary":"required"}}'), 'No project; summary: required');
    assert.equal(errorMessageOf('<html><body>Bad gateway</body></html>'), 'Bad gateway');
  });

  it('matches a marker whole', () => {
    assert.ok(holdsMarker('x <!-- incident-runbooks:review=r;item=AI-1 --> y', issueMarker('r', 'AI-1')));
    assert.ok(holdsMarker('incident-runbooks:review=r;item=AI-1', issueMarker('r', 'AI-1')));
    assert.ok(!holdsMarker('<!-- incident-runbooks:review=r;item=AI-10 -->', issueMarker('r', 'AI-1')));
    assert.ok(!holdsMarker('<!-- incident-runbooks:review=r-2;item=AI-1 -->', issueMarker('r', 'AI-1')));
  });

  it('reads at most the body cap, and says so', async () => {
    const big = 'x'.repeat(2048);
    const streamed: HttpClient = httpClientOverFetch(async () => new Response(big), { maxBodyBytes: 1024 });
    await assert.rejects(streamed.request({ method: 'GET', url: 'http://x/', headers: {} }), /larger than 1024 bytes/);
    const declared: HttpClient = httpClientOverFetch(async () => new Response('{}', { headers: { 'content-length': String(MAX_BODY_BYTES + 1) } }));
    await assert.rejects(declared.request({ method: 'GET', url: 'http://x/', headers: {} }), /larger than/);
    const small = await httpClientOverFetch(async () => new Response('{"ok":true}'), { maxBodyBytes: 1024 }).request({ method: 'GET', url: 'http://x/', headers: {} });
    assert.equal(small.body, '{"ok":true}');
  });

  it('tells a refusal from an unknown outcome', () => {
    assert.ok(outcomeUnknown(new TrackerError(0, 'socket hang up')));
    assert.ok(outcomeUnknown(new TrackerError(502, 'bad gateway')));
    assert.ok(outcomeUnknown(new TrackerError(201, 'not JSON')));
    assert.ok(!outcomeUnknown(new TrackerError(0, 'ECONNREFUSED', true)));
    assert.ok(!outcomeUnknown(new TrackerError(422, 'Validation Failed')));
    assert.ok(!outcomeUnknown(new TrackerError(429, 'slow down')));
  });

  it('scrubs secrets, also URL-encoded', () => {
    assert.equal(scrub('a tok/en+1 b tok%2Fen%2B1', ['tok/en+1']), 'a *** b ***');
  });

  it('sends one request at a time', async () => {
    let inFlight = 0;
    let most = 0;
    const slow: HttpClient = {
      async request() {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return res(200, {}, '{}');
      },
    };
    const http = new TrackerHttp(slow);
    await Promise.all([1, 2, 3].map(() => http.send({ method: 'GET', url: 'http://x/', headers: {} })));
    assert.equal(most, 1);
  });

  it('keeps a token a client echoes out of the error', async () => {
    const echo: HttpClient = { request: async (r) => res(400, {}, JSON.stringify({ message: `bad header ${r.headers.Authorization}` })) };
    const e = await rejects(createGitHubTracker(echo, { owner: 'o', repo: 'r', token: TOKEN }).create(issue(1)));
    assert.ok(!e.message.includes(TOKEN), e.message);
    assert.match(e.message, /bad header Bearer \*\*\*/);
    const thrower: HttpClient = { request: async () => { throw new Error(`socket hang up ${TOKEN}`); } };
    const n = await rejects(createGitLabTracker(thrower, { project: 'p', token: TOKEN, sleep: async () => undefined }).me());
    assert.ok(!n.message.includes(TOKEN), n.message);
  });

  it('names the missing credentials', () => {
    const c = createTracker({ kind: 'jira', project: 'OPS' }, { jiraUrl: 'https://x.atlassian.net' }, client);
    assert.deepEqual(c, { error: 'filing in Jira needs JIRA_EMAIL, JIRA_API_TOKEN' });
    assert.deepEqual(createTracker({ kind: 'github', owner: 'a', repo: 'b' }, {}, client), { error: 'filing in GitHub needs a token: set GITHUB_TOKEN' });
  });
});
