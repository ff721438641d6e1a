// The sample runbooks in runbooks/ are the documentation of the format: every rule passes on them, with the sample
// rule file (examples/prometheus/alerts.rules.yml) and the URL mapping the README describes.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ALL_RULES } from '../../../../../src/core/lint/rules';
import { REPO, runRule, runWorkspaceRule, type Workspace } from './harness';

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? markdownFiles(p) : e.name.endsWith('.md') ? [p] : [];
  });
}

const posix = (p: string) => p.split(path.sep).join('/');
const runbookPaths = markdownFiles(path.join(REPO, 'runbooks')).sort();
const rulesPath = path.join(REPO, 'examples/prometheus/alerts.rules.yml');

/** The repository as a workspace: real paths, `exists` from the disk. */
const workspace: Workspace = {
  dir: REPO,
  runbookFiles: new Map(runbookPaths.map((p) => [posix(p), readFileSync(p, 'utf8')])),
  ruleFiles: new Map([[posix(rulesPath), readFileSync(rulesPath, 'utf8')]]),
  exists: (p) => existsSync(p),
  root: posix(REPO),
  mappings: [{ prefix: 'https://runbooks.example.com/runbooks/', folder: 'runbooks' }],
  options: {},
};

describe('lint rules on the sample runbooks', () => {
  it('finds the samples and their rule file', () => {
    assert.ok(runbookPaths.length >= 5, `only ${runbookPaths.length} sample runbooks`);
    assert.ok(existsSync(rulesPath));
  });

  for (const [p, text] of workspace.runbookFiles) {
    it(`${path.relative(REPO, p)}: no finding`, () => {
      const findings = ALL_RULES.flatMap((rule) => runRule(rule, workspace, p, text));
      assert.deepEqual(findings.map((f) => `${f.ruleId} ${f.ruleName} (${f.severity}) line ${f.line + 1}: ${f.message}`), []);
    });
  }

  it('workspace-level rules: no warning or error on the sample rule file', () => {
    const findings = ALL_RULES.flatMap((rule) => runWorkspaceRule(rule, workspace).map((f) => ({ ...f, path: path.relative(REPO, f.path) })));
    assert.deepEqual(findings.filter((f) => f.severity !== 'info').map((f) => `${f.ruleId} ${f.path}:${f.line + 1}: ${f.message}`), []);
  });
});
