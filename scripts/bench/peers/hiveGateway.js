// Hive Gateway through its programmatic runtime (`createGatewayRuntime`, one process, as the CLI
// runs with one worker): `node hiveGateway.js <supergraph file> <port> <default|router> [nodedup]`.
// `router` plans with @graphql-hive/router-runtime (the Rust query planner). The client's
// Authorization header goes to every subgraph (propagateHeaders.fromClientToSubgraphs). Identical
// in-flight subgraph requests (same headers included) are deduplicated, Hive's default, unless
// `nodedup`. Prints `ready <url>`.
const fs = require('node:fs');
const { runPeer } = require('./runPeer');
const http = require('node:http');
const { createGatewayRuntime } = require('@graphql-hive/gateway');

const [supergraphFile, port, runtime, dedup] = process.argv.slice(2);

async function main() {
  const gateway = createGatewayRuntime({
    supergraph: fs.readFileSync(supergraphFile, 'utf8'),
    logging: 'error',
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => {
        const authorization = request.headers.get('authorization');
        return authorization ? { authorization } : {};
      },
    },
    ...(runtime === 'router' ? { unifiedGraphHandler: require('@graphql-hive/router-runtime').unifiedGraphHandler } : {}),
    ...(dedup === 'nodedup' ? { transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } } } : {}),
  });
  const server = http.createServer(gateway);
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(Number(port), '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    stop: () => new Promise((resolve) => server.close(() => resolve(gateway.dispose()))),
  };
}

runPeer(main);
