// The one filing workflow both hosts run (the CLI's `postmortem file`, the extension's "File Action Items…"), over an
// in-memory review, tracker and intent store. Each place where the two hosts' copies used to disagree has its test.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { intentFileStore } from '../../../../src/core/postmortem/filing';
import { applyEdits as applyTextEdits } from '../../../../src/core/text';
import { fileReview, type FilingPreview, type ReviewFilingHost } from '../../../../src/core/postmortem/fileReview';
import { decideCliBaseUrl } from '../../../../src/core/postmortem/trackers/hosts';
import { holdsMarker, type IssueRef, type NewIssue, type Tracker } from '../../../../src/core/postmortem/trackers/types';

const REVIEW = `---
id: 2026-01-01-outage
tracker: github:acme/payments
---
# Outage

## Action items

- [ ] Alert on queue age [id:: AI-1] [owner:: @dana]
- [ ] Add a retry budget [owner:: @lee]
- [x] Restart the pool [id:: AI-3]
`;

/** A tracker in memory: every issue created is kept, and found again by its marker (the account is always "me"). */
function memoryTracker() {
  const issues: { ref: IssueRef; body: string }[] = [];
  const tracker: Tracker = {
    name: 'github acme/payments',
    target: 'github.com/acme/payments via https://api.github.com',
    me: async () => ({ id: '1', name: '@me', login: 'me' }),
    findByMarker: async (marker) => ({ found: issues.find((i) => holdsMarker(i.body, marker))?.ref, ignored: [] }),
    findCreatedByMe: async (marker) => issues.find((i) => holdsMarker(i.body, marker))?.ref,
    create: async (issue: NewIssue) => {
      const n = issues.length + 1;
      const ref = { url: `https://github.com/acme/payments/issues/${n}`, key: `#${n}` };
      issues.push({ ref, body: issue.body });
      return ref;
    },
  };
  return { tracker, issues };
}

interface Trace {
  text: string;
  asked: FilingPreview[];
  trackersBuilt: number;
  filed: string[];
}

/** A host over a string: `update` applies the edits to the text as it is then, like both real hosts. */
function host(text: string, tracker: Tracker, o: Partial<ReviewFilingHost> & { answer?: boolean; beforeUpdate?: (t: Trace) => void } = {}): { host: ReviewFilingHost; trace: Trace } {
  const trace: Trace = { text, asked: [], trackersBuilt: 0, filed: [] };
  let state: string | undefined;
  const h: ReviewFilingHost = {
    name: 'postmortems/outage.md',
    read: async () => trace.text,
    update: async (change) => {
      o.beforeUpdate?.(trace);
      const edits = change(trace.text);
      if (edits) {
        trace.text = applyTextEdits(trace.text, edits);
      }
    },
    address: (kind) => decideCliBaseUrl(kind, undefined, 'GITHUB_API_URL'),
    confirm: async (preview) => (trace.asked.push(preview), o.answer ?? true),
    tracker: async () => (trace.trackersBuilt++, tracker),
    intents: intentFileStore(async () => state, async (t) => {
      state = t;
    }),
    onFiled: (item, ref, how, note) => {
      trace.filed.push(`${item.id} ${ref.key} ${how}${note ? ` (${note})` : ''}`);
    },
    ...o,
  };
  return { host: h, trace };
}

describe('fileReview: the one filing workflow', () => {
  it('asks once, gives the item without an id its id, files each open item once, writes the links back; a re-run files nothing', async () => {
    const { tracker, issues } = memoryTracker();
    const { host: h, trace } = host(REVIEW, tracker);
    const outcome = await fileReview(h);
    assert.equal(outcome.kind, 'filed');
    assert.equal(trace.asked.length, 1);
    assert.equal(trace.asked[0].target, 'github.com/acme/payments via https://api.github.com');
    assert.deepEqual(trace.filed, ['AI-1 #1 created', 'AI-4 #2 created']);
    assert.match(trace.text, /Alert on queue age \[id:: AI-1\] \[owner:: @dana\] \[issue:: https:\/\/github.com\/acme\/payments\/issues\/1\]/);
    assert.match(trace.text, /Add a retry budget \[owner:: @lee\] \[id:: AI-4\] \[issue:: https:\/\/github.com\/acme\/payments\/issues\/2\]/);
    const again = await fileReview(h);
    assert.equal(again.kind, 'nothing');
    assert.equal(issues.length, 2);
  });

  // The extension gave items their ids before asking (and kept them when the user said no); the CLI only after yes.
  it('writes nothing before the user says yes: the question shows the ids items will get, a "no" leaves the file as it was', async () => {
    const { tracker, issues } = memoryTracker();
    const { host: h, trace } = host(REVIEW, tracker, { answer: false });
    const outcome = await fileReview(h);
    assert.equal(outcome.kind, 'cancelled');
    assert.equal(trace.text, REVIEW);
    assert.deepEqual(trace.asked[0].plan.toFile.map(({ item }) => [item.id, item.newId ?? false]), [['AI-1', false], ['AI-4', true]]);
    assert.equal(issues.length, 0);
  });

  // The CLI built the tracker (read the token) before asking, the extension after: the token is read after yes.
  it('reads credentials only once the user said yes', async () => {
    const { tracker } = memoryTracker();
    const no = host(REVIEW, tracker, { answer: false });
    await fileReview(no.host);
    assert.equal(no.trace.trackersBuilt, 0);
    const yes = host(REVIEW, tracker);
    await fileReview(yes.host);
    assert.equal(yes.trace.trackersBuilt, 1);
  });

  // The CLI refused a review whose front matter does not parse (naming the line); the extension went on.
  it('refuses a review whose front matter is broken, naming the file and line, before asking anything', async () => {
    const { tracker } = memoryTracker();
    const { host: h, trace } = host(REVIEW.replace('tracker: github:acme/payments', 'tracker: [github'), tracker);
    const outcome = await fileReview(h);
    assert.equal(outcome.kind, 'invalid');
    assert.match(outcome.kind === 'invalid' ? outcome.message : '', /^postmortems\/outage\.md:\d+: invalid YAML in front matter/);
    assert.equal(trace.asked.length, 0);
  });

  // The extension checked the tracker before the id, the CLI the id first: the id (what makes re-runs safe) first.
  it('names a missing id before a missing tracker', async () => {
    const { tracker } = memoryTracker();
    const neither = await fileReview(host(REVIEW.replace(/^id: .*\n/m, '').replace(/^tracker: .*\n/m, ''), tracker).host);
    assert.match(neither.kind === 'invalid' ? neither.message : '', /has no id in its front matter/);
    const noTracker = await fileReview(host(REVIEW.replace(/^tracker: .*\n/m, ''), tracker).host);
    assert.match(noTracker.kind === 'invalid' ? noTracker.message : '', /names no tracker/);
  });

  // The extension refused an unusable address before the preview, the CLI after it (the preview is useful either way).
  it('refuses an address that cannot carry the token without asking, after showing the preview', async () => {
    const { tracker } = memoryTracker();
    const shown: string[] = [];
    const { host: h, trace } = host(REVIEW, tracker, {
      address: (kind) => decideCliBaseUrl(kind, 'http://ghe.example.com/api/v3', '--url'),
      show: (p) => shown.push(p.target),
    });
    const outcome = await fileReview(h);
    assert.equal(outcome.kind, 'refused');
    assert.match(outcome.kind === 'refused' ? outcome.message : '', /--url: 'http:\/\/ghe\.example\.com\/api\/v3' must be https/);
    assert.deepEqual(shown, ['github acme/payments']);
    assert.equal(trace.asked.length, 0);
    assert.equal(trace.trackersBuilt, 0);
    assert.equal(trace.text, REVIEW);
  });

  // The extension passed only the fileable items on and said nothing of the others; the CLI reported them as failed.
  it('reports items that cannot be filed (a duplicated id) as failed, and files the rest', async () => {
    const { tracker, issues } = memoryTracker();
    const text = REVIEW.replace('[owner:: @lee]', '[id:: AI-1] [owner:: @lee]').replace('- [x] Restart the pool [id:: AI-3]', '- [ ] Restart the pool [id:: AI-3]');
    const { host: h } = host(text, tracker);
    const outcome = await fileReview(h);
    assert.equal(outcome.kind, 'filed');
    if (outcome.kind === 'filed') {
      assert.deepEqual(outcome.result.created.map((c) => c.item.id), ['AI-3']);
      assert.deepEqual(outcome.result.failed.map((f) => f.error.message), [
        'action item on line 9 cannot be filed: another action item has the id AI-1 too',
        'action item on line 10 cannot be filed: another action item has the id AI-1 too',
      ]);
    }
    assert.equal(issues.length, 1);
  });

  // The extension dropped the link silently when the item had gone; the CLI reported it as a failure.
  it('reports an item deleted while its issue was being filed, instead of dropping the link silently', async () => {
    const { tracker, issues } = memoryTracker();
    let deleted = false;
    const { host: h, trace } = host(REVIEW.replace('- [ ] Add a retry budget [owner:: @lee]\n', ''), tracker, {
      beforeUpdate: (t) => {
        // The first update writes the issue's link: the user deleted the item just before.
        if (!deleted) {
          deleted = true;
          t.text = t.text.replace(/- \[ \] Alert on queue age.*\n/, '');
        }
      },
    });
    const outcome = await fileReview(h);
    assert.equal(outcome.kind, 'filed');
    if (outcome.kind === 'filed') {
      assert.equal(outcome.result.failed.length, 1);
      assert.match(outcome.result.failed[0].error.message, /https:\/\/github.com\/acme\/payments\/issues\/1 filed, but recording it failed: action item AI-1 is no longer in postmortems\/outage\.md/);
    }
    assert.equal(issues.length, 1);
    assert.doesNotMatch(trace.text, /issue::/);
  });

  it('keeps what the user typed meanwhile, and a link someone else wrote', async () => {
    const { tracker, issues } = memoryTracker();
    let n = 0;
    const { host: h, trace } = host(REVIEW, tracker, {
      beforeUpdate: (t) => {
        n++;
        if (n === 2) {
          // While AI-1 is filed: a line typed above the items, and AI-1 linked by hand to another issue.
          t.text = t.text.replace('## Action items\n', '## Action items\n\nTyped meanwhile.\n').replace('[owner:: @dana]', '[owner:: @dana] [issue:: https://elsewhere/9]');
        }
      },
    });
    await fileReview(h);
    assert.match(trace.text, /Typed meanwhile\./);
    assert.match(trace.text, /\[id:: AI-1\] \[owner:: @dana\] \[issue:: https:\/\/elsewhere\/9\]\n/);
    assert.deepEqual(trace.filed, ['AI-1 #1 created (the item already links https://elsewhere/9; left as it is)', 'AI-4 #2 created']);
    assert.equal(issues.length, 2);
  });

  // The extension gave its workspace-relative path as the review's link (a relative link in an issue points nowhere);
  // the CLI a URL (--link) or nothing.
  it('links the review from each issue only by a URL; a path is named', async () => {
    const bodies: string[] = [];
    for (const reviewLink of ['postmortems/outage.md', 'https://wiki.example/outage']) {
      const { tracker } = memoryTracker();
      const create = tracker.create;
      await fileReview(host(REVIEW, { ...tracker, create: (issue) => (bodies.push(issue.body), create(issue)) }, { reviewLink }).host);
    }
    assert.match(bodies[0], /^Alert on queue age\n\nAction item AI-1 of the post-incident review `2026-01-01-outage` \(`postmortems\/outage\.md` in its repository\)\.\n/);
    assert.match(bodies[2], /^Alert on queue age\n\nAction item AI-1 of the post-incident review \[2026-01-01-outage\]\(https:\/\/wiki\.example\/outage\)\.\n/);
  });

  it('a dry run only shows the plan: nothing asked, written or sent', async () => {
    const { tracker } = memoryTracker();
    const { host: h, trace } = host(REVIEW, tracker);
    const outcome = await fileReview(h, { dryRun: true });
    assert.equal(outcome.kind, 'preview');
    assert.equal(trace.asked.length + trace.trackersBuilt, 0);
    assert.equal(trace.text, REVIEW);
  });
});
