// Standard VS Code test-runner entry (the shape @vscode/test-electron and yo-code use): the extension host
// require()s this file and awaits run(). Runs every `*.test.js` beside it (and below) with mocha.
// Both mocha interfaces work: bdd (describe/it/before…) and tdd (suite/test/suiteSetup…).
// Env: VSCODE_TEST_RESULTS_FILE  write {passes, failures, pending, tests, durationMs, failed[]} there
//      RUNBOOKS_TEST_GREP        only run tests whose full title matches (scripts/test-integration.js --grep=…)
//      RUNBOOKS_TEST_TIMEOUT_MS  per-test timeout (default 30000)
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

interface Results {
  passes: number;
  failures: number;
  pending: number;
  tests: number;
  durationMs: number;
  failed: string[];
  error?: string;
}

function findTests(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? findTests(path.join(dir, e.name)) : e.name.endsWith('.test.js') ? [path.join(dir, e.name)] : []))
    .sort();
}

function report(r: Results): void {
  // Plain summary line on its own line, for people and CI log scanners.
  console.log(`${r.passes} passed, ${r.failures} failed, ${r.pending} skipped`);
  const file = process.env.VSCODE_TEST_RESULTS_FILE;
  if (file) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(r, null, 2));
  }
}

export function run(): Promise<void> {
  return runIn(__dirname);
}

/** Run the `*.test.js` files under `dir` (the .vsix check reuses this runner on its own folder). */
export function runIn(dir: string): Promise<void> {
  const t0 = Date.now();
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: Number(process.env.RUNBOOKS_TEST_TIMEOUT_MS) || 30000 });
  Mocha.interfaces.tdd(mocha.suite); // suite()/test() as well as describe()/it()
  if (process.env.RUNBOOKS_TEST_GREP) {
    mocha.grep(process.env.RUNBOOKS_TEST_GREP);
  } else if (process.env.RUNBOOKS_TEST_SKIP) {
    mocha.grep(process.env.RUNBOOKS_TEST_SKIP).invert(); // every test but those
  }
  const files = findTests(dir);
  files.forEach((f) => mocha.addFile(f));
  const failed: string[] = [];

  return new Promise<void>((resolve, reject) => {
    const broken = (message: string) => {
      report({ passes: 0, failures: 1, pending: 0, tests: 0, durationMs: Date.now() - t0, failed: [message], error: message });
      reject(new Error(message));
    };
    if (!files.length) {
      broken(`no *.test.js files in ${dir}`);
      return;
    }
    try {
      const runner = mocha.run((failures) => {
        const s = runner.stats ?? { passes: 0, failures, pending: 0, tests: 0 };
        const r: Results = {
          passes: s.passes,
          failures: s.failures,
          pending: s.pending,
          tests: s.tests,
          durationMs: Date.now() - t0,
          failed,
        };
        if (r.passes + r.failures + r.pending === 0) {
          r.failures = 1;
          r.failed.push('no tests ran');
        }
        report(r);
        if (r.failures > 0) {
          reject(new Error(`${r.failures} test${r.failures === 1 ? '' : 's'} failed.`));
        } else {
          resolve();
        }
      });
      runner.on('fail', (test, err: Error) => failed.push(`${test.fullTitle()}: ${err?.message}`));
    } catch (e) {
      // A test file that throws while loading, for instance.
      console.error(e);
      broken(`could not load the tests: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
}
