// The resolver's preparation in slices (the extension host's pace): yields when the budget is spent, gives the same
// answers as the unpaced preparation, and catches up with index changes made during a yield.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coverage, prepareResolution, prepareResolutionPaced, resolveAlert, type ResolveContext } from '../../../../src/core/alerts/resolve';
import { RuleIndex } from '../../../../src/core/alerts/rules';
import { yieldEvery } from '../../../../src/core/pacer';
import { RunbookIndex } from '../../../../src/core/runbookIndex';
import { fakePace } from '../fakePace';

const N = 40;

function workspace(): ResolveContext {
  const runbooks = new RunbookIndex();
  for (let i = 0; i < N; i++) {
    const alerts = [`Alert${i % 9}`, ...(i % 5 === 0 ? [`Svc${i % 3}*`] : [])];
    runbooks.set(`/w/runbooks/svc-${i % 4}/alert${i}.md`, `---\nalerts: [${alerts.join(', ')}]\n---\n# Runbook ${i}\n\n## Diagnosis\n`);
  }
  const lines = ['groups:', '  - name: g', '    rules:'];
  for (let i = 0; i < N; i++) {
    lines.push(`      - alert: Svc${i % 3}Down${i}`, '        expr: up == 0');
    if (i % 2) {
      lines.push('        annotations:', `          runbook_url: ../runbooks/svc-${i % 4}/alert${i}.md#diagnosis`);
    }
  }
  const rules = new RuleIndex();
  rules.set('/w/monitoring/rules.yml', `${lines.join('\n')}\n`);
  return { runbooks, rules, mappings: [], roots: ['/w'] };
}

function answers(ctx: ResolveContext): unknown {
  const names = [...ctx.rules.alerts(), ...ctx.runbooks.alerts(), 'Alert1', 'NewAlert', 'Svc1Anything'];
  return { resolved: names.map((n) => [n, resolveAlert(ctx, n)]), coverage: coverage(ctx) };
}

describe('prepareResolutionPaced', () => {
  it('yields whenever the budget is spent and answers as the unpaced preparation does', async () => {
    const plain = workspace();
    prepareResolution(plain);
    const paced = workspace();
    const { pacer, state } = fakePace(10, 3);
    await prepareResolutionPaced(paced, pacer);
    assert.ok(state.yields >= 10, `yielded ${state.yields} times`);
    assert.deepEqual(answers(paced), answers(plain));
  });

  it('catches up with runbooks added, changed and removed during a yield', async () => {
    const ctx = workspace();
    let t = 0;
    let yields = 0;
    const pacer = yieldEvery({
      budgetMs: 10,
      now: () => (t += 4),
      async yield() {
        yields++;
        // While the tables are synced, while claims are listed, while runbook_urls are planned.
        if (yields === 3) {
          ctx.runbooks.delete('/w/runbooks/svc-1/alert1.md');
        }
        if (yields === 28) {
          ctx.runbooks.set('/w/runbooks/new.md', '---\nalerts: [NewAlert, "Svc0*"]\n---\n# New\n');
        }
        if (yields === 35) {
          ctx.runbooks.set('/w/runbooks/svc-2/alert2.md', '---\nalerts: [Svc1Anything]\n---\n# Changed\n');
        }
      },
    });
    await prepareResolutionPaced(ctx, pacer);
    assert.ok(yields >= 35, `yielded ${yields} times`);
    // A fresh workspace with the same edits, prepared straight through.
    const fresh = workspace();
    fresh.runbooks.set('/w/runbooks/new.md', '---\nalerts: [NewAlert, "Svc0*"]\n---\n# New\n');
    fresh.runbooks.delete('/w/runbooks/svc-1/alert1.md');
    fresh.runbooks.set('/w/runbooks/svc-2/alert2.md', '---\nalerts: [Svc1Anything]\n---\n# Changed\n');
    prepareResolution(fresh);
    assert.deepEqual(answers(ctx), answers(fresh));
    assert.deepEqual(resolveAlert(ctx, 'NewAlert').map((r) => r.path), ['/w/runbooks/new.md']);
  });
});
