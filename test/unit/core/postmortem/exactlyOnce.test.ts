// Exactly-once filing without trusting search, against loopback fakes of GitHub, GitLab and Jira whose search index
// lags a minute behind: every fault below made the search-only logic file an item twice (or take a squatter's issue).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { parseActionItems, type ActionItem } from '../../../../src/core/review/actionItems';
import { fileItems, intentFileStore, issueBody, parseIntents, type FileItemsOptions, type FilingResult } from '../../../../src/core/postmortem/filing';
import { createGitHubTracker } from '../../../../src/core/postmortem/trackers/github';
import { createGitLabTracker } from '../../../../src/core/postmortem/trackers/gitlab';
import { httpClientOverFetch, type HttpClient } from '../../../../src/core/postmortem/trackers/http';
import { createJiraTracker } from '../../../../src/core/postmortem/trackers/jira';
import type { Tracker } from '../../../../src/core/postmortem/trackers/types';
import { SQUATTER, createRequest, listingRequest, startFake, type FakeTracker, type Kind } from './trackers/fakeTrackers';

const TOKEN = 'tok-SECRET-1234567890';
const REVIEW_ID = '2026-01-01-outage';
const fakes: FakeTracker[] = [];
after(async () => {
  await Promise.all(fakes.map((f) => f.close()));
});

const fetchClient = httpClientOverFetch(fetch, { timeoutMs: 5000 });

function trackerOn(f: FakeTracker, o: { client?: HttpClient; slept?: number[]; token?: string; email?: string } = {}): Tracker {
  const retry = { sleep: async (ms: number) => void o.slept?.push(ms) };
  const client = o.client ?? fetchClient;
  const token = o.token ?? TOKEN;
  return f.kind === 'github'
    ? createGitHubTracker(client, { ...retry, owner: 'acme', repo: 'payments', token, baseUrl: f.url })
    : f.kind === 'gitlab'
      ? createGitLabTracker(client, { ...retry, project: 'acme/platform/payments', token, baseUrl: f.url })
      : createJiraTracker(client, { ...retry, siteUrl: f.url, project: 'OPS', email: o.email ?? 'oncall@example.com', apiToken: token });
}

/** A review's items, with the links written back as the CLI and the extension do. */
class Review {
  text: string;
  stateFile: string | undefined;
  constructor(n: number) {
    this.text = `## Action items\n${Array.from({ length: n }, (_, i) => `- [ ] Fix thing ${i + 1} [id:: AI-${i + 1}]`).join('\n')}\n`;
  }
  get items(): ActionItem[] {
    return parseActionItems(this.text);
  }
  readonly links = new Map<string, string>();
  options(tracker: Tracker, more: Partial<FileItemsOptions<ActionItem>> = {}): FileItemsOptions<ActionItem> {
    return {
      items: this.items.map((i) => (this.links.has(i.id!) ? { ...i, issue: this.links.get(i.id!) } : i)),
      reviewId: REVIEW_ID,
      tracker,
      intents: intentFileStore(async () => this.stateFile, async (t) => void (this.stateFile = t)),
      onCreated: (item, ref) => void this.links.set(item.id!, ref.url),
      ...more,
    };
  }
}

async function laggingFake(kind: Kind): Promise<FakeTracker> {
  const f = await startFake(kind, { searchLagMs: 60_000 });
  fakes.push(f);
  return f;
}

/** Exactly one issue of the on-call's per item, each linked once. */
function assertExactlyOnce(f: FakeTracker, review: Review, n: number): void {
  const mine = f.issues.filter((i) => i.author === 1);
  assert.equal(mine.length, n, `issues filed: ${mine.map((i) => i.title).join(', ')}`);
  assert.equal(new Set(mine.map((i) => i.title)).size, n);
  assert.equal(new Set(review.links.values()).size, n);
  assert.equal(review.links.size, n);
}

const isCreateUrl = (url: string, method: string) => method === 'POST' && (/\/issues$/.test(url) || /\/rest\/api\/3\/issue$/.test(url));

for (const kind of ['github', 'gitlab', 'jira'] as const) {
  describe(`exactly-once filing in ${kind}, with a lagging search`, () => {
    it('a 500 after the server created the issue: found in the listing, not filed again', async () => {
      const f = await laggingFake(kind);
      const review = new Review(2);
      f.inject(createRequest(kind), { status: 500, body: kind === 'jira' ? { errorMessages: ['Internal server error'] } : { message: 'Internal Server Error' }, after: true });
      const r = await fileItems(review.options(trackerOn(f)));
      assert.deepEqual([r.created.length, r.linked.map((l) => l.how), r.failed.length], [1, ['recovered'], 0]);
      assert.equal(review.stateFile, undefined, 'no intent left');
      const again = await fileItems(review.options(trackerOn(f)));
      assert.deepEqual([again.created.length, again.skipped.length], [0, 2]);
      assertExactlyOnce(f, review, 2);
    });

    it('the answer to a create dropped (socket destroyed after the create): found in the listing', async () => {
      const f = await laggingFake(kind);
      const review = new Review(3);
      f.inject((q) => createRequest(kind)(q) && q.body.includes('Fix thing 2'), { reset: true, after: true });
      const r = await fileItems(review.options(trackerOn(f)));
      assert.deepEqual([r.created.length, r.linked.length, r.failed.length], [2, 1, 0]);
      assertExactlyOnce(f, review, 3);
    });

    it('a rate-limited look-up after a dropped answer waits as told, then finds the issue', async () => {
      const f = await laggingFake(kind);
      const review = new Review(1);
      const slept: number[] = [];
      f.inject(createRequest(kind), { reset: true, after: true });
      const reset = String(Math.floor(Date.now() / 1000) + 5);
      f.inject(listingRequest(kind), kind === 'github'
        ? { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, body: { message: 'API rate limit exceeded for user ID 1.' } }
        : { status: 429, headers: { 'retry-after': '3' }, body: kind === 'jira' ? { errorMessages: ['Rate limit exceeded.'] } : { message: '429 Too Many Requests' } });
      const r = await fileItems(review.options(trackerOn(f, { slept })));
      assert.deepEqual([r.linked.map((l) => l.how), r.failed.length], [['recovered'], 0]);
      assert.equal(slept.length, 1);
      assert.ok(kind === 'github' ? slept[0] > 0 && slept[0] <= 5000 : slept[0] === 3000, String(slept));
      assertExactlyOnce(f, review, 1);
    });

    it('a run killed after the create was sent: the re-run reads the intent and finds the issue', async () => {
      const f = await laggingFake(kind);
      const review = new Review(2);
      let sent!: () => void;
      const createSent = new Promise<void>((resolve) => (sent = resolve));
      // The process dies once the create reached the server: its answer is never read, its link never written.
      const dying: HttpClient = {
        async request(req) {
          const res = await fetchClient.request(req);
          if (isCreateUrl(req.url, req.method)) {
            sent();
            return new Promise(() => undefined);
          }
          return res;
        },
      };
      void fileItems(review.options(trackerOn(f, { client: dying })));
      await createSent;
      assert.deepEqual(parseIntents(review.stateFile ?? '').map((i) => i.item), ['AI-1']);
      assert.equal(f.issues.length, 1);
      const rerun = await fileItems(review.options(trackerOn(f)));
      assert.deepEqual([rerun.linked.map((l) => [l.item.id, l.how]), rerun.created.map((c) => c.item.id)], [[['AI-1', 'recovered']], ['AI-2']]);
      assert.equal(review.stateFile, undefined);
      assertExactlyOnce(f, review, 2);
    });

    it('a 500 before anything was created: the item fails, keeps its intent, and the re-run files it once', async () => {
      const f = await laggingFake(kind);
      const review = new Review(1);
      f.inject(createRequest(kind), { status: 503, body: {} });
      const r = await fileItems(review.options(trackerOn(f)));
      assert.equal(r.failed.length, 1);
      assert.match(r.failed[0].error.message, /503 .*not among the issues .*on-call created: a re-run looks again before filing/);
      assert.equal(parseIntents(review.stateFile ?? '').length, 1);
      const again = await fileItems(review.options(trackerOn(f)));
      assert.deepEqual([again.created.length, again.failed.length], [1, 0]);
      assertExactlyOnce(f, review, 1);
    });

    it('a squatter\'s issue carrying the marker is not taken as filed, and is reported', async () => {
      const f = await startFake(kind);
      fakes.push(f);
      const review = new Review(2);
      // Markers are predictable: someone else files an issue carrying the marker of AI-1 first.
      const [first] = review.items;
      const squat = await trackerOn(f, { token: SQUATTER.token, email: SQUATTER.email }).create({ title: 'gotcha', body: issueBody(first, REVIEW_ID, undefined), labels: [] });
      const r: FilingResult<ActionItem> = await fileItems(review.options(trackerOn(f)));
      assert.deepEqual(r.created.map((c) => c.item.id), ['AI-1', 'AI-2']);
      assert.deepEqual(r.ignored.map((i) => [i.item.id, i.issue.ref.url, i.issue.author?.name]), [['AI-1', squat.url, kind === 'jira' ? 'mallory' : '@mallory']]);
      assert.notEqual(review.links.get('AI-1'), squat.url);
      assertExactlyOnce(f, review, 2);
    });
  });
}

describe('intents', () => {
  it('drops what is malformed in a state file (repository content)', () => {
    assert.deepEqual(parseIntents('not json'), []);
    assert.deepEqual(parseIntents('{"intents":[{"item":"AI-1"},{"review":"r","item":"AI-2","marker":"m","target":"t","at":5}, 7]}'), [{ review: 'r', item: 'AI-2', marker: 'm', target: 't', at: 5 }]);
    assert.equal(parseIntents(JSON.stringify({ intents: Array.from({ length: 5000 }, () => ({ review: 'r', item: 'i', marker: 'm', target: 't', at: 1 })) })).length, 1000);
  });
});
