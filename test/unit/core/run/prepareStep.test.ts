import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Step, VariableSpec } from '../../../../src/core/model';
import { compileValuePattern, prepareStep, shellForStep, valueProblem } from '../../../../src/core/run/prepareStep';

function step(code: string, language: Step['language'] = 'bash', info: string = language, destructive = false): Step {
  return { id: 's', language, info, attributes: {}, destructive, code, range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } }, variables: [] } as unknown as Step;
}
const runbook = (variables: Record<string, VariableSpec> = {}) => ({ variables });

describe('shellForStep', () => {
  it('runs each step in its own shell; console and shell blocks in the default shell when it is POSIX', () => {
    assert.equal(shellForStep(step('x', 'sh'), '/bin/zsh'), 'sh');
    assert.equal(shellForStep(step('x', 'bash'), '/bin/zsh'), 'bash');
    assert.equal(shellForStep(step('x', 'zsh'), '/bin/bash'), 'zsh');
    assert.equal(shellForStep(step('x', 'powershell'), '/bin/bash'), 'pwsh');
    assert.equal(shellForStep(step('$ x', 'console'), '/usr/bin/zsh'), 'zsh');
    assert.equal(shellForStep(step('x', 'sh', 'shell'), '/bin/bash'), 'bash');
    assert.equal(shellForStep(step('PS> Get-Item x', 'console'), '/bin/bash'), 'pwsh');
    assert.throws(() => shellForStep(step('$ x', 'console'), 'C:\\Program Files\\PowerShell\\7\\pwsh.exe'), /is not a POSIX shell/);
    assert.throws(() => shellForStep(step('$ x\nPS> y', 'console'), '/bin/bash'), /mixes/);
    assert.throws(() => shellForStep(step('x', 'powershell'), '/bin/bash', 'bash'), /PowerShell step cannot run in bash/);
    assert.throws(() => shellForStep(step('x', 'bash'), '/bin/bash', 'pwsh'), /POSIX shell step cannot run in pwsh/);
  });
});

describe('value validation', () => {
  it('runs patterns on the linear-time engine, refuses what it cannot run so, and matches the whole value', () => {
    for (const p of ['(a)\\1', '(?=a)b', '(?!a)b', '(?<x>a)\\k<x>']) {
      assert.equal(typeof compileValuePattern(p), 'string', p);
    }
    for (const p of ['[a-z0-9-]+', '(-[a-z0-9]+)?', 'web-[0-9]{1,3}', '(foo|bar)', '.*', '(a+)+', '(a|aa)*', '(x+x+)+y']) {
      assert.notEqual(typeof compileValuePattern(p), 'string', p);
    }
    // Catastrophic on a backtracking engine; an answer here (not a hang) is the linear engine at work.
    assert.equal(valueProblem(`${'a'.repeat(1000)}!`, { secret: false, pattern: '(a+)+' })?.startsWith('it does not match'), true);
    assert.equal(valueProblem('web-1x', { secret: false, pattern: 'web-[0-9]' })?.startsWith('it does not match'), true, 'anchored');
    assert.equal(valueProblem('web-1', { secret: false, pattern: 'web-[0-9]' }), undefined);
    assert.equal(valueProblem('prod', { secret: false, enum: ['staging', 'production'] })?.startsWith('it is not one of'), true);
    assert.equal(valueProblem('api-7d9f.payments:8080', undefined), undefined, 'label-like');
    for (const v of ['$(id)', 'a;b', "it's", 'x'.repeat(257), 'a\nb', '\u202Eevil']) {
      assert.ok(valueProblem(v, undefined), v);
    }
  });

  it('asks to confirm label values that do not fit, raw; typed values and defaults are used as they are', () => {
    const hostile = 'web-1; touch X\x1b[2K';
    const p = prepareStep({ runbook: runbook(), step: step('kubectl logs {{pod}}'), shell: 'bash', labels: { pod: hostile }, labelOrigin: 'the alert link' });
    assert.equal(p.toConfirm.length, 1);
    assert.deepEqual({ ...p.toConfirm[0], why: '' }, { name: 'pod', value: hostile, shown: 'web-1; touch X\\x1b[2K', origin: 'the alert link', why: '' });
    const ok = prepareStep({ runbook: runbook(), step: step('kubectl logs {{pod}}'), shell: 'bash', labels: { pod: hostile }, confirmed: ['pod'] });
    assert.deepEqual(ok.toConfirm, []);
    assert.equal(ok.text, `RUNBOOK_V_pod='web-1; touch X\x1b[2K'\nkubectl logs "\${RUNBOOK_V_pod}"`);
    assert.deepEqual(prepareStep({ runbook: runbook(), step: step('echo {{pod}}'), shell: 'bash', typed: { pod: hostile } }).toConfirm, []);
  });
});

describe('prepareStep', () => {
  it('exports only what the step references as $NAME, under a harmless name', () => {
    const labels = { namespace: 'payments', ps0: '$(touch X)', lessopen: '|x', prompt_command: 'x', java_tool_options: 'x', goflags: 'x', pip_index_url: 'x' };
    const p = prepareStep({ runbook: runbook(), step: step('echo "$NAMESPACE $PS0 $LESSOPEN $PROMPT_COMMAND $JAVA_TOOL_OPTIONS $GOFLAGS $PIP_INDEX_URL"'), shell: 'bash', labels, confirmed: Object.keys(labels) });
    assert.deepEqual(p.env, { NAMESPACE: 'payments' });
    assert.equal(p.text, `export NAMESPACE='payments'\necho "$NAMESPACE $PS0 $LESSOPEN $PROMPT_COMMAND $JAVA_TOOL_OPTIONS $GOFLAGS $PIP_INDEX_URL"`);
    assert.deepEqual(prepareStep({ runbook: runbook(), step: step('echo hi'), shell: 'bash', labels }).env, {}, 'nothing referenced, nothing exported');
  });

  it('judges danger on the runbook text and on the text with the values in', () => {
    const p = prepareStep({ runbook: runbook(), step: step('kubectl {{verb}} pod web-1'), shell: 'bash', typed: { verb: 'delete' } });
    assert.deepEqual(p.danger, { confirm: true, reasons: ['it runs `kubectl delete` (deletes resources)'], risk: 'destructive' });
    assert.deepEqual(p.confirm.reasons, ['it runs `kubectl delete` (deletes resources)']);
    const written = prepareStep({ runbook: runbook(), step: step('kubectl -n {{ns}} delete pod x'), shell: 'bash', typed: { ns: 'n' } });
    assert.deepEqual(written.danger.reasons, ['it runs `kubectl delete` (deletes resources)'], 'one reason, though both texts ask');
    const custom = prepareStep({ runbook: runbook(), step: step('mytool --nuke'), shell: 'bash', dangerousPatterns: ['--nuke'] });
    assert.equal(custom.danger.confirm, true);
    assert.equal(prepareStep({ runbook: runbook(), step: step('echo {{x}}'), shell: 'bash', typed: { x: '1' } }).confirm.needed, true, 'withVariables');
    assert.equal(prepareStep({ runbook: runbook(), step: step('echo {{x}}'), shell: 'bash', typed: { x: '1' }, confirmMode: 'never' }).confirm.needed, false);
    assert.equal(prepareStep({ runbook: runbook(), step: step('echo'), shell: 'bash', confirmMode: 'always' }).confirm.needed, true);
  });

  it('masks secrets in what it shows, lists what is missing, and refuses a step in the wrong shell or left open', () => {
    const p = prepareStep({ runbook: runbook({ pw: { secret: true } }), step: step('PGPASSWORD={{pw}} psql'), shell: 'bash', typed: { pw: "s3'cret" } });
    assert.equal(p.display, `RUNBOOK_V_pw='••••'\nPGPASSWORD="\${RUNBOOK_V_pw}" psql`);
    assert.deepEqual(prepareStep({ runbook: runbook({ a: { secret: false, default: 'd' } }), step: step('echo {{a}} {{b}}'), shell: 'bash' }).missing, ['b']);
    assert.match(prepareStep({ runbook: runbook(), step: step('Write-Output x', 'powershell'), shell: 'bash' }).error ?? '', /is PowerShell and cannot run in bash/);
    assert.match(prepareStep({ runbook: runbook(), step: step("echo 'open"), shell: 'bash' }).error ?? '', /not complete/);
    assert.match(prepareStep({ runbook: runbook(), step: step('echo {{v}}'), shell: 'bash', typed: { v: 'a\tb' }, forTerminal: true }).error ?? '', /holds a tab/);
    // Typed into a terminal: the assignment and the command on one line; for a shell (-c): two lines.
    assert.equal(prepareStep({ runbook: runbook(), step: step('echo {{v}}'), shell: 'bash', typed: { v: "it's" }, forTerminal: true }).text, `RUNBOOK_V_v='it'\\''s'; echo "\${RUNBOOK_V_v}"`);
    assert.equal(prepareStep({ runbook: runbook(), step: step('echo {{v}}'), shell: 'bash', typed: { v: "it's" } }).text, `RUNBOOK_V_v='it'\\''s'\necho "\${RUNBOOK_V_v}"`);
  });
});
