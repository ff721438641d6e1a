import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRunbook } from '../../../../src/core/parse';
import { stepRisk } from '../../../../src/core/target/risk';
import { diagnosisHeading, diagnosisPlan, rollbackFor } from '../../../../src/core/target/sections';

const fence = '```';
const RUNBOOK = `# T

## Triage

${fence}sh {id=pods}
kubectl get pods
${fence}

${fence}sh {id=scale}
kubectl scale deploy/api --replicas=3
${fence}

${fence}sh {id=logs}
kubectl logs api
${fence}

${fence}sh {id=wipe}
kubectl delete pod api-1
${fence}

${fence}sh {id=forced risk=read}
echo "I say it only reads"
${fence}

## Mitigation

${fence}sh {id=undo destructive}
kubectl rollout undo deploy/api
${fence}

${fence}sh {id=redo rollback-of=undo}
kubectl rollout undo deploy/api
${fence}

## Rollback

${fence}sh {id=restore}
kubectl apply -f backup.yaml
${fence}
`;

describe('diagnose mode and rollbacks', () => {
  const rb = parseRunbook('/r.md', RUNBOOK);
  it('finds the Diagnosis section by its names, case-insensitively', () => {
    for (const name of ['Diagnosis', 'diagnose', 'INVESTIGATION', 'Triage', '**Diagnosis**', '2. Diagnosis']) {
      assert.equal(diagnosisHeading(parseRunbook('/x.md', `# T\n\n## Meaning\n\n## ${name}\n`)), 2, name);
    }
    assert.equal(diagnosisHeading(parseRunbook('/x.md', '# Diagnosis\n\n## Diagnosis of disks is hard\n')), -1);
  });
  it('plans the read steps and skips mutate and destructive ones', () => {
    const plan = diagnosisPlan(rb, diagnosisHeading(rb), (s) => stepRisk(s));
    assert.deepEqual(plan.steps.map((p) => [p.step.id, p.risk, p.run]), [
      ['pods', 'read', true], ['scale', 'mutate', false], ['logs', 'read', true], ['wipe', 'destructive', false], ['forced', 'read', true],
    ]);
  });
  it('the risk adapter: destructive marks win over risk=…; risk=… wins over the patterns', () => {
    const s = (info: string, code: string) => parseRunbook('/y.md', `${fence}sh ${info}\n${code}\n${fence}\n`).steps[0];
    assert.equal(stepRisk(s('{destructive risk=read}', 'ls')), 'destructive');
    assert.equal(stepRisk(s('{risk=mutate}', 'ls')), 'mutate');
    assert.equal(stepRisk(s('', 'rm -rf /tmp/x')), 'destructive');
    assert.equal(stepRisk(s('', 'helm upgrade api chart')), 'mutate');
    assert.equal(stepRisk(s('', 'kubectl describe pod x')), 'read');
  });
  it('a rollback: rollback-of first, then the first step of a Rollback section', () => {
    assert.equal(rollbackFor(rb, { id: 'undo' })?.id, 'redo');
    assert.equal(rollbackFor(rb, { id: 'wipe' })?.id, 'restore');
    assert.equal(rollbackFor(parseRunbook('/z.md', '# T\n'), { id: 'x' }), undefined);
  });
});
