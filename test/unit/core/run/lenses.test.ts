import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRunbook } from '../../../../src/core/parse';
import { stepButtons } from '../../../../src/core/run/lenses';

describe('stepButtons', () => {
  it('puts a button on each step, and a run-all on sections (not the title) with several steps, nested ones included', () => {
    const text = '# T\n\n## A\n\n```sh {id=a1}\nx\n```\n\n### A.1\n\n```sh {id=a2 destructive}\ny\n```\n\n## B\n\n```sh\nz\n```\n';
    const b = stepButtons(parseRunbook('/r.md', text));
    assert.deepEqual(b.steps, [{ line: 4, id: 'a1', destructive: false }, { line: 10, id: 'a2', destructive: true }, { line: 16, id: 'step-3', destructive: false }]);
    assert.deepEqual(b.sections, [{ line: 2, heading: 1, steps: 2 }]);
  });

  it('puts no button on a step with nothing to run: output only, or REPL lines only', () => {
    const text = '# T\n\n## A\n\n```console {id=out}\nNAME  READY\n```\n\n```sh {id=repl}\nredis> FLUSHALL\n```\n\n```console {id=run}\n$ kubectl get pods\n```\n\n```sh {id=empty}\n```\n';
    const b = stepButtons(parseRunbook('/r.md', text));
    assert.deepEqual(b.steps.map((s) => s.id), ['run']);
    assert.deepEqual(b.sections, []);
  });
});
