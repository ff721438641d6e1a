// Values that try every way a shell could read data as code. Each must come out of a real shell byte for byte.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** 100 KB, mostly plain, with a quote, a `$(…)` and a newline every so often. */
function long(): string {
  const chunk = `${'x'.repeat(990)}'$(id)\n"`;
  return chunk.repeat(Math.ceil((100 * 1024) / chunk.length)).slice(0, 100 * 1024);
}

export const HOSTILE: readonly string[] = [
  '',
  ' ',
  '   ',
  '\t \t',
  'plain',
  ' leading and trailing ',
  "it's",
  "'",
  "''",
  "'''",
  '"',
  '""',
  `"'"`,
  `'"'`,
  "a'b\"c'd\"e",
  '$(id)',
  '$(rm -rf /tmp/never-created-by-this-test)',
  '`id`',
  '$HOME',
  '${HOME}',
  '$((6*7))',
  '$1 $@ $* $# $? $$ $! $0 $-',
  ';',
  'a; echo injected',
  '|',
  'a | cat',
  '&&',
  'true && echo injected',
  '||',
  '&',
  'a & b',
  '\n',
  'line1\nline2',
  'a\n\n\nb',
  'ends with newline\n',
  '\n\n',
  '\r',
  'a\r\nb',
  '\t',
  'tab\there',
  '*',
  '*.md /*',
  '?',
  '[a-z]',
  '~',
  '~root/x',
  '!',
  '!!',
  '!$ !-1 !echo',
  '#',
  '#not a comment',
  'a #b',
  '-n',
  '-e',
  '--',
  '--help',
  '-',
  '\\',
  '\\\\',
  'a\\nb',
  '\\$HOME',
  '\\\'',
  'trailing backslash\\',
  '%',
  '%s%d%n%%',
  '{}',
  '{a,b}',
  '{{x}}',
  '{{ $labels.pod }}',
  '<namespace>',
  '<<EOF',
  '>out',
  '2>&1',
  '<(id)',
  'x=y',
  'IFS=x',
  'a=b c=d',
  '\x1b[31mred\x1b[0m',
  '\x1b]0;title\x07',
  '\x07\x08\x7f',
  '\x01\x02\x03\x04',
  'é naïve café',
  '日本語のテキスト',
  'עברית ومرحبا',
  '\u202Eevil\u202C reversed',
  '\u200B\u200D zero width',
  '😀',
  '👩‍👩‍👧 family',
  '\u00A0non-breaking',
  '\u2028\u2029',
  '\uFEFFbom',
  'curly ‘single’ “double” quotes',
  '`"\'$\\!*?[]{}()<>|&;#~=%\n\t ',
  'EOF',
  'if then fi do done',
  long(),
];

/** `bash` and `dash` besides `/bin/sh`, where installed. */
export function posixShells(): string[] {
  const shells = ['/bin/sh'];
  for (const s of ['bash', 'dash']) {
    if (spawnSync(s, ['-c', 'exit 0']).status === 0) {
      shells.push(s);
    }
  }
  return shells;
}

export function hasProgram(name: string, args: string[]): boolean {
  const r = spawnSync(name, args, { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

let tmp: string | undefined;

/** Run `script` from a file with `shell` (so it may be any size); stdout as bytes. */
export function runScript(shell: string, script: string, env?: NodeJS.ProcessEnv): { stdout: Buffer; stderr: string; status: number | null } {
  tmp ??= fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-quote-'));
  const file = path.join(tmp, `script-${process.pid}-${Math.random().toString(36).slice(2)}.sh`);
  fs.writeFileSync(file, script);
  try {
    const r = spawnSync(shell, [file], { env: env ?? { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent-home' }, maxBuffer: 64 * 1024 * 1024 });
    return { stdout: r.stdout, stderr: r.stderr.toString(), status: r.status };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** A short, printable description of a value for assertion messages. */
export function show(v: string): string {
  const j = JSON.stringify(v);
  return j.length > 80 ? `${j.slice(0, 77)}…" (${v.length} chars)` : j;
}
