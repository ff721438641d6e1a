// Run the unit tests (compiled by `tsc` into out/) with node's test runner.
// Prints the spec reporter to stdout; `--tap FILE` also writes TAP for the summary of scripts/test-all.sh.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? find(join(dir, e.name)) : e.name.endsWith('.test.js') ? [join(dir, e.name)] : []);
}

const args = process.argv.slice(2);
const tapAt = args.indexOf('--tap');
const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout'];
if (tapAt !== -1) {
  reporters.push('--test-reporter=tap', `--test-reporter-destination=${args[tapAt + 1]}`);
}
// A compiled test whose source was renamed or deleted is stale (tsc leaves it in out/): not run.
const files = find('out/test/unit').filter((f) => existsSync(f.replace(/^out[\\/]/, '').replace(/\.js$/, '.ts'))).sort();
// The CLI's code cache (src/cli/launcher.ts) goes to a folder of this run, not the user's: tests neither write to
// ~/.cache nor run on a cache a previous build left.
const cache = process.env.RUNBOOK_COMPILE_CACHE ? undefined : mkdtempSync(join(tmpdir(), 'runbook-cli-cache-'));
const env = cache ? { ...process.env, RUNBOOK_COMPILE_CACHE: cache } : process.env;
const r = spawnSync(process.execPath, ['--test', ...reporters, ...files], { stdio: 'inherit', env });
if (cache) {
  rmSync(cache, { recursive: true, force: true });
}
process.exit(r.status ?? 1);
