// Lint at scale: every rule (cross-file ones included) over the 10,000-runbook corpus, and one 500-line runbook
// linted as the editor does on each change.
import { promises as fsp } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { RuleIndex } from '../src/core/alerts/rules';
import { DEFAULT_CONFIG } from '../src/core/lint/config';
import { lintDocument, type LintEnvironment } from '../src/core/lint/engine';
import type { RunbookIndex } from '../src/core/runbookIndex';

const CONCURRENCY = 16;

export async function lintBench(index: RunbookIndex, paths: readonly string[]) {
  const env: LintEnvironment = {
    runbooks: index,
    rules: new RuleIndex(),
    config: DEFAULT_CONFIG,
    today: '2026-11-25',
    fileExists: async () => true,
  };
  let next = 0;
  let findings = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < paths.length) {
      const path = paths[next++];
      const text = await fsp.readFile(path, 'utf8');
      findings += (await lintDocument({ path, text }, env)).length;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const ms = performance.now() - t0;

  // A 500-line runbook, as the editor lints it after a keystroke (text in memory).
  const big = bigRunbook();
  for (let i = 0; i < 20; i++) {
    await lintDocument({ path: '/bench/runbooks/big.md', text: big }, env); // warm up
  }
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    await lintDocument({ path: '/bench/runbooks/big.md', text: big }, env);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms, filesPerSecond: paths.length / (ms / 1000), findings, editorP50: times[25], editorP95: times[47], bigLines: big.split('\n').length };
}

function bigRunbook(): string {
  const out = ['---', 'title: Big runbook', 'alerts: [BigAlert]', 'service: big', 'owner: "@org/team"', 'severity: warning',
    'last_reviewed: 2026-11-01', 'review_every: 90d', 'variables:', '  namespace: Namespace', '---', '', '# Big runbook', ''];
  const sections = ['Meaning', 'Impact', 'Diagnosis', 'Mitigation'];
  for (let i = 0; out.length < 490; i++) {
    out.push(`## ${sections[i % 4]}${i >= 4 ? ` ${i}` : ''}`, '', `Paragraph ${i} with a [link](other-${i}.md#section) and \`code\`.`, '',
      `\`\`\`sh {id=step-${i}}`, `kubectl -n {{namespace}} get pods -l app=svc-${i}`, '```', '');
  }
  return out.join('\n');
}
