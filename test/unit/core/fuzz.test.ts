// Parser fuzzing: random and mutated markdown/YAML never makes the parser (or the index) throw, and no input takes
// pathologically long. `node out/test/unit/core/fuzz.test.js` with FUZZ_INPUTS=200000 runs a longer campaign.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseRunbook } from '../../../src/core/parse';
import { RunbookIndex } from '../../../src/core/runbookIndex';

const INPUTS = Number(process.env.FUZZ_INPUTS) || 10_000;
const SEED = Number(process.env.FUZZ_SEED) || 20261125;
/** A safety bound against catastrophic backtracking or quadratic blow-ups, not a benchmark. */
const MAX_MS = 100;

class Rng {
  constructor(private s: number) {}
  next(): number {
    // mulberry32
    let t = (this.s = (this.s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)];
  }
}

const FRAGMENTS = [
  '---\n', '---', '...\n', '```', '```sh {id=x destructive}\n', '~~~', '````', '{{', '}}', '{{ $labels.pod }}', '{{% shortcode %}}',
  '{{< ref "a.md" >}}', '# ', '## ', '###### ', '\n', '\r\n', '\t', '    ', '> ', '- ', '1. ', '* ', '[a](b.md#c)', '![i](x.png)',
  '<!-- runbook-lint-disable -->', '<div>', '</div>', 'title: x\n', 'alerts: [A, "B*"]\n', 'variables:\n  a: {description: x}\n', '\u0000',
  '\ufeff', '😀', '\u202e', ': ', '- [', ']', '{', '}', '"', "'", '&anchor', '*alias', '!!binary', '|\n', '>-\n', '? ', '%YAML 1.2\n',
  '$ kubectl get pods\n', 'a'.repeat(200), '\\', '`', '|a|b|\n|-|-|\n', '===\n',
];

function samples(): string[] {
  const root = path.resolve(__dirname, '../../../../runbooks');
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const n of readdirSync(dir)) {
      const p = path.join(dir, n);
      if (statSync(p).isDirectory()) {
        walk(p);
      } else if (n.endsWith('.md')) {
        out.push(readFileSync(p, 'utf8'));
      }
    }
  };
  walk(root);
  return out;
}

function mutate(rng: Rng, text: string): string {
  let s = text;
  for (let k = rng.int(1, 8); k > 0; k--) {
    const at = rng.int(0, s.length);
    switch (rng.int(0, 5)) {
      case 0: // insert a fragment
        s = s.slice(0, at) + rng.pick(FRAGMENTS) + s.slice(at);
        break;
      case 1: // delete a run
        s = s.slice(0, at) + s.slice(at + rng.int(1, 200));
        break;
      case 2: // duplicate a run
        s = s.slice(0, at) + s.slice(at, at + rng.int(1, 400)) + s.slice(at);
        break;
      case 3: // flip a character
        s = s.slice(0, at) + String.fromCharCode(rng.int(0, 0x2fff)) + s.slice(at + 1);
        break;
      case 4: // truncate
        s = s.slice(0, at);
        break;
      default: // swap two lines
        {
          const lines = s.split('\n');
          const a = rng.int(0, lines.length - 1);
          const b = rng.int(0, lines.length - 1);
          [lines[a], lines[b]] = [lines[b], lines[a]];
          s = lines.join('\n');
        }
    }
  }
  return s;
}

function random(rng: Rng): string {
  let s = rng.next() < 0.5 ? '---\n' : '';
  for (let k = rng.int(1, 60); k > 0; k--) {
    s += rng.pick(FRAGMENTS);
    if (rng.next() < 0.3) {
      s += 'word '.repeat(rng.int(0, 5));
    }
  }
  return s;
}

describe('parser fuzzing', () => {
  it(`never throws on ${INPUTS} random and mutated inputs, each parsed within ${MAX_MS} ms`, () => {
    const rng = new Rng(SEED);
    const base = samples();
    assert.ok(base.length >= 6);
    const index = new RunbookIndex();
    /** The few slowest inputs, timed again afterwards: a GC pause or a busy machine does not repeat, a slow input does. */
    let slowest: { ms: number; input: string }[] = [];
    for (let i = 0; i < INPUTS; i++) {
      const input = i % 4 === 0 ? random(rng) : mutate(rng, rng.pick(base));
      const t0 = performance.now();
      try {
        const r = parseRunbook(`/fuzz/runbooks/${i % 50}.md`, input);
        assert.equal(typeof r.title, 'string');
        for (const p of r.problems) {
          assert.ok(p.line >= 0 && p.line <= Math.max(0, r.lineCount), `problem line ${p.line} outside 0..${r.lineCount}`);
        }
        index.set(`/fuzz/runbooks/${i % 50}.md`, input); // incremental replace, as an editor session would
      } catch (e) {
        assert.fail(`input #${i} (seed ${SEED}) threw: ${(e as Error).stack}\n--- input ---\n${JSON.stringify(input.slice(0, 2000))}`);
      }
      const ms = performance.now() - t0;
      if (slowest.length < 5 || ms > slowest[slowest.length - 1].ms) {
        slowest = [...slowest, { ms, input }].sort((a, b) => b.ms - a.ms).slice(0, 5);
      }
    }
    for (const { ms, input } of slowest) {
      let best = ms;
      for (let k = 0; k < 3 && best >= MAX_MS; k++) {
        const t0 = performance.now();
        parseRunbook('/fuzz/runbooks/again.md', input);
        best = Math.min(best, performance.now() - t0);
      }
      assert.ok(best < MAX_MS, `an input takes ${best.toFixed(1)} ms to parse, every time: ${JSON.stringify(input.slice(0, 300))}`);
    }
    assert.ok(index.size <= 50);
  });
});
