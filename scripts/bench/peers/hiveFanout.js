// Hive Gateway fed from Redis for `npm run bench -- fanout`: its RedisPubSub (@graphql-hive/pubsub,
// channel prefix = the run's prefix) and `Subscription.fanoutEvent @resolveTo(pubsubTopic: …)` in
// additionalTypeDefs, so no subgraph is called per event; graphql-ws on /graphql wired as its CLI
// does (getGraphQLWSOptions + useServer). The connection_init `authorization` is verified by its
// JWT plugin (HS256, issuer and audience checked). `node hiveFanout.js <supergraph file> <port>
// <prefix>` (env REDIS_URL, JWT_SECRET). Prints `ready <url>`.
const fs = require('node:fs');
const http = require('node:http');
const Redis = require('ioredis');
const { WebSocketServer } = require('ws');
const { useServer } = require('graphql-ws/use/ws');
const { normalizeNodeRequest } = require('@whatwg-node/server');
const { RedisPubSub } = require('@graphql-hive/pubsub/redis');
const { createGatewayRuntime, getGraphQLWSOptions, useJWT, createInlineSigningKeyProvider } = require('@graphql-hive/gateway');
const { runPeer } = require('./runPeer');
const { HIVE_TYPE_DEFS } = require('../fanout/fanoutSchema');
const { TOKEN_CLAIMS } = require('../fanout/tokens');

const [supergraphFile, port, prefix] = process.argv.slice(2);

/** The token from connection_init's `authorization: "Bearer …"` (the plugin's own helper keeps the prefix). */
const fromConnectionParams = ({ serverContext }) => {
  const match = /^Bearer\s+(\S+)$/i.exec(String(serverContext?.connectionParams?.authorization ?? ''));
  return match ? { prefix: 'Bearer', token: match[1] } : undefined;
};

async function main() {
  const pub = new Redis(process.env.REDIS_URL, { lazyConnect: true });
  const sub = new Redis(process.env.REDIS_URL, { lazyConnect: true });
  await Promise.all([pub.connect(), sub.connect()]);
  const pubsub = new RedisPubSub({ pub, sub }, { channelPrefix: prefix });
  const gateway = createGatewayRuntime({
    supergraph: fs.readFileSync(supergraphFile, 'utf8'),
    logging: 'error',
    pubsub,
    additionalTypeDefs: HIVE_TYPE_DEFS,
    plugins: () => [
      useJWT({
        signingKeyProviders: [createInlineSigningKeyProvider(process.env.JWT_SECRET)],
        tokenLookupLocations: [fromConnectionParams],
        tokenVerification: { algorithms: ['HS256'], ...TOKEN_CLAIMS },
        reject: { missingToken: true, invalidToken: true },
      }),
    ],
  });
  // The supergraph loads on the first HTTP request; a websocket operation before it finds no schema.
  await gateway.getSchema();
  const server = http.createServer(gateway);
  const wss = new WebSocketServer({ path: gateway.graphqlEndpoint, server });
  const ws = useServer(
    getGraphQLWSOptions(gateway, (ctx) => ({
      req: ctx.extra.request,
      socket: ctx.extra.socket,
      request: normalizeNodeRequest(ctx.extra.request, gateway.fetchAPI),
    })),
    wss,
  );
  await new Promise((resolve) => server.listen(Number(port), '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${port}${gateway.graphqlEndpoint}`,
    stop: async () => {
      await ws.dispose();
      await new Promise((resolve) => server.close(resolve));
      await gateway.dispose();
      await pubsub.dispose();
      pub.disconnect();
      sub.disconnect();
    },
  };
}

runPeer(main);
