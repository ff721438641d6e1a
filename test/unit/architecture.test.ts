// Architecture checks: the core stays pure, and the manifest agrees with the code.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';
import { Commands, Views } from '../../src/extension/constants';

const ROOT = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('architecture', () => {
  it('fails lint when src/core imports vscode or a Node built-in', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const [result] = await eslint.lintText("import * as vscode from 'vscode';\nimport { readFile } from 'node:fs';\nexport const x = [vscode, readFile];\n", { filePath: path.join(ROOT, 'src/core/text/strings.ts') });
    const restricted = result.messages.filter((m) => m.ruleId === 'no-restricted-imports');
    assert.deepEqual(restricted.map((m) => m.line), [1, 2], JSON.stringify(result.messages));
  });

  it('allows vscode outside src/core', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const [result] = await eslint.lintText("import * as vscode from 'vscode';\nexport const x = vscode;\n", { filePath: path.join(ROOT, 'src/extension/constants.ts') });
    assert.deepEqual(result.messages.filter((m) => m.ruleId === 'no-restricted-imports'), []);
  });

  it('contributes every command the code registers, under the Runbooks category', () => {
    const contributed = new Map<string, { category?: string; title: string }>(manifest.contributes.commands.map((c: { command: string }) => [c.command, c]));
    for (const id of Object.values(Commands)) {
      assert.ok(contributed.has(id), `${id} is not in package.json contributes.commands`);
      assert.equal(contributed.get(id)?.category, 'Runbooks', id);
    }
    assert.equal(contributed.size, Object.values(Commands).length, 'package.json contributes a command the code does not know');
  });

  it('contributes the view the code creates', () => {
    assert.ok(manifest.contributes.viewsContainers.activitybar.some((c: { id: string }) => c.id === Views.container));
    assert.ok(manifest.contributes.views[Views.container].some((v: { id: string }) => v.id === Views.explorer));
  });

  it('activates narrowly, never on `*`', () => {
    assert.ok(!manifest.activationEvents.includes('*'));
    assert.ok(manifest.activationEvents.every((e: string) => e.startsWith('workspaceContains:') || e.startsWith('onView:') || e.startsWith('onCommand:') || e.startsWith('onUri')));
  });

  it('documents every setting with a description and the core defaults', async () => {
    const { DEFAULT_INCLUDE, DEFAULT_EXCLUDE, DEFAULT_RULES_INCLUDE } = await import('../../src/core/glob');
    const props = manifest.contributes.configuration.properties;
    for (const [key, p] of Object.entries<{ markdownDescription?: string; description?: string }>(props)) {
      assert.ok(p.markdownDescription || p.description, `${key} has no description`);
    }
    assert.deepEqual(props['runbooks.include'].default, DEFAULT_INCLUDE);
    assert.deepEqual(props['runbooks.exclude'].default, DEFAULT_EXCLUDE);
    assert.deepEqual(props['runbooks.rules.include'].default, DEFAULT_RULES_INCLUDE);
  });
});

describe('manifest defaults', () => {
  it('offers the core dangerous-command patterns as the setting default', async () => {
    const { DEFAULT_DANGEROUS_PATTERNS } = await import('../../src/core/run/danger');
    assert.deepEqual(manifest.contributes.configuration.properties['runbooks.run.dangerousPatterns'].default, DEFAULT_DANGEROUS_PATTERNS);
  });
});

describe('walkthrough', () => {
  it('links only commands the extension contributes, and media that exist', () => {
    const commands = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
    for (const w of manifest.contributes.walkthroughs) {
      for (const step of w.steps as { id: string; description: string; media: { markdown: string }; completionEvents: string[] }[]) {
        for (const m of step.description.matchAll(/command:([\w.]+)/g)) {
          assert.ok(commands.has(m[1]), `${step.id}: ${m[1]}`);
        }
        for (const e of step.completionEvents) {
          assert.ok(commands.has(e.replace(/^onCommand:/, '')), `${step.id}: ${e}`);
        }
        assert.ok(existsSync(path.join(ROOT, step.media.markdown)), step.media.markdown);
      }
    }
  });

  it('the README documents every contributed command and setting', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const commands = (manifest.contributes.commands as { command: string }[]).map((c) => c.command);
    const settings = Object.keys(manifest.contributes.configuration.properties as Record<string, unknown>);
    assert.ok(commands.length > 10 && settings.length > 10);
    assert.deepEqual(commands.filter((c) => !readme.includes(`\`${c}\``)), [], 'commands missing from the README');
    assert.deepEqual(settings.filter((k) => !readme.includes(`\`${k}\``)), [], 'settings missing from the README');
  });
});
