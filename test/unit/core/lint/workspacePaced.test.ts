// The workspace lint in slices (the extension host's pace, after each index): the same findings as straight
// through, and yields within the coverage of the rules by the runbooks, not only between rules.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RuleIndex } from '../../../../src/core/alerts/rules';
import { DEFAULT_CONFIG } from '../../../../src/core/lint/config';
import { lintDocument, lintWorkspace, lintWorkspacePaced, type WorkspaceEnvironment } from '../../../../src/core/lint/engine';
import { ALL_RULES } from '../../../../src/core/lint/rules';
import { RunbookIndex } from '../../../../src/core/runbookIndex';
import { fakePace } from '../fakePace';

function workspace(): WorkspaceEnvironment {
  const runbooks = new RunbookIndex();
  for (let i = 0; i < 20; i++) {
    runbooks.set(`/w/runbooks/alert${i}.md`, `---\nalerts: [Alert${i}, Unknown${i}]\n---\n# Runbook ${i}\n\n## Diagnosis\n`);
  }
  const lines = ['groups:', '  - name: g', '    rules:'];
  for (let i = 0; i < 60; i++) {
    lines.push(`      - alert: Alert${i}`, '        expr: up == 0');
    if (i % 3 === 1) {
      lines.push('        annotations:', `          runbook_url: ../runbooks/alert${i}.md#${i % 2 ? 'diagnosis' : 'nowhere'}`);
    }
  }
  const rules = new RuleIndex();
  rules.set('/w/monitoring/rules.yml', `${lines.join('\n')}\n`);
  rules.set('/w/monitoring/broken.yml', 'groups:\n  - name: g\n    rules:\n      - alert: [\n');
  return { runbooks, rules, config: DEFAULT_CONFIG, today: '2026-12-05', mappings: [], roots: ['/w'] };
}

describe('lintWorkspacePaced', () => {
  it('finds what lintWorkspace finds, yielding inside the coverage when the budget is spent', async () => {
    const plain = lintWorkspace(workspace());
    assert.ok(plain.some((f) => f.ruleId === 'RB204') && plain.some((f) => f.ruleId === 'RB203'), JSON.stringify(plain.map((f) => f.ruleId)));
    const { pacer, state } = fakePace(10, 4);
    const paced = await lintWorkspacePaced(workspace(), pacer);
    assert.deepEqual(paced, plain);
    // 60 alerts and 20 runbooks take 80 steps of coverage: a yield every third step, not once per rule.
    assert.ok(state.yields >= 20, `yielded ${state.yields} times`);
  });

  it('lints one runbook giving the host back between rules when the budget is spent, with the same findings', async () => {
    const ws = workspace();
    const env = { ...ws, fileExists: async () => true };
    const input = { path: '/w/runbooks/alert1.md', text: '---\nalerts: [Alert1, Unknown1]\n---\n# Runbook 1\n\n## Diagnosis\n\n```sh\nkubectl get pods -n {{namespace}}\n```\n' };
    const plain = await lintDocument(input, env);
    assert.ok(plain.length > 0);
    const { pacer, state } = fakePace(10, 11); // every check finds the budget spent
    const paced = await lintDocument(input, { ...env, pacer });
    assert.deepEqual(paced, plain);
    assert.ok(state.yields >= ALL_RULES.length - 2, `yielded ${state.yields} times for ${ALL_RULES.length} rules`);
  });
});
