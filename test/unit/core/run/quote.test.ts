import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { QuoteError, assertTerminalSafe, checkRepresentable, displaySafe, isPowerShell, quote, shellKindFor, singleQuotedBody, terminalControlCharacters } from '../../../../src/core/run/quote';
import { substitute } from '../../../../src/core/run/variables';
import { HOSTILE, hasProgram, posixShells, runScript, show } from './corpus';

const SHELLS = posixShells();
const PWSH = hasProgram('pwsh', ['-NoProfile', '-Command', 'exit 0']);

describe('quote (POSIX)', () => {
  it('single-quotes everything, escaping quotes as \'\\\'\'', () => {
    assert.equal(quote('plain', 'posix'), `'plain'`);
    assert.equal(quote('', 'posix'), `''`);
    assert.equal(quote("it's", 'posix'), `'it'\\''s'`);
    assert.equal(quote("''", 'posix'), `''\\'''\\'''`);
    assert.equal(quote('$(id) `id` "x" \\ !', 'posix'), `'$(id) \`id\` "x" \\ !'`);
    assert.equal(quote('a\nb', 'posix'), `'a\nb'`, 'newlines stay literal inside the quotes');
  });

  it('refuses NUL with a QuoteError that says why', () => {
    for (const shell of ['posix', 'powershell'] as const) {
      assert.throws(() => quote('a\0b', shell), (e: unknown) => {
        assert.ok(e instanceof QuoteError);
        assert.match(e.message, /NUL character \(at offset 1\), which no shell command or argument can carry/);
        return true;
      });
    }
    assert.throws(() => checkRepresentable('\0', 'ns'), /the value of 'ns' contains a NUL/);
    assert.throws(() => substitute('echo {{ns}}', { ns: 'x\0' }, 'posix'), (e: unknown) => e instanceof QuoteError && e.variable === 'ns');
  });

  it('refuses unpaired surrogates, which have no UTF-8 form, and accepts paired ones', () => {
    assert.throws(() => quote('a\uD800b', 'posix'), /unpaired UTF-16 surrogate \(\\uD800 at offset 1\)/);
    assert.throws(() => quote('\uDC00', 'powershell'), QuoteError);
    assert.equal(quote('😀', 'posix'), `'😀'`);
  });
});

describe('quote (PowerShell)', () => {
  it('single-quotes, doubling every single-quote character PowerShell knows, typographic ones included', () => {
    assert.equal(quote('plain', 'powershell'), `'plain'`);
    assert.equal(quote('', 'powershell'), `''`);
    assert.equal(quote("it's", 'powershell'), `'it''s'`);
    assert.equal(quote('‘a’ ‚b‛', 'powershell'), `'‘‘a’’ ‚‚b‛‛'`);
    assert.equal(quote('$env:PATH `n "x" $(Get-Date)', 'powershell'), `'$env:PATH \`n "x" $(Get-Date)'`, '$, backtick and " are literal in single quotes');
    assert.equal(singleQuotedBody("a'b", 'powershell'), "a''b");
  });

  it('runs in pwsh byte for byte', { skip: PWSH ? false : 'pwsh is not installed here: PowerShell quoting is checked as strings only' }, () => {
    for (const v of HOSTILE.filter((x) => x.length < 4096)) {
      const r = spawnSync('pwsh', ['-NoProfile', '-NonInteractive', '-Command', `[Console]::Out.Write(${quote(v, 'powershell')})`]);
      assert.deepEqual(r.stdout, Buffer.from(v, 'utf8'), show(v));
    }
  });
});

describe('hostile values through real shells', () => {
  it(`has a corpus of at least 50 values, among them a 100 KB one`, () => {
    assert.ok(HOSTILE.length >= 50, String(HOSTILE.length));
    assert.ok(HOSTILE.some((v) => v.length >= 100 * 1024));
    assert.equal(new Set(HOSTILE).size, HOSTILE.length, 'no duplicates');
  });

  it('/bin/sh -c `printf \'%s\' {{v}}` prints each value exactly (the path `runbook run` takes)', () => {
    for (const v of HOSTILE) {
      const command = substitute(`printf '%s' {{v}}`, { v }, 'posix');
      const r = spawnSync('/bin/sh', ['-c', command], { env: { PATH: process.env.PATH }, maxBuffer: 16 * 1024 * 1024 });
      assert.equal(r.status, 0, `${show(v)}: ${r.stderr.toString()}`);
      assert.deepEqual(r.stdout, Buffer.from(v, 'utf8'), show(v));
    }
  });

  for (const shell of SHELLS) {
    it(`${shell}: quote(v) as an argument prints each value exactly`, () => {
      // One script for the corpus: each value's output ends with a NUL, which no value can contain.
      const script = HOSTILE.map((v) => `printf '%s' ${quote(v, 'posix')}\nprintf '\\000'\n`).join('');
      const r = runScript(shell, script);
      assert.equal(r.status, 0, r.stderr);
      const outputs = splitNul(r.stdout);
      assert.equal(outputs.length, HOSTILE.length);
      HOSTILE.forEach((v, n) => assert.deepEqual(outputs[n], Buffer.from(v, 'utf8'), show(v)));
    });
  }

  it('is the value as the shell variable holds it too (assignment, "$x" expansion)', () => {
    const script = HOSTILE.map((v) => `x=${quote(v, 'posix')}\nprintf '%s' "$x"\nprintf '\\000'\n`).join('');
    for (const shell of SHELLS) {
      const outputs = splitNul(runScript(shell, script).stdout);
      HOSTILE.forEach((v, n) => assert.deepEqual(outputs[n], Buffer.from(v, 'utf8'), `${shell} ${show(v)}`));
    }
  });

  it('stays one argument: no word splitting, no globbing, no option parsing of the quotes', () => {
    const script = HOSTILE.map((v) => `set -- ${quote(v, 'posix')}\nprintf '%s' "$#"\nprintf '\\000'\n`).join('');
    for (const shell of SHELLS) {
      const outputs = splitNul(runScript(shell, script).stdout);
      HOSTILE.forEach((v, n) => assert.equal(outputs[n].toString(), '1', `${shell} ${show(v)}`));
    }
  });
});

describe('shellKindFor', () => {
  it('is powershell for powershell steps and posix for sh, bash and zsh steps, whatever the terminal', () => {
    assert.equal(shellKindFor('powershell'), 'powershell');
    assert.equal(shellKindFor('powershell', '/bin/bash'), 'powershell');
    for (const l of ['sh', 'bash', 'zsh'] as const) {
      assert.equal(shellKindFor(l), 'posix');
      assert.equal(shellKindFor(l, 'pwsh'), 'posix');
    }
  });

  it('follows the terminal for console blocks', () => {
    assert.equal(shellKindFor('console'), 'posix');
    assert.equal(shellKindFor('console', '/bin/zsh'), 'posix');
    assert.equal(shellKindFor('console', '/usr/local/bin/pwsh'), 'powershell');
    assert.equal(shellKindFor('console', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'), 'powershell');
    assert.equal(shellKindFor('console', 'pwsh-preview'), 'powershell');
  });

  it('isPowerShell recognises pwsh and powershell paths only', () => {
    assert.ok(isPowerShell('pwsh.exe'));
    assert.ok(!isPowerShell('/bin/bash'));
    assert.ok(!isPowerShell('/opt/pwsh-wrapper/bin/zsh'));
  });
});

describe('terminalControlCharacters', () => {
  it('finds what a terminal would act on: C0 controls but tab and newline, DEL, C1', () => {
    assert.deepEqual(terminalControlCharacters('ok\tfine\nstill fine'), []);
    assert.deepEqual(terminalControlCharacters('a\x03b\rc\x1b[0m\x7f\x9b'), [1, 3, 5, 9, 10]);
  });
});

describe('assertTerminalSafe', () => {
  it('refuses what a terminal would act on, and passes ordinary multi-line commands', () => {
    assert.doesNotThrow(() => assertTerminalSafe("kubectl -n 'a b'\nprintf '%s\\t' x\t"));
    assert.throws(() => assertTerminalSafe("echo '\x15rm -rf ~ #'"), (e: unknown) => e instanceof QuoteError
      && e.message.startsWith('the command holds a control character (\\x15 at offset 6) that a terminal would act on'));
    assert.throws(() => assertTerminalSafe('a\rb\x03c\x1b[201~d\x7f'), /holds 4 control characters \(\\x0d at offset 1, \\x03 at offset 3, \\x1b at offset 5, …\)/);
  });
});

describe('displaySafe', () => {
  it('shows control and bidi characters as escapes, keeping tabs, newlines and ordinary unicode', () => {
    assert.equal(displaySafe('a\tb\nc é 😀 עברית'), 'a\tb\nc é 😀 עברית');
    assert.equal(displaySafe('ok\x1b[2K\rrm -rf /\x07\x7f\x9b'), 'ok\\x1b[2K\\x0drm -rf /\\x07\\x7f\\x9b');
    assert.equal(displaySafe('x\u202Eevil\u2066y\u200F'), 'x\\u{202E}evil\\u{2066}y\\u{200F}');
  });
});

function splitNul(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = b.indexOf(0); i !== -1; i = b.indexOf(0, start)) {
    out.push(b.subarray(start, i));
    start = i + 1;
  }
  return out;
}
