// Rules on hostile inputs: results that stay right, and short, however large the document.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { brokenLink, MAX_SUGGESTIONS } from '../../../../../src/core/lint/rules/brokenLink';
import { destructiveUnmarked } from '../../../../../src/core/lint/rules/destructiveUnmarked';
import { OVERLAP, WINDOW, windows } from '../../../../../src/core/lint/options';
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

describe('RB304 destructive-unmarked with patterns from a configuration', () => {
  const ws = loadWorkspace(path.join(FIXTURES, 'destructive-unmarked'));
  const doc = (line: string) => `---\ntitle: T\n---\n# T\n\n\`\`\`sh\n${line}\n\`\`\`\n`;

  it('runs a pattern of the configuration on the linear engine: `^(a+)+$` on a long line answers', () => {
    const line = `${'a'.repeat(50_000)}!`;
    assert.deepEqual(runRule(destructiveUnmarked, ws, '/ws/evil.md', doc(line), { patterns: ['^(a+)+$'] }), []);
    const hit = runRule(destructiveUnmarked, ws, '/ws/evil.md', doc('a'.repeat(3000)), { patterns: ['^(a+)+$'] });
    assert.equal(hit.length, 1);
  });

  it('finds a configured command, and leaves out patterns the engine refuses', () => {
    const findings = runRule(destructiveUnmarked, ws, '/ws/nuke.md', doc('echo ok; kubectl nuke cluster'), { patterns: ['(x)\\1', 'kubectl\\s+nuke'] });
    assert.deepEqual(findings.map((f) => [f.line, f.character, f.endCharacter]), [[6, 9, 21]]);
  });

  it('checks long lines in overlapping windows: a command past 240 KB is found where it is', () => {
    const pad = 'true; '.repeat(40_000); // 240 KB of commands before the dangerous one
    const findings = runRule(destructiveUnmarked, ws, '/ws/long.md', doc(`${pad}rm -rf /tmp/x`));
    assert.deepEqual(findings.map((f) => [f.line, f.character]), [[6, pad.length]]);
  });

  it('windows cover the line, each overlapping the next by OVERLAP', () => {
    assert.deepEqual([...windows('abc')], [[0, 'abc']]);
    const text = 'x'.repeat(WINDOW * 3);
    const ws2 = [...windows(text)];
    assert.deepEqual(ws2.map(([o, w]) => [o, w.length]), [[0, WINDOW], [WINDOW - OVERLAP, WINDOW], [2 * (WINDOW - OVERLAP), WINDOW], [3 * (WINDOW - OVERLAP), 3 * OVERLAP]]);
  });
});

describe('RB401 broken-link on thousands of links', () => {
  it('reports each broken anchor; only the first MAX_SUGGESTIONS get a "did you mean" (each compares with every heading)', () => {
    const ws = loadWorkspace(path.join(FIXTURES, 'broken-link'));
    const headings = Array.from({ length: 3000 }, (_, i) => `## Heading ${i}\n`).join('');
    const links = Array.from({ length: 3000 }, (_, i) => `[x](#heading-${i}x)\n`).join('');
    const findings = runRule(brokenLink, ws, '/ws/many-links.md', `# Many\n\n${headings}\n${links}`);
    assert.equal(findings.length, 3000);
    assert.equal(findings.filter((f) => /did you mean/.test(f.message)).length, MAX_SUGGESTIONS);
    assert.match(findings[0].message, /did you mean `#heading-0`\?/);
  });
});
