import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { nodeFileSystem, toCorePath } from '../../../src/cli/nodeFileSystem';
import { discoverRunbooks } from '../../../src/core/discover';
import { FileType, type FileSystem } from '../../../src/core/fileSystem';
import { createMatcher } from '../../../src/core/glob';
import { MemoryFileSystem, notFound } from './memoryFileSystem';

const WORKSPACE = {
  '/ws/runbooks/disk.md': '# Disk',
  '/ws/runbooks/_index.md': '# Section page',
  '/ws/runbooks/kubernetes/pods.md': '# Pods',
  '/ws/runbooks/kubernetes/notes.txt': 'not markdown',
  '/ws/services/checkout/rollback.runbook.md': '# Rollback',
  '/ws/services/checkout/README.md': '# Readme',
  '/ws/ops/playbooks/failover.md': '# Failover',
  '/ws/docs/guide.md': '# Guide',
  '/ws/docs/drafts/runbooks/draft.md': '# Draft',
  '/ws/node_modules/pkg/runbooks/vendored.md': '# Vendored',
  '/ws/web/node_modules/x.runbook.md': '# Vendored too',
  '/ws/.git/runbooks/x.md': '# Git internals',
  '/ws/README.md': '# Project',
};

describe('discoverRunbooks (in memory)', () => {
  it('finds the default locations, sorted, and skips node_modules, .git and _index.md', async () => {
    const found = await discoverRunbooks(new MemoryFileSystem(WORKSPACE), '/ws', createMatcher());
    assert.deepEqual(found, [
      '/ws/docs/drafts/runbooks/draft.md',
      '/ws/ops/playbooks/failover.md',
      '/ws/runbooks/disk.md',
      '/ws/runbooks/kubernetes/pods.md',
      '/ws/services/checkout/rollback.runbook.md',
    ]);
  });

  it('never enters excluded directories', async () => {
    const fs = new MemoryFileSystem(WORKSPACE);
    const listed: string[] = [];
    const spy: FileSystem = { readFile: (p) => fs.readFile(p), readDirectory: (p) => (listed.push(p), fs.readDirectory(p)) };
    await discoverRunbooks(spy, '/ws', createMatcher());
    assert.ok(listed.includes('/ws/runbooks/kubernetes'));
    assert.deepEqual(listed.filter((p) => p.includes('node_modules') || p.includes('.git')), []);
  });

  it('uses custom include and exclude globs', async () => {
    const found = await discoverRunbooks(new MemoryFileSystem(WORKSPACE), '/ws', createMatcher(['docs/**/*.md', '**/README.md'], ['**/drafts/**', 'services/**']));
    assert.deepEqual(found, ['/ws/README.md', '/ws/docs/guide.md']);
  });

  it('accepts a root with a trailing slash and URI roots', async () => {
    assert.deepEqual(await discoverRunbooks(new MemoryFileSystem({ '/ws/runbooks/a.md': '' }), '/ws/', createMatcher()), ['/ws/runbooks/a.md']);
    const uri = new MemoryFileSystem({ 'vscode-vfs://github/org/repo/runbooks/a.md': '' });
    assert.deepEqual(await discoverRunbooks(uri, 'vscode-vfs://github/org/repo', createMatcher()), ['vscode-vfs://github/org/repo/runbooks/a.md']);
  });

  it('matches paths relative to the root, not absolute ones', async () => {
    // The root itself lives in a folder named `runbooks`: only files matching *inside* the root count.
    const fs = new MemoryFileSystem({ '/home/runbooks/ws/README.md': '', '/home/runbooks/ws/runbooks/a.md': '' });
    assert.deepEqual(await discoverRunbooks(fs, '/home/runbooks/ws', createMatcher()), ['/home/runbooks/ws/runbooks/a.md']);
  });

  it('returns nothing for a missing root', async () => {
    assert.deepEqual(await discoverRunbooks(new MemoryFileSystem({}), '/nowhere', createMatcher()), []);
  });

  it('skips a directory that vanishes during discovery', async () => {
    const mem = new MemoryFileSystem(WORKSPACE);
    const vanishing: FileSystem = {
      readFile: (p) => mem.readFile(p),
      async readDirectory(p) {
        if (p === '/ws/runbooks/kubernetes' || p === '/ws/ops') {
          throw notFound(p); // listed by its parent, gone when read
        }
        return mem.readDirectory(p);
      },
      // Asked for the root only: a folder that is not a link is where its parent's real path says.
      async realpath(p) {
        assert.equal(p, '/ws');
        return p;
      },
    };
    assert.deepEqual(await discoverRunbooks(vanishing, '/ws', createMatcher()), [
      '/ws/docs/drafts/runbooks/draft.md',
      '/ws/runbooks/disk.md',
      '/ws/services/checkout/rollback.runbook.md',
    ]);
  });

  it('skips an unreadable sub-directory but reports an unreadable root', async () => {
    const denied = (p: string) => Object.assign(new Error(`EACCES: permission denied, scandir '${p}'`), { code: 'EACCES' });
    const mem = new MemoryFileSystem(WORKSPACE);
    const fs: FileSystem = {
      readFile: (p) => mem.readFile(p),
      async readDirectory(p) {
        if (p === '/ws/runbooks' || p === '/locked') {
          throw denied(p);
        }
        return mem.readDirectory(p);
      },
    };
    assert.deepEqual(await discoverRunbooks(fs, '/ws', createMatcher()), [
      '/ws/docs/drafts/runbooks/draft.md',
      '/ws/ops/playbooks/failover.md',
      '/ws/services/checkout/rollback.runbook.md',
    ]);
    await assert.rejects(discoverRunbooks(fs, '/locked', createMatcher()), { code: 'EACCES' });
  });

  it('without realpath, follows no link (its target cannot be checked): loops end at once, files are found once', async () => {
    // Two links back to `/ws/runbooks` in it: followed blindly, they would make 2^64 paths.
    const loops: FileSystem = {
      readFile: async () => new Uint8Array(),
      async readDirectory(p) {
        if (p === '/ws') {
          return [['runbooks', FileType.Directory], ['linked.runbook.md', FileType.File | FileType.SymbolicLink]];
        }
        return [['a.md', FileType.File], ['loop1', FileType.Directory | FileType.SymbolicLink], ['loop2', FileType.Directory | FileType.SymbolicLink]];
      },
    };
    assert.deepEqual(await discoverRunbooks(loops, '/ws', createMatcher()), ['/ws/runbooks/a.md']);
  });

  it('with realpath, follows links to directories and walks each real directory once', async () => {
    const canonical = (p: string) => p.replace(/\/(loop1|loop2)(?=\/|$)/g, '').replace(/\/shared$/, '/elsewhere');
    const loops: FileSystem = {
      readFile: async () => new Uint8Array(),
      async readDirectory(p) {
        const real = canonical(p);
        if (real === '/ws') {
          return [['runbooks', FileType.Directory]];
        }
        if (real === '/ws/runbooks/elsewhere') {
          return [['b.md', FileType.File]];
        }
        return [['a.md', FileType.File], ['loop1', FileType.Directory | FileType.SymbolicLink], ['loop2', FileType.Directory | FileType.SymbolicLink],
          ['shared', FileType.Directory | FileType.SymbolicLink], ['dangling.md', FileType.SymbolicLink]];
      },
      realpath: async (p) => canonical(p),
    };
    assert.deepEqual(await discoverRunbooks(loops, '/ws', createMatcher()), ['/ws/runbooks/a.md', '/ws/runbooks/shared/b.md']);
  });

  it('stops at a depth limit in a file system that nests forever', async () => {
    const endless: FileSystem = {
      readFile: async () => new Uint8Array(),
      async readDirectory(p) {
        return p === '/ws' ? [['runbooks', FileType.Directory]] : [['a.md', FileType.File], ['deeper', FileType.Directory]];
      },
    };
    const found = await discoverRunbooks(endless, '/ws', createMatcher());
    assert.equal(found[0], '/ws/runbooks/a.md');
    assert.equal(found[1], '/ws/runbooks/deeper/a.md');
    assert.ok(found.length > 10 && found.length < 100, `${found.length} paths`);
  });
});

describe('discoverRunbooks (on disk, node:fs)', () => {
  let tmp: string;
  let root: string;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'runbooks-discover-'));
    root = toCorePath(fs.realpathSync(tmp));
    const write = (rel: string, text = '# x\n') => {
      fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
      fs.writeFileSync(path.join(tmp, rel), text);
    };
    write('runbooks/disk.md');
    write('runbooks/kubernetes/pods.md');
    write('runbooks/_index.md');
    write('node_modules/pkg/runbooks/vendored.md');
    write('svc/api.runbook.md');
    // A loop back to the runbooks folder, a loop to the root, and a dangling link.
    fs.symlinkSync(path.join(tmp, 'runbooks'), path.join(tmp, 'runbooks/kubernetes/back'), 'dir');
    fs.symlinkSync(tmp, path.join(tmp, 'runbooks/root'), 'dir');
    fs.symlinkSync(path.join(tmp, 'missing'), path.join(tmp, 'runbooks/dangling.md'));
  });

  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('terminates on symlink loops and finds each file once', async () => {
    const found = await discoverRunbooks(nodeFileSystem, root, createMatcher());
    assert.deepEqual(found, [`${root}/runbooks/disk.md`, `${root}/runbooks/kubernetes/pods.md`, `${root}/svc/api.runbook.md`]);
  });

  it('never follows a link out of the workspace: neither to a folder nor to a file (`/etc/passwd`)', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'runbooks-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'linked.md'), '# Linked\n');
      fs.writeFileSync(path.join(outside, 'secret.md'), 'root:x:0:0\n');
      fs.symlinkSync(outside, path.join(tmp, 'runbooks/shared'), 'dir');
      fs.symlinkSync(path.join(outside, 'secret.md'), path.join(tmp, 'runbooks/passwd.md'));
      const found = await discoverRunbooks(nodeFileSystem, root, createMatcher());
      assert.deepEqual(found, [`${root}/runbooks/disk.md`, `${root}/runbooks/kubernetes/pods.md`, `${root}/svc/api.runbook.md`]);
      // The workspace may be wider than the folder walked: links into it are followed, links out of it are not.
      const wider = await discoverRunbooks(nodeFileSystem, `${root}/runbooks`, createMatcher(['**/*.md']), { within: toCorePath(fs.realpathSync(outside)) });
      assert.deepEqual(wider, [
        `${root}/runbooks/disk.md`, `${root}/runbooks/kubernetes/pods.md`, `${root}/runbooks/passwd.md`, `${root}/runbooks/shared/linked.md`, `${root}/runbooks/shared/secret.md`,
      ]);
    } finally {
      fs.unlinkSync(path.join(tmp, 'runbooks/shared'));
      fs.unlinkSync(path.join(tmp, 'runbooks/passwd.md'));
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('follows links that stay inside the workspace, to files and folders', async () => {
    fs.mkdirSync(path.join(tmp, 'docs/ops'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'docs/ops/restart.md'), '# Restart\n');
    fs.symlinkSync(path.join(tmp, 'docs/ops'), path.join(tmp, 'runbooks/ops'), 'dir');
    fs.symlinkSync(path.join(tmp, 'docs/ops/restart.md'), path.join(tmp, 'runbooks/restart.md'));
    try {
      const found = await discoverRunbooks(nodeFileSystem, `${root}/runbooks`, createMatcher(['**/*.md']), { within: root });
      assert.ok(found.includes(`${root}/runbooks/ops/restart.md`), found.join(' '));
      assert.ok(found.includes(`${root}/runbooks/restart.md`), found.join(' '));
      const confined = await discoverRunbooks(nodeFileSystem, `${root}/runbooks`, createMatcher(['**/*.md']));
      assert.ok(!confined.includes(`${root}/runbooks/restart.md`), 'by default the workspace is the folder walked');
    } finally {
      fs.unlinkSync(path.join(tmp, 'runbooks/ops'));
      fs.unlinkSync(path.join(tmp, 'runbooks/restart.md'));
    }
  });

  it('returns nothing for a root that does not exist', async () => {
    assert.deepEqual(await discoverRunbooks(nodeFileSystem, `${root}/nope`, createMatcher()), []);
  });
});
