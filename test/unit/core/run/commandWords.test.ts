import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { simpleCommands } from '../../../../src/core/run/commandWords';
import { stripPrefixes } from '../../../../src/core/run/riskModel';

const words = (text: string) => simpleCommands(text).map((c) => c.words.map((w) => w.text));

describe('simpleCommands (POSIX)', () => {
  it('splits on newlines, ;, &, |, &&, ||, ( ) and reads $( ), ` `, <( ) as commands of their own', () => {
    assert.deepEqual(words('a 1; b 2 && c || d | e & f\ng'), [['a', '1'], ['b', '2'], ['c'], ['d'], ['e'], ['f'], ['g']]);
    assert.deepEqual(words('echo $(kubectl get pods) done'), [['echo', '', 'done'], ['kubectl', 'get', 'pods']]);
    assert.deepEqual(words('x=`date -u`; (cd /tmp && ls)'), [['x='], ['date', '-u'], ['cd', '/tmp'], ['ls']]);
    assert.deepEqual(words('diff <(sort a) <(sort b)'), [['diff'], ['sort', 'a'], ['sort', 'b']]);
    assert.deepEqual(words('echo "$( (a) ; b )" c'), [['echo', '', 'c'], ['a'], ['b']]);
  });

  it('removes quotes and escapes, keeps $VAR and ${…} as written, and marks words built from a substitution', () => {
    assert.deepEqual(words(`kubectl -n 'pay ments' get "pod x" a\\ b $NS \${X:-y} $'a\\'b'`), [['kubectl', '-n', 'pay ments', 'get', 'pod x', 'a b', '$NS', '${X:-y}', "a'b"]]);
    assert.deepEqual(words('echo "a \\"b\\" \\$c"'), [['echo', 'a "b" $c']]);
    assert.deepEqual(words('kubectl get \\\n  pods'), [['kubectl', 'get', 'pods']]);
    const [cmd] = simpleCommands('$(which kubectl) delete pod');
    assert.equal(cmd.words[0].dynamic, true);
    assert.equal(cmd.words[1].dynamic, false);
  });

  it('skips comments, gives here-document bodies and here-strings to their command, and notes the files written', () => {
    const cmds = simpleCommands("# rm -rf /\npsql <<SQL >/etc/out 2>&1\nDROP TABLE x;\nSQL\nredis-cli <<< 'FLUSHALL'\ncat <<-'E' | kubectl apply -f -\n\tkind: x\n\tE\necho a#b");
    assert.deepEqual(cmds.map((c) => c.words.map((w) => w.text)), [['psql'], ['redis-cli'], ['cat'], ['kubectl', 'apply', '-f', '-'], ['echo', 'a#b']]);
    assert.deepEqual(cmds[0].input, ['DROP TABLE x;\n']);
    assert.deepEqual(cmds[0].writes.map((w) => w.text), ['/etc/out']);
    assert.deepEqual(cmds[1].input, ['FLUSHALL']);
    assert.deepEqual(cmds[2].input, ['\tkind: x\n']);
  });

  it('keeps offsets of words as written', () => {
    const text = "kubectl -n 'x' delete pod";
    const [cmd] = simpleCommands(text);
    assert.deepEqual(cmd.words.map((w) => text.slice(w.start, w.end)), ['kubectl', '-n', "'x'", 'delete', 'pod']);
  });

  it('reads hostile input to the end, correctly: unclosed quotes and substitutions, a 240 KB line, an endless here-document', () => {
    assert.deepEqual(words("echo 'never closed; rm -rf /"), [['echo', 'never closed; rm -rf /']]);
    assert.deepEqual(words('echo "never closed $(rm -rf /'), [['echo', 'never closed '], ['rm', '-rf', '/']]);
    const long = `kubectl ${'a '.repeat(120_000)}get`;
    const [cmd] = simpleCommands(long);
    assert.equal(cmd.words.length, 120_002);
    assert.equal(cmd.words[cmd.words.length - 1].text, 'get');
    const endless = simpleCommands(`cat <<EOF\n${'rm -rf /\n'.repeat(30_000)}`);
    assert.equal(endless.length, 1);
    assert.equal(endless[0].input[0].length, 9 * 30_000);
    assert.equal(simpleCommands(`${'('.repeat(100_000)}x${')'.repeat(100_000)}`).length, 1);
    assert.ok(simpleCommands('`'.repeat(100_001)).length <= 1);
  });
});

describe('simpleCommands (PowerShell)', () => {
  it('splits on ; | newlines and braces, removes quotes, skips comments and here-strings', () => {
    assert.deepEqual(simpleCommands("Get-Service w3svc | Stop-Service -Force # Remove-Item x\n<# Remove-Item y #>\n$s = @'\nRemove-Item z\n'@\nforeach ($x in 1..2) { Remove-Item \"a b\" }", 'powershell').map((c) => c.words.map((w) => w.text)),
      [['Get-Service', 'w3svc'], ['Stop-Service', '-Force'], ['$s', '='], ['foreach'], ['$x', 'in', '1..2'], ['Remove-Item', 'a b']]);
  });
});

describe('stripPrefixes', () => {
  it('finds the command behind sudo, env, assignments, time, nice, timeout, watch, xargs and shell keywords', () => {
    const tool = (text: string) => stripPrefixes(simpleCommands(text)[0].words)[0]?.text;
    for (const t of ['sudo -u postgres -E psql', 'env -i A=1 B=2 psql', 'A=1 B=2 psql', 'time nice -n 5 psql', 'timeout -s KILL 30s psql', 'watch -n 2 psql', 'xargs -I {} -P 4 psql', 'if psql', '! psql', 'nohup psql', 'doas psql', 'exec psql']) {
      assert.equal(tool(t), 'psql', t);
    }
  });
});
