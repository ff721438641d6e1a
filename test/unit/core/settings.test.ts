// The `runbooks.*` settings are declared once, in core/settings.ts; package.json must say the same.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ALL_SETTINGS, configuredValue, fullKey, SETTINGS, settingValue } from '../../../src/core/settings';

const ROOT = path.resolve(__dirname, '../../../..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const properties: Record<string, { type: string; default: unknown; scope?: string; enum?: string[]; minimum?: number; markdownDescription?: string }> = manifest.contributes.configuration.properties;

describe('setting declarations against package.json', () => {
  it('declare every contributed key, and no other', () => {
    assert.deepEqual(ALL_SETTINGS.map(fullKey).sort(), Object.keys(properties).sort());
  });

  it('have the contributed type, default, scope, enum and minimum', () => {
    for (const s of ALL_SETTINGS) {
      const p = properties[fullKey(s)];
      assert.equal(s.type, p.type, fullKey(s));
      assert.deepEqual(s.default, p.default, fullKey(s));
      assert.equal(s.scope, p.scope ?? 'window', fullKey(s));
      assert.deepEqual(s.enum, p.enum, fullKey(s));
      assert.equal(s.minimum, p.minimum, fullKey(s));
    }
  });

  it('check out their own defaults', () => {
    for (const s of ALL_SETTINGS) {
      assert.deepEqual(s.check(s.default), s.default, fullKey(s));
    }
  });

  it('are restricted exactly as restrictedConfigurations lists', () => {
    const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    assert.deepEqual(ALL_SETTINGS.filter((s) => s.restricted).map(fullKey).sort(), [...restricted].sort());
  });

  it('read user-only settings from User settings only, restricted too, and say so in the description', () => {
    const userOnly = ALL_SETTINGS.filter((s) => s.userOnly);
    assert.deepEqual(userOnly.map(fullKey), ['runbooks.trackers.githubApiUrl', 'runbooks.trackers.gitlabUrl', 'runbooks.trackers.jiraUrl']);
    for (const s of userOnly) {
      assert.ok(s.restricted, fullKey(s));
      assert.match(properties[fullKey(s)].markdownDescription ?? '', /Read from User settings only/, fullKey(s));
    }
    for (const s of ALL_SETTINGS.filter((d) => !d.userOnly)) {
      assert.doesNotMatch(properties[fullKey(s)].markdownDescription ?? '', /User settings only/, fullKey(s));
    }
  });
});

describe('settingValue', () => {
  it('takes the most specific level whose value checks out, else the default', () => {
    const d = SETTINGS.include;
    assert.deepEqual(settingValue(d, { globalValue: ['u/**'], workspaceValue: ['w/**'], workspaceFolderValue: ['f/**'] }, true), ['f/**']);
    assert.deepEqual(settingValue(d, { globalValue: ['u/**'], workspaceValue: ['w/**'], workspaceFolderValue: [3] }, true), ['w/**']);
    assert.deepEqual(settingValue(d, { workspaceValue: 'not a list' }, true), d.default);
    assert.equal(configuredValue(d, { workspaceValue: ['x', 1] }, true), undefined);
  });

  it('ignores a repository value of a restricted setting in Restricted Mode, and of a user-only one always', () => {
    const hostile = { globalValue: ['\\bmine\\b'], workspaceValue: [] };
    assert.deepEqual(settingValue(SETTINGS.dangerousPatterns, hostile, true), []);
    assert.deepEqual(settingValue(SETTINGS.dangerousPatterns, hostile, false), ['\\bmine\\b']);
    const url = { workspaceValue: 'https://evil.example', workspaceFolderValue: 'https://evil2.example' };
    assert.equal(settingValue(SETTINGS.githubApiUrl, url, true), '');
    assert.equal(settingValue(SETTINGS.githubApiUrl, { ...url, globalValue: 'https://ghe.example/api/v3' }, true), 'https://ghe.example/api/v3');
    assert.deepEqual(settingValue(SETTINGS.include, { workspaceValue: ['docs/**'] }, false), ['docs/**']);
  });

  it('checks values as the declarations say', () => {
    assert.equal(configuredValue(SETTINGS.confirmCommands, { workspaceValue: 'sometimes' }, true), undefined);
    assert.equal(configuredValue(SETTINGS.confirmCommands, { workspaceValue: 'never' }, true), 'never');
    assert.equal(configuredValue(SETTINGS.captureBytes, { workspaceValue: 512 }, true), undefined);
    assert.equal(configuredValue(SETTINGS.captureLines, { workspaceValue: 1.5 }, true), undefined);
    assert.equal(configuredValue(SETTINGS.captureLines, { workspaceValue: -1 }, true), undefined);
    assert.equal(configuredValue(SETTINGS.captureLines, { workspaceValue: 0 }, true), 0);
    assert.equal(configuredValue(SETTINGS.captureOutput, { workspaceValue: 'false' }, true), undefined);
    assert.deepEqual(configuredValue(SETTINGS.urlMappings, { workspaceValue: [{ prefix: 3 }, 'x', { prefix: 'https://a/', folder: 'rb', extra: 1 }] }, true), [{ prefix: 'https://a/', folder: 'rb' }]);
    assert.deepEqual(configuredValue(SETTINGS.urlMappings, { workspaceValue: { 'https://a/': 'rb', '': 'x', 'https://b/': 3 } }, true), [{ prefix: 'https://a/', folder: 'rb' }]);
    assert.deepEqual(configuredValue(SETTINGS.trackerTypeMapping, { workspaceValue: { prevent: 'Task', bad: 3 } }, true), { prevent: 'Task' });
    assert.deepEqual(configuredValue(SETTINGS.targets, { workspaceValue: ['x'] }, true), ['x']); // the guard reports it
    assert.deepEqual(configuredValue(SETTINGS.dangerousPatterns, { workspaceValue: ['\\bfailover\\b', 3] }, true), ['\\bfailover\\b']);
    assert.deepEqual(configuredValue(SETTINGS.redactionPatterns, { workspaceValue: ['a', 3] }, true), ['a', 3]);
  });
});

describe('the extension', () => {
  it('names each setting as the core declares it (constants.ts Settings)', async () => {
    const { Settings } = await import('../../../src/extension/constants');
    const { section, ...keys } = Settings;
    assert.equal(section, 'runbooks');
    assert.deepEqual(keys, Object.fromEntries(Object.entries(SETTINGS).map(([name, d]) => [name, d.key])));
  });
});
