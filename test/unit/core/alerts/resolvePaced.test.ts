// The resolver's preparation and coverage in slices (the extension host's pace: AlertResolver.preparing and
// coverageSteps driven by drainPaced): the same answers as straight through, and index changes made during a yield
// are caught up with.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AlertResolver, type ResolveContext } from '../../../../src/core/alerts/resolver';
import { RuleIndex } from '../../../../src/core/alerts/rules';
import { drainPaced, yieldEvery } from '../../../../src/core/pacer';
import { RunbookIndex } from '../../../../src/core/runbookIndex';
import { fakePace } from '../fakePace';

const N = 1200; // many of AlertResolver.preparing's steps (64 entries each)

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

function answers(r: AlertResolver): unknown {
  const ctx = r.context;
  const names = [...ctx.rules.alerts(), ...ctx.runbooks.alerts(), 'Alert1', 'NewAlert', 'Svc1Anything'];
  return { resolved: names.map((n) => [n, r.resolve(n)]), coverage: r.coverage() };
}

describe('AlertResolver, paced', () => {
  it('yields whenever the budget is spent and answers as the unpaced preparation does', async () => {
    const plain = new AlertResolver(workspace());
    plain.prepare();
    const paced = new AlertResolver(workspace());
    const { pacer, state } = fakePace(10, 20);
    await drainPaced(paced.preparing(), pacer);
    assert.ok(state.yields >= 3, `yielded ${state.yields} times`);
    const coverage = await drainPaced(paced.coverageSteps(), pacer);
    assert.deepEqual(coverage, plain.coverage());
    assert.deepEqual(answers(paced), answers(plain));
  });

  it('catches up with runbooks added, changed and removed during a yield', async () => {
    const ctx = workspace();
    const resolver = new AlertResolver(ctx);
    let t = 0;
    let yields = 0;
    const pacer = yieldEvery({
      budgetMs: 10,
      now: () => (t += 4),
      async yield() {
        yields++;
        // While the tables are synced, while claims are listed, while runbook_urls are planned.
        if (yields === 1) {
          ctx.runbooks.delete('/w/runbooks/svc-1/alert1.md');
        }
        if (yields === 2) {
          ctx.runbooks.set('/w/runbooks/new.md', '---\nalerts: [NewAlert, "Svc0*"]\n---\n# New\n');
        }
        if (yields === 8) {
          ctx.runbooks.set('/w/runbooks/svc-2/alert2.md', '---\nalerts: [Svc1Anything]\n---\n# Changed\n');
        }
      },
    });
    await drainPaced(resolver.preparing(), pacer); // stops at the first change; queries catch up
    resolver.prepare();
    const coverage = await drainPaced(resolver.coverageSteps(), pacer); // the third change lands in its steps
    assert.ok(yields >= 8, `yielded ${yields} times`);
    // A fresh workspace with the same edits, prepared straight through.
    const fresh = workspace();
    fresh.runbooks.set('/w/runbooks/new.md', '---\nalerts: [NewAlert, "Svc0*"]\n---\n# New\n');
    fresh.runbooks.delete('/w/runbooks/svc-1/alert1.md');
    fresh.runbooks.set('/w/runbooks/svc-2/alert2.md', '---\nalerts: [Svc1Anything]\n---\n# Changed\n');
    const straight = new AlertResolver(fresh);
    straight.prepare();
    assert.deepEqual(answers(resolver), answers(straight));
    assert.deepEqual(resolver.resolve('NewAlert').map((r) => r.path), ['/w/runbooks/new.md']);
    assert.ok(coverage.covered.length > 0);
  });
});
