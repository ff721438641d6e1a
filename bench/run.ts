// The run buttons of a runbook with 500 steps, computed as the editor does on each change (parse + buttons).
import { performance } from 'node:perf_hooks';
import { parseRunbook } from '../src/core/parse';
import { assessRisk } from '../src/core/run/danger';
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

/**
 * The risk of hostile commands (assessRisk: tokenizer + model), in ms: a 240 KB line of short words, and the same
 * at half the size (the ratio shows it is linear: ~2), a 240 KB heredoc, 50,000 nested `$(`, and 10,000 lines.
 * The regular expressions this replaced took 7 s on the 240 KB line.
 */
export function riskBench() {
  const time = (text: string) => {
    assessRisk(text); // warm up
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      assessRisk(text);
      runs.push(performance.now() - t);
    }
    return Math.min(...runs);
  };
  const line = time(`kubectl ${'-v=9 '.repeat(60_000)}delete pod x`);
  const half = time(`kubectl ${'-v=9 '.repeat(30_000)}delete pod x`);
  const heredoc = time(`cat <<EOF | kubectl apply -f -\n${'  key: value-with-some-text\n'.repeat(9_000)}EOF`);
  const nested = time(`${'$('.repeat(50_000)}rm -rf /x${')'.repeat(50_000)}`);
  const lines = time('kubectl get pods -n shop | grep -v Running\n'.repeat(10_000));
  return { line, half, heredoc, nested, lines };
}
