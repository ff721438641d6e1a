// Every parser that reads text from outside (rule files, payloads, links, reviews, session logs, lint config, step
// commands) takes random and mutated input without throwing. FUZZ_INPUTS scales it up, as for the markdown fuzzer.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseAlertQuery } from '../../../src/core/alerts/alertLink';
import { parseAlertPayload } from '../../../src/core/alerts/payload';
import { parseRuleFile } from '../../../src/core/alerts/rules';
import { parseConfigText } from '../../../src/core/lint/config';
import { parseActionItems } from '../../../src/core/review/actionItems';
import { parseReview, parseTrackerSpec } from '../../../src/core/review/review';
import { splitUnits } from '../../../src/core/run/commands';
import { findPlaceholders, substitute } from '../../../src/core/run/variables';
import { parseSessionLog } from '../../../src/core/run/session';

const INPUTS = Math.max(1, Math.floor((Number(process.env.FUZZ_INPUTS) || 10_000) / 5));
const ROOT = path.resolve(__dirname, '../../../..');

let seed = 77;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const int = (n: number) => Math.floor(rand() * n);
const SPICE = ['{', '}', '[', ']', '"', "'", '\\', ':', '- ', '\n', '\r\n', '\t', '  ', '*', '&a', '*a', '!!str', '{{ $labels.x }}', '{{', '%', '=', '&', '?',
  '\u0000', '😀', '\u202e', 'null', '[id:: AI-1]', '[issue:: x]', '- [ ] ', '## Action items\n', '$ ', '<<EOF\n', 'EOF\n', '`', '$(', ')', '#', ',', 'alert: X\n'];

function mutate(s: string): string {
  for (let k = 1 + int(6); k > 0; k--) {
    const at = int(s.length + 1);
    const r = int(4);
    s = r === 0 ? s.slice(0, at) + SPICE[int(SPICE.length)] + s.slice(at)
      : r === 1 ? s.slice(0, at) + s.slice(at + 1 + int(40))
        : r === 2 ? s.slice(0, at) + s.slice(at, at + int(80)) + s.slice(at)
          : s.slice(0, at);
  }
  return s;
}

const SEEDS = {
  rules: readFileSync(path.join(ROOT, 'examples/prometheus/alerts.rules.yml'), 'utf8'),
  payload: JSON.stringify({ version: '4', status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'A', pod: 'p' }, annotations: { summary: 's' }, startsAt: '2026-01-01T00:00:00Z' }] }),
  query: 'name=KubePodCrashLooping&namespace=shop&labels=%7B%22pod%22%3A%22web-1%22%7D',
  review: '---\nid: r\ntitle: T\nstatus: draft\ntracker: github:o/r\n---\n\n## Action items\n\n- [ ] Fix it [id:: AI-1] [owner:: @a] [type:: prevent] [due:: 2026-12-01]\n',
  session: '{"type":"start","id":"x","alert":"A","labels":{},"startedAt":"2026-01-01T00:00:00.000Z"}\n{"type":"run","time":"2026-01-01T00:00:01.000Z","runbook":"r.md","stepId":"s","command":"ls","exitCode":0,"durationMs":5,"status":"ok"}\n',
  config: 'extends: ./base.yaml\nrules:\n  RB104: off\n  stale-review: { severity: error, options: { defaultInterval: 90d } }\n',
  command: 'kubectl -n {{namespace}} logs {{ $labels.pod }} --tail=<lines> | grep "$NAMESPACE" <<EOF\n{{x}}\nEOF\n',
};

describe('input fuzzing', () => {
  it(`parsers of outside input never throw (${INPUTS} inputs each)`, () => {
    const known = new Set(['namespace', 'pod', 'lines', 'x']);
    for (let i = 0; i < INPUTS; i++) {
      const run = (what: string, input: string, fn: (s: string) => unknown) => {
        try {
          fn(input);
        } catch (e) {
          assert.fail(`${what} threw on input #${i}: ${(e as Error).stack}\n${JSON.stringify(input.slice(0, 500))}`);
        }
      };
      run('parseRuleFile', mutate(SEEDS.rules), (s) => parseRuleFile('/w/rules.yml', s));
      run('parseAlertPayload', mutate(SEEDS.payload), parseAlertPayload);
      run('parseAlertQuery', mutate(SEEDS.query), parseAlertQuery);
      run('parseReview', mutate(SEEDS.review), (s) => {
        parseReview(s);
        parseActionItems(s);
        parseTrackerSpec(s.slice(0, 40));
      });
      run('parseSessionLog', mutate(SEEDS.session), parseSessionLog);
      run('parseConfigText', mutate(SEEDS.config), (s) => parseConfigText('/w/.runbooklint.yaml', s));
      run('commands', mutate(SEEDS.command), (s) => {
        splitUnits({ language: 'console', code: s, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
        findPlaceholders(s, known);
        try {
          substitute(s, { namespace: 'n', pod: "it's", lines: '5', x: 'v' }, 'posix', known);
        } catch (e) {
          // Refusing a placeholder it cannot quote safely is an answer, with its own error types.
          if (!/QuoteError|MissingValuesError/.test((e as Error).name)) {
            throw e;
          }
        }
      });
    }
  });
});
