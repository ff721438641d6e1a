import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { readBounded } from '../../../src/cli/readBounded';
import { readWorkspaceSettings } from '../../../src/cli/settings';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-bounded-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const posix = process.platform !== 'win32';

describe('readBounded (files that repository content decides on)', () => {
  it('reads a regular file whole, up to the bound, and refuses a bigger one', () => {
    const f = path.join(dir, 'a.json');
    fs.writeFileSync(f, 'x'.repeat(100_000));
    assert.equal(readBounded(f, 100_000).length, 100_000);
    assert.throws(() => readBounded(f, 99_999), /larger than 99999 bytes/);
    fs.writeFileSync(f, '');
    assert.equal(readBounded(f, 10).length, 0);
  });

  it('says ENOENT for a missing file and EISDIR for a folder, as a read would', () => {
    assert.throws(() => readBounded(path.join(dir, 'none'), 10), { code: 'ENOENT' });
    assert.throws(() => readBounded(dir, 10), { code: 'EISDIR' });
  });

  it('refuses a link to /dev/zero and a FIFO, at once', { skip: !posix && 'POSIX devices' }, () => {
    const zero = path.join(dir, 'zero');
    fs.symlinkSync('/dev/zero', zero);
    assert.throws(() => readBounded(zero, 1024 * 1024), /not a regular file/);
    const fifo = path.join(dir, 'fifo');
    spawnSync('mkfifo', [fifo]);
    assert.throws(() => readBounded(fifo, 1024), /not a regular file/);
  });

  it('reads what the user names even from a pipe (`--config <(…)`), still bounded', { skip: !posix && 'POSIX devices' }, () => {
    const reader = path.join(dir, 'read.js');
    fs.writeFileSync(reader, `try { process.stdout.write(require(${JSON.stringify(path.join(__dirname, '../../../src/cli/readBounded.js'))}).readBounded(process.argv[2], 100, { anyKind: true }).toString()); }
      catch (e) { process.stdout.write('refused: ' + e.message); }`);
    // Through a shell's pipe (a real one: spawnSync's own standard input is a socket).
    const piped = spawnSync('sh', ['-c', `printf '{"rules":{}}' | "${process.execPath}" "${reader}" /dev/stdin`], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(piped.stdout, '{"rules":{}}');
    const zero = spawnSync(process.execPath, [reader, '/dev/zero'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(zero.stdout, 'refused: larger than 100 bytes, not read');
  });

  it('a repository whose .vscode/settings.json links to /dev/zero gets the defaults, in bounded memory', { skip: !posix && 'POSIX devices' }, async () => {
    const repo = path.join(dir, 'repo');
    fs.mkdirSync(path.join(repo, '.vscode'), { recursive: true });
    fs.symlinkSync('/dev/zero', path.join(repo, '.vscode', 'settings.json'));
    const before = process.memoryUsage().rss;
    assert.deepEqual(await readWorkspaceSettings(repo), {});
    assert.ok(process.memoryUsage().rss - before < 64 * 1024 * 1024);
  });
});
