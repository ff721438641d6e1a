import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { replaceIfUnchanged, writeAtomically } from '../../../src/cli/atomicWrite';

const REPO = path.join(__dirname, '../../../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-atomic-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const mode = (f: string) => fs.statSync(f).mode & 0o7777;

describe('the CLI\'s atomic writer', () => {
  it('replaces a file, keeping its permission bits whatever the umask, and leaves no temporary file', async () => {
    const f = path.join(dir, 'shared.md');
    fs.writeFileSync(f, 'old');
    fs.chmodSync(f, 0o664); // group-writable: a umask of 022 would take that away
    const umask = process.umask(0o022);
    try {
      await writeAtomically(f, 'new');
    } finally {
      process.umask(umask);
    }
    assert.equal(fs.readFileSync(f, 'utf8'), 'new');
    assert.equal(mode(f), 0o664);
    assert.deepEqual(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp')), []);
  });

  it('does not carry setuid, setgid or sticky bits to the rewritten file', async () => {
    const f = path.join(dir, 'odd.md');
    fs.writeFileSync(f, 'old');
    fs.chmodSync(f, 0o6755);
    await writeAtomically(f, 'new');
    assert.equal(mode(f), 0o755);
  });

  it('creates a file that is not there', async () => {
    const f = path.join(dir, 'fresh.md');
    await writeAtomically(f, new TextEncoder().encode('x'));
    assert.equal(fs.readFileSync(f, 'utf8'), 'x');
  });

  it('replaces only what it read: a file changed meanwhile is left as it is', async () => {
    const f = path.join(dir, 'review.md');
    fs.writeFileSync(f, 'read');
    assert.equal(await replaceIfUnchanged(f, Buffer.from('read'), 'fixed'), true);
    assert.equal(fs.readFileSync(f, 'utf8'), 'fixed');
    assert.equal(await replaceIfUnchanged(f, Buffer.from('read'), 'again'), false);
    assert.equal(fs.readFileSync(f, 'utf8'), 'fixed');
    assert.deepEqual(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp')), []);
  });

  it('is the only place the CLI renames a file over another', () => {
    const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    const renaming = walk(path.join(REPO, 'src/cli')).filter((f) => /\bfs\.rename\(/.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(REPO, f));
    assert.deepEqual(renaming, ['src/cli/atomicWrite.ts']);
  });
});
