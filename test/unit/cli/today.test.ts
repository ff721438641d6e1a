// "Today" near midnight: `runbook lint` and the editor must judge a runbook on the same date, in every time zone.
// The editor's lint passes core/dates' today() (src/extension/lint/lintController.ts); the CLI takes its date from
// the clock it is given. Here the clock stands half an hour either side of midnight UTC, and the process's time zone
// is set far ahead of and far behind UTC, where a local date and the UTC date differ.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { lintCommand } from '../../../src/cli/commands/lint';
import { today, type Clock } from '../../../src/core/dates';
import { lintDocument } from '../../../src/core/lint/engine';
import { RuleIndex } from '../../../src/core/alerts/rules';
import { DEFAULT_CONFIG } from '../../../src/core/lint/config';
import { staleReview } from '../../../src/core/lint/rules/staleReview';
import { RunbookIndex } from '../../../src/core/runbookIndex';
import { capture } from './capture';

const REPO = path.join(__dirname, '../../../..');

const RUNBOOKS: Record<string, string> = {
  // In the future on 2026-03-01, not on 2026-03-02.
  'ahead.md': '---\ntitle: Ahead\nlast_reviewed: 2026-03-02\nreview_every: 7d\n---\n# Ahead\n',
  // Overdue on 2026-03-02, not on 2026-03-01.
  'due.md': '---\ntitle: Due\nlast_reviewed: 2026-02-28\nreview_every: 1d\n---\n# Due\n',
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-today-'));
fs.mkdirSync(path.join(dir, 'runbooks'));
for (const [name, text] of Object.entries(RUNBOOKS)) {
  fs.writeFileSync(path.join(dir, 'runbooks', name), text);
}
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** What `runbook lint --format json` says, as `file: message` lines. */
async function cli(clock: Clock): Promise<string[]> {
  const r = await capture((w) => lintCommand(['--format', 'json'], { cwd: dir, ...w }, { ruleSet: [staleReview], clock }));
  return (JSON.parse(r.out) as { path: string; message: string }[]).map((f) => `${path.basename(f.path)}: ${f.message}`).sort();
}

/** What the editor's lint says: the engine with the date the extension passes it. */
async function editor(clock: Clock): Promise<string[]> {
  const out: string[] = [];
  for (const [name, text] of Object.entries(RUNBOOKS)) {
    const env = { runbooks: new RunbookIndex(), rules: new RuleIndex(), config: DEFAULT_CONFIG, today: today(clock), ruleSet: [staleReview], fileExists: async () => true };
    for (const f of await lintDocument({ path: `/w/runbooks/${name}`, text }, env)) {
      out.push(`${name}: ${f.message}`);
    }
  }
  return out.sort();
}

describe('today near midnight', () => {
  it('runbook lint and the editor agree, in every time zone', async () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Europe/Paris', 'UTC']) {
        process.env.TZ = tz;
        for (const instant of ['2026-03-01T23:30:00Z', '2026-03-02T00:30:00Z']) {
          const clock = () => new Date(instant);
          const both = await editor(clock);
          assert.deepEqual(await cli(clock), both, `${tz} at ${instant}`);
          // The date they agree on is the UTC one (see core/dates).
          assert.equal(both.length, 1, `${tz} at ${instant}: ${both.join(' | ')}`);
          assert.match(both[0], instant.startsWith('2026-03-01') ? /^ahead\.md: .*in the future \(today is 2026-03-01\)/ : /^due\.md: review overdue/);
        }
      }
    } finally {
      if (saved === undefined) {
        delete process.env.TZ;
      } else {
        process.env.TZ = saved;
      }
    }
  });

  it('the editor takes its date from core/dates, and computes none of its own', () => {
    const controller = fs.readFileSync(path.join(REPO, 'src/extension/lint/lintController.ts'), 'utf8');
    assert.match(controller, /import \{ today \} from '\.\.\/\.\.\/core\/dates';/);
    assert.match(controller, /today: today\(\)/);
    const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    for (const file of walk(path.join(REPO, 'src/extension')).filter((f) => f.endsWith('.ts'))) {
      const text = fs.readFileSync(file, 'utf8');
      assert.doesNotMatch(text, /toISOString\(\)\.slice\(0, 10\)|getFullYear\(|getDate\(\)|toLocaleDateString\(/, `${path.relative(REPO, file)} computes a date itself: use core/dates`);
    }
  });
});
