import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findFrontMatter, MAX_ALIAS_COUNT, MAX_SCHEMA_PROBLEMS, mayHaveAlias, parseFrontMatter, yamlScalar } from '../../../src/core/frontMatter';
import type { ParseProblem } from '../../../src/core/model';

function parse(text: string) {
  const block = findFrontMatter(text);
  assert.ok(block, 'front matter block expected');
  const problems: ParseProblem[] = [];
  return { fields: parseFrontMatter(block, problems), problems };
}

describe('findFrontMatter', () => {
  it('finds the block between the first two `---` lines', () => {
    const text = '---\ntitle: A\n---\n# Body\n';
    assert.deepEqual(findFrontMatter(text), { yaml: 'title: A\n', endLine: 2, bodyOffset: 17, bodyLine: 3 });
    assert.equal(text.slice(17), '# Body\n');
  });

  it('accepts `...` as the closing line and trailing spaces on the fences', () => {
    assert.deepEqual(findFrontMatter('--- \ntitle: A\n...\t\nbody'), { yaml: 'title: A\n', endLine: 2, bodyOffset: 19, bodyLine: 3 });
  });

  it('handles CRLF line endings', () => {
    const text = '---\r\ntitle: A\r\n---\r\n# Body\r\n';
    const block = findFrontMatter(text);
    assert.deepEqual(block, { yaml: 'title: A\r\n', endLine: 2, bodyOffset: 20, bodyLine: 3 });
    assert.equal(text.slice(block!.bodyOffset), '# Body\r\n');
  });

  it('handles a closing fence at the very end of the file', () => {
    assert.deepEqual(findFrontMatter('---\ntitle: A\n---'), { yaml: 'title: A\n', endLine: 2, bodyOffset: 16, bodyLine: 3 });
  });

  it('handles an empty block', () => {
    assert.deepEqual(findFrontMatter('---\n---\nx'), { yaml: '', endLine: 1, bodyOffset: 8, bodyLine: 2 });
  });

  it('is absent unless `---` is the very first line', () => {
    assert.equal(findFrontMatter(''), undefined);
    assert.equal(findFrontMatter('# Title\n---\ntitle: A\n---\n'), undefined);
    assert.equal(findFrontMatter('\n---\ntitle: A\n---\n'), undefined);
    assert.equal(findFrontMatter('----\ntitle: A\n----\n'), undefined);
    assert.equal(findFrontMatter('---'), undefined);
  });

  it('reports an unterminated block with endLine -1', () => {
    assert.deepEqual(findFrontMatter('---\ntitle: A\n# Body\n'), { yaml: '', endLine: -1, bodyOffset: 0, bodyLine: 0 });
  });

  it('does not take `----` or `--- x` as the closing line', () => {
    assert.equal(findFrontMatter('---\na: 1\n----\n--- x\n')!.endLine, -1);
  });
});

describe('parseFrontMatter', () => {
  it('reads the known keys and their 0-based lines', () => {
    const { fields, problems } = parse([
      '---',
      'title: Disk almost full',
      'alerts:',
      '  - NodeFilesystemAlmostOutOfSpace',
      '  - "Node*Filling*"',
      'service: node-infrastructure',
      'owner: "@example-org/infra"',
      'severity: critical',
      'tags: [disk, linux]',
      'last_reviewed: 2026-02-10',
      'review_every: 90d',
      'cwd: ../scripts',
      '---',
      '',
    ].join('\n'));
    assert.deepEqual(problems, []);
    assert.equal(fields.title, 'Disk almost full');
    assert.deepEqual(fields.alerts, ['NodeFilesystemAlmostOutOfSpace', 'Node*Filling*']);
    assert.equal(fields.service, 'node-infrastructure');
    assert.equal(fields.owner, '@example-org/infra');
    assert.equal(fields.severity, 'critical');
    assert.deepEqual(fields.tags, ['disk', 'linux']);
    assert.equal(fields.lastReviewed, '2026-02-10');
    assert.equal(fields.reviewEvery, '90d');
    assert.equal(fields.cwd, '../scripts');
    assert.deepEqual(fields.variables, {});
    assert.deepEqual(fields.frontMatter.keyLines, {
      title: 1, alerts: 2, service: 5, owner: 6, severity: 7, tags: 8, last_reviewed: 9, review_every: 10, cwd: 11,
    });
    assert.equal(fields.frontMatter.startLine, 0);
    assert.equal(fields.frontMatter.endLine, 12);
    assert.deepEqual(fields.frontMatter.data.tags, ['disk', 'linux']);
  });

  it('reads variables as descriptions, objects and plain names', () => {
    const { fields, problems } = parse([
      '---',
      'variables:',
      '  pod: Name of the pod',
      '  namespace:',
      '    description: Namespace',
      '    default: payments',
      '  replicas:',
      '    default: 3',
      '  token:',
      '    description: API token',
      '    secret: true',
      '---',
    ].join('\n'));
    assert.deepEqual(problems, []);
    assert.deepEqual(fields.variables, {
      pod: { description: 'Name of the pod', secret: false },
      namespace: { description: 'Namespace', default: 'payments', secret: false },
      replicas: { description: undefined, default: '3', secret: false },
      token: { description: 'API token', default: undefined, secret: true },
    });
  });

  it('accepts alerts and tags written as one comma-separated string (with a warning from the schema)', () => {
    const { fields, problems } = parse('---\nalerts: A, B ,C\ntags: x\n---\n');
    assert.deepEqual(fields.alerts, ['A', 'B', 'C']);
    assert.deepEqual(fields.tags, ['x']);
    assert.deepEqual(problems.map((p) => [p.line, p.severity]), [[1, 'warning'], [2, 'warning']]);
  });

  it('reads numbers and booleans as strings', () => {
    const { fields } = parse('---\ntitle: 404\nservice: true\n---\n');
    assert.equal(fields.title, '404');
    assert.equal(fields.service, 'true');
  });

  it('is empty without problems for an empty block or comments only', () => {
    for (const text of ['---\n---\n', '---\n# just a comment\n---\n']) {
      const { fields, problems } = parse(text);
      assert.deepEqual(problems, []);
      assert.deepEqual(fields.frontMatter.data, {});
      assert.deepEqual(fields.alerts, []);
    }
  });

  describe('bad input: a problem with a line, never a throw', () => {
    it('invalid YAML: the line of the error in the file', () => {
      const { fields, problems } = parse('---\ntitle: A\ntitle: B\n---\n');
      assert.deepEqual(problems, [{ line: 2, character: 0, severity: 'error', message: 'invalid YAML in front matter: Map keys must be unique' }]);
      assert.equal(fields.title, undefined);
      assert.deepEqual(fields.frontMatter.data, {});
      assert.equal(fields.frontMatter.endLine, 3);
    });

    it('invalid YAML: an unquoted `@` at its column', () => {
      const { problems } = parse('---\nservice: x\nowner: @team\n---\n');
      assert.deepEqual(problems, [{ line: 2, character: 7, severity: 'error', message: 'invalid YAML in front matter: Plain value cannot start with reserved character @' }]);
    });

    it('invalid YAML: tab indentation', () => {
      const { problems } = parse('---\nvariables:\n\tpod: x\n---\n');
      assert.equal(problems.length, 1);
      assert.equal(problems[0].line, 2);
      assert.equal(problems[0].severity, 'error');
      assert.match(problems[0].message, /^invalid YAML in front matter: Tabs are not allowed/);
    });

    it('the message does not repeat the YAML parser\'s own (off by one) line number', () => {
      const { problems } = parse('---\na: 1\nb: [x, y\nc: 2\n---\n');
      assert.ok(problems.length >= 1);
      for (const p of problems) {
        assert.doesNotMatch(p.message, /at line \d+/);
      }
    });

    it('a list', () => {
      const { fields, problems } = parse('---\n- CheckoutDown\n- CheckoutSlow\n---\n');
      assert.deepEqual(problems, [{ line: 1, character: 0, severity: 'error', message: 'front matter must be a mapping of `key: value` lines, found a list' }]);
      assert.deepEqual(fields.alerts, []);
      assert.deepEqual(fields.frontMatter.data, {});
    });

    it('a scalar', () => {
      const { problems } = parse('---\njust some text\n---\n');
      assert.deepEqual(problems, [{ line: 1, character: 0, severity: 'error', message: 'front matter must be a mapping of `key: value` lines, found a single value' }]);
    });

    it('unterminated', () => {
      const block = findFrontMatter('---\ntitle: A\n');
      const problems: ParseProblem[] = [];
      const fields = parseFrontMatter(block!, problems);
      assert.deepEqual(problems, [{ line: 0, character: 0, severity: 'error', message: 'front matter is not closed: add a line with `---` after it' }]);
      assert.equal(fields.frontMatter.endLine, -1);
      assert.equal(fields.title, undefined);
    });

    it('alerts as a mapping: a warning at the value, nothing indexed from it', () => {
      const { fields, problems } = parse('---\ntitle: A\nalerts:\n  CheckoutDown: true\n---\n');
      assert.deepEqual(fields.alerts, []);
      assert.equal(fields.title, 'A');
      assert.equal(problems.length, 1);
      assert.equal(problems[0].severity, 'warning');
      assert.equal(problems[0].line, 3);
      assert.match(problems[0].message, /^front matter `alerts` should be a list/);
    });

    it('wrong types elsewhere keep the good keys', () => {
      const { fields, problems } = parse('---\nservice: [a, b]\ntags: {x: 1}\nowner: team\nalerts: [A, [B], C]\n---\n');
      assert.equal(fields.service, undefined);
      assert.deepEqual(fields.tags, []);
      assert.equal(fields.owner, 'team');
      assert.deepEqual(fields.alerts, ['A', 'C']);
      assert.deepEqual(problems.map((p) => [p.line, p.severity]).sort(), [[1, 'warning'], [2, 'warning'], [4, 'warning']]);
      for (const p of problems) {
        assert.match(p.message, /^front matter `(service|tags|alerts(\.1)?)` /);
      }
    });

    it('variables of the wrong shape', () => {
      const { fields, problems } = parse('---\nvariables: 42\n---\n');
      assert.deepEqual(fields.variables, {});
      assert.deepEqual(problems.map((p) => [p.line, p.severity]), [[1, 'warning']]);
    });
  });
});

describe('fast path', () => {
  it('reads every sample and fixture front matter exactly as the full parser does', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const path = await import('node:path');
    const root = path.resolve(__dirname, '../../../..');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = path.join(dir, name);
        if (statSync(p).isDirectory()) {
          walk(p);
        } else if (name.endsWith('.md')) {
          files.push(p);
        }
      }
    };
    walk(path.join(root, 'runbooks'));
    walk(path.join(root, 'test'));
    let compared = 0;
    for (const f of files) {
      const block = findFrontMatter(readFileSync(f, 'utf8'));
      if (!block) {
        continue;
      }
      const fastProblems: ParseProblem[] = [];
      const slowProblems: ParseProblem[] = [];
      const fast = parseFrontMatter(block, fastProblems);
      const slow = parseFrontMatter(block, slowProblems, { fast: false });
      assert.deepEqual(fast, slow, f);
      assert.deepEqual(fastProblems, slowProblems, f);
      compared++;
    }
    assert.ok(compared >= 10, `only ${compared} files with front matter`);
  });

  it('falls back to the full parser for what it does not handle', () => {
    for (const yaml of ['title: a\ntitle: b\n', '- a\n', '{title: x}\n', 'severity: bogus\n', 'title: [unclosed\n']) {
      const text = `---\n${yaml}---\n`;
      const block = findFrontMatter(text)!;
      const a: ParseProblem[] = [];
      const b: ParseProblem[] = [];
      assert.deepEqual(parseFrontMatter(block, a), parseFrontMatter(block, b, { fast: false }), yaml);
      assert.deepEqual(a, b, yaml);
    }
  });
});

describe('YAML the library parses but cannot convert', () => {
  it('reports an unresolved alias instead of throwing', () => {
    for (const yaml of ['*alias\n', 'title: *later\nx: &later 1\n']) {
      const problems: ParseProblem[] = [];
      const block = findFrontMatter(`---\n${yaml}---\n# T\n`)!;
      assert.doesNotThrow(() => parseFrontMatter(block, problems, { fast: false }));
      assert.doesNotThrow(() => parseFrontMatter(block, [], {}));
      assert.ok(problems.length > 0, yaml);
    }
  });
});

describe('front matter aliases are bounded', () => {
  /** Nested aliases: each level lists the one before nine times (9^levels strings once expanded). */
  const bomb = (levels: number) => {
    const lines = ['title: Laughs', 'tags: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i <= levels; i++) {
      lines.push(`x${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(',')}]`);
    }
    return `---\n${lines.join('\n')}\n---\n# Laughs\n`;
  };

  it('refuses a "billion laughs" with one problem at the first alias, on both paths, without expanding it', () => {
    const text = bomb(3); // 729 strings: cheap even unbounded, yet more than the cap
    for (const fast of [undefined, false]) {
      const problems: ParseProblem[] = [];
      const fields = parseFrontMatter(findFrontMatter(text)!, problems, fast === false ? { fast } : {});
      assert.deepEqual(fields.frontMatter.data, {});
      assert.deepEqual(fields.tags, []);
      assert.equal(problems.length, 1);
      assert.equal(problems[0].severity, 'error');
      assert.equal(problems[0].line, 3, 'the line of the first alias (`x1: &l1 [*l0,…]`)');
      assert.match(problems[0].message, new RegExp(`aliases \\(\`\\*name\`\\) expand to too much data \\(more than ${MAX_ALIAS_COUNT} alias uses\\)`));
    }
  });

  it('still reads a few aliases, as values (not as `{ source }` objects)', () => {
    const { fields, problems } = parse('---\ntitle: T\nalerts: &names [DiskFull, DiskSlow]\ntags: *names\n---\n');
    assert.deepEqual(problems, []);
    assert.deepEqual(fields.alerts, ['DiskFull', 'DiskSlow']);
    assert.deepEqual(fields.tags, ['DiskFull', 'DiskSlow']);
  });

  it('keeps YAML with anchors or aliases away from the fast path (js-yaml has no alias limit)', () => {
    for (const yaml of ['tags: *a\n', 'a: &x 1\n', 'tags: [*a]\n', 'tags: [x,*a]\n', 'tags:\n- *a\n', 'v: {a: *b}\n', '&a\n']) {
      assert.equal(mayHaveAlias(yaml), true, yaml);
    }
    for (const yaml of ['title: Disk full\n', 'owner: "@sre"\n', 'title: 5 * 3\n', 'title: a&b\n']) {
      assert.equal(mayHaveAlias(yaml), false, yaml);
    }
  });

  it('reports at most MAX_SCHEMA_PROBLEMS schema problems, and counts the rest in one more', () => {
    const { problems } = parse(`---\ntags: [${Array.from({ length: 250 }, (_, i) => `[${i}]`).join(', ')}]\n---\n`);
    assert.equal(problems.length, MAX_SCHEMA_PROBLEMS + 1);
    assert.match(problems[MAX_SCHEMA_PROBLEMS].message, /150 more problems not shown/);
  });
});

describe('writing front matter', () => {
  it('yamlScalar quotes only what YAML would read differently', () => {
    assert.equal(yamlScalar('Disk almost full'), 'Disk almost full');
    assert.equal(yamlScalar('Postgres: lag'), '"Postgres: lag"');
    assert.equal(yamlScalar('@team'), '"@team"');
    assert.equal(yamlScalar('yes'), '"yes"');
    assert.equal(yamlScalar('2026-01-01'), '"2026-01-01"');
    assert.equal(yamlScalar('404'), '"404"');
    assert.equal(yamlScalar('a # b'), '"a # b"');
    assert.equal(yamlScalar(''), '""');
  });
});
