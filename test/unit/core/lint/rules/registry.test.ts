// The rule registry, its documentation (docs/lint-rules.md) and its fixtures agree; and no rule ever throws or
// reports a finding outside the document, whatever the input.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { brokenLink } from '../../../../../src/core/lint/rules/brokenLink';
import { ALL_RULES } from '../../../../../src/core/lint/rules';
import type { LintRule } from '../../../../../src/core/lint/types';
import { parseRunbook } from '../../../../../src/core/parse';
import { FIXTURES, loadWorkspace, malformed, REPO, ROOT, runRule, splitLines, workspaces, type Workspace } from './harness';

const RULES_DIR = path.join(REPO, 'src/core/lint/rules');
const DOCS = path.join(REPO, 'docs/lint-rules.md');

describe('rule registry', () => {
  it('ALL_RULES is sorted by id; ids and names are unique and well-formed', () => {
    const ids = ALL_RULES.map((r) => r.id);
    assert.deepEqual(ids, [...ids].sort());
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(new Set(ALL_RULES.map((r) => r.name)).size, ALL_RULES.length);
    for (const r of ALL_RULES) {
      assert.match(r.id, /^RB[1-5]\d\d$/);
      assert.match(r.name, /^[a-z]+(?:-[a-z]+)*$/);
      assert.ok(r.description.trim() && !r.description.endsWith('.'), `${r.id}: a description, without a final period`);
      assert.ok(r.tags.length, `${r.id}: tags`);
      assert.ok(['error', 'warning', 'info'].includes(r.defaultSeverity));
    }
  });

  it('one rule per file, every file registered', () => {
    const files = readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'support.ts').sort();
    const registered = new Set<LintRule>(ALL_RULES);
    const seen: LintRule[] = [];
    for (const f of files) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(path.join(__dirname, '../../../../../src/core/lint/rules', f.replace(/\.ts$/, '.js'))) as Record<string, unknown>;
      const rules = Object.values(mod).filter((v): v is LintRule => typeof v === 'object' && v !== null && 'check' in v && 'id' in v);
      assert.equal(rules.length, 1, `${f} exports ${rules.length} rules`);
      assert.ok(registered.has(rules[0]), `${f}: ${rules[0].id} is not in ALL_RULES`);
      seen.push(rules[0]);
    }
    assert.equal(seen.length, ALL_RULES.length, 'a rule in ALL_RULES has no file of its own');
  });

  it('every rule has a fixture folder named after it', () => {
    for (const r of ALL_RULES) {
      assert.ok(existsSync(path.join(FIXTURES, r.name)), `no fixtures/${r.name}/`);
    }
    const folders = readdirSync(FIXTURES).sort();
    assert.deepEqual(folders.filter((f) => !ALL_RULES.some((r) => r.name === f)), [], 'fixture folders of no rule');
  });
});

/** What each rule's fixtures show of its fixes: none, suggestions only, or fixes `--fix` applies. */
function fixKind(rule: LintRule): 'yes' | 'suggestion' | 'no' {
  let kind: 'yes' | 'suggestion' | 'no' = 'no';
  for (const ws of workspaces(path.join(FIXTURES, rule.name))) {
    for (const [p, text] of ws.runbookFiles) {
      for (const f of runRule(rule, ws, p, text)) {
        if (f.fix && !f.fix.suggestion) {
          return 'yes';
        }
        if (f.fix) {
          kind = 'suggestion';
        }
      }
    }
  }
  return kind;
}

describe('docs/lint-rules.md', () => {
  const text = readFileSync(DOCS, 'utf8');
  const lines = splitLines(text);
  const doc = parseRunbook(DOCS, text);

  for (const rule of ALL_RULES) {
    it(`documents ${rule.id} ${rule.name}`, () => {
      const h = doc.headings.find((x) => x.level === 2 && x.slug === rule.name);
      assert.ok(h, `no section "## ${rule.name}" (anchor #${rule.name})`);
      const section = lines.slice(h.line, h.endLine + 1).join('\n');
      const kind = fixKind(rule);
      assert.ok(section.includes(`**${rule.id}** · default severity: ${rule.defaultSeverity} · fix: ${kind}`), `the section's first line says **${rule.id}** · default severity: ${rule.defaultSeverity} · fix: ${kind}`);
      assert.equal(/cross-file/.test(section.split('\n').slice(0, 4).join('\n')), rule.crossFile === true, 'says "cross-file" exactly for cross-file rules');
      for (const option of Object.keys(rule.defaultOptions ?? {})) {
        assert.ok(section.includes(`\`${option}\``), `option ${option} is documented`);
      }
      if (!rule.defaultOptions) {
        assert.ok(/Options: none|\| Option \|/.test(section), 'says which options there are');
      }
      const row = lines.find((l) => l.startsWith(`| ${rule.id} |`));
      assert.ok(row, 'a row in the table');
      assert.ok(row.includes(`[${rule.name}](#${rule.name})`) && row.includes(`| ${rule.defaultSeverity} | ${kind} |`), `table row: ${row}`);
    });
  }

  it('its links and anchors lead somewhere', () => {
    const ws: Workspace = { ...loadWorkspace(path.join(FIXTURES, 'broken-link')), exists: (p) => existsSync(p), root: REPO };
    const findings = runRule(brokenLink, { ...ws, runbookFiles: new Map() }, DOCS.split(path.sep).join('/'), text);
    assert.deepEqual(findings.map((f) => `line ${f.line + 1}: ${f.message}`), []);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Robustness

/** A small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MESSY: readonly string[] = [
  '',
  '\n',
  '---',
  '---\n',
  '---\n---\n',
  '---\n...\n',
  '\ufeff---\ntitle: BOM\n---\n# BOM\n',
  '---\r\ntitle: CRLF\r\nvariables: {}\r\n---\r\n```\r\nkubectl delete pod {{x}}\r\n```\r\n',
  '---\ntitle: [\n---\n',
  '---\n- a\n---\n',
  '---\n"just a string"\n---\n',
  '---\nvariables: [a, b]\nalerts: "A, B"\n---\n```sh\necho {{a}} {{c}}\n```\n',
  '---\nvariables:\n  - a\n---\n```sh\necho {{b}}\n```\n',
  '---\ntitle: x\nlast_reviewed: 20260101\nreview_every: 0d\nowner: 3\n---\n',
  '```\n',
  '````\n```\n',
  '~~~\n```sh\nrm -rf /\n```\n',
  '- item\n\n   ```\n   $ ls\n   out\n',
  '> ```sh\n> $ kubectl delete pod x\n> ```\n',
  '1. ```\n   curl x\n   ```\n',
  '```sh {id=\n$ x\n```\n',
  '```sh {destructive=false destructive=false}\nterraform destroy\n```\n',
  '# T\n\n[a](#) [b](#%E0%A4%A) [c](%) [d](../../../../../../x.md#y) [e](<a b.md>) [f](?x) ![g]() ![h](#x)\n',
  '[x]({{< ref "a.md" >}}) [y]({{%20x%20}}) {{% notice %}} {{< ref "b" >}}\n',
  '[r]: missing.md#x\n[r2]: <other file.md>\n\n[a][r] [b][r2]\n',
  '#\n##\n###\n## \n## \n',
  '<a id="x">\n\n[x](#x)\n',
  '---\nalerts: ["*", "?", "A*B"]\n---\n',
  '\u0000\u0001\u0002 binary-ish {{\u0000}}',
  'x'.repeat(10_000),
  '#'.repeat(500) + ' heading\n',
  '```sh\n' + '{{a}}'.repeat(2000) + '\n```\n',
  '[' .repeat(1000) + ']('.repeat(1000),
];

function mutations(seed: number, samples: readonly string[], count: number): string[] {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const lines = pick(samples).split('\n');
    const n = 1 + Math.floor(rnd() * 4);
    for (let k = 0; k < n; k++) {
      const at = Math.floor(rnd() * (lines.length + 1));
      const op = rnd();
      if (op < 0.3) {
        lines.splice(at, 1);
      } else if (op < 0.5) {
        lines.splice(at, 0, pick(['```', '---', '````sh', '~~~', '## Mitigation', '$ rm -rf /', '{{x}}', '[x](#nope)', '<!--', '-->', '  - a', 'key: [']));
      } else if (op < 0.7) {
        const l = lines[at] ?? '';
        const c = Math.floor(rnd() * (l.length + 1));
        lines[at] = l.slice(0, c) + pick(['`', '{', '}', '"', "'", '#', ':', '\t', '[', ']', '(', ')', '\\']) + l.slice(c);
      } else if (op < 0.85) {
        lines.length = Math.min(lines.length, at); // truncate
      } else {
        lines.splice(at, 0, lines[Math.floor(rnd() * lines.length)] ?? '');
      }
    }
    out.push(lines.join(rnd() < 0.1 ? '\r\n' : '\n'));
  }
  return out;
}

function fixtureTexts(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        walk(p);
      } else if (e.name.endsWith('.md')) {
        out.push(readFileSync(p, 'utf8'));
      }
    }
  };
  walk(FIXTURES);
  walk(path.join(REPO, 'runbooks'));
  walk(path.join(REPO, 'test/unit/core/fixtures'));
  return out;
}

describe('every rule on messy input', () => {
  const ws = loadWorkspace(path.join(FIXTURES, 'unknown-variable')); // has a rule file
  const check = (text: string, label: string) => {
    const lines = splitLines(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    for (const rule of ALL_RULES) {
      let findings;
      try {
        findings = runRule(rule, ws, `${ROOT}/messy.md`, text, {}, false);
      } catch (e) {
        assert.fail(`${rule.id} threw on ${label}: ${(e as Error).stack}`);
      }
      assert.deepEqual(malformed(findings, lines), [], `${rule.id} on ${label}`);
    }
  };

  it('hand-written edge cases', () => {
    MESSY.forEach((t, i) => check(t, `case ${i}: ${JSON.stringify(t.slice(0, 60))}`));
  });

  it('2,000 mutations of the fixtures and samples', () => {
    const samples = fixtureTexts();
    mutations(20261125, samples, 2000).forEach((t, i) => check(t, `mutation ${i}: ${JSON.stringify(t.slice(0, 200))}`));
  });
});
