// The cold index in slices (the extension host's pace): the same index as straight through, yields when the
// budget is spent, and edits that arrive during a yield are not undone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { yieldEvery } from '../../../src/core/pacer';
import { indexFiles, reindexFiles, RunbookIndex } from '../../../src/core/runbookIndex';
import { MemoryFileSystem } from './memoryFileSystem';
import { fakePace } from './fakePace';

function corpus(n: number): Record<string, string | Uint8Array> {
  const files: Record<string, string | Uint8Array> = {};
  for (let i = 0; i < n; i++) {
    const id = String(i).padStart(3, '0');
    files[`/ws/runbooks/r${id}.md`] = `---\ntitle: Runbook ${i}\nalerts: [Alert${i % 7}, "Svc${i % 3}*"]\nservice: svc-${i % 5}\n---\n# Runbook ${i}\n\n## Diagnosis\n\n\`\`\`sh\nkubectl get pods -n {{namespace}}\n\`\`\`\n`;
  }
  files['/ws/runbooks/binary.md'] = new Uint8Array([0, 1, 2]);
  return files;
}

const snapshot = (index: RunbookIndex) => ({ entries: index.all().map((e) => ({ ...e })), problems: index.problems(), alerts: index.alerts() });

describe('indexFiles, paced', () => {
  it('builds the same index as the unpaced loop, yielding whenever the budget is spent', async () => {
    const files = corpus(60);
    const paths = Object.keys(files);
    const plain = new RunbookIndex();
    const a = await indexFiles(plain, new MemoryFileSystem(files), paths, 4);
    const { pacer, state } = fakePace(10, 3);
    const paced = new RunbookIndex();
    const events: number[] = [];
    paced.onDidChange((c) => events.push(c.length));
    const b = await indexFiles(paced, new MemoryFileSystem(files), paths, 4, pacer);
    assert.deepEqual(b, a);
    assert.deepEqual(snapshot(paced), snapshot(plain));
    assert.ok(state.yields >= 15, `yielded ${state.yields} times over 61 files`);
    assert.deepEqual(events, [60], 'still one change event for the whole batch');
  });

  it('indexes in the order given, whatever order the reads come back in', async () => {
    const files = corpus(20);
    const mem = new MemoryFileSystem(files);
    const order: string[] = [];
    const index = new RunbookIndex();
    index.onDidChange(() => undefined);
    const shuffled = {
      readDirectory: (p: string) => mem.readDirectory(p),
      // Later files come back first.
      readFile: (p: string) => new Promise<Uint8Array>((resolve) => setTimeout(() => resolve(mem.readFile(p)), 40 - Number(p.match(/r(\d+)/)?.[1] ?? 0))),
    };
    const set = index.set.bind(index);
    index.set = (path, content) => (order.push(path), set(path, content));
    const given = Object.keys(files).filter((p) => /\/r\d/.test(p));
    await indexFiles(index, shuffled, given, 8);
    assert.deepEqual(order, given);
  });
});

describe('reindexFiles', () => {
  it('drops entries that are gone, keeps the rest, as one event, and matches the unpaced result', async () => {
    const files = corpus(30);
    const mem = new MemoryFileSystem(files);
    const index = new RunbookIndex();
    await indexFiles(index, mem, Object.keys(files));
    index.set('/ws/runbooks/old.md', '# Old');
    const events: string[][] = [];
    index.onDidChange((c) => events.push(c.map((x) => `${x.kind} ${x.path}`)));
    const { pacer, state } = fakePace(5, 2);
    const keep = Object.keys(files).slice(0, 20).reverse();
    await reindexFiles(index, mem, keep, 3, pacer);
    const plain = new RunbookIndex();
    await reindexFiles(plain, new MemoryFileSystem(files), keep);
    assert.deepEqual(snapshot(index), snapshot(plain));
    assert.equal(events.length, 1);
    assert.ok(events[0].includes('removed /ws/runbooks/old.md'));
    assert.ok(state.yields > 0);
  });

  it('keeps edits made during a yield: a file deleted (and dropped) before its read stays out, one changed is read as it is now', async () => {
    const files = corpus(40);
    const mem = new MemoryFileSystem(files);
    const index = new RunbookIndex();
    let t = 0;
    let yields = 0;
    const pacer = yieldEvery({
      budgetMs: 10,
      now: () => (t += 4),
      async yield() {
        if (++yields === 2) {
          // What the extension does on the watcher's events, while the cold index is paused.
          mem.files.delete('/ws/runbooks/r030.md');
          index.delete('/ws/runbooks/r030.md');
          mem.write('/ws/runbooks/r035.md', '---\ntitle: Edited\nalerts: [Edited]\n---\n# Edited\n');
        }
      },
    });
    await reindexFiles(index, mem, Object.keys(files), 2, pacer);
    assert.ok(yields >= 2);
    assert.equal(index.get('/ws/runbooks/r030.md'), undefined);
    assert.equal(index.get('/ws/runbooks/r035.md')?.title, 'Edited');
    assert.deepEqual(index.findByAlert('Edited').map((m) => m.runbook.path), ['/ws/runbooks/r035.md']);
    assert.deepEqual(index.problems().map((p) => p.path), ['/ws/runbooks/binary.md']);
  });
});
