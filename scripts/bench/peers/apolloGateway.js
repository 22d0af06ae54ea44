// Stock @apollo/gateway inside @apollo/server's standalone server, as a user would run it:
// `node apolloGateway.js <supergraph file> <port>`. The client's Authorization header goes to
// every subgraph (RemoteGraphQLDataSource.willSendRequest). Prints `ready <url>`.
const fs = require('node:fs');
const { runPeer } = require('./runPeer');
const { ApolloServer } = require('@apollo/server');
const { startStandaloneServer } = require('@apollo/server/standalone');
const { ApolloGateway, RemoteGraphQLDataSource } = require('@apollo/gateway');

const [supergraphFile, port] = process.argv.slice(2);

class ForwardingDataSource extends RemoteGraphQLDataSource {
  willSendRequest({ request, context }) {
    if (context.authorization) request.http.headers.set('authorization', context.authorization);
  }
}

async function main() {
  const gateway = new ApolloGateway({
    supergraphSdl: fs.readFileSync(supergraphFile, 'utf8'),
    buildService: ({ url }) => new ForwardingDataSource({ url }),
  });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port: Number(port), host: '127.0.0.1' },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  return { url, stop: () => server.stop() };
}

runPeer(main);
