import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Step } from '../../../../src/core/model';
import { parseRunbook } from '../../../../src/core/parse';
import { commandText, splitUnits } from '../../../../src/core/run/commands';
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
    assert.equal(commandText(step(fence('bash', '$ not a prompt here'))), '$ not a prompt here');
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
