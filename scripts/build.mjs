// Bundle the extension and the CLI with esbuild. `--production` minifies and drops source maps; `--outdir=DIR`
// writes the bundles elsewhere than dist/ (the benchmark measures production bundles without touching dist/).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const production = process.argv.includes('--production');
const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  // Prefer packages' ES modules: jsonc-parser's UMD build requires its parts dynamically, which a bundle cannot see.
  mainFields: ['module', 'main'],
  plugins: [decodingOnly(), sideEffectFree('jsonc-parser')],
};

/**
 * A package whose modules only define things (jsonc-parser does not say so in its package.json): what the bundle
 * does not use of it is left out, rather than initialised at every start (its formatter's string tables).
 */
function sideEffectFree(pkg) {
  const inside = new RegExp(`[\\\\/]node_modules[\\\\/]${pkg}[\\\\/]`);
  return {
    name: `side-effect-free:${pkg}`,
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData?.sideEffectFree || (args.path !== pkg && !inside.test(args.importer))) {
          return undefined;
        }
        const r = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { sideEffectFree: true } });
        return r.errors.length ? undefined : { ...r, sideEffects: false };
      });
    },
  };
}

/**
 * markdown-it imports `decodeHTML` and `decodeHTMLStrict` from `entities`, whose main module also brings its
 * encoders and their tables, built when the bundle starts (milliseconds of every CLI run, for code that never runs):
 * point it at the package's exported decoder module instead.
 */
function decodingOnly() {
  return {
    name: 'entities-decoding-only',
    setup(b) {
      b.onResolve({ filter: /^entities$/ }, (args) => (args.pluginData?.decodingOnly ? undefined : b.resolve('entities/lib/decode.js', { kind: args.kind, resolveDir: args.resolveDir, pluginData: { decodingOnly: true } })));
    },
  };
}

await Promise.all([
  // The entry point: tiny, so activation costs nothing; it loads main.js (everything else) right after.
  build({
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: `${outdir}/extension.js`,
    external: ['vscode', './main.js'],
    // Lets activate() report code loading + activation, the figure VS Code itself shows as activation time.
    banner: { js: 'globalThis.__runbooksLoadStart = performance.now();' },
  }),
  build({ ...common, entryPoints: ['src/extension/main.ts'], outfile: `${outdir}/main.js`, external: ['vscode'] }),
  // The `runbook` executable: a small launcher that loads the CLI bundle with V8's code cache (src/cli/launcher.ts).
  build({ ...common, entryPoints: ['src/cli/launcher.ts'], outfile: `${outdir}/cli.js`, banner: { js: '#!/usr/bin/env node' } }),
  // The CLI bundle is minified in every build (half the bytes to read at each start; `--enable-source-maps` with the
  // map of a development build names the sources), and written in ASCII so that the launcher reads it as Latin-1.
  // RUNBOOK_BUILD names what parsed a rule file kept in the CLI's rule cache (src/cli/ruleCache.ts).
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: `${outdir}/cli-main.js`, minify: true, define: { RUNBOOK_BUILD: JSON.stringify(sourceHash()) } })
    .then(() => asciiOnly(`${outdir}/cli-main.js`)),
]);

/**
 * Escape what esbuild leaves outside ASCII (it escapes strings and identifiers, not regular expression literals or
 * comments) as `\uXXXX`, which means the same there. (A handful of places, in regular expressions of markdown-it
 * and of ours: the source map's columns after one of them, on its line, are five off per escape.)
 */
function asciiOnly(file) {
  const text = readFileSync(file, 'utf8');
  const ascii = text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== text) {
    writeFileSync(file, ascii);
  }
}

/** A digest of the sources, the build and the locked dependencies: the same code gives the same name, a change another. */
function sourceHash() {
  const hash = createHash('sha256');
  const files = readdirSync('src', { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath ?? d.path, d.name))
    .sort();
  for (const f of [...files, 'package.json', 'package-lock.json', 'scripts/build.mjs']) {
    hash.update(`${f}\0`).update(readFileSync(f)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}
