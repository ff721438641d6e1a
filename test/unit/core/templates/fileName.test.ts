import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileSlug, folderSegments, MAX_TITLE_LENGTH, oneLine, runbookFileName, titleProblem } from '../../../../src/core/templates/fileName';

describe('runbookFileName', () => {
  const cases: [string, string][] = [
    ['Checkout pods not ready', 'checkout-pods-not-ready.md'],
    ['  Disk almost full!  ', 'disk-almost-full.md'],
    ["What's up? (v1.2)", 'whats-up-v1-2.md'],
    ['Postgres: replication lag > 30s', 'postgres-replication-lag-30s.md'],
    ['snake_case and  kebab-case', 'snake-case-and-kebab-case.md'],
    ['KubePodCrashLooping', 'kubepodcrashlooping.md'],
    ['Déjà vu Über', 'déjà-vu-über.md'],
    ['日本語の手順書', '日本語の手順書.md'],
    ['Emoji 🚀 launch', 'emoji-launch.md'],
    ['100% CPU', '100-cpu.md'],
    ['CON', 'con-runbook.md'],
    ['nul', 'nul-runbook.md'],
    ['!!!', 'runbook.md'],
    ['', 'runbook.md'],
  ];
  for (const [title, name] of cases) {
    it(`${JSON.stringify(title)} → ${name}`, () => {
      assert.equal(runbookFileName(title), name);
    });
  }

  it('cuts long titles at a word boundary', () => {
    const slug = fileSlug('word '.repeat(40));
    assert.ok(slug.length <= 80, slug);
    assert.match(slug, /^word(-word)+$/);
    assert.equal(fileSlug('x'.repeat(200)), 'x'.repeat(80));
  });

  it('never leaves the folder, whatever the title', () => {
    const hostile = [
      '../../etc/passwd', 'a/b', 'a\\b', '..', '.', '/etc/passwd', 'C:\\Windows\\system32', '~/.ssh/id_rsa', '\\\\server\\share',
      'x/../../y', '.hidden', 'name.md', 'line\nbreak', 'nul\u0000byte', 'tab\tand\rcr', '%2e%2e%2fetc', 'file:///etc/passwd', '....//....//',
    ];
    for (const title of hostile) {
      const name = runbookFileName(title);
      assert.match(name, /^[\p{L}\p{M}\p{N}]+(?:-[\p{L}\p{M}\p{N}]+)*\.md$/u, `${JSON.stringify(title)} → ${name}`);
      assert.ok(!name.includes('/') && !name.includes('\\') && !name.includes('..'), name);
    }
    assert.equal(runbookFileName('../../etc/passwd'), 'etc-passwd.md');
    assert.equal(runbookFileName('a/b'), 'a-b.md');
  });
});

describe('titleProblem', () => {
  it('accepts a title with a letter or digit, of reasonable length', () => {
    assert.equal(titleProblem('Disk almost full'), undefined);
    assert.equal(titleProblem('5xx'), undefined);
    assert.equal(titleProblem('a'.repeat(MAX_TITLE_LENGTH)), undefined);
  });

  it('refuses empty, too long, and titles that cannot name a file', () => {
    assert.match(titleProblem('   ') ?? '', /Enter a title/);
    assert.match(titleProblem('a'.repeat(MAX_TITLE_LENGTH + 1)) ?? '', /at most 120/);
    assert.match(titleProblem('../..') ?? '', /letter or digit/);
    assert.match(titleProblem('🚀') ?? '', /letter or digit/);
  });
});

describe('oneLine', () => {
  it('turns control characters and line breaks into single spaces', () => {
    assert.equal(oneLine('  a\nb\r\n\tc\u0000d\u2028e  '), 'a b c d e');
  });
});

describe('folderSegments', () => {
  it('splits a relative folder; empty and `.` are the workspace folder itself', () => {
    assert.deepEqual(folderSegments('runbooks'), ['runbooks']);
    assert.deepEqual(folderSegments('ops/runbooks/'), ['ops', 'runbooks']);
    assert.deepEqual(folderSegments('./ops\\playbooks'), ['ops', 'playbooks']);
    assert.deepEqual(folderSegments(''), []);
    assert.deepEqual(folderSegments('.'), []);
  });

  it('refuses anything that leaves the workspace folder', () => {
    for (const f of ['..', '../x', 'a/../../b', 'a/..', '/etc', '\\etc', 'C:\\x', 'c:x', '~/runbooks', 'a/\u0001b']) {
      assert.equal(folderSegments(f), undefined, f);
    }
  });
});
