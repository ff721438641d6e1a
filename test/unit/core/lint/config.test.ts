import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_CONFIG, isConfigError, isIgnored, loadConfigFile, resolveConfig, resolveConfigFrom, ruleSetting,
  type ConfigError, type ResolvedConfig,
} from '../../../../src/core/lint/config';
import { FAKE_RULES, FENCE_LANGUAGE, NO_TODO } from './fakeRules';

/** An in-memory reader that records what was read. */
function reader(files: Record<string, string>) {
  const reads: string[] = [];
  const read = async (p: string) => {
    reads.push(p);
    return Object.hasOwn(files, p) ? files[p] : undefined;
  };
  return Object.assign(read, { reads });
}

async function ok(p: Promise<ResolvedConfig | ConfigError>): Promise<ResolvedConfig> {
  const c = await p;
  assert.ok(!isConfigError(c), `expected a configuration, got ${JSON.stringify(c)}`);
  return c;
}

async function fails(p: Promise<ResolvedConfig | ConfigError>): Promise<ConfigError> {
  const c = await p;
  assert.ok(isConfigError(c), `expected an error, got ${JSON.stringify(c)}`);
  return c;
}

const FILE = '/repo/runbooks/db/replica-lag.md';

describe('resolveConfig: discovery', () => {
  it('finds the nearest configuration file upward from the file', async () => {
    const read = reader({
      '/repo/.runbooklint.yaml': 'rules:\n  RB901: off\n',
      '/repo/runbooks/.runbooklint.json': '{ "rules": { "RB901": "error" } }',
    });
    const c = await ok(resolveConfig(FILE, '/repo', read, FAKE_RULES));
    assert.deepEqual(c.files, ['/repo/runbooks/.runbooklint.json']);
    assert.equal(c.rules.RB901.severity, 'error');
    const top = await ok(resolveConfig('/repo/other/x.md', '/repo', read, FAKE_RULES));
    assert.deepEqual(top.files, ['/repo/.runbooklint.yaml']);
    assert.equal(top.rules.RB901.severity, 'off');
  });

  it('looks for .yaml, .yml, .json and .jsonc in each folder and stops at the root', async () => {
    const read = reader({ '/.runbooklint.yaml': 'rules: { RB901: off }' });
    assert.equal(await resolveConfig(FILE, '/repo', read, FAKE_RULES), DEFAULT_CONFIG);
    assert.deepEqual(read.reads, ['/repo/runbooks/db', '/repo/runbooks', '/repo'].flatMap((d) =>
      ['.runbooklint.yaml', '.runbooklint.yml', '.runbooklint.json', '.runbooklint.jsonc'].map((n) => `${d}/${n}`)));
    // A file outside the root: up to the top.
    assert.deepEqual((await ok(resolveConfig('/elsewhere/x.md', '/repo', read, FAKE_RULES))).files, ['/.runbooklint.yaml']);
  });

  it('finds each of the four names; two in one folder is an error', async () => {
    for (const name of ['.runbooklint.yaml', '.runbooklint.yml', '.runbooklint.json', '.runbooklint.jsonc']) {
      const text = name.includes('json') ? '{"rules": {"RB901": "info"}}' : 'rules: {RB901: info}';
      assert.equal((await ok(resolveConfig(FILE, '/repo', reader({ [`/repo/runbooks/${name}`]: text }), FAKE_RULES))).rules.RB901.severity, 'info', name);
    }
    const e = await fails(resolveConfig(FILE, '/repo', reader({ '/repo/.runbooklint.yml': '', '/repo/.runbooklint.json': '{}' }), FAKE_RULES));
    assert.match(e.error, /^\/repo\/\.runbooklint\.json:1:1: two lint configuration files in one folder \(\.runbooklint\.yml, \.runbooklint\.json\)/);
  });

  it('works on URI strings as the editor gives them', async () => {
    const read = reader({ 'file:///w/.runbooklint.yaml': 'rules:\n  no-todo: error\nignores: [runbooks/old/**]\n' });
    const c = await ok(resolveConfig('file:///w/runbooks/a.md', 'file:///w', read, FAKE_RULES));
    assert.deepEqual(c.files, ['file:///w/.runbooklint.yaml']);
    assert.equal(c.rules.RB901.severity, 'error');
    assert.equal(isIgnored(c, 'file:///w/runbooks/old/b.md'), true);
    assert.equal(isIgnored(c, 'file:///w/runbooks/a.md'), false);
    assert.equal(await resolveConfig('file:///w/runbooks/a.md', 'file:///w', reader({}), FAKE_RULES), DEFAULT_CONFIG);
  });

  it('an empty file is an empty configuration', async () => {
    const c = await ok(resolveConfig(FILE, '/repo', reader({ '/repo/.runbooklint.yaml': '# nothing yet\n' }), FAKE_RULES));
    assert.deepEqual(c, { files: ['/repo/.runbooklint.yaml'], rules: {}, ignores: [] });
  });
});

describe('resolveConfig: rules', () => {
  it('takes rules by id or by name, as a severity or { severity, options }', async () => {
    const read = reader({
      '/repo/.runbooklint.yaml': [
        'rules:',
        '  RB901: off',
        '  fence-language:',
        '    severity: warning',
        '    options: { language: bash, extra: [1, 2] }',
        '  rb903: info',
      ].join('\n'),
    });
    const c = await ok(resolveConfig(FILE, '/repo', read, FAKE_RULES));
    assert.deepEqual(c.rules, {
      RB901: { severity: 'off', options: {} },
      RB902: { severity: 'warning', options: { language: 'bash', extra: [1, 2] } },
      RB903: { severity: 'info', options: {} },
    });
    assert.deepEqual(ruleSetting(c, FENCE_LANGUAGE), { severity: 'warning', options: { language: 'bash', extra: [1, 2] } });
    assert.deepEqual(ruleSetting(c, NO_TODO), { severity: 'off', options: {} });
    assert.deepEqual(ruleSetting(DEFAULT_CONFIG, FENCE_LANGUAGE), { severity: 'error', options: { language: 'sh' } });
  });

  it('rejects an unknown rule, naming the file and line, with a suggestion', async () => {
    const e = await fails(resolveConfig(FILE, '/repo', reader({ '/repo/.runbooklint.yaml': 'rules:\n  RB901: off\n  fence-langauge: error\n' }), FAKE_RULES));
    assert.equal(e.error, '/repo/.runbooklint.yaml:3:3: unknown rule "fence-langauge" (did you mean fence-language?)');
    assert.deepEqual([e.file, e.line, e.character], ['/repo/.runbooklint.yaml', 2, 2]);
    const e2 = await fails(resolveConfig(FILE, '/repo', reader({ '/repo/.runbooklint.yaml': 'rules:\n  RB999: off\n' }), FAKE_RULES));
    assert.match(e2.error, /:2:3: unknown rule "RB999"/);
  });

  it('rejects a rule given twice (id and name), a bad severity, unknown keys', async () => {
    const cases: [string, RegExp][] = [
      ['rules:\n  RB901: off\n  no-todo: error\n', /:3:3: "no-todo" and "RB901" name the same rule RB901/],
      ['rules:\n  RB901: warn\n', /:2:10: "warn" is not a severity \(off, error, warning, info\)/],
      ['rules:\n  RB901: { severity: fatal }\n', /:2:22: "fatal" is not a severity/],
      ['rules:\n  RB901: { level: error }\n', /:2:12: unknown key "level" in a rule setting/],
      ['rules:\n  RB901: { options: [1] }\n', /:2:21: options should be a mapping/],
      ['rule:\n  RB901: off\n', /:1:1: unknown key "rule" \(known: extends, rules, ignores\)/],
      ['rules: [RB901]\n', /:1:8: rules should be a mapping/],
      ['- RB901\n', /:1:1: the configuration should be a mapping/],
      ['ignores: [1]\n', /:1:11: ignores should be a list of globs/],
    ];
    for (const [text, expected] of cases) {
      const e = await fails(resolveConfig(FILE, '/repo', reader({ '/repo/.runbooklint.yaml': text }), FAKE_RULES));
      assert.match(e.error, expected, text);
    }
  });

  it('reports bad YAML with its line', async () => {
    const e = await fails(resolveConfig(FILE, '/repo', reader({ '/repo/.runbooklint.yaml': 'rules:\n  RB901: off\n  RB902: [error\nignores: x\n' }), FAKE_RULES));
    assert.match(e.error, /^\/repo\/\.runbooklint\.yaml:[34]:\d+: invalid YAML: /);
    const dup = await fails(resolveConfig(FILE, '/repo', reader({ '/repo/.runbooklint.yaml': 'rules:\n  RB901: off\nrules:\n  RB902: off\n' }), FAKE_RULES));
    assert.match(dup.error, /^\/repo\/\.runbooklint\.yaml:3:1: invalid YAML: .*unique/i);
  });

  it('refuses a configuration nested deeper than the stack, naming the file', async () => {
    for (const [name, text] of [['.runbooklint.json', `{"rules": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`], ['.runbooklint.yaml', `rules: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`]]) {
      const e = await fails(resolveConfig(FILE, '/repo', reader({ [`/repo/${name}`]: text }), FAKE_RULES));
      assert.match(e.error, new RegExp(`^/repo/\\${name}:\\d+:\\d+: `), e.error);
    }
  });

  it('reads JSONC with comments and trailing commas; reports bad JSON with its line', async () => {
    const jsonc = '// lint settings\n{\n  /* rules */\n  "rules": {\n    "RB901": "off", // no TODOs check\n    "fence-language": { "options": { "language": "bash", }, },\n  },\n}\n';
    const c = await ok(resolveConfig(FILE, '/repo', reader({ '/repo/.runbooklint.jsonc': jsonc }), FAKE_RULES));
    assert.deepEqual(c.rules, { RB901: { severity: 'off', options: {} }, RB902: { severity: undefined, options: { language: 'bash' } } });
    const bad = await fails(resolveConfig(FILE, '/repo', reader({ '/repo/.runbooklint.json': '{\n  "rules": {\n    "RB901" "off"\n  }\n}\n' }), FAKE_RULES));
    assert.match(bad.error, /^\/repo\/\.runbooklint\.json:3:13: invalid JSON: colon expected/);
    const unknown = await fails(resolveConfig(FILE, '/repo', reader({ '/repo/.runbooklint.json': '{\n  "rules": {\n    "RB901": "off",\n    "nope": "off"\n  }\n}' }), FAKE_RULES));
    assert.equal(unknown.error, '/repo/.runbooklint.json:4:5: unknown rule "nope" (did you mean note?)');
  });
});

describe('resolveConfig: extends and ignores', () => {
  it('follows extends (relative paths, a list), the extending file winning; options merge', async () => {
    const read = reader({
      '/repo/runbooks/.runbooklint.yaml': 'extends: ../lint/base.yaml\nrules:\n  RB902: { options: { language: bash } }\n  RB901: error\n',
      '/repo/lint/base.yaml': 'extends: [./strict.json]\nrules:\n  RB902: { severity: warning, options: { language: zsh, keep: true } }\n  RB901: off\nignores: [archive/**]\n',
      '/repo/lint/strict.json': '{ "rules": { "RB903": "error" } }',
    });
    const c = await ok(resolveConfig(FILE, '/repo', read, FAKE_RULES));
    assert.deepEqual(c.files, ['/repo/runbooks/.runbooklint.yaml', '/repo/lint/base.yaml', '/repo/lint/strict.json']);
    assert.deepEqual(c.rules, {
      RB901: { severity: 'error', options: {} },
      RB902: { severity: 'warning', options: { language: 'bash', keep: true } },
      RB903: { severity: 'error', options: {} },
    });
    // Ignore globs stay relative to the file that lists them.
    assert.deepEqual(c.ignores, [{ base: '/repo/lint', pattern: 'archive/**' }]);
  });

  it('detects a cycle, naming the file and line of the extends that closes it', async () => {
    const read = reader({
      '/repo/.runbooklint.yaml': 'extends: a.yaml\n',
      '/repo/a.yaml': 'rules: {}\nextends: b.yaml\n',
      '/repo/b.yaml': 'extends: ./.runbooklint.yaml\n',
    });
    const e = await fails(resolveConfig(FILE, '/repo', read, FAKE_RULES));
    assert.equal(e.error, '/repo/b.yaml:1:10: extends cycle: /repo/.runbooklint.yaml → /repo/a.yaml → /repo/b.yaml → /repo/.runbooklint.yaml');
    const self = await fails(resolveConfig(FILE, '/repo', reader({ '/repo/.runbooklint.yaml': 'extends: .runbooklint.yaml' }), FAKE_RULES));
    assert.match(self.error, /extends cycle/);
  });

  it('reports a missing extended file and errors inside it', async () => {
    const missing = await fails(resolveConfig(FILE, '/repo', reader({ '/repo/.runbooklint.yaml': 'rules: {}\nextends: nope.yaml\n' }), FAKE_RULES));
    assert.equal(missing.error, '/repo/.runbooklint.yaml:2:10: extends /repo/nope.yaml: no such file');
    const inner = await fails(resolveConfig(FILE, '/repo', reader({ '/repo/.runbooklint.yaml': 'extends: base.yaml\n', '/repo/base.yaml': 'rules:\n  bogus: off\n' }), FAKE_RULES));
    assert.equal(inner.error, '/repo/base.yaml:2:3: unknown rule "bogus"');
  });

  it('ignores files by glob, relative to the folder of the configuration file', async () => {
    const c = await ok(resolveConfigFrom('/repo', '/repo', reader({ '/repo/.runbooklint.yaml': 'ignores:\n  - runbooks/archive/**\n  - "**/*.draft.md"\n  - templates/\n' }), FAKE_RULES));
    assert.equal(isIgnored(c, '/repo/runbooks/archive/2019/old.md'), true);
    assert.equal(isIgnored(c, '/repo/runbooks/x.draft.md'), true);
    assert.equal(isIgnored(c, '/repo/templates/new.md'), true);
    assert.equal(isIgnored(c, '/repo/runbooks/x.md'), false);
    assert.equal(isIgnored(c, '/other/runbooks/archive/x.md'), false);
  });

  it('loads an explicit file with loadConfigFile', async () => {
    const read = reader({ '/cfg/strict.yaml': 'extends: base.yml\nrules: { RB901: error }\n', '/cfg/base.yml': 'rules: { RB902: off }\n' });
    const c = await ok(loadConfigFile('/cfg/./strict.yaml', read, FAKE_RULES));
    assert.deepEqual(c.files, ['/cfg/strict.yaml', '/cfg/base.yml']);
    assert.deepEqual(Object.keys(c.rules).sort(), ['RB901', 'RB902']);
    assert.equal((await fails(loadConfigFile('/cfg/none.yaml', read, FAKE_RULES))).error, '/cfg/none.yaml:1:1: configuration file not found');
  });
});

describe('configuration YAML is bounded', () => {
  it('refuses aliases (no expansion at all), naming the file and line', async () => {
    const text = 'rules:\n  RB901: &sev error\n  RB902: *sev\n';
    const e = await fails(loadConfigFile('/repo/.runbooklint.yaml', reader({ '/repo/.runbooklint.yaml': text }), FAKE_RULES));
    assert.equal(e.file, '/repo/.runbooklint.yaml');
    assert.equal(e.line, 2);
    assert.match(e.message, /aliases and tags are not supported/);
  });
});

describe('patterns in the configuration', () => {
  const rules = [{ id: 'RB304', name: 'destructive-unmarked', patternOptions: ['patterns'], defaultOptions: { patterns: ['(?<![\\w-])--force(?![\\w-])'] } }];
  const load = (text: string) => loadConfigFile('/repo/.runbooklint.yaml', reader({ '/repo/.runbooklint.yaml': text }), rules);

  it('refuses a pattern the linear-time engine cannot run, at its line', async () => {
    const e = await fails(load('rules:\n  RB304:\n    options:\n      patterns:\n        - kubectl\\s+delete\n        - (a)\\1\n'));
    assert.equal(e.line, 5);
    assert.equal(e.character, 10);
    assert.match(e.message, /^RB304 option patterns: pattern \/\(a\)\\1\/ is refused: backreferences/);
    const bad = await fails(load('rules:\n  destructive-unmarked: {options: {patterns: "x(?=y)"}}\n'));
    assert.equal(bad.line, 1);
    assert.match(bad.message, /lookaheads/);
  });

  it('accepts catastrophic patterns (they run in linear time) and the rule\'s own defaults (lookarounds and all)', async () => {
    const c = await ok(load('rules:\n  RB304:\n    options:\n      patterns: ["^(a+)+$", "(?<![\\\\w-])--force(?![\\\\w-])"]\n'));
    assert.deepEqual(c.rules.RB304.options.patterns, ['^(a+)+$', '(?<![\\w-])--force(?![\\w-])']);
  });
});

describe('extends stays inside the workspace', () => {
  it('refuses extends outside the workspace root, naming the file and line, without reading it', async () => {
    const read = reader({
      '/repo/runbooks/.runbooklint.yaml': 'rules: {}\nextends: ../../etc/lint.yaml\n',
      '/etc/lint.yaml': 'rules: {}\n',
    });
    const e = await fails(resolveConfig(FILE, '/repo', read, FAKE_RULES));
    assert.equal(e.error, '/repo/runbooks/.runbooklint.yaml:2:10: extends /etc/lint.yaml: outside the workspace (/repo); a configuration only extends files inside it');
    assert.ok(!read.reads.includes('/etc/lint.yaml'));
    const absolute = await fails(resolveConfig(FILE, '/repo', reader({ '/repo/.runbooklint.yaml': 'extends: [/home/me/.ssh/id_rsa]\n' }), FAKE_RULES));
    assert.match(absolute.error, /^\/repo\/\.runbooklint\.yaml:1:11: extends \/home\/me\/\.ssh\/id_rsa: outside the workspace/);
    const uri = await fails(resolveConfig('file:///ws/r/a.md', 'file:///ws', reader({ 'file:///ws/.runbooklint.yaml': 'extends: ../other/x.yaml\n' }), FAKE_RULES));
    assert.match(uri.error, /extends file:\/\/\/other\/x\.yaml: outside the workspace \(file:\/\/\/ws\)/);
  });

  it('an explicit --config extends within the root given, else its own folder', async () => {
    const read = reader({ '/cfg/strict.yaml': 'extends: ../shared/base.yml\n', '/shared/base.yml': 'rules: {}\n' });
    assert.match((await fails(loadConfigFile('/cfg/strict.yaml', read, FAKE_RULES))).message, /outside the workspace \(\/cfg\)/);
    await ok(loadConfigFile('/cfg/strict.yaml', read, FAKE_RULES, '/'));
  });
});
