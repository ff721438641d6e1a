import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { captureText, fitToBudget, notCaptured, OutputCapture, outputExcerpt, stripAnsi, utf8Length } from '../../../../src/core/run/capture';

const clock = () => {
  let n = 0;
  return () => new Date(Date.UTC(2026, 2, 1, 14, 0, n++));
};

describe('stripAnsi', () => {
  it('removes colours, cursor moves, OSC titles and shell-integration sequences, and control characters', () => {
    assert.equal(stripAnsi('\x1b[1;31mError\x1b[0m: \x1b[2Kfailed\x07'), 'Error: failed');
    assert.equal(stripAnsi('\x1b]0;title\x07ok\x1b]633;E;kubectl get pods\x1b\\ done'), 'ok done');
    assert.equal(stripAnsi('a\tb\x08c\x00'), 'a\tbc');
  });

  it('keeps what a progress bar wrote last, and reads \\r\\n as a line break', () => {
    assert.equal(stripAnsi('10%\r50%\r100%\r\nnext\r\n'), '100%\nnext\n');
  });
});

describe('OutputCapture', () => {
  it('keeps the first and last lines and says how many were left out, with counts and timestamps', () => {
    const c = new OutputCapture({ headLines: 2, tailLines: 2, maxBytes: 10_000 }, clock());
    for (let i = 1; i <= 10; i++) {
      c.write(`line ${i}\n`);
    }
    const out = c.finish();
    assert.equal(out.text, 'line 1\nline 2\n[… 6 lines not recorded …]\nline 9\nline 10');
    assert.equal(out.lines, 10);
    assert.equal(out.bytes, 9 * 7 + 8);
    assert.equal(out.truncated, true);
    assert.equal(out.captured, true);
    assert.equal(out.firstAt, '2026-03-01T14:00:00.000Z');
    assert.equal(out.lastAt, '2026-03-01T14:00:09.000Z');
  });

  it('joins lines split across chunks, escape sequences split across chunks included; a last line without a break counts', () => {
    const c = new OutputCapture({ headLines: 10, tailLines: 10, maxBytes: 10_000 });
    for (const chunk of ['NAME   READY\nap', 'i-1  \x1b[3', '2m1/1\x1b[0m\n', 'tail']) {
      c.write(chunk);
    }
    assert.equal(c.finish().text, 'NAME   READY\napi-1  1/1\ntail');
  });

  it('keeps within the byte cap, whatever the line counts allow', () => {
    const out = captureText(`${'x'.repeat(99)}\n`.repeat(1000), { headLines: 1000, tailLines: 1000, maxBytes: 1000, readLimitBytes: 1e9 });
    assert.ok(utf8Length(out.text) <= 1000 + 40, String(utf8Length(out.text)));
    assert.equal(out.lines, 1000);
    assert.match(out.text, /not recorded/);
  });

  it('cuts very long lines, and stops reading at the read limit', () => {
    const c = new OutputCapture({ headLines: 5, tailLines: 5, maxBytes: 1000, maxLineChars: 10, readLimitBytes: 50 });
    c.write(`${'y'.repeat(30)}\n`);
    assert.equal(c.done, false);
    c.write(`${'z'.repeat(30)}\n`);
    assert.equal(c.done, true);
    c.write('ignored\n');
    const out = c.finish();
    assert.equal(out.text, `${'y'.repeat(10)}…\n${'z'.repeat(10)}…`);
    assert.match(out.note ?? '', /reading stopped after 2 lines/);
  });

  it('never holds an endless line without a break in memory', () => {
    const c = new OutputCapture({ headLines: 1, tailLines: 1, maxBytes: 100_000, maxLineChars: 5 });
    for (let i = 0; i < 100; i++) {
      c.write('.'.repeat(10_000));
    }
    const out = c.finish();
    assert.ok(out.text.length < 100, out.text);
    assert.ok(out.lines >= 15);
  });
});

describe('session budget and excerpts', () => {
  it('fitToBudget keeps the first lines that fit, and says the session limit was reached', () => {
    const out = captureText('aaaa\nbbbb\ncccc\n');
    assert.equal(fitToBudget(out, 1000), out);
    const cut = fitToBudget(out, 11);
    assert.equal(cut.text, 'aaaa\nbbbb');
    assert.equal(cut.truncated, true);
    assert.match(cut.note ?? '', /session reached its capture limit/);
    assert.equal(fitToBudget(out, 0).text, '');
  });

  it('outputExcerpt gives the first lines and how many more there are; notCaptured says why', () => {
    assert.deepEqual(outputExcerpt(captureText('a\nb\nc\n'), 2), { lines: ['a', 'b'], more: 1 });
    assert.deepEqual(notCaptured('no shell integration'), { captured: false, text: '', lines: 0, bytes: 0, truncated: false, firstAt: null, lastAt: null, note: 'no shell integration' });
  });
});
