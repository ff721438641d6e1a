import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Step } from '../../../../src/core/model';
import { parseRunbook } from '../../../../src/core/parse';
import { commandText, readCommands, splitUnits } from '../../../../src/core/run/commands';
import { scanShell } from '../../../../src/core/run/shellSyntax';

const REPO = path.join(__dirname, '../../../../..');

/** The first step of a markdown snippet. */
function step(markdown: string): Step {
  const s = parseRunbook('/t.md', markdown).steps[0];
  assert.ok(s, 'a step');
  return s;
}

const fence = (info: string, body: string) => `# T\n\n\`\`\`${info}\n${body}\n\`\`\`\n`;

describe('commandText: console blocks', () => {
  it('runs the lines after `$ ` prompts and skips the output', () => {
    const s = step(fence('console', [
      '$ kubectl get pods',
      'NAME   READY',
      'api-1  1/1',
      '$ kubectl get nodes',
      'NAME   STATUS',
    ].join('\n')));
    assert.equal(commandText(s), 'kubectl get pods\nkubectl get nodes');
    assert.deepEqual(splitUnits(s), [
      { text: 'kubectl get pods', line: 3, shell: 'posix' },
      { text: 'kubectl get nodes', line: 6, shell: 'posix' },
    ]);
  });

  it('does not take `# ` for a root prompt, nor run a block that has no prompt', () => {
    assert.equal(commandText(step(fence('console', '# systemctl restart kubelet\n$ systemctl status kubelet\n# output comment'))), 'systemctl status kubelet');
    assert.equal(commandText(step(fence('console', 'Filesystem  Size\n/dev/sda1   40G'))), '');
    assert.deepEqual(splitUnits(step(fence('console', 'rm -rf /'))), []);
  });

  it('keeps `\\` continuation lines with their command, with or without a PS2 prompt', () => {
    const s = step(fence('console', [
      '$ kubectl get pods \\',
      '    -n payments \\',
      '> -o wide',
      'NAME',
      '$ echo done',
    ].join('\n')));
    assert.deepEqual(splitUnits(s).map((u) => u.text), ['kubectl get pods \\\n    -n payments \\\n-o wide', 'echo done']);
  });

  it('keeps `> ` continuation lines (PS2) with their command, and removes the prompt', () => {
    const s = step(fence('console', [
      '$ for p in a b; do',
      '>   echo "$p"',
      '> done',
      'a',
      'b',
    ].join('\n')));
    assert.equal(commandText(s), 'for p in a b; do\n  echo "$p"\ndone');
  });

  it('keeps here-documents with their command, <<EOF, <<-\'EOF\' and PS2-prompted ones', () => {
    const s = step(fence('console', [
      '$ cat <<EOF | kubectl apply -f -',
      'apiVersion: v1',
      '$ not a prompt inside the body',
      'EOF',
      'configmap/x created',
      "$ cat <<-'EOF'",
      '\tliteral $HOME',
      '\tEOF',
      '$ cat <<END',
      '> prompted body',
      '> END',
      'prompted body',
    ].join('\n')));
    assert.deepEqual(splitUnits(s).map((u) => u.text), [
      'cat <<EOF | kubectl apply -f -\napiVersion: v1\n$ not a prompt inside the body\nEOF',
      "cat <<-'EOF'\n\tliteral $HOME\n\tEOF",
      'cat <<END\nprompted body\nEND',
    ]);
  });

  it('keeps unfinished commands together: open quotes, $( … ), trailing | and &&', () => {
    const s = step(fence('console', [
      '$ echo "first',
      'second"',
      '$ echo $(date',
      ')',
      '$ kubectl get pods |',
      '  grep api &&',
      '  echo found',
      'api-1',
    ].join('\n')));
    assert.deepEqual(splitUnits(s).map((u) => u.text), ['echo "first\nsecond"', 'echo $(date\n)', 'kubectl get pods |\n  grep api &&\n  echo found']);
  });

  it('reads PowerShell prompts and their >> continuation', () => {
    const s = step(fence('console', [
      'PS> Get-Process pwsh',
      'Handles  NPM(K)',
      'PS C:\\Users\\me> Get-ChildItem |',
      '>> Where-Object Length -gt 1kb',
      'PS> Write-Output "a',
      'b"',
    ].join('\n')));
    assert.deepEqual(splitUnits(s), [
      { text: 'Get-Process pwsh', line: 3, shell: 'powershell' },
      { text: 'Get-ChildItem |\nWhere-Object Length -gt 1kb', line: 5, shell: 'powershell' },
      { text: 'Write-Output "a\nb"', line: 7, shell: 'powershell' },
    ]);
  });

  it('reads the console steps of the sample runbooks', () => {
    const text = fs.readFileSync(path.join(REPO, 'runbooks/disk-almost-full.md'), 'utf8');
    const usage = parseRunbook('/d.md', text).steps.find((s) => s.id === 'usage');
    assert.ok(usage);
    assert.equal(commandText(usage), 'ssh {{host}} df -hT {{ $labels.mountpoint }}\nssh {{host}} df -i {{ $labels.mountpoint }}');
  });
});

describe('commandText: other blocks', () => {
  it('is the whole block without its trailing newlines, CRLF turned into LF', () => {
    assert.equal(commandText(step(fence('sh', 'kubectl get pods \\\n  -n x\n\n'))), 'kubectl get pods \\\n  -n x');
    assert.equal(commandText({ language: 'bash', code: 'a\r\nb\r\n', range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } } }), 'a\nb');
    assert.equal(commandText(step(fence('bash', 'echo "$ not a prompt: in a string"'))), 'echo "$ not a prompt: in a string"');
    assert.equal(commandText(step(fence('sh', 'cat <<EOF\n$ not a prompt: in a here-document\nEOF'))), 'cat <<EOF\n$ not a prompt: in a here-document\nEOF');
    assert.deepEqual(splitUnits(step(fence('pwsh', 'Get-Date'))), [{ text: 'Get-Date', line: 3, shell: 'powershell' }]);
    assert.deepEqual(splitUnits(step(fence('sh', '   '))), []);
  });
});

describe('scanShell: complete', () => {
  it('tells whole POSIX commands from unfinished ones', () => {
    const complete = ['echo a', 'echo "a|b"', "echo 'it''s'", 'cat <<EOF\nx\nEOF', 'echo $(date)', 'a || b', 'echo \\\\', 'echo # it\'s a comment', 'echo x\\|'];
    const unfinished = ['echo "a', "echo 'a", 'echo \\', 'cat <<EOF\nx', 'cat <<EOF', 'echo $(date', 'a |', 'a &&', 'a ||', 'echo $((1 +', 'echo `date', 'echo ${x'];
    for (const c of complete) {
      assert.equal(scanShell(c, 'posix').complete, true, c);
    }
    for (const c of unfinished) {
      assert.equal(scanShell(c, 'posix').complete, false, c);
    }
  });

  it('tells whole PowerShell commands from unfinished ones', () => {
    const complete = ['Get-Date', "'it''s'", '"a`"b"', 'foreach ($x in 1..2) { $x }', "@'\nx\n'@", 'icacls x --% /grant "a', '<# c #> Get-Date'];
    const unfinished = ['"a', "'a", 'Get-Date `', 'foreach ($x in 1..2) {', '$(Get-Date', "@'\nx", 'Get-Process |', '<# c'];
    for (const c of complete) {
      assert.equal(scanShell(c, 'powershell').complete, true, c);
    }
    for (const c of unfinished) {
      assert.equal(scanShell(c, 'powershell').complete, false, c);
    }
  });
});

describe('readCommands: transcripts in any shell block', () => {
  it('reads `$ ` prompts in sh, bash and zsh blocks as a transcript: only the prompt lines run, never the output', () => {
    for (const lang of ['sh', 'bash', 'zsh', 'shell', 'console']) {
      const r = readCommands(step(fence(lang, '$ kubectl get pods\nNAME    READY\napi-0   1/1\n$ kubectl get svc')));
      assert.equal(r.transcript, true, lang);
      assert.deepEqual(r.units.map((u) => [u.text, u.line]), [['kubectl get pods', 3], ['kubectl get svc', 6]], lang);
    }
    const plain = readCommands(step(fence('sh', 'kubectl get pods\nkubectl get svc')));
    assert.equal(plain.transcript, false);
    assert.deepEqual(plain.units.map((u) => u.text), ['kubectl get pods\nkubectl get svc']);
  });

  it('knows the prompts terminals show: user@host:path$, root@host#, [user@host dir]$, bash-5.1$, (venv) $', () => {
    const prompts = ['user@host:~$ ', 'deploy@web-1:/srv/app$ ', 'root@db-1:/var/lib# ', '[root@db1 ~]# ', '[me@bastion tmp]$ ', 'bash-5.1$ ', 'sh-4.2# ', '(venv) me@box:~$ ', 'me@mac ~ % '.replace(' ~ %', ':~%')];
    for (const p of prompts) {
      const r = readCommands(step(fence('sh', `${p}df -h /\nFilesystem  Size\n/dev/sda1   40G`)));
      assert.deepEqual(r.units.map((u) => u.text), ['df -h /'], p);
    }
    // A bare `# ` is a comment, not a root prompt.
    assert.equal(readCommands(step(fence('sh', '# restart it\nsystemctl restart x'))).transcript, false);
  });

  it('never runs REPL lines: redis, mysql, psql, python, irb, sqlite, mongo — they are listed as skipped, with their program', () => {
    const cases: [string, string, string][] = [
      ['redis> slowlog get 10', 'redis-cli', 'slowlog get 10'],
      ['127.0.0.1:6379> INFO memory', 'redis-cli', 'INFO memory'],
      ['cache-1:6379[2]> KEYS *', 'redis-cli', 'KEYS *'],
      ['mysql> SHOW PROCESSLIST;', 'mysql', 'SHOW PROCESSLIST;'],
      ['MariaDB [shop]> SELECT 1;', 'mysql', 'SELECT 1;'],
      ['postgres=# SELECT * FROM pg_stat_activity;', 'psql', 'SELECT * FROM pg_stat_activity;'],
      ['orders=> \\dt', 'psql', '\\dt'],
      ['>>> import sys', 'python', 'import sys'],
      ['irb(main):001:0> User.count', 'irb', 'User.count'],
      ['irb> 1 + 1', 'irb', '1 + 1'],
      ['sqlite> .tables', 'sqlite3', '.tables'],
      ['rs0:PRIMARY> rs.status()', 'mongosh', 'rs.status()'],
    ];
    for (const [line, program, text] of cases) {
      for (const lang of ['console', 'sh']) {
        const r = readCommands(step(fence(lang, `${line}\noutput line`)));
        assert.deepEqual(r.units, [], `${lang}: ${line}`);
        assert.deepEqual(r.skipped.map((s) => [s.program, s.text, s.line]), [[program, text, 3]], `${lang}: ${line}`);
      }
    }
  });

  it('runs the shell line that starts a REPL, skips what is typed into it, and joins REPL continuation lines', () => {
    const r = readCommands(step(fence('console', [
      '$ redis-cli -h cache-1',
      'cache-1:6379> CONFIG GET maxmemory',
      '1) "maxmemory"',
      '$ mongo',
      '> db.stats()',
      '{ "ok": 1 }',
      '$ python3',
      '>>> for i in range(2):',
      '...     print(i)',
      '0',
    ].join('\n'))));
    assert.deepEqual(r.units.map((u) => u.text), ['redis-cli -h cache-1', 'mongo', 'python3']);
    assert.deepEqual(r.skipped.map((s) => [s.program, s.text]), [['redis-cli', 'CONFIG GET maxmemory'], ['mongo', 'db.stats()'], ['python', 'for i in range(2):\n    print(i)']]);
  });

  it('has nothing to run in a console block without a prompt, or with REPL lines only', () => {
    assert.deepEqual(splitUnits(step(fence('console', 'kubectl get pods\nNAME  READY'))), []);
    assert.deepEqual(splitUnits(step(fence('console', 'mysql> DROP TABLE orders;'))), []);
  });

  it('reads a prompt-looking line inside a here-document or a quote as data, not as a prompt', () => {
    const r = readCommands(step(fence('bash', 'psql <<SQL\npostgres=# SELECT 1;\nSQL\necho "a\nredis> b"')));
    assert.equal(r.transcript, false);
    assert.equal(r.units.length, 1);
  });

  it('reads long lines without cost: only the head of a line can be a prompt', () => {
    const long = `$ echo ${'x'.repeat(240_000)}`;
    assert.deepEqual(splitUnits(step(fence('sh', long))).map((u) => u.text.length), [long.length - 2]);
    const noPrompt = `${'a@b:'.repeat(60_000)}`;
    assert.equal(readCommands(step(fence('sh', noPrompt))).transcript, false);
  });
});
