// Starts CareGraph for a benchmark with the README's start command, in services mode on a fresh
// database and RabbitMQ namespace and on free ports; stop() ends it and deletes both.
const { spawn } = require('node:child_process');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const { freePort } = require('../../freePort');
const { deleteNamespace, ensureDatabase, dropDatabase } = require('@caregraph/shared');
const { SUBGRAPHS } = require('../../subgraphs');

const root = path.resolve(__dirname, '../../..');
/** Lifts the per-address limits: every benchmark client is 127.0.0.1. Never CareGraph's defaults. */
const BENCH_GATEWAY_CONFIG = path.join(root, 'scripts/bench/gateway.bench.config.json');

/** `env` adds to (or overrides) the process environment; resolves once the gateway is ready. */
async function startBenchCareGraph(env = {}) {
  const databaseUrl = `postgres://postgres@127.0.0.1:5432/caregraph_bench_${randomBytes(3).toString('hex')}`;
  await ensureDatabase(databaseUrl);
  const namespace = `bench-${randomBytes(3).toString('hex')}.`;
  const rabbitmqUrl = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const ports = { GATEWAY_PORT: await freePort(), GATEWAY_METRICS_PORT: await freePort(), RELAY_PORT: await freePort(), LAUNCHER_PORT: await freePort() };
  for (const subgraph of SUBGRAPHS) {
    ports[subgraph.portEnv] = await freePort();
    ports[subgraph.metricsPortEnv] = await freePort();
  }
  const child = spawn(process.execPath, ['scripts/start.js'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      RABBITMQ_URL: rabbitmqUrl,
      REDIS_URL: redisUrl,
      CAREGRAPH_NAMESPACE: namespace,
      LOG_LEVEL: 'warn',
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk) => {
    errors += chunk;
    process.stderr.write(chunk);
  });
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
    await dropDatabase(databaseUrl);
    await deleteNamespace(rabbitmqUrl, namespace);
  };
  try {
    await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
        if (out.includes('Gateway: http')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`start.js exited ${code}\n${errors}`)));
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `http://127.0.0.1:${ports.GATEWAY_PORT}/graphql`,
    metricsUrl: `http://127.0.0.1:${ports.GATEWAY_METRICS_PORT}/metrics`,
    pid: child.pid,
    ports,
    databaseUrl,
    redisUrl,
    rabbitmqUrl,
    namespace,
    stop,
  };
}

module.exports = { BENCH_GATEWAY_CONFIG, startBenchCareGraph };
