// The gateways the bench compares, each started as a fresh process on 127.0.0.1 with the same
// supergraph, in production mode. `startGateway(name, setup, port)` resolves to { child, stderr() }.
const fs = require('node:fs');
const path = require('node:path');
const { startChild } = require('./children');

const ROOT = path.resolve(__dirname, '../../..');
const PEERS = path.join(ROOT, 'scripts/bench/peers');

/** A clean environment: nothing of the bench's own (JWT_SECRET, REDIS_URL…) leaks into a gateway. */
function baseEnv() {
  return { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' };
}

/** CareGraph's gateway config for the bench: no auth, no Redis, limits lifted out of the way. */
function writeCareGraphConfig(dir, supergraphFile) {
  const file = path.join(dir, 'caregraph.bench.config.json');
  const config = {
    $comment: 'Written by `npm run bench -- gateway`: no auth, no subscriptions, limits the benchmark never reaches.',
    supergraph: supergraphFile,
    auth: { required: false },
    rateLimits: { operationsPerIp: 100_000_000, operationsPerUser: 100_000_000, connectionsPerIp: 100_000 },
    limits: { maxDepth: 50, maxCost: 100_000_000, maxTokens: 100_000, maxConcurrentFetches: 64, maxConnectionsPerSubgraph: 128 },
  };
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

const GATEWAYS = {
  caregraph: {
    label: 'CareGraph',
    command: (setup, port) => ({
      args: [path.join(ROOT, 'gateway/dist/main.js'), '--supergraph', setup.supergraphFile, '--config', setup.careGraphConfig, '--port', String(port), '--host', '127.0.0.1'],
      env: {
        ...baseEnv(),
        LOG_LEVEL: 'error',
        ...Object.fromEntries(Object.entries(setup.subgraphUrls).map(([name, url]) => [`SUBGRAPH_URL_${name.toUpperCase()}`, url])),
      },
      // It logs JSON lines, or nothing at level error: it is ready when it answers, which the bench polls for.
      ready: null,
    }),
  },
  apollo: {
    label: 'Apollo Gateway 2.14',
    command: (setup, port) => ({ args: [path.join(PEERS, 'apolloGateway.js'), setup.supergraphFile, String(port)], env: baseEnv(), ready: /ready /, cwd: PEERS }),
  },
  hive: {
    label: 'Hive Gateway 2.15',
    command: (setup, port) => ({ args: [path.join(PEERS, 'hiveGateway.js'), setup.supergraphFile, String(port), 'default'], env: baseEnv(), ready: /ready /, cwd: PEERS }),
  },
  'hive-router': {
    label: 'Hive Gateway + router-runtime',
    command: (setup, port) => ({ args: [path.join(PEERS, 'hiveGateway.js'), setup.supergraphFile, String(port), 'router'], env: baseEnv(), ready: /ready /, cwd: PEERS }),
  },
  'hive-nodedup': {
    label: 'Hive Gateway, no dedup',
    command: (setup, port) => ({ args: [path.join(PEERS, 'hiveGateway.js'), setup.supergraphFile, String(port), 'default', 'nodedup'], env: baseEnv(), ready: /ready /, cwd: PEERS }),
  },
  'hive-router-nodedup': {
    label: 'Hive + router-runtime, no dedup',
    command: (setup, port) => ({ args: [path.join(PEERS, 'hiveGateway.js'), setup.supergraphFile, String(port), 'router', 'nodedup'], env: baseEnv(), ready: /ready /, cwd: PEERS }),
  },
};
const DEFAULT_GATEWAYS = ['caregraph', 'apollo', 'hive', 'hive-router'];

async function startGateway(name, setup, port) {
  const { args, env, ready, cwd } = GATEWAYS[name].command(setup, port);
  return startChild(name, process.execPath, args, { env, cwd: cwd ?? ROOT, ready, timeoutMs: 60_000 });
}

module.exports = { GATEWAYS, DEFAULT_GATEWAYS, startGateway, writeCareGraphConfig };
