import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { directWriter, OutputError } from '../../../src/cli/output';

/** A stand-in for the stream the writer falls back to. */
function fakeStream() {
  const chunks: string[] = [];
  let made = 0;
  return {
    chunks,
    made: () => made,
    get: () => {
      made++;
      return { on: () => undefined, write: (c: string | Uint8Array) => chunks.push(typeof c === 'string' ? c : Buffer.from(c).toString('utf8')) } as unknown as NodeJS.WritableStream;
    },
  };
}

const REPO = path.join(__dirname, '../../../..');

function errno(code: string): Error {
  return Object.assign(new Error(code), { code });
}

describe('directWriter (the CLI writes its output without building process.stdout)', () => {
  it('writes every byte, through short writes, without ever building the stream', () => {
    const written: Buffer[] = [];
    const s = fakeStream();
    const out = directWriter(1, s.get, (_fd, buf, off, len) => {
      const n = Math.min(len, 3); // a pipe taking three bytes at a time
      written.push(Buffer.from(buf.subarray(off, off + n)));
      return n;
    }, 'linux');
    out('héllo, ');
    out('wörld\n');
    assert.equal(Buffer.concat(written).toString('utf8'), 'héllo, wörld\n');
    assert.equal(s.made(), 0);
  });

  it('hands the rest to the stream when the descriptor would block, and keeps writing there', () => {
    const written: Buffer[] = [];
    const s = fakeStream();
    let calls = 0;
    const out = directWriter(1, s.get, (_fd, buf, off, len) => {
      if (++calls > 1) {
        throw errno('EAGAIN');
      }
      written.push(Buffer.from(buf.subarray(off, off + 4)));
      return Math.min(len, 4);
    }, 'linux');
    out('abcdefgh');
    out('ij');
    assert.equal(Buffer.concat(written).toString(), 'abcd');
    assert.deepEqual(s.chunks, ['efgh', 'ij']);
    assert.equal(s.made(), 1);
  });

  it('stops quietly when the reader went away (EPIPE), and throws any other error', () => {
    let calls = 0;
    const out = directWriter(1, fakeStream().get, () => {
      calls++;
      throw errno('EPIPE');
    }, 'linux');
    out('a');
    out('b');
    assert.equal(calls, 1);
    for (const code of ['EIO', 'ENOSPC', 'EBADF']) {
      const broken = directWriter(1, fakeStream().get, () => {
        throw errno(code);
      }, 'linux');
      assert.throws(() => broken('a'), (e: Error) => e instanceof OutputError && e.message === `cannot write to standard output: ${code}`);
    }
  });

  it('once on the stream, a reader that goes away still ends the output quietly', () => {
    const written: string[] = [];
    const s = Object.assign(new EventEmitter(), { write: (c: string | Uint8Array) => written.push(Buffer.from(c).toString()) });
    const out = directWriter(1, () => s as unknown as NodeJS.WritableStream, () => {
      throw errno('EAGAIN');
    }, 'linux');
    out('a');
    s.emit('error', errno('EPIPE')); // without a listener, an unhandled 'error' would end the process
    out('b');
    assert.deepEqual(written, ['a']);
  });

  it('once on the stream, any other failure is said in one line and fails the run', () => {
    const mod = path.join(__dirname, '../../../src/cli/output.js');
    const r = spawnSync(process.execPath, ['-e', `
      const { EventEmitter } = require('node:events');
      const s = Object.assign(new EventEmitter(), { write() {} });
      const out = require(${JSON.stringify(mod)}).directWriter(1, () => s, () => { throw Object.assign(new Error('EAGAIN'), { code: 'EAGAIN' }); }, 'linux');
      out('a');
      s.emit('error', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));`], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.stderr, 'runbook: cannot write to standard output: read ECONNRESET\n');
    assert.equal(r.status, 2);
  });

  it('writes through the stream on Windows', () => {
    const s = fakeStream();
    const out = directWriter(1, s.get, () => assert.fail('no direct write on Windows'), 'win32');
    out('x');
    assert.deepEqual(s.chunks, ['x']);
  });

  it('`runbook index > /dev/full` says so in one line and exits 2', { skip: !fs.existsSync('/dev/full') && 'no /dev/full' }, () => {
    const r = spawnSync('sh', ['-c', `node "${path.join(REPO, 'dist/cli.js')}" index > /dev/full`], { cwd: path.join(REPO, 'runbooks'), encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^runbook: cannot write to standard output: ENOSPC[^\n]*\n$/);
  });

  it('`runbook index | head -c 1` ends without an error (it used to die of an unhandled EPIPE)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-epipe-'));
    try {
      fs.mkdirSync(path.join(dir, 'runbooks'));
      // More output than a pipe holds, so that the writes after `head` exits fail.
      for (let i = 0; i < 1500; i++) {
        fs.writeFileSync(path.join(dir, 'runbooks', `r${i}.md`), `---\ntitle: Runbook ${i}, with a title long enough to fill the pipe\n---\n# R${i}\n`);
      }
      const cli = path.join(REPO, 'dist/cli.js');
      const r = spawnSync('sh', ['-c', `node "${cli}" index | head -c 1 >/dev/null`], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.stderr, '');
      assert.equal(r.status, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
