#!/usr/bin/env node
// Composes the supergraph at build time from every subgraph's SDL (`npm run compose`, part of
// `npm run build`). A composition error prints the hints and exits 1, failing the build and CI.
// Writes supergraph.graphql (what the gateway serves) and api.graphql (the public API schema,
// input of codegen). Subgraph routing URLs default to localhost ports and can be overridden at
// run time with SUBGRAPH_URL_<NAME> (see gateway/README.md).
//
// `npm run compose -- --watch` (development) composes again whenever a subgraph's build output
// (subgraphs/*/dist, e.g. from `npx tsc -b tsconfig.build.json --watch`) or the events SDL
// changes; a running gateway picks the new supergraph up without a restart (its supergraph
// reload). Each composition runs in a fresh process, so it sees the new code; files are
// replaced atomically and only when their content changed.
require('reflect-metadata');
const fs = require('node:fs');
const path = require('node:path');
const { parse, printSchema, lexicographicSortSchema } = require('graphql');
const { composeServices } = require('@apollo/composition');

const { SUBGRAPHS, load, root } = require('./subgraphs');

/** name, routing URL, and how to get its SDL (built code, or an SDL-only file). */
const subgraphs = [
  ...SUBGRAPHS.map((subgraph) => ({
    name: subgraph.name,
    url: `http://127.0.0.1:${subgraph.port}/graphql`,
    sdl: async () => (await load(subgraph)[subgraph.schema]()).sdl,
  })),
  // SDL only: its Subscription fields are fed from Redis by the gateway; it never runs.
  { name: 'events', url: 'http://events.invalid/graphql', sdl: async () => fs.readFileSync(`${root}/subgraphs/events/schema.graphql`, 'utf8') },
];

async function main() {
  const services = [];
  for (const subgraph of subgraphs) {
    services.push({ name: subgraph.name, url: subgraph.url, typeDefs: parse(await subgraph.sdl()) });
  }
  const result = composeServices(services);
  if (result.errors) {
    console.error('Supergraph composition failed:');
    for (const error of result.errors) console.error(`- ${error.message}`);
    process.exit(1);
  }
  writeIfChanged(path.join(root, 'supergraph.graphql'), result.supergraphSdl);
  const api = lexicographicSortSchema(result.schema.toAPISchema().toGraphQLJSSchema());
  writeIfChanged(path.join(root, 'api.graphql'), `${printSchema(api)}\n`);
  console.log(`composed ${services.map((s) => s.name).join(', ')} into supergraph.graphql and api.graphql`);
}

/** Replaces the file in one rename (a watcher never reads half of it), unless it already holds `text`. */
function writeIfChanged(file, text) {
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return;
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

/** Composes in a child process after each burst of changes (300 ms quiet), one at a time. */
function watch() {
  const { spawn } = require('node:child_process');
  const watched = [
    ...SUBGRAPHS.map((subgraph) => path.join(root, 'subgraphs', subgraph.name, 'dist')).filter((dir) => fs.existsSync(dir)),
    path.join(root, 'subgraphs/events/schema.graphql'),
  ];
  let timer;
  let running = false;
  let again = false;
  const compose = () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    spawn(process.execPath, [__filename], { stdio: 'inherit' }).once('exit', () => {
      running = false;
      if (again) {
        again = false;
        compose();
      }
    });
  };
  for (const target of watched) {
    fs.watch(target, { recursive: fs.statSync(target).isDirectory() }, () => {
      clearTimeout(timer);
      timer = setTimeout(compose, 300);
    });
  }
  console.log(`watching ${watched.length} paths; composing on every change (Ctrl-C to stop)`);
  compose();
}

if (process.argv.includes('--watch')) {
  watch();
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
