// Rules on hostile inputs: results that stay right, and short, however large the document.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { MAX_LINES_SHOWN, unknownVariable } from '../../../../../src/core/lint/rules/unknownVariable';
import { FIXTURES, loadWorkspace, runRule } from './harness';

const WS = loadWorkspace(path.join(FIXTURES, 'unknown-variable'));

describe('RB302 unknown-variable on 60,000 uses', () => {
  it('reports one finding per name, with the count and a bounded list of lines', () => {
    const text = `---\ntitle: Many\n---\n# Many\n\n\`\`\`sh\n${'echo {{v}} {{v}}\n'.repeat(60_000)}echo {{w}}\n\`\`\`\n`;
    const findings = runRule(unknownVariable, WS, '/ws/many.md', text);
    assert.deepEqual(findings.map((f) => [f.line, f.character]), [[6, 5], [60_006, 5]]);
    const [v, w] = findings.map((f) => f.message);
    const shown = Array.from({ length: MAX_LINES_SHOWN }, (_, i) => i + 7).join(', ');
    assert.match(v, new RegExp(`used 120000 times, lines ${shown}, … \\(60000 lines\\)`));
    assert.ok(v.length < 500, `a short message, not ${v.length} characters`);
    assert.doesNotMatch(w, /used/);
  });
});
