// The three servers of the fan-out bench, each a fresh process on 127.0.0.1 fed by the same Redis
// channels (`<prefix>:ch<k>`) and checking the same HS256 tokens. `startServer(name, setup, port)`
// resolves to { child, url } once the server accepts websockets (CareGraph: /ready answers 200,
// i.e. supergraph loaded and Redis connected).
const fs = require('node:fs');
const path = require('node:path');
const { startChild, stopChild } = require('../gateway/children');
const { TOPIC_TEMPLATE } = require('./fanoutSchema');
const { TOKEN_CLAIMS } = require('./tokens');

const ROOT = path.resolve(__dirname, '../../..');
const PEERS = path.join(ROOT, 'scripts/bench/peers');
const READY_TIMEOUT_MS = 60_000;
/** Node flags of every server: SIGUSR2 collects garbage (collectGarbageOnSignal.js). */
const NODE_FLAGS = ['--expose-gc', '--require', path.join(__dirname, 'collectGarbageOnSignal.js')];

function serverEnv(setup) {
  return { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', REDIS_URL: setup.redisUrl, JWT_SECRET: setup.jwtSecret };
}

/**
 * CareGraph's gateway config: the benchmark config (CareGraph's own, per-address limits lifted,
 * since every driver socket comes from 127.0.0.1) with tokens required and one field fed from Redis.
 */
function writeCareGraphFanoutConfig(dir, supergraphFile) {
  const file = path.join(dir, 'caregraph.fanout.config.json');
  const config = {
    $comment: 'Written by `npm run bench -- fanout`.',
    extends: path.join(ROOT, 'scripts/bench/gateway.bench.config.json'),
    supergraph: supergraphFile,
    auth: { required: true, ...TOKEN_CLAIMS },
    subscriptions: {
      fanoutEvent: { channel: TOPIC_TEMPLATE, result: { channel: '$event.channel', seq: '$event.seq', publishedAt: '$event.publishedAt' } },
    },
  };
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

async function waitForReady(url, child, stderr) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && child.exitCode === null) {
    const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stopChild(child);
  throw new Error(`${url} not ready after ${READY_TIMEOUT_MS} ms\n${stderr().slice(0, 3000)}`);
}

const SERVERS = {
  bare: {
    label: 'bare graphql-ws + Redis',
    start: (setup, port) =>
      startChild('bare', process.execPath, [...NODE_FLAGS, path.join(__dirname, 'bareServer.js'), String(port), setup.prefix], { env: serverEnv(setup), cwd: ROOT, ready: /ready /, timeoutMs: READY_TIMEOUT_MS }),
  },
  hive: {
    label: 'Hive Gateway 2.15 + Redis PubSub',
    start: (setup, port) =>
      startChild('hive', process.execPath, [...NODE_FLAGS, path.join(PEERS, 'hiveFanout.js'), setup.hiveSupergraphFile, String(port), setup.prefix], { env: serverEnv(setup), cwd: PEERS, ready: /ready /, timeoutMs: READY_TIMEOUT_MS }),
  },
  caregraph: {
    label: "CareGraph's gateway",
    start: async (setup, port) => {
      const args = [...NODE_FLAGS, path.join(ROOT, 'gateway/dist/main.js'), '--config', setup.careGraphConfig, '--port', String(port), '--host', '127.0.0.1'];
      const env = { ...serverEnv(setup), LOG_LEVEL: 'error', CAREGRAPH_NAMESPACE: `${setup.prefix}:`, SUBGRAPH_URL_EVENTS: setup.subgraphUrl };
      const started = await startChild('caregraph', process.execPath, args, { env, cwd: ROOT, ready: null });
      await waitForReady(`http://127.0.0.1:${port}/ready`, started.child, started.stderr);
      return started;
    },
  },
};

async function startServer(name, setup, port) {
  const started = await SERVERS[name].start(setup, port);
  return { ...started, url: `ws://127.0.0.1:${port}/graphql` };
}

module.exports = { SERVERS, startServer, writeCareGraphFanoutConfig };
