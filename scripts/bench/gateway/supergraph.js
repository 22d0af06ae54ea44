// Composes benchmark subgraphs (by default the four federation benchmark ones) into a supergraph
// routed at their running ports.
const { composeServices } = require('@apollo/composition');
const { parse } = require('graphql');
const { SUBGRAPHS } = require('./benchSubgraphs');

/** `urls`: subgraph name → URL; `subgraphs`: name → { typeDefs }. Throws with composition's messages when it fails. */
function composeSupergraph(urls, subgraphs = SUBGRAPHS) {
  const result = composeServices(
    Object.entries(subgraphs).map(([name, { typeDefs }]) => ({ name, typeDefs: parse(typeDefs), url: urls[name] })),
  );
  if (result.errors?.length) throw new Error(`composition failed:\n${result.errors.map((e) => e.message).join('\n')}`);
  return result.supergraphSdl;
}

module.exports = { composeSupergraph };
