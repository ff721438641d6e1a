// The differential injection test: hostile values × every placement a placeholder can have × the real shells, run
// the way the CLI runs them (`<shell> -c`) and the way a terminal gets them (typed into an interactive shell: the
// text on the standard input of `bash -i` / `zsh -f -i` / `dash -i`). A canary file must never appear, and every
// value is either delivered byte for byte or refused with a QuoteError, never executed.
//
// Every QuoteContext kind must have a placement here (see the last test): a context added to the scanner fails
// this file until it is listed. A shell that is not installed SKIPS loudly outside CI and FAILS in CI (CI=true);
// scripts/setup-shells.sh installs them. `npm run fuzz` runs a bigger version (FUZZ_INPUTS).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { prepareStep } from '../../../../src/core/run/prepareStep';
import { QuoteError } from '../../../../src/core/run/quote';
import { QUOTE_CONTEXT_KINDS, type QuoteContext } from '../../../../src/core/run/shellSyntax';
import { findPlaceholders, substitute } from '../../../../src/core/run/variables';
import type { Step } from '../../../../src/core/model';
import { HOSTILE, show } from './corpus';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-inject-'));
const CANARY = path.join(TMP, 'CANARY');

/** Values that would create the canary if any shell ran them as code, in every quoting a scanner could misjudge. */
const ATTACKS: readonly string[] = [
  `$(touch ${CANARY})`,
  `\`touch ${CANARY}\``,
  `; touch ${CANARY}`,
  `web-1; touch ${CANARY}; echo '`,
  `'; touch ${CANARY}; echo '`,
  `"; touch ${CANARY}; echo "`,
  `a[$(touch ${CANARY})]`,
  `x[\`touch ${CANARY}\`]`,
  `1 + a[$(touch ${CANARY})]`,
  `\ntouch ${CANARY}\n`,
  `x\nRUNBOOK_EOF\ntouch ${CANARY}\n`,
  `$'\\x27'; touch ${CANARY} #`,
  `\\'; touch ${CANARY}; echo \\'`,
  `)" ; touch ${CANARY} ; echo "(`,
  `}; touch ${CANARY}; echo {`,
  `esac; touch ${CANARY}; case x in x)`,
  `# \ntouch ${CANARY}`,
  `RUNBOOK_V_v`,
  `PATH`,
  `\u202E; touch ${CANARY} \u202C`,
  `$(touch ${CANARY})`.repeat(2000),
];
const INTEGERS = ['0', '42', '-7', '+5'];
const BIG = Number(process.env.FUZZ_INPUTS ?? 0);

function values(): string[] {
  const out = [...HOSTILE, ...ATTACKS, ...INTEGERS, 'plain-value_1.2:3/4@5+6,7=8'];
  // `npm run fuzz`: random mixes of the pieces above, too.
  let seed = 12345;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const pieces = [...ATTACKS, ...HOSTILE.filter((v) => v.length < 50), '\'', '"', '$', '`', '\\', '\n', '#', '!', ')', '(', '}', ']'];
  for (let n = 0; n < Math.min(BIG, 1000); n++) { // (500 extra values take ~6 minutes on 2 cores)
    out.push(Array.from({ length: 1 + rand(4) }, () => pieces[rand(pieces.length)]).join(''));
  }
  return out;
}
const VALUES = values();

interface Placement {
  readonly name: string;
  readonly template: string;
  /** What the command prints for a delivered value; undefined: only the canary is checked (a misread placement). */
  readonly expect?: (v: string) => string;
  /** Shells whose output is checked (default: all); others only check the canary. */
  readonly dataIn?: readonly string[];
  /** Shells that run it at all (default: all). */
  readonly shells?: readonly string[];
}

const noTrailingNewlines = (v: string) => v.replace(/\n+$/, '');
const asInteger = (v: string) => String(Number.parseInt(v, 10));

const PLACEMENTS: readonly Placement[] = [
  { name: 'bare word', template: `printf '%s' {{v}}`, expect: (v) => v },
  { name: 'glued to text', template: `printf '%s' x{{v}}y`, expect: (v) => `x${v}y` },
  { name: "inside '…'", template: `printf '%s' '<{{v}}>'`, expect: (v) => `<${v}>` },
  { name: 'inside "…"', template: `printf '%s' "<{{v}}>"`, expect: (v) => `<${v}>` },
  { name: "inside $'…'", template: `printf '%s' $'<{{v}}>'`, expect: (v) => `<${v}>`, shells: ['bash', 'zsh'] },
  { name: '${x:-…}', template: `printf '%s' \${RUNBOOK_UNSET:-{{v}}}`, expect: (v) => v, dataIn: ['bash', 'dash'] },
  { name: '"${x:-…}"', template: `printf '%s' "\${RUNBOOK_UNSET:-{{v}}}"`, expect: (v) => v },
  // Item 2: bash wants the ' inside "${…}" matched (so this is refused for bash: incomplete), dash and zsh do not.
  { name: `after "\${x:-it's}"`, template: `printf '%s' "\${RUNBOOK_UNSET:-it's a default}" {{v}}`, expect: (v) => `it's a default${v}`, dataIn: ['dash', 'zsh'] },
  { name: "after $'it\\'s' (no $'…' in old dash)", template: `printf '%s' $'it\\'s' {{v}}`, expect: (v) => `it's${v}`, dataIn: ['bash', 'zsh'] },
  { name: 'unquoted here-document', template: `cat <<RUNBOOK_EOF\n<{{v}}>\nRUNBOOK_EOF`, expect: (v) => `<${v}>\n` },
  { name: '<<- here-document', template: `cat <<-RUNBOOK_EOF\n\t<{{v}}>\n\tRUNBOOK_EOF`, expect: (v) => `<${v}>\n` },
  { name: "quoted here-document (<<'…')", template: `cat <<'RUNBOOK_EOF'\n{{v}}\nRUNBOOK_EOF`, expect: (v) => `${v}\n` },
  // Item 4: the pattern's `)` must not close `$(`.
  { name: '"$(case … esac)"', template: `printf '%s' "$(case a in a) printf '%s' {{v}};; esac)"`, expect: noTrailingNewlines },
  { name: 'backticks', template: `x=\`printf '%s' {{v}}\`; printf '%s' "$x"`, expect: noTrailingNewlines },
  { name: '"$( … )"', template: `printf '%s' "$(printf '%s' {{v}})"`, expect: noTrailingNewlines },
  // Item 4: `<<` in arithmetic is a shift, not a here-document: the next line's value must still be a reference.
  { name: 'after (( 1 << 2 ))', template: `(( x = 1 << 2 ))\nprintf '%s' {{v}}`, expect: (v) => v, shells: ['bash', 'zsh'] },
  { name: 'after $[1<<2]', template: `: $[1<<2]\nprintf '%s' {{v}}`, expect: (v) => v, shells: ['bash', 'zsh'] },
  // Item 3: every arithmetic form takes integers only.
  { name: '$(( … ))', template: `printf '%s' "$(( {{v}} ))"`, expect: asInteger },
  { name: '(( … ))', template: `(( {{v}} >= -100 )) && printf '%s' {{v}}`, expect: (v) => v, shells: ['bash', 'zsh'] },
  { name: '$[ … ]', template: `printf '%s' $[ {{v}} ]`, expect: asInteger, shells: ['bash', 'zsh'] },
  { name: 'let', template: `let x={{v}}; printf '%s' "$x"`, expect: asInteger, shells: ['bash', 'zsh'] },
  { name: 'array subscript', template: `arr[{{v}}+10]=1; printf '%s' ok`, expect: () => 'ok', shells: ['bash', 'zsh'] },
  { name: '${a[…]}', template: `arr=(a b); printf '%s' "\${arr[{{v}}+100]}"`, expect: () => '', shells: ['bash', 'zsh'] },
  { name: '[[ … -eq … ]]', template: `[[ {{v}} -eq {{v}} ]] && printf '%s' ok`, expect: () => 'ok', shells: ['bash', 'zsh'] },
  { name: '[ … -eq … ]', template: `[ {{v}} -eq {{v}} ] && printf '%s' ok`, expect: () => 'ok' },
  { name: 'declare -i', template: `declare -i n={{v}}; printf '%s' "$n"`, expect: asInteger, shells: ['bash', 'zsh'] },
  // Evaluating commands: plain values only.
  { name: 'eval', template: `eval "printf '%s' {{v}}"`, expect: (v) => v },
  { name: "sh -c '…'", template: `sh -c 'printf "%s" {{v}}'`, expect: (v) => v },
  { name: 'piped into sh', template: `printf '%s\\n' "printf '%s' {{v}}" | sh`, expect: (v) => v },
  { name: '[[ -v … ]]', template: `[[ -v {{v}} ]] || printf '%s' unset`, expect: () => 'unset', dataIn: [], shells: ['bash', 'zsh'] },
  // Item 1: comments never reach an interactive shell (zsh does not take # for one).
  { name: "comment line before (it's)", template: `# Check the pod's logs\nprintf '%s' {{v}}`, expect: (v) => v },
  { name: 'inline comment', template: `printf '%s' {{v}} # it's {{v}}`, expect: (v) => v },
  { name: '#! line', template: `#!/bin/sh\nprintf '%s' {{v}}`, expect: (v) => v },
  // Always refused: no text can follow an escaping backslash, and a value cannot name the variable to read.
  { name: 'after a backslash', template: `printf '%s' \\{{v}}` },
  { name: '${!…}', template: `printf '%s' \${!{{v}}}` },
];

/** PowerShell placements, checked for refusals only (pwsh is not run here). */
const POWERSHELL_PLACEMENTS: readonly { template: string; refused: boolean }[] = [
  { template: 'icacls --% {{v}}', refused: true },
  { template: 'Write-Output {{v}}', refused: false },
];

type Mode = 'c' | 'interactive';
const SHELLS: readonly { name: string; program: string; step: 'sh' | 'bash' | 'zsh'; args: Record<Mode, string[]> }[] = [
  { name: 'bash', program: 'bash', step: 'bash', args: { c: ['--norc', '--noprofile', '-c'], interactive: ['--norc', '--noprofile', '-i'] } },
  { name: 'dash', program: 'dash', step: 'sh', args: { c: ['-c'], interactive: ['-i'] } },
  { name: 'zsh', program: 'zsh', step: 'zsh', args: { c: ['-f', '-c'], interactive: ['-f', '-i'] } },
];

function installed(program: string): boolean {
  const r = spawnSync(program, ['-c', 'exit 0'], { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

function run(shell: (typeof SHELLS)[number], mode: Mode, text: string): { stdout: string; stderr: string } {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: TMP, TERM: 'dumb' };
  const r = mode === 'c'
    ? spawnSync(shell.program, [...shell.args.c, text], { cwd: TMP, env, maxBuffer: 256 * 1024 * 1024 })
    : spawnSync(shell.program, shell.args.interactive, { cwd: TMP, env, input: `${text}\nexit\n`, maxBuffer: 256 * 1024 * 1024 });
  return { stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

/** The step prepareStep gets for a template, as a runbook would have it. */
function stepOf(template: string, language: 'sh' | 'bash' | 'zsh' = 'bash'): Step {
  return { id: 's', language, info: language, attributes: {}, destructive: false, code: template, range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } }, variables: [] } as unknown as Step;
}

/**
 * What the real path gives `shell` for the template filled with `v` (prepareStep, as the extension and the CLI call
 * it: dash gets an `sh` step, typed into a terminal in interactive mode), or 'refused'. Anything thrown fails.
 */
function prepare(template: string, v: string, shell: 'sh' | 'bash' | 'zsh' = 'bash', mode: Mode = 'c'): string | 'refused' {
  const prepared = prepareStep({ runbook: { variables: {} }, step: stepOf(template, shell), shell, typed: { v }, forTerminal: mode === 'interactive' });
  assert.deepEqual(prepared.missing, []);
  return prepared.error === undefined ? prepared.text : 'refused';
}

/** Can `substitute` (the lower level) put the value there? (false: a QuoteError) */
function substitutes(template: string, v: string): boolean {
  try {
    substitute(template, { v }, 'posix');
    return true;
  } catch (e) {
    if (e instanceof QuoteError) {
      return false;
    }
    throw e;
  }
}

const missing = SHELLS.filter((s) => !installed(s.program));
if (missing.length > 0) {
  const message = `\n!!! injection test: ${missing.map((s) => s.name).join(', ')} not installed: ${process.env.CI === 'true' ? 'FAILING (CI)' : 'SKIPPING those shells'}; install with scripts/setup-shells.sh !!!\n`;
  process.stderr.write(message);
}

describe('values are data: differential injection test', () => {
  for (const shell of SHELLS) {
    for (const mode of ['c', 'interactive'] as const) {
      it(`${shell.name} ${mode === 'c' ? '-c (the CLI)' : '-i, typed in (a terminal)'}: every placement delivers every value intact or refuses it, and runs none`, (t) => {
        if (!installed(shell.program)) {
          if (process.env.CI === 'true') {
            assert.fail(`${shell.name} is not installed: the injection test must run every shell in CI (scripts/setup-shells.sh)`);
          }
          t.skip(`${shell.name} is not installed (scripts/setup-shells.sh installs it)`);
          return;
        }
        for (const p of PLACEMENTS) {
          if (p.shells && !p.shells.includes(shell.name)) {
            continue;
          }
          const checkData = p.expect !== undefined && (!p.dataIn || p.dataIn.includes(shell.name));
          const delivered: { v: string; text: string }[] = [];
          // (Typed-in shells echo their input: the longest values only under `npm run fuzz`.)
          for (const v of mode === 'interactive' && !BIG ? VALUES.filter((x) => x.length <= 4096) : VALUES) {
            const text = prepare(p.template, v, shell.step, mode);
            if (text === 'refused') {
              continue;
            }
            assert.ok(p.expect, `${p.name}: ${show(v)} must be refused`);
            delivered.push({ v, text });
          }
          // Batches (one process runs many texts; -c arguments stay under the kernel's 128 KB per argument). Where
          // the shell reads the placement otherwise than the scanner (no data check), each text runs alone, as it
          // would: one step per `sh -c`, and prepareStep refuses texts left open (see 'refuses incomplete text').
          const batches: { v: string; text: string }[][] = [];
          let size = 0;
          for (const d of delivered) {
            if (batches.length === 0 || !checkData || size + d.text.length > 100_000) {
              batches.push([]);
              size = 0;
            }
            batches[batches.length - 1].push(d);
            size += d.text.length + 16;
          }
          for (const batch of batches) {
            fs.rmSync(CANARY, { force: true });
            const r = run(shell, mode, batch.map((d) => `${d.text}\nprintf '\\000'\n`).join(''));
            assert.equal(fs.existsSync(CANARY), false, `${shell.name} ${mode}, ${p.name}: a value ran as code (${batch.length === 1 ? show(batch[0].v) : `one of ${batch.length}`})\n${r.stderr.slice(0, 2000)}`);
            if (checkData) {
              const outputs = r.stdout.split('\0');
              assert.equal(outputs.length, batch.length + 1, `${shell.name} ${mode}, ${p.name}: ${outputs.length - 1} outputs for ${batch.length} values\n${r.stderr.slice(0, 2000)}`);
              batch.forEach((d, n) => assert.equal(outputs[n], p.expect!(d.v), `${shell.name} ${mode}, ${p.name}: ${show(d.v)}`));
            }
          }
        }
      });
    }
  }

  it('zsh -o rcquotes reads the assignment line back intact', (t) => {
    if (!installed('zsh')) {
      if (process.env.CI === 'true') {
        assert.fail('zsh is not installed');
      }
      t.skip('zsh is not installed');
      return;
    }
    for (const v of VALUES.filter((x) => !x.includes('\0'))) {
      fs.rmSync(CANARY, { force: true });
      const r = spawnSync('zsh', ['-f', '-o', 'rcquotes', '-c', substitute(`printf '%s' {{v}}`, { v }, 'posix')], { cwd: TMP, maxBuffer: 256 * 1024 * 1024 });
      assert.equal(fs.existsSync(CANARY), false, show(v));
      assert.equal(r.stdout.toString('utf8'), v, show(v));
    }
  });

  it('arithmetic and evaluating placements refuse what is not an integer / plain, and accept what is', () => {
    for (const p of PLACEMENTS) {
      const kinds = findPlaceholders(p.template, new Set(['v']), 'posix').map((x) => x.context.kind);
      if (kinds.includes('arithmetic')) {
        assert.equal(substitutes(p.template, 'a[$(id)]'), false, p.name);
        assert.equal(substitutes(p.template, '42'), true, p.name);
      } else if (kinds.includes('evaluated')) {
        assert.equal(substitutes(p.template, 'a b'), false, p.name);
        assert.equal(substitutes(p.template, 'plain-value'), true, p.name);
      }
    }
  });

  it('prepareStep refuses, for a terminal, values holding characters the terminal would act on', () => {
    const prepared = prepareStep({ runbook: { variables: {} }, step: stepOf(`printf '%s' {{v}}`), shell: 'bash', typed: { v: 'a\x15b' }, forTerminal: true });
    assert.match(prepared.error ?? '', /control character/);
    assert.equal(prepared.text, '');
  });

  it('has a placement for every kind of QuoteContext (add one here when the scanner learns a new context)', () => {
    const seen = new Set<string>();
    const note = (c: QuoteContext) => {
      seen.add(c.kind);
      if (c.kind === 'evaluated') {
        note(c.within);
      }
    };
    for (const p of PLACEMENTS) {
      findPlaceholders(p.template, new Set(['v']), 'posix').forEach((x) => note(x.context));
    }
    for (const p of POWERSHELL_PLACEMENTS) {
      findPlaceholders(p.template, new Set(['v']), 'powershell').forEach((x) => note(x.context));
      assert.equal((() => {
        try {
          substitute(p.template, { v: "a'b" }, 'powershell');
          return false;
        } catch (e) {
          return e instanceof QuoteError;
        }
      })(), p.refused, p.template);
    }
    assert.deepEqual(QUOTE_CONTEXT_KINDS.filter((k) => !seen.has(k)), [], 'QuoteContext kinds without a placement in this test');
  });
});
