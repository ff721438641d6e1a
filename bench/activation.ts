// The extension's own load cost, outside VS Code: production bundles built into a temporary folder, then loaded in
// fresh Node processes against a stand-in `vscode` module (every API a no-op). The real host's figure is printed by
// the integration suite (`activation took …`); this one is what our code costs, with nothing of VS Code's around it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '../..');
const RUNS = 7;

/** Runs in the child: `vscode` resolves to a proxy whose every member is a callable no-op returning a disposable. */
const CHILD = `
const Module = require('module');
const noop = new Proxy(function () {}, {
  get: (_, k) => (k === 'then' ? undefined : k === 'dispose' ? () => {} : noop),
  apply: () => noop,
  construct: () => noop,
});
// A plain object with the API's top-level names: bundles copy the module's own keys.
const names = require('fs').readFileSync(process.argv[2], 'utf8').matchAll(/^\\s*export (?:namespace|class|enum|const|function|let) (\\w+)/gm);
const vscode = Object.fromEntries([...names].map((m) => [m[1], noop]));
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : load.call(this, request, ...rest); };
const dir = process.argv[1];
const { activate } = require(dir + '/extension.js');
const api = activate({ subscriptions: [], extensionUri: noop, globalState: noop, workspaceState: noop, secrets: noop });
const t = performance.now();
require(dir + '/main.js');
const mainMs = performance.now() - t;
process.stdout.write(JSON.stringify({ activationMs: api.activationMs, loadMs: api.loadMs, mainMs }));
process.exit(0);
`;

export interface ActivationBench {
  readonly bytes: { readonly extension: number; readonly main: number; readonly cli: number; readonly vsix: number | undefined };
  /** Medians over fresh processes. */
  readonly activationMs: number;
  readonly loadMs: number;
  readonly mainMs: number;
}

export function activationBench(): ActivationBench {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'runbooks-bench-dist-'));
  try {
    const built = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--production', `--outdir=${dir}`], { cwd: ROOT, encoding: 'utf8' });
    if (built.status !== 0) {
      throw new Error(`production build failed: ${built.stderr}`);
    }
    const runs: { activationMs: number; loadMs: number; mainMs: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = spawnSync(process.execPath, ['-e', CHILD, dir, path.join(ROOT, 'node_modules/@types/vscode/index.d.ts')], { encoding: 'utf8' });
      if (r.status !== 0) {
        throw new Error(`activation run failed: ${r.stderr}`);
      }
      runs.push(JSON.parse(r.stdout) as (typeof runs)[number]);
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1];
    const size = (f: string) => statSync(path.join(dir, f)).size;
    const vsix = path.join(ROOT, 'dist/incident-runbooks.vsix');
    return {
      bytes: { extension: size('extension.js'), main: size('main.js'), cli: size('cli.js') + size('cli-main.js'), vsix: existsSync(vsix) ? statSync(vsix).size : undefined },
      activationMs: median(runs.map((r) => r.activationMs)),
      loadMs: median(runs.map((r) => r.loadMs)),
      mainMs: median(runs.map((r) => r.mainMs)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
