// The run buttons of a runbook with 500 steps, computed as the editor does on each change (parse + buttons).
import { performance } from 'node:perf_hooks';
import { parseRunbook } from '../src/core/parse';
import { stepButtons } from '../src/core/run/lenses';

export function lensBench() {
  const lines = ['---', 'title: Five hundred steps', '---', '', '# Five hundred steps', ''];
  for (let i = 0; i < 500; i++) {
    if (i % 10 === 0) {
      lines.push(`## Section ${i / 10}`, '');
    }
    lines.push(`Check ${i}:`, '', `\`\`\`sh {id=step-${i}${i % 7 === 0 ? ' destructive' : ''}}`, `kubectl -n {{namespace}} get pods -l app=svc-${i}`, '```', '');
  }
  const text = lines.join('\n');
  const compute = () => stepButtons(parseRunbook('/bench/runbooks/steps.md', text, { links: false }));
  for (let i = 0; i < 20; i++) {
    compute(); // warm up
  }
  const times: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t = performance.now();
    const b = compute();
    times.push(performance.now() - t);
    if (b.steps.length !== 500) {
      throw new Error(`expected 500 steps, got ${b.steps.length}`);
    }
  }
  times.sort((a, b) => a - b);
  return { p50: times[50], p95: times[95], lines: lines.length };
}
