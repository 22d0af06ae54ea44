#!/usr/bin/env node
// Composes the supergraph at build time from every subgraph's SDL (`npm run compose`, part of
// `npm run build`). A composition error prints the hints and exits 1, failing the build and CI.
// Writes supergraph.graphql (what the gateway serves) and api.graphql (the public API schema,
// input of codegen). Subgraph routing URLs default to localhost ports and can be overridden at
// run time with SUBGRAPH_URL_<NAME> (see gateway/README.md).
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
  fs.writeFileSync(path.join(root, 'supergraph.graphql'), result.supergraphSdl);
  const api = lexicographicSortSchema(result.schema.toAPISchema().toGraphQLJSSchema());
  fs.writeFileSync(path.join(root, 'api.graphql'), `${printSchema(api)}\n`);
  console.log(`composed ${services.map((s) => s.name).join(', ')} into supergraph.graphql and api.graphql`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
