import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FileSystem } from '../../../src/core/fileSystem';
import { parseRunbook } from '../../../src/core/parse';
import { indexFiles, RunbookIndex, type IndexChange } from '../../../src/core/runbookIndex';
import { MemoryFileSystem, notFound } from './memoryFileSystem';

function runbook(fm: Record<string, string>, body = ''): string {
  const lines = Object.entries(fm).map(([k, v]) => `${k}: ${v}`);
  return `---\n${lines.join('\n')}\n---\n${body}`;
}

/** An index that records the change events it delivers. */
function recording() {
  const index = new RunbookIndex();
  const events: (readonly IndexChange[])[] = [];
  index.onDidChange((c) => events.push(c));
  return { index, events };
}

const paths = (entries: readonly { readonly path: string }[]) => entries.map((e) => e.path);

describe('RunbookIndex: incremental updates', () => {
  it('add, change and delete emit added, changed and removed', () => {
    const { index, events } = recording();
    const added = index.set('/ws/runbooks/a.md', runbook({ title: 'A', alerts: '[AlertA]' }));
    assert.equal(added?.title, 'A');
    assert.equal(index.size, 1);
    assert.equal(index.has('/ws/runbooks/a.md'), true);
    index.set('/ws/runbooks/a.md', runbook({ title: 'A2', alerts: '[AlertA]' }));
    assert.equal(index.get('/ws/runbooks/a.md')?.title, 'A2');
    assert.equal(index.delete('/ws/runbooks/a.md'), true);
    assert.equal(index.delete('/ws/runbooks/a.md'), false);
    assert.equal(index.size, 0);
    assert.equal(index.get('/ws/runbooks/a.md'), undefined);
    assert.deepEqual(events, [
      [{ kind: 'added', path: '/ws/runbooks/a.md' }],
      [{ kind: 'changed', path: '/ws/runbooks/a.md' }],
      [{ kind: 'removed', path: '/ws/runbooks/a.md' }],
    ]);
  });

  it('indexes bytes, and text set through setRunbook', () => {
    const index = new RunbookIndex();
    index.set('/ws/a.md', new TextEncoder().encode('\ufeff# From bytes\n'));
    index.setRunbook(parseRunbook('/ws/b.md', '# From the editor\n'));
    assert.deepEqual(index.all().map((e) => [e.path, e.title]).sort(), [['/ws/a.md', 'From bytes'], ['/ws/b.md', 'From the editor']]);
  });

  it('keeps the drill keys (last_verified, verify_every) of a drilled runbook', () => {
    const index = new RunbookIndex();
    const entry = index.set('/ws/runbooks/d.md', '---\nverify_every: 2w\nlast_verified: {date: 2026-11-20, commit: "abc1234", result: fail}\n---\n# D\n')!;
    assert.deepEqual(entry.drill, { stamped: true, lastVerified: { date: '2026-11-20', commit: 'abc1234', result: 'fail' }, verifyEvery: '2w' });
  });

  it('keeps a summary of the runbook, not its text', () => {
    const index = new RunbookIndex();
    const entry = index.set('/ws/runbooks/a.md', [
      '---', 'title: A', 'service: api', 'owner: team', 'severity: high', 'tags: [x]', 'last_reviewed: 2026-01-01', 'review_every: 30d',
      'variables:', '  pod: The pod', '---', '# A', '## Check', '```sh {id=c destructive}', 'kubectl get {{pod}} {{ pod }} {{ns}}', '```', '',
    ].join('\n'))!;
    assert.deepEqual(entry, {
      path: '/ws/runbooks/a.md',
      title: 'A',
      alerts: [],
      service: 'api',
      owner: 'team',
      severity: 'high',
      tags: ['x'],
      lastReviewed: '2026-01-01',
      reviewEvery: '30d',
      drill: undefined,
      variables: { pod: { description: 'The pod', default: undefined, secret: false } },
      headings: [
        { level: 1, text: 'A', slug: 'a', line: 11, endLine: 15 },
        { level: 2, text: 'Check', slug: 'check', line: 12, endLine: 15 },
      ],
      steps: [{ id: 'c', language: 'sh', line: 13, endLine: 15, destructive: true, section: 1, variables: ['pod', 'ns'] }],
      problems: [],
    });
    assert.equal('text' in entry, false);
  });

  it('batch delivers the changes as one event, and nested batches join the outer one', async () => {
    const { index, events } = recording();
    index.set('/ws/a.md', '# A');
    events.length = 0;
    const result = await index.batch(async () => {
      index.set('/ws/b.md', '# B');
      await index.batch(async () => {
        index.set('/ws/a.md', '# A changed');
      });
      await Promise.resolve();
      index.delete('/ws/b.md');
      index.delete('/ws/nothing.md');
      return 42;
    });
    assert.equal(result, 42);
    assert.deepEqual(events, [[
      { kind: 'added', path: '/ws/b.md' },
      { kind: 'changed', path: '/ws/a.md' },
      { kind: 'removed', path: '/ws/b.md' },
    ]]);
  });

  it('batch delivers nothing when nothing changed, and still delivers when fn throws', async () => {
    const { index, events } = recording();
    await index.batch(async () => undefined);
    assert.deepEqual(events, []);
    await assert.rejects(index.batch(async () => {
      index.set('/ws/a.md', '# A');
      throw new Error('boom');
    }), /boom/);
    assert.deepEqual(events, [[{ kind: 'added', path: '/ws/a.md' }]]);
    index.set('/ws/b.md', '# B');
    assert.deepEqual(events[1], [{ kind: 'added', path: '/ws/b.md' }]);
  });

  it('a disposed listener hears nothing more', () => {
    const index = new RunbookIndex();
    let heard = 0;
    const sub = index.onDidChange(() => heard++);
    index.set('/ws/a.md', '# A');
    sub.dispose();
    index.set('/ws/b.md', '# B');
    assert.equal(heard, 1);
  });

  it('deleteUnder removes a folder and nothing beside it', () => {
    const { index, events } = recording();
    for (const p of ['/ws/runbooks/a.md', '/ws/runbooks/k8s/b.md', '/ws/runbooks-old/c.md', '/ws/other/d.md']) {
      index.set(p, '# x');
    }
    index.set('/ws/runbooks/bin.md', new Uint8Array([0, 1, 2]));
    events.length = 0;
    assert.equal(index.deleteUnder('/ws/runbooks'), 2);
    assert.deepEqual(paths(index.all()).sort(), ['/ws/other/d.md', '/ws/runbooks-old/c.md']);
    assert.deepEqual(index.problems(), []);
    assert.deepEqual(events.flat().map((c) => `${c.kind} ${c.path}`).sort(), ['removed /ws/runbooks/a.md', 'removed /ws/runbooks/k8s/b.md']);
    assert.equal(index.deleteUnder('/ws/other/'), 1);
    assert.equal(index.deleteUnder('/ws/nothing'), 0);
  });

  it('clear empties the index', () => {
    const index = new RunbookIndex();
    index.set('/ws/a.md', '---\nalerts: [A]\n---\n');
    index.set('/ws/b.md', new Uint8Array([0]));
    index.clear();
    assert.equal(index.size, 0);
    assert.deepEqual(index.problems(), []);
    assert.deepEqual(index.alerts(), []);
    assert.deepEqual(index.findByAlert('A'), []);
  });

  it('version counts every change to the entries (for lookups derived from the index), inside batches too', async () => {
    const index = new RunbookIndex();
    assert.equal(index.version, 0);
    index.set('/ws/a.md', '# A');
    index.set('/ws/a.md', '# A again');
    index.setRunbook(parseRunbook('/ws/b.md', '# B'));
    assert.equal(index.version, 3);
    index.delete('/ws/missing.md');
    index.setUnreadable('/ws/never-indexed.md', 'binary');
    assert.equal(index.version, 3);
    index.setUnreadable('/ws/b.md', 'binary');
    index.delete('/ws/a.md');
    assert.equal(index.version, 5);
    await index.batch(async () => {
      index.set('/ws/c/1.md', '# 1');
      index.set('/ws/c/2.md', '# 2');
      assert.equal(index.version, 7);
    });
    assert.equal(index.deleteUnder('/ws/c'), 2);
    assert.equal(index.version, 9);
    index.clear();
    assert.equal(index.version, 9);
  });
});

describe('RunbookIndex: alerts', () => {
  function alertIndex() {
    const index = new RunbookIndex();
    index.set('/ws/kube-all.md', runbook({ title: 'Any Kube alert', alerts: '["Kube*"]' }));
    index.set('/ws/kube-pod.md', runbook({ title: 'Pod alerts', alerts: '["KubePod*"]' }));
    index.set('/ws/crashloop.md', runbook({ title: 'Crash looping', alerts: '[KubePodCrashLooping, KubePodNotReady]' }));
    index.set('/ws/crashloop-2.md', runbook({ title: 'Crash looping (team B)', alerts: '[KubePodCrashLooping]' }));
    index.set('/ws/everything.md', runbook({ title: 'Catch-all', alerts: '["*"]' }));
    index.set('/ws/one-char.md', runbook({ title: 'One char', alerts: '["KubePodCrashLoopin?"]' }));
    return index;
  }

  it('findByAlert: exact names first, then globs, most specific first; by path within each', () => {
    const matches = alertIndex().findByAlert('KubePodCrashLooping');
    assert.deepEqual(matches.map((m) => [m.runbook.path, m.pattern, m.exact]), [
      ['/ws/crashloop-2.md', 'KubePodCrashLooping', true],
      ['/ws/crashloop.md', 'KubePodCrashLooping', true],
      ['/ws/one-char.md', 'KubePodCrashLoopin?', false],
      ['/ws/kube-pod.md', 'KubePod*', false],
      ['/ws/kube-all.md', 'Kube*', false],
      ['/ws/everything.md', '*', false],
    ]);
  });

  it('findByAlert: globs only, no match, case-sensitive', () => {
    const index = alertIndex();
    assert.deepEqual(index.findByAlert('KubePodPending').map((m) => m.pattern), ['KubePod*', 'Kube*', '*']);
    assert.deepEqual(index.findByAlert('NodeDown').map((m) => m.runbook.path), ['/ws/everything.md']);
    assert.deepEqual(index.findByAlert('kubepodcrashlooping').map((m) => m.pattern), ['*']);
    index.delete('/ws/everything.md');
    assert.deepEqual(index.findByAlert('NodeDown'), []);
  });

  it('claims: globs of every prefix and suffix length are found, matching the regex', () => {
    const index = new RunbookIndex();
    const globs = ['K*', 'Ku*', 'Kub*', 'Kube*', 'KubeP*', '*n', '*wn', '*own', '*Down', '?ubeDown', 'K*n', '*', '*e*', 'X*', '*Up'];
    globs.forEach((g, i) => index.set(`/ws/${i}.md`, runbook({ alerts: `["${g}"]` })));
    const claimed = (alert: string) => index.claims(alert).map((c) => c.pattern).sort();
    const expected = (alert: string) => globs.filter((g) => new RegExp(`^${g.replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(alert)).sort();
    for (const alert of ['KubeDown', 'KubePodDown', 'K', 'Kn', 'n', 'Down', 'NodeUp', 'XKube']) {
      assert.deepEqual(claimed(alert), expected(alert), alert);
    }
  });

  it('findByAlert lists a runbook once even when several of its entries match', () => {
    const index = new RunbookIndex();
    index.set('/ws/a.md', runbook({ alerts: '[HighLatency, "High*", "*Latency"]' }));
    assert.deepEqual(index.findByAlert('HighLatency').map((m) => [m.runbook.path, m.pattern, m.exact]), [['/ws/a.md', 'HighLatency', true]]);
    assert.deepEqual(index.findByAlert('HighErrors').map((m) => [m.runbook.path, m.pattern]), [['/ws/a.md', 'High*']]);
  });

  it('a changed file loses the alerts it no longer lists', () => {
    const index = new RunbookIndex();
    index.set('/ws/a.md', runbook({ alerts: '[OldAlert, "Old*", Shared]' }));
    index.set('/ws/b.md', runbook({ alerts: '[Shared]' }));
    assert.deepEqual(index.alerts(), ['Old*', 'OldAlert', 'Shared']);
    index.set('/ws/a.md', runbook({ alerts: '[NewAlert]' }));
    assert.deepEqual(index.findByAlert('OldAlert'), []);
    assert.deepEqual(index.findByAlert('OldThing'), []);
    assert.deepEqual(index.findByAlert('NewAlert').map((m) => m.runbook.path), ['/ws/a.md']);
    assert.deepEqual(index.findByAlert('Shared').map((m) => m.runbook.path), ['/ws/b.md']);
    assert.deepEqual(index.alerts(), ['NewAlert', 'Shared']);
    index.set('/ws/a.md', '# No front matter any more');
    assert.deepEqual(index.alerts(), ['Shared']);
  });

  it('a file that becomes unreadable loses its alerts', () => {
    const index = new RunbookIndex();
    index.set('/ws/a.md', runbook({ alerts: '[A]' }));
    index.set('/ws/a.md', new Uint8Array([0x00, 0xff]));
    assert.deepEqual(index.findByAlert('A'), []);
    assert.deepEqual(index.alerts(), []);
    assert.equal(index.has('/ws/a.md'), false);
  });
});

describe('RunbookIndex: grouping, services, tags', () => {
  function index3() {
    const index = new RunbookIndex();
    index.set('/ws/a.md', runbook({ title: 'A', service: 'checkout', tags: '[Kubernetes, http]' }));
    index.set('/ws/b.md', runbook({ title: 'B', service: 'checkout', tags: '[kubernetes]' }));
    index.set('/ws/c.md', runbook({ title: 'C', tags: '[]' }));
    return index;
  }

  it('groupBy a single key, entries without one under ""', () => {
    const groups = index3().groupBy((e) => e.service);
    assert.deepEqual([...groups].map(([k, v]) => [k, paths(v)]), [['checkout', ['/ws/a.md', '/ws/b.md']], ['', ['/ws/c.md']]]);
  });

  it('groupBy several keys puts an entry in each group', () => {
    const groups = index3().groupBy((e) => e.tags);
    assert.deepEqual([...groups].map(([k, v]) => [k, paths(v)]), [
      ['Kubernetes', ['/ws/a.md']], ['http', ['/ws/a.md']], ['kubernetes', ['/ws/b.md']], ['', ['/ws/c.md']],
    ]);
  });

  it('byService is exact', () => {
    const index = index3();
    assert.deepEqual(paths(index.byService('checkout')), ['/ws/a.md', '/ws/b.md']);
    assert.deepEqual(index.byService('Checkout'), []);
    assert.deepEqual(index.byService(''), []);
  });

  it('byTag ignores case', () => {
    const index = index3();
    assert.deepEqual(paths(index.byTag('kubernetes')), ['/ws/a.md', '/ws/b.md']);
    assert.deepEqual(paths(index.byTag('KUBERNETES')), ['/ws/a.md', '/ws/b.md']);
    assert.deepEqual(paths(index.byTag('HTTP')), ['/ws/a.md']);
    assert.deepEqual(index.byTag('kube'), []);
  });
});

describe('RunbookIndex: search', () => {
  function searchIndex() {
    const index = new RunbookIndex();
    index.set('/ws/runbooks/disk-almost-full.md', runbook({ title: 'Disk almost full', alerts: '[NodeFilesystemAlmostOutOfSpace]', service: 'node', tags: '[storage]' }));
    index.set('/ws/runbooks/full-text.md', runbook({ title: 'Full text search down', service: 'search', tags: '[elastic]' }));
    index.set('/ws/runbooks/latency.md', runbook({ title: 'High latency', alerts: '[HighLatencyDisk]', tags: '[http]' }));
    index.set('/ws/runbooks/volumes.md', runbook({ title: 'Volumes', service: 'diskd', tags: '[kubernetes]' }));
    index.set('/ws/runbooks/raid-disk.md', runbook({ title: 'RAID degraded', tags: '[hardware]' }));
    return index;
  }

  it('ranks title prefix > title > alert > service/tag > file name, ties by title', () => {
    const results = searchIndex().search('disk');
    assert.deepEqual(results.map((r) => [r.runbook.title, r.score]), [
      ['Disk almost full', 100],
      ['High latency', 50],
      ['Volumes', 30],
      ['RAID degraded', 10],
    ]);
  });

  it('needs every word to match somewhere and adds their scores', () => {
    const index = searchIndex();
    assert.deepEqual(index.search('full disk').map((r) => [r.runbook.title, r.score]), [['Disk almost full', 160]]);
    assert.deepEqual(index.search('FULL').map((r) => [r.runbook.title, r.score]), [['Full text search down', 100], ['Disk almost full', 60]]);
    assert.deepEqual(index.search('full elastic').map((r) => r.runbook.title), ['Full text search down']);
    assert.deepEqual(index.search('disk nothing-like-this'), []);
  });

  it('an empty query lists everything by title; limit cuts the list', () => {
    const index = searchIndex();
    assert.deepEqual(index.search('   ').map((r) => [r.runbook.title, r.score]), [
      ['Disk almost full', 0], ['Full text search down', 0], ['High latency', 0], ['RAID degraded', 0], ['Volumes', 0],
    ]);
    assert.deepEqual(index.search('', 2).map((r) => r.runbook.title), ['Disk almost full', 'Full text search down']);
  });

  it('does not treat the query as a regular expression', () => {
    const index = searchIndex();
    assert.deepEqual(index.search('.*'), []);
    assert.deepEqual(index.search('(disk'), []);
  });
});

describe('RunbookIndex: problems', () => {
  it('collects unreadable files and parse problems, sorted by path then line', () => {
    const index = new RunbookIndex();
    index.set('/ws/b.md', '---\nowner: @x\n---\n# B\n\n```sh\necho\n');
    index.set('/ws/c.md', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x00]));
    index.set('/ws/a.md', '---\ntitle: A\n');
    index.set('/ws/ok.md', '# Fine');
    index.setUnreadable('/ws/0.md', 'could not read: EACCES');
    assert.deepEqual(index.problems().map((p) => [p.path, p.line, p.severity, p.message]), [
      ['/ws/0.md', 0, 'error', 'could not read: EACCES'],
      ['/ws/a.md', 0, 'error', 'front matter is not closed: add a line with `---` after it'],
      ['/ws/b.md', 1, 'error', 'invalid YAML in front matter: Plain value cannot start with reserved character @'],
      ['/ws/b.md', 5, 'warning', 'code fence ``` is never closed'],
      ['/ws/c.md', 0, 'error', 'looks like a binary file (NUL byte), skipped'],
    ]);
  });

  it('a binary file named .md is recorded as unreadable and is not in the index', () => {
    const { index, events } = recording();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    assert.equal(index.set('/ws/runbooks/image.md', png), undefined);
    assert.equal(index.has('/ws/runbooks/image.md'), false);
    assert.equal(index.size, 0);
    assert.deepEqual(events, []);
    assert.deepEqual(index.problems(), [{ path: '/ws/runbooks/image.md', line: 0, character: 0, severity: 'error', message: 'looks like a binary file (NUL byte), skipped' }]);
    // Fixed later: back in the index, the problem gone.
    index.set('/ws/runbooks/image.md', new TextEncoder().encode('# Now text'));
    assert.equal(index.get('/ws/runbooks/image.md')?.title, 'Now text');
    assert.deepEqual(index.problems(), []);
    assert.deepEqual(events, [[{ kind: 'added', path: '/ws/runbooks/image.md' }]]);
  });

  it('an indexed file that turns binary is removed with an event', () => {
    const { index, events } = recording();
    index.set('/ws/a.md', '# A');
    index.set('/ws/a.md', new Uint8Array([0]));
    assert.deepEqual(events, [[{ kind: 'added', path: '/ws/a.md' }], [{ kind: 'removed', path: '/ws/a.md' }]]);
    index.delete('/ws/a.md');
    assert.deepEqual(index.problems(), []);
  });
});

describe('indexFiles', () => {
  it('reads and indexes every path in one change event', async () => {
    const fs = new MemoryFileSystem({
      '/ws/runbooks/a.md': '# A',
      '/ws/runbooks/b.md': '# B',
      '/ws/runbooks/c.md': new Uint8Array([0, 0, 0]),
    });
    const { index, events } = recording();
    const result = await indexFiles(index, fs, ['/ws/runbooks/a.md', '/ws/runbooks/b.md', '/ws/runbooks/c.md'], 2);
    assert.deepEqual(result, { indexed: 2, skipped: 1 });
    assert.deepEqual(paths(index.all()).sort(), ['/ws/runbooks/a.md', '/ws/runbooks/b.md']);
    assert.equal(events.length, 1);
    assert.deepEqual(events[0].map((c) => `${c.kind} ${c.path}`).sort(), ['added /ws/runbooks/a.md', 'added /ws/runbooks/b.md']);
    assert.deepEqual(index.problems().map((p) => p.path), ['/ws/runbooks/c.md']);
  });

  it('drops a file deleted mid-index without reporting it', async () => {
    const mem = new MemoryFileSystem({ '/ws/a.md': '# A', '/ws/gone.md': '# Gone', '/ws/z.md': '# Z' });
    const { index, events } = recording();
    await indexFiles(index, mem, ['/ws/a.md', '/ws/gone.md', '/ws/z.md']);
    events.length = 0;
    const deleting: FileSystem = {
      readDirectory: (p) => mem.readDirectory(p),
      async readFile(p) {
        if (p === '/ws/gone.md') {
          throw notFound(p);
        }
        return mem.readFile(p);
      },
    };
    const result = await indexFiles(index, deleting, ['/ws/a.md', '/ws/gone.md', '/ws/z.md']);
    assert.deepEqual(result, { indexed: 2, skipped: 1 });
    assert.deepEqual(paths(index.all()).sort(), ['/ws/a.md', '/ws/z.md']);
    assert.deepEqual(index.problems(), []);
    assert.deepEqual(events.length, 1);
    assert.deepEqual(events[0].map((c) => `${c.kind} ${c.path}`).sort(), ['changed /ws/a.md', 'changed /ws/z.md', 'removed /ws/gone.md']);
  });

  it('treats VS Code\'s FileNotFound and ENOTDIR like ENOENT', async () => {
    const index = new RunbookIndex();
    const fs: FileSystem = {
      readDirectory: async () => [],
      async readFile(p) {
        throw Object.assign(new Error(p), { code: p.endsWith('a.md') ? 'FileNotFound' : 'ENOTDIR' });
      },
    };
    assert.deepEqual(await indexFiles(index, fs, ['/ws/a.md', '/ws/b.md']), { indexed: 0, skipped: 2 });
    assert.deepEqual(index.problems(), []);
  });

  it('reports other read errors as unreadable files', async () => {
    const index = new RunbookIndex();
    const fs: FileSystem = {
      readDirectory: async () => [],
      async readFile(p) {
        throw Object.assign(new Error(`EACCES: permission denied, open '${p}'`), { code: 'EACCES' });
      },
    };
    await indexFiles(index, fs, ['/ws/secret.md']);
    assert.deepEqual(index.problems(), [{ path: '/ws/secret.md', line: 0, character: 0, severity: 'error', message: "could not read: EACCES: permission denied, open '/ws/secret.md'" }]);
  });

  it('handles an empty list and more workers than files', async () => {
    const { index, events } = recording();
    assert.deepEqual(await indexFiles(index, new MemoryFileSystem(), []), { indexed: 0, skipped: 0 });
    assert.deepEqual(events, []);
    const fs = new MemoryFileSystem({ '/ws/a.md': '# A' });
    assert.deepEqual(await indexFiles(index, fs, ['/ws/a.md'], 64), { indexed: 1, skipped: 0 });
    assert.deepEqual(fs.reads, ['/ws/a.md']);
  });

  it('reads each file once with bounded concurrency', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 100; i++) {
      files[`/ws/runbooks/r${String(i).padStart(3, '0')}.md`] = `# Runbook ${i}`;
    }
    const mem = new MemoryFileSystem(files);
    let inFlight = 0;
    let maxInFlight = 0;
    const slow: FileSystem = {
      readDirectory: (p) => mem.readDirectory(p),
      async readFile(p) {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return mem.readFile(p);
      },
    };
    const index = new RunbookIndex();
    assert.deepEqual(await indexFiles(index, slow, Object.keys(files), 8), { indexed: 100, skipped: 0 });
    assert.equal(maxInFlight, 8);
    assert.deepEqual([...mem.reads].sort(), Object.keys(files));
    assert.equal(index.get('/ws/runbooks/r042.md')?.title, 'Runbook 42');
  });
});
