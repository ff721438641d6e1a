import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { parseActionItems, setField } from '../../../../src/core/review/actionItems';
import { fileItems, issueBody, issueMarker, planFiling } from '../../../../src/core/postmortem/filing';
import { applyEdits as applyTextEdits } from '../../../../src/core/text';
import { createGitHubTracker } from '../../../../src/core/postmortem/trackers/github';
import { httpClientOverFetch } from '../../../../src/core/postmortem/trackers/http';
import { createRequest, startFake, type FakeTracker } from './trackers/fakeTrackers';

const TOKEN = 'tok-SECRET-1234567890';
const fakes: FakeTracker[] = [];
after(async () => {
  await Promise.all(fakes.map((f) => f.close()));
});

async function github(o: { token?: string } = {}) {
  const f = await startFake('github');
  fakes.push(f);
  const tracker = createGitHubTracker(httpClientOverFetch(fetch), { owner: 'acme', repo: 'payments', token: o.token ?? TOKEN, baseUrl: f.url, sleep: async () => undefined });
  return { f, tracker };
}

const REVIEW = (n: number) => `# Review\n\n## Action items\n\n${Array.from({ length: n }, (_, i) => `- [ ] Fix thing ${i + 1} [id:: AI-${i + 1}] [owner:: @dana]`).join('\n')}\n`;

describe('planFiling', () => {
  it('files open items with an id, skips linked and done ones, refuses missing and duplicate ids', () => {
    const items = parseActionItems('## Action items\n- [ ] a [id:: AI-1]\n- [ ] b [id:: AI-2] [issue:: https://x/1]\n- [x] c [id:: AI-3]\n- [ ] d\n- [ ] e [id:: AI-5]\n- [ ] f [id:: AI-5]\n- [ ] g [id:: AI-7]\n');
    const plan = planFiling(items, 'rev-1', new Map([['AI-7', 'https://x/7']]));
    assert.deepEqual(plan.toFile.map((t) => [t.item.id, t.marker]), [['AI-1', '<!-- incident-runbooks:review=rev-1;item=AI-1 -->']]);
    assert.deepEqual(plan.skipped.map((s) => [s.item.id, s.reason, s.issue]), [['AI-2', 'linked', 'https://x/1'], ['AI-3', 'done', undefined], ['AI-7', 'linked', 'https://x/7']]);
    assert.deepEqual(plan.invalid.map((s) => [s.item.text, s.reason]), [['d', 'it has no [id:: …]'], ['e', 'another action item has the id AI-5 too'], ['f', 'another action item has the id AI-5 too']]);
  });

  it('keeps ids from ending the marker', () => {
    assert.equal(issueMarker('a b-->', 'x;item=y'), '<!-- incident-runbooks:review=a_b--_;item=x_item_y -->');
  });

  it('writes the body with the fields, the link back and the marker last', () => {
    const [item] = parseActionItems('## Action items\n- [ ] Add alert [id:: AI-1] [owner:: @dana] [due:: 2026-02-01]\n');
    const body = issueBody(item, 'rev-1', 'https://wiki/rev-1');
    assert.equal(body, 'Add alert\n\nAction item AI-1 of the post-incident review [rev-1](https://wiki/rev-1).\n\n- Owner: @dana\n- Due: 2026-02-01\n\n<!-- incident-runbooks:review=rev-1;item=AI-1 -->');
  });
});

describe('fileItems against a fake GitHub', () => {
  it('files each item once, in order, calling onCreated right after each', async () => {
    const { f, tracker } = await github();
    const seen: [string, number][] = [];
    const r = await fileItems({
      items: parseActionItems(REVIEW(3)), reviewId: 'rev-1', reviewLink: 'https://wiki/rev-1', tracker, labels: ['postmortem'], typeMapping: { '*': 'Task' },
      onCreated: (item, ref) => void seen.push([`${item.id} ${ref.key}`, f.issues.length]),
    });
    assert.deepEqual(seen, [['AI-1 #1', 1], ['AI-2 #2', 2], ['AI-3 #3', 3]]);
    assert.equal(r.created.length, 3);
    assert.deepEqual([r.linked, r.failed, r.notAttempted], [[], [], []]);
    assert.ok(f.issues[0].body.includes('<!-- incident-runbooks:review=rev-1;item=AI-1 -->'));
    assert.ok(f.issues[0].body.includes('https://wiki/rev-1'));
    assert.deepEqual(f.issues[0].labels, ['postmortem']);
    assert.equal(f.issues[0].type, 'Task');
    // A second person's run (the links not written back) finds all three and files nothing.
    const again = await fileItems({ items: parseActionItems(REVIEW(3)), reviewId: 'rev-1', tracker });
    assert.deepEqual([again.created.length, again.linked.length], [0, 3]);
    assert.deepEqual(again.linked.map((l) => l.ref), r.created.map((c) => c.ref));
    assert.equal(f.issues.length, 3);
  });

  it('redacts credentials from the issue title and body before they leave (core/run/redact), extra patterns included', async () => {
    const { f, tracker } = await github();
    const pat = `glpat-${'x1Y2z3'.repeat(4)}`;
    const items = parseActionItems(`# Review\n\n## Action items\n\n- [ ] Rotate ${pat} leaked in the log, see ACME-123456 [id:: AI-1] [owner:: @dana]\n`);
    await fileItems({ items, reviewId: 'rev-1', tracker, redaction: { patterns: [/ACME-[0-9]{6}/g] } });
    assert.equal(f.issues.length, 1);
    const sent = JSON.stringify(f.issues[0]);
    assert.ok(!sent.includes(pat) && !sent.includes('ACME-123456'), sent);
    assert.match(f.issues[0].title, /Rotate \[REDACTED:gitlab-token\] leaked in the log, see \[REDACTED:custom\]/);
  });

  it('stops at the first failure by default, goes on with keepGoing, and a re-run completes', async () => {
    const { f, tracker } = await github();
    f.inject(createRequest('github'), { status: 500, body: { message: 'Server Error' } });
    let items = parseActionItems(REVIEW(4));
    // The first create succeeds; fail the second.
    let creates = 0;
    f.onCreate = () => void creates++;
    const first = await fileItems({ items: items.slice(1), reviewId: 'rev-1', tracker });
    assert.deepEqual([first.created.length, first.failed.length, first.notAttempted.length], [0, 1, 2]);
    assert.equal(first.failed[0].error.status, 500);
    assert.match(first.failed[0].error.message, /500 Server Error/);
    f.inject((r) => createRequest('github')(r) && JSON.parse(r.body).title === 'Fix thing 2', { status: 500, body: { message: 'Server Error' } });
    const going = await fileItems({ items, reviewId: 'rev-1', tracker, keepGoing: true });
    assert.deepEqual([going.created.map((c) => c.item.id), going.failed.map((x) => x.item.id)], [['AI-1', 'AI-3', 'AI-4'], ['AI-2']]);
    items = parseActionItems(REVIEW(4));
    const rerun = await fileItems({ items, reviewId: 'rev-1', tracker });
    assert.deepEqual([rerun.created.map((c) => c.item.id), rerun.linked.map((c) => c.item.id)], [['AI-2'], ['AI-1', 'AI-3', 'AI-4']]);
    assert.equal(f.issues.length, 4);
    assert.equal(creates, 4);
  });

  it('stops on 401 even with keepGoing, and the token appears nowhere', async () => {
    const { f, tracker } = await github({ token: 'bad-TOKEN-xyz123' });
    const r = await fileItems({ items: parseActionItems(REVIEW(3)), reviewId: 'rev-1', tracker, keepGoing: true });
    assert.deepEqual([r.failed.length, r.notAttempted.length], [1, 2]);
    assert.equal(r.failed[0].error.status, 401);
    assert.match(r.failed[0].error.message, /Bad credentials/);
    assert.ok(!JSON.stringify(r).includes('bad-TOKEN-xyz123'));
    assert.ok(!r.failed.some((x) => x.error.message.includes('bad-TOKEN-xyz123') || x.error.stack?.includes('bad-TOKEN-xyz123')));
    assert.equal(f.issues.length, 0);
  });

  it('after a run killed mid-way, a re-run leaves exactly N issues, each linked once', async () => {
    const { f, tracker } = await github();
    const N = 5;
    const k = 3;
    let text = REVIEW(N);
    const writeBack = (item: { id?: string }, url: string) => {
      const now = parseActionItems(text).find((i) => i.id === item.id)!;
      text = applyTextEdits(text, [setField(now, 'issue', url)]);
    };
    // Killed after the k-th issue is created, before its link is written.
    const killed = await fileItems({
      items: parseActionItems(text), reviewId: 'rev-1', tracker,
      onCreated: (item, ref) => {
        if (f.issues.length === k) {
          throw new Error('killed');
        }
        writeBack(item, ref.url);
      },
    });
    assert.deepEqual([killed.created.length, killed.failed.length, killed.notAttempted.length], [k - 1, 1, N - k]);
    assert.equal(f.issues.length, k);
    const rerun = await fileItems({ items: parseActionItems(text), reviewId: 'rev-1', tracker, onCreated: (item, ref) => writeBack(item, ref.url) });
    assert.deepEqual([rerun.skipped.length, rerun.linked.length, rerun.created.length, rerun.failed.length], [k - 1, 1, N - k, 0]);
    assert.equal(f.issues.length, N);
    const links = parseActionItems(text).map((i) => i.issue);
    assert.equal(new Set(links).size, N);
    assert.deepEqual(links.sort(), f.issues.map((i) => `https://github.example/acme/payments/issues/${i.number}`).sort());
    assert.equal((text.match(/\[issue::/g) ?? []).length, N);
  });
});

describe('applyTextEdits', () => {
  it('keeps CRLF line endings and a byte order mark', () => {
    const text = '\ufeff## Action items\r\n- [ ] a [id:: AI-1]\r\n';
    const [item] = parseActionItems(text);
    assert.equal(applyTextEdits(text, [setField(item, 'issue', 'https://x/1')]), '\ufeff## Action items\r\n- [ ] a [id:: AI-1] [issue:: https://x/1]\r\n');
  });
});
