// Composes the benchmark subgraphs into a supergraph routed at their running ports.
const { composeServices } = require('@apollo/composition');
const { parse } = require('graphql');
const { SUBGRAPHS } = require('./benchSubgraphs');

/** `urls`: subgraph name → URL. Throws with composition's messages when it fails. */
function composeSupergraph(urls) {
  const result = composeServices(
    Object.entries(SUBGRAPHS).map(([name, { typeDefs }]) => ({ name, typeDefs: parse(typeDefs), url: urls[name] })),
  );
  if (result.errors?.length) throw new Error(`composition failed:\n${result.errors.map((e) => e.message).join('\n')}`);
  return result.supergraphSdl;
}

module.exports = { composeSupergraph };
