import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Runbook } from '../../../src/core/model';
import { parseRunbook } from '../../../src/core/parse';

// tsc compiles this file to out/test/unit/core/; the fixtures stay in the source tree.
const FIXTURES = path.join(__dirname, '../../../../test/unit/core/fixtures');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const parseFixture = (name: string) => parseRunbook(`/ws/runbooks/${name}`, fixture(name));

/** Problems as `[line, severity]` pairs, for exact comparisons that do not depend on wording. */
const where = (r: Runbook) => r.problems.map((p) => [p.line, p.severity]);

describe('parseRunbook: a complete runbook', () => {
  const r = parseFixture('checkout.runbook.md');

  it('reads the front matter', () => {
    assert.equal(r.path, '/ws/runbooks/checkout.runbook.md');
    assert.equal(r.title, 'Checkout pods not ready');
    assert.equal(r.titleSource, 'front-matter');
    assert.deepEqual(r.alerts, ['CheckoutPodsNotReady', 'Checkout*']);
    assert.equal(r.service, 'checkout-api');
    assert.equal(r.owner, '@example-org/payments-oncall');
    assert.equal(r.severity, 'high');
    assert.deepEqual(r.tags, ['kubernetes', 'Checkout']);
    assert.equal(r.lastReviewed, '2026-03-01');
    assert.equal(r.reviewEvery, '90d');
    assert.equal(r.cwd, '../scripts');
    assert.deepEqual(r.variables, {
      namespace: { description: 'Namespace of the checkout service', default: 'payments', secret: false },
      pod: { description: 'Name of the failing pod', secret: false },
      token: { description: 'API token', default: undefined, secret: true },
    });
    assert.deepEqual(r.frontMatter?.keyLines, {
      title: 1, alerts: 2, service: 5, owner: 6, severity: 7, tags: 8, last_reviewed: 9, review_every: 10, cwd: 11, variables: 12,
    });
    assert.equal(r.frontMatter?.startLine, 0);
    assert.equal(r.frontMatter?.endLine, 20);
  });

  it('has no problems and counts its lines', () => {
    assert.deepEqual(r.problems, []);
    assert.equal(r.lineCount, 62);
  });

  it('lists headings with levels, unique slugs and section ranges', () => {
    assert.deepEqual(r.headings, [
      { level: 1, text: 'Checkout pods not ready', slug: 'checkout-pods-not-ready', line: 22, endLine: 61 },
      { level: 2, text: 'Diagnosis', slug: 'diagnosis', line: 27, endLine: 42 },
      { level: 3, text: 'Logs', slug: 'logs', line: 37, endLine: 42 },
      { level: 2, text: 'Mitigation', slug: 'mitigation', line: 43, endLine: 54 },
      { level: 2, text: 'Mitigation', slug: 'mitigation-1', line: 55, endLine: 61 },
    ]);
  });

  it('lists the shell blocks as steps', () => {
    assert.deepEqual(r.steps.map((s) => ({ id: s.id, explicitId: s.explicitId, language: s.language, destructive: s.destructive, section: s.section })), [
      { id: 'list-pods', explicitId: true, language: 'sh', destructive: false, section: 1 },
      { id: 'step-2', explicitId: false, language: 'bash', destructive: false, section: 2 },
      { id: 'rollback', explicitId: true, language: 'sh', destructive: true, section: 3 },
      { id: 'verify', explicitId: true, language: 'console', destructive: false, section: 3 },
      { id: 'step-5', explicitId: false, language: 'powershell', destructive: false, section: 4 },
    ]);
  });

  it('keeps each step\'s info string, attributes, range and code', () => {
    const [first, , rollback, verify, last] = r.steps;
    assert.equal(first.info, 'sh {id=list-pods}');
    assert.deepEqual(first.attributes, { id: 'list-pods' });
    assert.deepEqual(first.range, { start: { line: 29, character: 0 }, end: { line: 31, character: 0 } });
    assert.equal(first.code, 'kubectl -n {{namespace}} get pods\n');
    assert.equal(rollback.info, 'Shell {#rollback .destructive}');
    assert.deepEqual(rollback.attributes, { id: 'rollback', destructive: true });
    assert.deepEqual(rollback.range, { start: { line: 45, character: 0 }, end: { line: 47, character: 0 } });
    assert.deepEqual(verify.attributes, { id: 'verify' });
    assert.deepEqual(verify.range, { start: { line: 49, character: 0 }, end: { line: 51, character: 0 } });
    assert.deepEqual(last.attributes, { destructive: 'false' });
    assert.deepEqual(last.range, { start: { line: 57, character: 0 }, end: { line: 59, character: 0 } });
  });

  it('finds the variables of each step at their exact positions', () => {
    assert.deepEqual(r.steps.map((s) => s.variables), [
      [{ name: 'namespace', raw: '{{namespace}}', line: 30, character: 11 }],
      [
        { name: 'namespace', raw: '{{ namespace }}', line: 40, character: 11 },
        { name: 'pod', raw: '{{ $labels.pod }}', line: 40, character: 32 },
        { name: 'since', raw: '{{ .Labels.since }}', line: 40, character: 58 },
      ],
      [{ name: 'namespace', raw: '{{namespace}}', line: 46, character: 11 }],
      [{ name: 'namespace', raw: '{{namespace}}', line: 50, character: 13 }],
      [{ name: 'pod', raw: '{{pod}}', line: 58, character: 8 }],
    ]);
  });

  it('lists every code block, runnable or not', () => {
    assert.deepEqual(r.codeBlocks, [
      { info: 'sh {id=list-pods}', language: 'sh', line: 29, endLine: 31, fenced: true },
      { info: 'promql', language: 'promql', line: 33, endLine: 35, fenced: true },
      { info: 'bash', language: 'bash', line: 39, endLine: 41, fenced: true },
      { info: 'Shell {#rollback .destructive}', language: 'Shell', line: 45, endLine: 47, fenced: true },
      { info: 'console id=verify', language: 'console', line: 49, endLine: 51, fenced: true },
      { info: '', language: '', line: 53, endLine: 53, fenced: false },
      { info: 'pwsh {destructive=false}', language: 'pwsh', line: 57, endLine: 59, fenced: true },
    ]);
  });

  it('lists links and images with their lines', () => {
    assert.deepEqual(r.links, [
      { href: 'https://grafana.example.com/d/checkout', image: false, line: 24 },
      { href: 'img/checkout.png', image: true, line: 25 },
      { href: '../disk-almost-full.md#mitigation', image: false, line: 61 },
    ]);
  });
});

describe('parseRunbook: title', () => {
  it('falls back to the first level-1 heading', () => {
    const r = parseFixture('no-front-matter.md');
    assert.equal(r.title, 'Disk almost full');
    assert.equal(r.titleSource, 'h1');
    assert.equal(r.frontMatter, undefined);
    assert.deepEqual(r.alerts, []);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.steps.map((s) => [s.id, s.section, s.range.start.line]), [['step-1', 0, 4]]);
  });

  it('falls back to the file name without .md or .runbook.md', () => {
    assert.equal(parseRunbook('/ws/runbooks/plain-notes.md', fixture('plain-notes.md')).title, 'plain-notes');
    assert.equal(parseRunbook('/ws/runbooks/plain-notes.md', fixture('plain-notes.md')).titleSource, 'file-name');
    assert.equal(parseRunbook('/ws/svc/rollback.runbook.md', 'text').title, 'rollback');
    assert.equal(parseRunbook('file:///ws/runbooks/KubePodCrashLooping.md', '').title, 'KubePodCrashLooping');
  });

  it('ignores an empty front matter title and an empty H1', () => {
    const r = parseRunbook('/ws/runbooks/x.md', '---\ntitle: "  "\n---\n#\n\n# Real title\n');
    assert.equal(r.title, 'Real title');
    assert.equal(r.titleSource, 'h1');
  });

  it('trims the front matter title and keeps inline code in a heading title', () => {
    assert.equal(parseRunbook('/a.md', '---\ntitle: "  Spaced  "\n---\n').title, 'Spaced');
    assert.equal(parseRunbook('/a.md', '# Restart `nginx` now\n').title, 'Restart nginx now');
  });
});

describe('parseRunbook: headings', () => {
  it('computes section ends per level', () => {
    const r = parseRunbook('/a.md', '# A\n## B\n### C\n#### D\n## E\ntext\n### F\n# G\n');
    assert.deepEqual(r.headings.map((h) => [h.level, h.slug, h.line, h.endLine]), [
      [1, 'a', 0, 6], [2, 'b', 1, 3], [3, 'c', 2, 3], [4, 'd', 3, 3], [2, 'e', 4, 6], [3, 'f', 6, 6], [1, 'g', 7, 7],
    ]);
  });

  it('reads setext headings and headings after front matter', () => {
    const r = parseRunbook('/a.md', '---\ntitle: T\n---\nTitle\n=====\n\nSub\n---\n');
    assert.deepEqual(r.headings.map((h) => [h.level, h.text, h.line, h.endLine]), [[1, 'Title', 3, 7], [2, 'Sub', 6, 7]]);
  });

  it('gives duplicate headings -1, -2 slugs', () => {
    const r = parseRunbook('/a.md', '## Check\n## Check\n## Check\n## Check 1\n');
    assert.deepEqual(r.headings.map((h) => h.slug), ['check', 'check-1', 'check-2', 'check-1-1']);
  });

  it('leaves emphasis markers out of the text and slug, as GitHub does', () => {
    const r = parseRunbook('/a.md', '# **Disk** full\n## _Optional_: escalate ~~now~~\n## __init__ *and* snake_case_name\n');
    assert.deepEqual(r.headings.map((h) => [h.text, h.slug]), [
      ['Disk full', 'disk-full'],
      ['Optional: escalate now', 'optional-escalate-now'],
      ['init and snake_case_name', 'init-and-snake_case_name'],
    ]);
    assert.equal(r.title, 'Disk full');
  });

  it('does not take a `#` line inside a code block for a heading', () => {
    const r = parseRunbook('/a.md', '# Real\n\n```sh\n# comment\n```\n');
    assert.deepEqual(r.headings.map((h) => h.text), ['Real']);
  });
});

describe('parseRunbook: steps', () => {
  it('numbers steps without id over the whole document, counting explicit ones too', () => {
    const r = parseRunbook('/a.md', '```sh\na\n```\n\n```sh {id=named}\nb\n```\n\n```text\nc\n```\n\n```zsh\nd\n```\n');
    assert.deepEqual(r.steps.map((s) => s.id), ['step-1', 'named', 'step-3']);
    assert.deepEqual(r.steps.map((s) => s.language), ['sh', 'sh', 'zsh']);
  });

  it('has section -1 before the first heading', () => {
    const r = parseRunbook('/a.md', '```sh\necho\n```\n# Later\n```sh\necho\n```\n');
    assert.deepEqual(r.steps.map((s) => s.section), [-1, 0]);
  });

  it('reads the destructive flag in every form', () => {
    const infos = ['sh {destructive}', 'sh {.destructive}', 'sh destructive', 'sh {destructive=true}', 'sh {destructive=yes}', 'sh {destructive=false}', 'sh {id=x}', 'sh {.danger}'];
    const text = infos.map((i) => '```' + i + '\necho\n```\n').join('\n');
    assert.deepEqual(parseRunbook('/a.md', text).steps.map((s) => s.destructive), [true, true, true, true, true, false, false, false]);
  });

  it('does not make steps of other fences, tilde fences included', () => {
    const r = parseRunbook('/a.md', '```yaml\na: {{x}}\n```\n\n```\nno language\n```\n\n~~~bash\necho {{y}}\n~~~\n\n```python\nprint()\n```\n');
    assert.deepEqual(r.codeBlocks.map((c) => [c.language, c.fenced]), [['yaml', true], ['', true], ['bash', true], ['python', true]]);
    assert.deepEqual(r.steps.map((s) => [s.language, s.range.start.line, s.variables.map((v) => v.name)]), [['bash', 8, ['y']]]);
  });

  it('does not take Hugo shortcodes for variables', () => {
    const r = parseRunbook('/a.md', '```sh\n{{% notice %}} {{< ref "a.md" >}} {{ x }}\n```\n');
    assert.deepEqual(r.steps[0].variables, [{ name: 'x', raw: '{{ x }}', line: 1, character: 34 }]);
  });

  it('does not look for variables outside steps', () => {
    const r = parseRunbook('/a.md', 'Text {{pod}}\n\n```yaml\n{{pod}}\n```\n');
    assert.deepEqual(r.steps, []);
  });

  it('gives variable positions in the document for steps indented in lists and quotes', () => {
    const r = parseRunbook('/a.md', [
      '1. Check the pods:',
      '',
      '   ```sh {id=pods}',
      '   kubectl -n {{namespace}} get pod {{ pod }}',
      '   ```',
      '',
      '> ```bash',
      '> echo {{ $labels.job }}',
      '> ```',
      '',
    ].join('\n'));
    assert.deepEqual(r.steps.map((s) => [s.id, s.code]), [['pods', 'kubectl -n {{namespace}} get pod {{ pod }}\n'], ['step-2', 'echo {{ $labels.job }}\n']]);
    assert.deepEqual(r.steps.flatMap((s) => s.variables), [
      { name: 'namespace', raw: '{{namespace}}', line: 3, character: 14 },
      { name: 'pod', raw: '{{ pod }}', line: 3, character: 36 },
      { name: 'job', raw: '{{ $labels.job }}', line: 7, character: 7 },
    ]);
  });

  it('uses a longer fence to hold a shorter one', () => {
    const r = parseRunbook('/a.md', '````markdown\n```sh\necho\n```\n````\n');
    assert.deepEqual(r.steps, []);
    assert.deepEqual(r.codeBlocks.map((c) => [c.language, c.line, c.endLine]), [['markdown', 0, 4]]);
    assert.deepEqual(r.problems, []);
  });
});

describe('parseRunbook: links', () => {
  it('records links, images, reference links and table cells with their lines; not autolinks', () => {
    const r = parseRunbook('/a.md', [
      '---',
      'title: T',
      '---',
      'See [docs](https://example.com/docs) and',
      'the ![graph](img/graph.png) and [ref][r]',
      'and <https://auto.example.com>.',
      '',
      '| Dashboard | Owner |',
      '|-----------|-------|',
      '| [latency](https://grafana/d/1) | x |',
      '| ![icon](icon.svg) | [team](team.md) |',
      '',
      '- [list item](list.md)',
      '',
      '[r]: https://ref.example.com',
    ].join('\n'));
    assert.deepEqual(r.links, [
      { href: 'https://example.com/docs', image: false, line: 3 },
      { href: 'img/graph.png', image: true, line: 4 },
      { href: 'https://ref.example.com', image: false, line: 4 },
      { href: 'https://grafana/d/1', image: false, line: 9 },
      { href: 'icon.svg', image: true, line: 10 },
      { href: 'team.md', image: false, line: 10 },
      { href: 'list.md', image: false, line: 12 },
    ]);
  });

  it('records a link in a heading', () => {
    const r = parseRunbook('/a.md', '\n## See [other](other.md)\n');
    assert.deepEqual(r.links, [{ href: 'other.md', image: false, line: 1 }]);
    assert.equal(r.headings[0].text, 'See other');
  });
});

describe('parseRunbook: bad input never throws and always reports a line', () => {
  it('invalid YAML: an error at the line of the error, the body still parsed', () => {
    const r = parseFixture('invalid-yaml.md');
    assert.deepEqual(r.problems, [{ line: 2, character: 7, severity: 'error', message: 'invalid YAML in front matter: Plain value cannot start with reserved character @' }]);
    assert.equal(r.title, 'Broken');
    assert.equal(r.titleSource, 'h1');
    assert.deepEqual(r.alerts, []);
    assert.deepEqual(r.headings.map((h) => h.line), [6]);
  });

  it('front matter that is a list', () => {
    const r = parseFixture('list-front-matter.md');
    assert.deepEqual(r.problems, [{ line: 1, character: 0, severity: 'error', message: 'front matter must be a mapping of `key: value` lines, found a list' }]);
    assert.equal(r.title, 'Listed alerts');
    assert.deepEqual(r.alerts, []);
    assert.deepEqual(r.headings.map((h) => h.line), [5]);
  });

  it('front matter that is a scalar', () => {
    const r = parseRunbook('/a.md', '---\nCheckoutDown\n---\n# T\n');
    assert.deepEqual(where(r), [[1, 'error']]);
    assert.equal(r.title, 'T');
  });

  it('unterminated front matter: an error on line 0, the whole file read as markdown', () => {
    const r = parseRunbook('/a.md', '---\ntitle: Never closed\n\n# Heading\n\n```sh\necho\n```\n');
    assert.deepEqual(r.problems, [{ line: 0, character: 0, severity: 'error', message: 'front matter is not closed: add a line with `---` after it' }]);
    assert.equal(r.title, 'Heading');
    assert.equal(r.frontMatter?.endLine, -1);
    assert.deepEqual(r.headings.map((h) => h.line), [3]);
    assert.deepEqual(r.steps.map((s) => s.range.start.line), [5]);
  });

  it('unclosed code fence: a warning at the fence; the step runs to the end of the file', () => {
    const r = parseFixture('unclosed-fence.md');
    assert.deepEqual(r.problems, [{ line: 2, character: 0, severity: 'warning', message: 'code fence ``` is never closed' }]);
    assert.deepEqual(r.headings.map((h) => h.text), ['Unclosed fence']);
    assert.equal(r.steps.length, 1);
    assert.equal(r.steps[0].id, 'never-closed');
    assert.deepEqual(r.steps[0].range, { start: { line: 2, character: 0 }, end: { line: 5, character: 0 } });
    assert.deepEqual(r.steps[0].variables, [{ name: 'pod', raw: '{{pod}}', line: 3, character: 17 }]);
  });

  it('unclosed tilde fence', () => {
    assert.deepEqual(parseRunbook('/a.md', 'x\n\n~~~~bash\necho\n```\n').problems, [{ line: 2, character: 0, severity: 'warning', message: 'code fence ~~~~ is never closed' }]);
  });

  it('unclosed code fence at the end of a file without a final newline', () => {
    for (const text of ['# T\n```sh\necho {{x}}', '# T\n```sh\n', '# T\n```sh']) {
      const r = parseRunbook('/a.md', text);
      assert.deepEqual(where(r), [[1, 'warning']], JSON.stringify(text));
      assert.equal(r.steps[0].range.end.line, r.lineCount - 1, JSON.stringify(text));
    }
    assert.deepEqual(parseRunbook('/a.md', '# T\n```sh\necho {{x}}').steps[0].variables, [{ name: 'x', raw: '{{x}}', line: 2, character: 5 }]);
  });

  it('a closed fence at the end of a file without a final newline is fine', () => {
    assert.deepEqual(parseRunbook('/a.md', '```sh\necho\n```').problems, []);
    assert.deepEqual(parseRunbook('/a.md', '```sh\n```').problems, []);
  });

  it('wrong types (alerts as a mapping): a warning at the line, the rest still read', () => {
    const r = parseRunbook('/a.md', '---\ntitle: T\nalerts:\n  HighLatency: critical\nservice: api\n---\n');
    assert.deepEqual(where(r), [[3, 'warning']]);
    assert.match(r.problems[0].message, /`alerts`/);
    assert.deepEqual(r.alerts, []);
    assert.equal(r.service, 'api');
    assert.equal(r.title, 'T');
  });

  it('CRLF line endings give the same model as LF', () => {
    const lf = fixture('checkout.runbook.md');
    const crlf = parseRunbook('/ws/runbooks/checkout.runbook.md', lf.replace(/\n/g, '\r\n'));
    const expected = parseRunbook('/ws/runbooks/checkout.runbook.md', lf);
    assert.deepEqual(crlf, expected);
  });

  it('CRLF: unterminated front matter and an unclosed fence are still found', () => {
    assert.deepEqual(where(parseRunbook('/a.md', '---\r\ntitle: x\r\n')), [[0, 'error']]);
    assert.deepEqual(where(parseRunbook('/a.md', '# T\r\n```sh\r\necho\r\n')), [[1, 'warning']]);
  });

  it('a byte order mark does not hide the front matter', () => {
    const text = fixture('checkout.runbook.md');
    assert.deepEqual(parseRunbook('/ws/runbooks/checkout.runbook.md', `\ufeff${text}`), parseRunbook('/ws/runbooks/checkout.runbook.md', text));
  });

  it('an empty file', () => {
    const r = parseRunbook('/ws/runbooks/empty.md', '');
    assert.equal(r.title, 'empty');
    assert.equal(r.titleSource, 'file-name');
    assert.equal(r.lineCount, 0);
    assert.equal(r.frontMatter, undefined);
    assert.deepEqual([r.headings, r.steps, r.codeBlocks, r.links, r.problems, r.alerts, r.tags], [[], [], [], [], [], [], []]);
  });

  it('whitespace, a lone `---` and front matter only', () => {
    assert.deepEqual(parseRunbook('/a.md', '\n\n  \n').problems, []);
    assert.deepEqual(where(parseRunbook('/a.md', '---\n')), [[0, 'error']]);
    const fm = parseRunbook('/a.md', '---\ntitle: Only front matter\n---');
    assert.deepEqual(fm.problems, []);
    assert.equal(fm.title, 'Only front matter');
    assert.equal(fm.lineCount, 3);
  });

  it('garbage: control characters, lone surrogates, deep nesting', () => {
    const inputs = [
      '\u0000\u0001\u0002#\u0007 x\n```sh\n\u0000{{a}}\n```',
      '\ud800\udc00\ud800 # x\n[\udfff](\ud800)',
      '>'.repeat(10000) + ' deep',
      '- '.repeat(5000) + 'nested',
      '['.repeat(20000),
      '---\n' + '- '.repeat(3000) + 'x\n---\n',
      '---\n' + '['.repeat(5000) + '\n---\n',
      '---\n&a [*a]\n---\n',
      '---\na: &x 1\nb: *y\n---\n',
    ];
    for (const text of inputs) {
      const r = parseRunbook('/a.md', text);
      assert.equal(typeof r.title, 'string');
      for (const p of r.problems) {
        assert.equal(typeof p.line, 'number');
        assert.ok(p.line >= 0 && p.line < Math.max(r.lineCount, 1), `${p.line} in ${JSON.stringify(text.slice(0, 20))}`);
      }
    }
  });

  it('a 5 MB markdown file parses whole (its time is in npm run bench, not asserted here)', () => {
    const section = (i: number) => `## Section ${i}\n\nSome prose with a [link](https://example.com/${i}) and more words to read.\n` +
      'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt.\n'.repeat(30) +
      `\n\`\`\`sh {id=s${i}}\nkubectl -n {{namespace}} get pods {{ pod }}\n\`\`\`\n\n`;
    let text = '---\ntitle: Big\nalerts: [Big]\n---\n\n# Big\n\n';
    let n = 0;
    while (text.length < 5 * 1024 * 1024) {
      text += section(n++);
    }
    const r = parseRunbook('/ws/runbooks/big.md', text);
    assert.equal(r.title, 'Big');
    assert.equal(r.steps.length, n);
    assert.equal(r.headings.length, n + 1);
    assert.equal(r.links.length, n);
    assert.equal(r.steps[n - 1].id, `s${n - 1}`);
    assert.equal(r.steps[n - 1].variables[1].line, r.steps[n - 1].range.start.line + 1);
    assert.deepEqual(r.problems, []);
  });
});

describe('blocks-only parse (the index)', () => {
  it('gives the same model as the full parse, without links', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const path = await import('node:path');
    const root = path.resolve(__dirname, '../../../../runbooks');
    const files: string[] = [];
    const walk = (dir: string) => readdirSync(dir).forEach((n) => (statSync(path.join(dir, n)).isDirectory() ? walk(path.join(dir, n)) : files.push(path.join(dir, n))));
    walk(root);
    const extra = '# **Disk** _full_\n\n## `kubectl` [logs](x.md)\n\nSee [a](b.md).\n';
    for (const [name, text] of [...files.map((f) => [f, readFileSync(f, 'utf8')]), ['extra', extra]]) {
      const a = parseRunbook(name, text);
      const b = parseRunbook(name, text, { links: false });
      assert.deepEqual({ ...b, links: [] }, { ...a, links: [] }, name);
      assert.deepEqual(b.links, []);
    }
    assert.deepEqual(parseRunbook('x', extra, { links: false }).headings.map((h) => [h.text, h.slug]), [['Disk full', 'disk-full'], ['kubectl logs', 'kubectl-logs']]);
  });
});

describe('inline parsing on demand', () => {
  // What markdown-it itself finds when it parses every paragraph inline (its `inline` and `text_join` core rules):
  // parseRunbook parses inline only headings and text with a `[`, and must find exactly the same.
  const reference = async (text: string) => {
    const { default: MarkdownIt } = await import('markdown-it');
    const md = new MarkdownIt({ html: true, linkify: false, typographer: false }).disable(['replacements', 'smartquotes']);
    const links: { href: string; image: boolean }[] = [];
    const headings: string[] = [];
    const tokens = md.parse(text, {});
    tokens.forEach((t, i) => {
      if (t.type !== 'inline') {
        return;
      }
      if (tokens[i - 1]?.type === 'heading_open') {
        headings.push(t.children!.filter((c) => ['text', 'code_inline', 'image'].includes(c.type)).map((c) => c.content).join('').trim());
      }
      for (const c of t.children ?? []) {
        if (c.type === 'link_open' && c.markup !== 'autolink' && c.markup !== 'linkify') {
          links.push({ href: c.attrGet('href')!, image: false });
        } else if (c.type === 'image') {
          links.push({ href: c.attrGet('src')!, image: true });
        }
      }
    });
    return { links, headings };
  };
  const TRICKY = [
    '# [Disk][d] full\n\n[d]: disk.md\n\nSee [the guide][g] and ![x][i].\n\n[g]: guide.md "Guide"\n[i]: img.png\n',
    '## a \\_b\\_ &amp; c &#35; \\[not a link\\](x.md)\n\ntext \\[x](y.md) and [ok](z.md)\n',
    '| a | b |\n|---|---|\n| [cell](c.md) | ![i](i.png) |\n\n> quoted [q](q.md)\n\n- item [l](l.md)\n  - nested ![n](n.png)\n',
    'Heading\n=======\n\nSetext [s](s.md)\n\n<https://example.com> and <a href="x.md">html</a> and plain https://x.y\n',
    '[unused]: nowhere.md\n\nno brackets here at all\n\n# `code [x](y)` heading\n',
    '```sh\n[not](a.md)\n```\n\n    [indented](code.md)\n\n[after](after.md)\n',
  ];

  it('finds the links, images and heading texts markdown-it finds, over the example runbooks and tricky inputs', async () => {
    const { readdirSync, statSync } = await import('node:fs');
    const root = path.resolve(__dirname, '../../../../runbooks');
    const files: string[] = [];
    const walk = (dir: string) => readdirSync(dir).forEach((n) => (statSync(path.join(dir, n)).isDirectory() ? walk(path.join(dir, n)) : files.push(path.join(dir, n))));
    walk(root);
    for (const [name, text] of [...files.map((f) => [f, readFileSync(f, 'utf8')]), ...TRICKY.map((t, i) => [`tricky-${i}`, t])]) {
      const r = parseRunbook(name, text);
      const want = await reference(text);
      assert.deepEqual(r.links.map((l) => ({ href: l.href, image: l.image })), want.links, name);
      assert.deepEqual(r.headings.map((h) => h.text), want.headings, name);
      assert.deepEqual(parseRunbook(name, text, { links: false }).headings, r.headings, `${name}: blocks-only`);
    }
  });

  it('reads reference links, escapes and entities in headings as markdown-it does, in both parses', () => {
    for (const links of [true, false]) {
      assert.deepEqual(parseRunbook('x', TRICKY[0], { links }).headings.map((h) => [h.text, h.slug]), [['Disk full', 'disk-full']]);
      assert.deepEqual(parseRunbook('x', TRICKY[1], { links }).headings.map((h) => h.text), ['a _b_ & c # [not a link](x.md)']);
    }
    assert.deepEqual(parseRunbook('x', TRICKY[0]).links.map((l) => l.href), ['disk.md', 'guide.md', 'img.png']);
  });
});
