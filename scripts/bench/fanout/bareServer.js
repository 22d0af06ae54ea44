// The bare baseline of the fan-out bench: `ws` + graphql-ws 6 (`useServer`) + graphql-redis-
// subscriptions' RedisPubSub + plain graphql-js `subscribe`, one tiny schema whose
// Subscription.fanoutEvent returns the Redis event as it is. `node bareServer.js <port> <prefix>`
// (env REDIS_URL, JWT_SECRET): the connection_init `authorization` is verified once per socket
// (HS256, issuer and audience checked, as CareGraph's gateway does). Prints `ready <url>`.
const http = require('node:http');
const { buildSchema } = require('graphql');
const { WebSocketServer } = require('ws');
const { useServer } = require('graphql-ws/use/ws');
const { RedisPubSub } = require('graphql-redis-subscriptions');
const Redis = require('ioredis');
const { jwtVerify } = require('jose');
const { runPeer } = require('../peers/runPeer');
const { EVENT_TYPE, SUBSCRIPTION_TYPE, channelName } = require('./fanoutSchema');
const { TOKEN_CLAIMS } = require('./tokens');

const [port, prefix] = process.argv.slice(2);
const secret = new TextEncoder().encode(process.env.JWT_SECRET);

async function main() {
  const publisher = new Redis(process.env.REDIS_URL, { lazyConnect: true });
  const subscriber = new Redis(process.env.REDIS_URL, { lazyConnect: true });
  await Promise.all([publisher.connect(), subscriber.connect()]); // both ready before any SUBSCRIBE
  const pubsub = new RedisPubSub({ publisher, subscriber });
  const schema = buildSchema(`type Query { fanoutPing: Boolean } ${EVENT_TYPE} ${SUBSCRIPTION_TYPE}`);
  const field = schema.getSubscriptionType().getFields().fanoutEvent;
  field.subscribe = (_, { channel }) => pubsub.asyncIterableIterator(channelName(prefix, channel));
  field.resolve = (event) => event;
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server, path: '/graphql' });
  const disposable = useServer(
    {
      schema,
      onConnect: async ({ connectionParams }) => {
        const match = /^Bearer\s+(\S+)$/i.exec(String(connectionParams?.authorization ?? ''));
        if (!match) return false;
        try {
          await jwtVerify(match[1], secret, { algorithms: ['HS256'], ...TOKEN_CLAIMS });
          return true;
        } catch {
          return false;
        }
      },
    },
    wss,
  );
  await new Promise((resolve) => server.listen(Number(port), '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${port}/graphql`,
    stop: async () => {
      await disposable.dispose();
      await new Promise((resolve) => server.close(resolve));
      await pubsub.close();
    },
  };
}

runPeer(main);
