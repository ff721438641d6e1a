// The CLI on self-written fixtures of the layouts real runbook repositories use (issue 13): zero configuration.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../../../src/cli/cli';
import { capture } from './capture';

const REPO = path.join(__dirname, '../../../..');
const FIX = path.join(REPO, 'test/unit/cli/fixtures/conventions');
const run = (dir: string, ...argv: string[]) => capture((w) => runCli(argv, { cwd: path.join(FIX, dir), ...w }));
const paths = (out: string) => (JSON.parse(out) as { runbooks: { path: string }[] }).runbooks.map((r) => r.path);

describe('conventions of real runbook repositories', () => {
  it('a repository that is the runbook collection: markdown with shell steps is found, and the output says how', async () => {
    const r = await run('collection', 'index', '--json');
    // Middleman (GOV.UK tech docs) pages are `*.html.md.erb`.
    assert.deepEqual(paths(r.out), ['ops/disk-full.md', 'source/restart.html.md.erb']);
    const text = await run('collection', 'index');
    assert.match(text.err, /no file matches the include globs .*indexed 2 markdown files that look like runbooks \(fenced shell steps or `alerts:` front matter\)/);
  });

  it('rule files with runbook paths relative to the repository root: the files they name are runbooks, and resolve', async () => {
    const r = await run('production', 'index', '--json');
    assert.deepEqual(paths(r.out), ['docs/app/README.md', 'docs/app/high-latency.md']);
    const alerts = JSON.parse((await run('production', 'alerts', '--json')).out) as { uncovered: unknown[]; danglingUrls: unknown[] };
    assert.deepEqual([alerts.uncovered, alerts.danglingUrls], [[], []]);
    // show, resolve and alerts give one answer.
    const show = await run('production', 'show', 'AppHighLatency');
    assert.equal(show.code, 0);
    assert.match(show.out, /^High latency\n {2}docs\/app\/high-latency\.md:1 {2}\(runbook_url \(rules\/app\.yml:4\)\)\n/);
    const resolve = await run('production', 'resolve', 'AppHighLatency', 'docs', 'rules');
    assert.equal(resolve.code, 0);
    assert.match(resolve.out, /^docs\/app\/high-latency\.md:1 {2}runbook_url/);
  });

  it('a folder named on the command line is searched for markdown; --include matches relative to it', async () => {
    assert.deepEqual(paths((await run('production', 'index', 'docs', '--json')).out), ['docs/app/README.md', 'docs/app/high-latency.md', 'docs/app/unrelated.md']);
    assert.deepEqual(paths((await run('production', 'index', 'docs', '--include', 'app/high-*.md', '--json')).out), ['docs/app/high-latency.md']);
  });

  it('reads runbooks.include from .vscode/settings.json', async () => {
    assert.deepEqual(paths((await run('settings', 'index', '--json')).out), ['guides/restart.md']);
  });

  it('a mixin: runbook.md is found, a link to this repository on GitHub resolves, a broken anchor is reported', async () => {
    const r = JSON.parse((await run('mixin', 'alerts', '--json')).out) as { alerts: { alert: string; runbooks: { path: string; anchor: string | null }[] }[]; brokenAnchors: { alert: string; anchor: string }[] };
    assert.deepEqual(r.alerts.map((a) => [a.alert, a.runbooks.map((x) => `${x.path}#${x.anchor}`)]), [
      ['ExampleDown', ['runbook.md#alert-name-exampledown']],
      ['ExampleSlow', ['runbook.md#null']],
    ]);
    assert.deepEqual(r.brokenAnchors.map((b) => [b.alert, b.anchor]), [['ExampleSlow', 'alert-name-exampleslow']]);
  });

  it('lint reports a rule file named on the command line that it cannot read (RB205), whatever --rules says', async () => {
    const r = await run('production', 'lint', 'deploy/alerts.yaml', '--rules', 'nothing/**', '--format', 'json');
    const f = JSON.parse(r.out) as { path: string; ruleId: string; message: string }[];
    assert.deepEqual(f.map((x) => [x.path, x.ruleId]), [['deploy/alerts.yaml', 'RB205']]);
    assert.match(f[0].message, /could not parse as YAML \(templated\?\)/);
  });

  it('lint summarises a large first run: the first findings, then the count of each rule', async () => {
    const r = await run('production', 'lint', 'docs');
    assert.doesNotMatch(r.out, /By rule:/); // few findings: all printed
    const many = await capture((w) => runCli(['lint', '--include', '**/*.md'], { cwd: path.join(REPO, 'test/unit/core/lint/rules/fixtures'), ...w }));
    assert.match(many.out, /… and \d+ more \(--verbose for all\)\n\nBy rule:\n {2}RB\d{3}\/[a-z-]+ +\d+ {2}(?:error|warning|info)\n/);
    const verbose = await capture((w) => runCli(['lint', '--include', '**/*.md', '--verbose'], { cwd: path.join(REPO, 'test/unit/core/lint/rules/fixtures'), ...w }));
    assert.doesNotMatch(verbose.out, /By rule:/);
  });
});
