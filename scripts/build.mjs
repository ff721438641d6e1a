// Bundle the extension and the CLI with esbuild. `--production` minifies and drops source maps.
import { build } from 'esbuild';

const production = process.argv.includes('--production');
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
};

await Promise.all([
  // The entry point: tiny, so activation costs nothing; it loads main.js (everything else) right after.
  build({
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode', './main.js'],
    // Lets activate() report code loading + activation, the figure VS Code itself shows as activation time.
    banner: { js: 'globalThis.__runbooksLoadStart = performance.now();' },
  }),
  build({ ...common, entryPoints: ['src/extension/main.ts'], outfile: 'dist/main.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
]);
