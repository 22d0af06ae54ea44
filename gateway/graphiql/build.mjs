#!/usr/bin/env node
// Bundles the offline explorer (GraphiQL from npm) into gateway/dist/graphiql with esbuild:
// explorer.js and explorer.css for the page, one script per Monaco worker, and the font the
// CSS names. The gateway serves that folder at /graphiql (src/explorer/explorerRoutes.ts).
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
// Resolved as graphiql resolves them, so the workers match the editor's own monaco-editor.
const fromReact = createRequire(require.resolve('@graphiql/react'));
const monaco = dirname(fromReact.resolve('monaco-editor/package.json'));
const monacoGraphql = dirname(fromReact.resolve('monaco-graphql/package.json'));

const started = Date.now();
await build({
  entryPoints: {
    explorer: join(here, 'main.ts'),
    'editor.worker': join(monaco, 'esm/vs/editor/editor.worker.js'),
    'json.worker': join(monaco, 'esm/vs/language/json/json.worker.js'),
    'graphql.worker': join(monacoGraphql, 'esm/graphql.worker.js'),
  },
  outdir: join(here, '../dist/graphiql'),
  bundle: true,
  minify: true,
  // Classic scripts: the page loads explorer.js with a plain <script src>, Monaco its workers with new Worker(url).
  format: 'iife',
  target: ['es2022'],
  platform: 'browser',
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
  assetNames: '[name]-[hash]',
  legalComments: 'linked',
  logLevel: 'warning',
});
console.log(`GraphiQL bundled into gateway/dist/graphiql in ${Date.now() - started} ms`);
