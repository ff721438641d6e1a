// Every lint rule against its fixtures (test/unit/core/lint/rules/fixtures/<rule-name>/): the findings must be
// exactly those the fixtures' markers expect, and every fix must turn the fixture into its `*.fixed.md`, after which
// the rule no longer fires (fixing again changes nothing).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ALL_RULES } from '../../../../../src/core/lint/rules';
import type { LintRule } from '../../../../../src/core/lint/types';
import {
  applyFixes, compare, expectations, FIXTURES, fixAll, malformed, markdownExpectations, ROOT, runRule, runWorkspaceRule, splitLines, workspaces, type Workspace,
} from './harness';

/** The fixture file on disk for a virtual path of a workspace. */
const onDisk = (ws: Workspace, virtual: string) => path.join(ws.dir, ...virtual.slice(ROOT.length + 1).split('/'));

function checkMarkers(rule: LintRule, file: string, ids: readonly string[]): void {
  const foreign = ids.filter((id) => id !== rule.id);
  assert.deepEqual(foreign, [], `${file}: markers for other rules (${foreign.join(', ')}); a fixture folder tests one rule`);
}

for (const rule of ALL_RULES) {
  const dir = path.join(FIXTURES, rule.name);
  const wss = existsSync(dir) ? workspaces(dir) : [];

  describe(`${rule.id} ${rule.name}`, () => {
    it('has fixtures with findings and fixtures without', () => {
      assert.ok(wss.length, `no fixture folder ${path.relative(process.cwd(), dir)}`);
      let dirty = 0;
      let clean = 0;
      for (const ws of wss) {
        const files = rule.workspaceCheck
          ? [...ws.ruleFiles.values()].map((t) => expectations(t, 'all'))
          : [...ws.runbookFiles.values()].map((t) => markdownExpectations(t));
        for (const e of files) {
          if (e.length) {
            dirty++;
          } else {
            clean++;
          }
        }
      }
      assert.ok(dirty >= 1, 'no fixture expects a finding');
      assert.ok(clean >= 1, 'no clean fixture (one that expects nothing)');
    });

    for (const ws of wss) {
      const wsName = path.relative(FIXTURES, ws.dir);
      if (rule.workspaceCheck) {
        it(`${wsName}: workspace findings are those the markers expect`, () => {
          const findings = runWorkspaceRule(rule, ws);
          const problems: string[] = [];
          for (const [p, text] of [...ws.ruleFiles, ...ws.runbookFiles]) {
            const expected = p.endsWith('.md') ? markdownExpectations(text) : expectations(text, 'all');
            checkMarkers(rule, p, expected.map((e) => e.ruleId));
            const mine = findings.filter((f) => f.path === p);
            problems.push(...malformed(mine, splitLines(text)), ...compare(mine, expected, `${p}: `));
          }
          const elsewhere = findings.filter((f) => !ws.ruleFiles.has(f.path) && !ws.runbookFiles.has(f.path));
          problems.push(...elsewhere.map((f) => `finding on a file that is not in the workspace: ${f.path}`));
          assert.deepEqual(problems, []);
          for (const [p, text] of ws.runbookFiles) {
            assert.deepEqual(runRule(rule, ws, p, text), [], `${p}: the per-document check of a workspace rule reports nothing`);
          }
        });
        continue;
      }
      for (const [p, text] of ws.runbookFiles) {
        const name = `${wsName}/${p.slice(ROOT.length + 1)}`;
        it(`${name}: findings are those the markers expect`, () => {
          const expected = markdownExpectations(text);
          checkMarkers(rule, name, expected.map((e) => e.ruleId));
          const findings = runRule(rule, ws, p, text);
          assert.deepEqual([...malformed(findings, splitLines(text)), ...compare(findings, expected)], []);
        });

        const fixedPath = onDisk(ws, p).replace(/\.md$/, '.fixed.md');
        const fixable = runRule(rule, ws, p, text).filter((f) => f.fix);
        if (!fixable.length) {
          it(`${name}: no fix, no fixed file`, () => {
            assert.equal(existsSync(fixedPath), false, `${path.basename(fixedPath)} exists but the rule offers no fix here`);
          });
          continue;
        }
        it(`${name}: fixes give ${path.basename(fixedPath)}, and the rule no longer fires`, () => {
          assert.ok(existsSync(fixedPath), `the rule offers ${fixable.length} fix(es): add ${path.basename(fixedPath)}`);
          const want = readFileSync(fixedPath, 'utf8');
          const before = runRule(rule, ws, p, text);
          const { text: fixed } = fixAll(rule, ws, p, text);
          assert.equal(fixed, want);
          const after = runRule(rule, ws, p, fixed);
          assert.deepEqual(after.filter((f) => f.fix).map((f) => f.message), [], 'fixable findings left after fixing');
          assert.equal(after.length, before.filter((f) => !f.fix).length, `findings after fixing: ${after.map((f) => f.message).join('; ')}`);
          assert.equal(fixAll(rule, ws, p, fixed).rounds, 0, 'fixing the fixed text again changes it');
        });
        it(`${name}: each fix alone makes progress and keeps the other findings`, () => {
          const before = runRule(rule, ws, p, text);
          for (const f of before.filter((x) => x.fix)) {
            const once = applyFixes(text, [f.fix!.edits]);
            assert.equal(once.skipped, 0, `the edits of "${f.fix!.title}" overlap each other`);
            const after = runRule(rule, ws, p, once.text);
            assert.equal(after.length, before.length - 1, `after "${f.fix!.title}": ${after.map((x) => x.message).join('; ')}`);
            assert.ok(!after.some((x) => x.message === f.message && x.line === f.line), `"${f.message}" still reported after its fix`);
          }
        });
      }
    }
  });
}
