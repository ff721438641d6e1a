import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alertGlobToRegExp, createMatcher, DEFAULT_INCLUDE, expandBraces, isAlertGlob, rootedAt } from '../../../src/core/glob';

describe('createMatcher with the default globs', () => {
  const m = createMatcher();

  it('includes the default locations: runbook and playbook folders, runbook.md files, alerts/<component>/<Alert>.md', () => {
    assert.deepEqual([...DEFAULT_INCLUDE], ['**/runbooks/**/*.md', '**/*.runbook.md', '**/playbooks/**/*.md', '**/{runbook,runbooks,playbook,playbooks}.md', '**/alerts/**/*.md']);
    for (const p of [
      'runbooks/disk.md',
      'runbooks/kubernetes/KubePodCrashLooping.md',
      'docs/runbooks/a/b/c.md',
      'checkout.runbook.md',
      'services/checkout/rollback.runbook.md',
      'playbooks/failover.md',
      'ops/playbooks/db/failover.md',
      '.github/runbooks/ci.md',
      'runbooks.md',
      'mixin/runbook.md',
      'operations/playbook.md',
      'alerts/cluster-monitoring-operator/KubePodCrashLooping.md',
      'alerts/HighlyAvailableWorkloadIncorrectlySpread.md',
    ]) {
      assert.equal(m.matches(p), true, p);
    }
  });

  it('leaves out everything else', () => {
    for (const p of [
      'README.md',
      'docs/guide.md',
      'docs/alerts.md',
      'myrunbook.md',
      'runbooks/notes.txt',
      'runbooks/disk.markdown',
      'Runbooks/disk.md', // globs are case-sensitive
      'runbook.markdown',
    ]) {
      assert.equal(m.matches(p), false, p);
    }
  });

  it('excludes node_modules, .git and Hugo `_index.md`', () => {
    for (const p of [
      'node_modules/runbooks/a.md',
      'packages/x/node_modules/pkg/runbooks/a.md',
      '.git/runbooks/a.md',
      'sub/.git/playbooks/a.md',
      'runbooks/_index.md',
      'content/runbooks/databases/_index.md',
      'node_modules/x.runbook.md',
    ]) {
      assert.equal(m.matches(p), false, p);
    }
    assert.equal(m.matches('runbooks/index.md'), true);
    assert.equal(m.matches('runbooks/my_index.md'), true);
  });

  it('lets discovery skip excluded directories without entering them', () => {
    assert.equal(m.excludesDirectory('node_modules'), true);
    assert.equal(m.excludesDirectory('web/node_modules'), true);
    assert.equal(m.excludesDirectory('.git'), true);
    assert.equal(m.excludesDirectory('vendor/.git'), true);
    assert.equal(m.excludesDirectory('runbooks'), false);
    assert.equal(m.excludesDirectory('node_modules_backup'), false);
    assert.equal(m.excludesDirectory('.github'), false);
  });
});

describe('createMatcher with custom globs', () => {
  it('replaces the default include', () => {
    const m = createMatcher(['docs/ops/**/*.md']);
    assert.equal(m.matches('docs/ops/db.md'), true);
    assert.equal(m.matches('docs/ops/deep/db.md'), true);
    assert.equal(m.matches('runbooks/db.md'), false);
    assert.equal(m.matches('node_modules/docs/ops/x.md'), false);
  });

  it('applies custom excludes to files and directories', () => {
    const m = createMatcher(['**/*.md'], ['**/drafts/**', '**/CHANGELOG.md']);
    assert.equal(m.matches('runbooks/a.md'), true);
    assert.equal(m.matches('runbooks/drafts/a.md'), false);
    assert.equal(m.matches('CHANGELOG.md'), false);
    assert.equal(m.matches('sub/CHANGELOG.md'), false);
    assert.equal(m.excludesDirectory('runbooks/drafts'), true);
    assert.equal(m.excludesDirectory('runbooks/drafts/old'), true);
    assert.equal(m.excludesDirectory('runbooks'), false);
  });

  it('treats a pattern naming a directory as excluding what is inside it', () => {
    const m = createMatcher(['**/*.md'], ['**/archive']);
    assert.equal(m.excludesDirectory('archive'), true);
    assert.equal(m.excludesDirectory('runbooks/archive'), true);
    // A file event for a path inside the folder must agree with discovery, which never enters it.
    assert.equal(m.matches('archive/old.md'), false);
    assert.equal(m.matches('runbooks/archive/2023/old.md'), false);
    assert.equal(m.matches('runbooks/archive.md'), true);
  });

  it('matches dot folders', () => {
    assert.equal(createMatcher(['**/*.md'], []).matches('.ops/runbooks/a.md'), true);
  });

  it('matches nothing with no include globs', () => {
    const m = createMatcher([], []);
    assert.equal(m.matches('runbooks/a.md'), false);
    assert.equal(m.excludesDirectory('node_modules'), false);
  });
});

describe('alert globs', () => {
  it('recognises `*` and `?`', () => {
    assert.equal(isAlertGlob('KubePod*'), true);
    assert.equal(isAlertGlob('Kube?od'), true);
    assert.equal(isAlertGlob('KubePodCrashLooping'), false);
  });

  it('anchors the whole name', () => {
    const re = alertGlobToRegExp('KubePod*');
    assert.equal(re.test('KubePodCrashLooping'), true);
    assert.equal(re.test('KubePod'), true);
    assert.equal(re.test('XKubePodCrashLooping'), false);
    assert.equal(re.test('kubepodcrashlooping'), false);
  });

  it('`?` is exactly one character', () => {
    const re = alertGlobToRegExp('Disk?Full');
    assert.equal(re.test('Disk_Full'), true);
    assert.equal(re.test('DiskFull'), false);
    assert.equal(re.test('Disk__Full'), false);
  });

  it('escapes regular expression characters', () => {
    assert.equal(alertGlobToRegExp('job:rate.5m+').test('job:rate.5m+'), true);
    assert.equal(alertGlobToRegExp('job:rate.5m').test('job:rateX5m'), false);
    assert.equal(alertGlobToRegExp('a(b)|c*').test('a(b)|cdef'), true);
    assert.equal(alertGlobToRegExp('a(b)|c*').test('c'), false);
  });

  it('a glob in the middle and at the start', () => {
    assert.equal(alertGlobToRegExp('*Latency*').test('HighHTTPLatencyP99'), true);
    assert.equal(alertGlobToRegExp('Kube*Ready').test('KubeNodeNotReady'), true);
    assert.equal(alertGlobToRegExp('Kube*Ready').test('KubeNodeNotReadyFlapping'), false);
  });
});

describe('rootedAt', () => {
  it('matches a root that is itself a runbook folder, as seen from its parent', () => {
    const m = rootedAt(createMatcher(), 'runbooks');
    assert.equal(m.matches('disk.md'), true);
    assert.equal(m.matches('db/lag.md'), true);
    assert.equal(m.matches('_index.md'), false);
    assert.equal(rootedAt(createMatcher(), 'docs').matches('disk.md'), false);
    assert.equal(m.excludesDirectory('node_modules'), true);
  });
});

describe('expandBraces', () => {
  it('expands every group, nested ones too, so globs can be joined in one {…} for findFiles', () => {
    assert.deepEqual(expandBraces('**/{runbook,runbooks}.md'), ['**/runbook.md', '**/runbooks.md']);
    assert.deepEqual(expandBraces('**/*.{yml,yaml}'), ['**/*.yml', '**/*.yaml']);
    assert.deepEqual(expandBraces('{a,b{c,d}}'), ['a', 'bc', 'bd']);
    assert.deepEqual(expandBraces('**/runbooks/**/*.md'), ['**/runbooks/**/*.md']);
  });
  it('stays bounded on a hostile setting', () => {
    assert.ok(expandBraces('{a,b}'.repeat(40)).length <= 512);
  });
});
