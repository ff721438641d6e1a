// Hostile inputs: repository content built to cost unbounded time or memory (issue 12, item 10). Each case runs in
// a child process with a time limit and a heap limit, so one that is not bounded shows as "killed" or "crashed"
// instead of stopping the benchmark. Printed by `npm run bench` and, alone, by `npm run bench -- --hostile`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseRuleFile } from '../src/core/alerts/rules';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../src/core/lint/config';
import { lintDocument } from '../src/core/lint/engine';
import { ALL_RULES } from '../src/core/lint/rules';
import { parseRunbook } from '../src/core/parse';
import { needsConfirmation } from '../src/core/run/danger';
import { RunbookIndex } from '../src/core/runbookIndex';
import { RuleIndex } from '../src/core/alerts/rules';
import { lintCommand } from '../src/cli/commands/lint';
import { readWorkspaceSettings } from '../src/cli/settings';

/** Time and heap each case may use before it counts as unbounded. */
export const LIMIT_MS = 60_000;
const HEAP_MB = 1024;

export interface HostileResult {
  readonly name: string;
  readonly bytes: number;
  /** Wall time of the case in its process (without starting it), or of the kill. */
  readonly ms: number;
  readonly bounded: boolean;
  readonly outcome: string;
}

interface Case {
  readonly name: string;
  /** The input, built in the child (so the parent does not hold it). */
  run(): Promise<{ bytes: number; bounded: boolean; outcome: string }>;
}

const env = (config: ResolvedConfig = DEFAULT_CONFIG, ruleSet = ALL_RULES) => ({
  runbooks: new RunbookIndex(), rules: new RuleIndex(), config, today: '2026-12-04', fileExists: async () => true, ruleSet,
});
const rule = (id: string) => ALL_RULES.filter((r) => r.id === id);

/** The 465-byte front matter of the report: nine levels of nine aliases (9^9 strings once expanded). */
function laughs(): string {
  const lines = ['title: Laughs', 'tags: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= 8; i++) {
    lines.push(`x${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(',')}]`);
  }
  lines[lines.length - 1] = lines[lines.length - 1].replace(/^x8:/, 'alerts:');
  return `---\n${lines.join('\n')}\n---\n# Laughs\n`;
}

const CASES: readonly Case[] = [
  {
    name: 'front matter alias bomb (9 levels × 9)',
    async run() {
      const text = laughs();
      const r = parseRunbook('/ws/runbooks/laughs.md', text);
      const refused = r.problems.some((p) => /alias/i.test(p.message));
      return { bytes: text.length, bounded: refused, outcome: refused ? `refused: ${r.problems[0].message.slice(0, 60)}…` : `${r.problems.length} problems` };
    },
  },
  {
    name: 'rule file aliases fanned out (3,000 × 3,000)',
    async run() {
      const n = 3000;
      const text = ['r: &r {alert: A, expr: up}', `g: &g {name: g, rules: [${Array(n).fill('*r').join(',')}]}`, `groups: [${Array(n).fill('*g').join(',')}]`].join('\n');
      const r = parseRuleFile('/ws/fan.rules.yml', text);
      return { bytes: text.length, bounded: r.rules.length < 100_000, outcome: r.problems.length ? `refused, ${r.rules.length} rules` : `${r.rules.length} rules` };
    },
  },
  {
    name: 'lint pattern ^(a+)+$ on a 32-character step line',
    async run() {
      const text = `# Evil\n\n\`\`\`sh\n${'a'.repeat(32)}!\n\`\`\`\n`;
      const config: ResolvedConfig = { files: ['/ws/.runbooklint.yaml'], rules: { RB304: { severity: 'warning', options: { patterns: ['^(a+)+$'] } } }, ignores: [] };
      const f = await lintDocument({ path: '/ws/runbooks/evil.md', text }, env(config, rule('RB304')));
      return { bytes: text.length, bounded: true, outcome: `${f.length} findings` };
    },
  },
  {
    name: 'one undeclared {{v}} used 60,000 times (RB302)',
    async run() {
      const text = `---\ntitle: Many\n---\n# Many\n\n\`\`\`sh\n${'echo {{v}}\n'.repeat(60_000)}\`\`\`\n`;
      const f = await lintDocument({ path: '/ws/runbooks/many.md', text }, env(DEFAULT_CONFIG, rule('RB302')));
      return { bytes: text.length, bounded: f.length === 1 && f[0].message.length < 1000, outcome: `${f.length} finding, message ${f[0]?.message.length} chars` };
    },
  },
  {
    name: '240 KB command line, built-in danger patterns (runner)',
    async run() {
      const line = 'kubectl '.repeat(30_000);
      const c = needsConfirmation({ destructive: false }, line);
      return { bytes: line.length, bounded: true, outcome: c.confirm ? 'asks' : 'does not ask' };
    },
  },
  {
    name: '240 KB step line, built-in danger patterns (lint RB304)',
    async run() {
      const text = `# Long\n\n\`\`\`sh\n${'kubectl '.repeat(30_000)}\n\`\`\`\n`;
      const f = await lintDocument({ path: '/ws/runbooks/long.md', text }, env(DEFAULT_CONFIG, rule('RB304')));
      return { bytes: text.length, bounded: true, outcome: `${f.length} findings` };
    },
  },
  {
    name: '200,000 findings in one file (runbook lint, all rules)',
    async run() {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'runbooks-hostile-'));
      try {
        const text = `# Many\n\n${'```\nx\n```\n\n'.repeat(200_000)}`;
        writeFileSync(path.join(dir, 'many.runbook.md'), text);
        let out = '';
        let err = '';
        const code = await lintCommand(['--format', 'json', 'many.runbook.md'], { cwd: dir, out: (s: string) => { out += s; }, err: (s: string) => { err += s; } } as never);
        const n = out ? (JSON.parse(out) as unknown[]).length : 0;
        return { bytes: text.length, bounded: code !== 2 && n > 0 && n <= 1001, outcome: `exit ${code}, ${n} findings reported${err ? `, ${err.slice(0, 60)}` : ''}` };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  {
    name: '.vscode/settings.json linked to /dev/zero (every CLI command)',
    async run() {
      if (!existsSync('/dev/zero')) {
        return { bytes: 0, bounded: true, outcome: 'skipped: no /dev/zero' };
      }
      const dir = mkdtempSync(path.join(os.tmpdir(), 'runbooks-hostile-'));
      try {
        mkdirSync(path.join(dir, '.vscode'));
        symlinkSync('/dev/zero', path.join(dir, '.vscode', 'settings.json'));
        const settings = await readWorkspaceSettings(dir);
        return { bytes: 0, bounded: true, outcome: `refused: ${Object.keys(settings).length} settings read, defaults apply` };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];

/** Run every case, each in its own process. */
export function hostileBench(log: (s: string) => void): HostileResult[] {
  const out: HostileResult[] = [];
  for (const c of CASES) {
    log(`  ${c.name}…`);
    const started = Date.now();
    const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--stack-size=984', __filename, `--hostile-case=${c.name}`], { encoding: 'utf8', timeout: LIMIT_MS, maxBuffer: 64 * 1024 * 1024 });
    const wall = Date.now() - started;
    const line = r.stdout?.split('\n').find((l) => l.startsWith('{'));
    if (line) {
      out.push({ name: c.name, ...(JSON.parse(line) as Omit<HostileResult, 'name'>) });
    } else if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
      out.push({ name: c.name, bytes: 0, ms: wall, bounded: false, outcome: `killed after ${LIMIT_MS / 1000} s` });
    } else {
      const why = (r.stderr ?? '').split('\n').find((l) => /Error|heap|stack/i.test(l)) ?? `exit ${r.status ?? r.signal}`;
      out.push({ name: c.name, bytes: 0, ms: wall, bounded: false, outcome: `crashed: ${why.trim().slice(0, 80)}` });
    }
  }
  return out;
}

export function printHostile(results: readonly HostileResult[]): void {
  console.log('\nhostile inputs (each in its own process; limit 60 s, 1 GB heap)');
  const w = Math.max(...results.map((r) => r.name.length), 10);
  for (const r of results) {
    const size = r.bytes ? `${(r.bytes / 1024).toFixed(r.bytes < 10_240 ? 2 : 0)} KB` : '';
    console.log(`  ${r.name.padEnd(w)}  ${size.padStart(9)}  ${`${(r.ms / 1000).toFixed(2)} s`.padStart(8)}  ${r.bounded ? 'bounded    ' : 'NOT BOUNDED'}  ${r.outcome}`);
  }
}

async function child(name: string): Promise<void> {
  const c = CASES.find((x) => x.name === name);
  if (!c) {
    throw new Error(`no hostile case ${name}`);
  }
  const start = performance.now();
  const r = await c.run();
  process.stdout.write(`${JSON.stringify({ ...r, ms: performance.now() - start })}\n`);
}

const arg = process.argv.find((a) => a.startsWith('--hostile-case='));
if (arg && require.main === module) {
  void child(arg.slice('--hostile-case='.length));
}
