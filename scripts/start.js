#!/usr/bin/env node
// `npm start`: runs every CareGraph process and prints the gateway URL.
//
// Services mode (DATABASE_URL, RABBITMQ_URL and REDIS_URL set): one child process per role
// (the six subgraphs, event-relay, gateway), exactly as they run in production; each subgraph
// applies its pending migrations on start. A child that dies is restarted with backoff
// (scripts/Supervisor.js); LAUNCHER_PORT (4011, on 127.0.0.1) serves /health with each child's state.
//
// Embedded mode (none of them set): everything in this one process on an embedded Postgres
// (data kept in .caregraph/postgres) with the in-process broker and pub/sub. Same domain code,
// only the transports differ.
//
// Ports: GATEWAY_PORT (4000), the gateway's internal /metrics GATEWAY_METRICS_PORT (4090, on
// 127.0.0.1), one per subgraph (IDENTITY_PORT 4001, CARE_PORT 4002, …, see scripts/subgraphs.js)
// and one for each subgraph's internal /metrics (IDENTITY_METRICS_PORT 4091, CARE_METRICS_PORT
// 4092, …, on 127.0.0.1), RELAY_PORT (4010, its /metrics too), EMBEDDED_PG_PORT (54329).
//
// SUBGRAPH_SECRET signs the gateway's x-gateway-token on every subgraph request (a development
// default when unset).
// Embedded mode runs everything in this process: tracing (on when OTEL_EXPORTER_OTLP_ENDPOINT is set)
// must start before the modules it instruments load. In services mode each child starts its own.
if (!['DATABASE_URL', 'RABBITMQ_URL', 'REDIS_URL'].some((name) => process.env[name])) require('@caregraph/shared/telemetry').startTelemetry('caregraph');
require('reflect-metadata');
const path = require('node:path');
const fs = require('node:fs');
const http = require('node:http');
const { loadConfig, ensureDatabase, assertModeIsComplete, readEnv, listenPort } = require('@caregraph/shared');
const { SUBGRAPHS, portOf, metricsPortOf, load, root } = require('./subgraphs');
const { Supervisor } = require('./Supervisor');

const env = process.env;
const ports = {};
const schemas = SUBGRAPHS.map((subgraph) => subgraph.name);
// GATEWAY_CONFIG picks another gateway config file, e.g. the benchmarks' (scripts/bench/gateway.bench.config.json).
const gatewayConfigPath = path.resolve(root, env.GATEWAY_CONFIG || 'gateway.config.json');
const supergraphPath = path.join(root, 'supergraph.graphql');

async function main() {
  assertModeIsComplete(env);
  const config = loadConfig(env);
  // Every port is checked before anything starts, so a typo is named instead of failing later.
  const portSettings = readEnv(
    {
      GATEWAY_PORT: listenPort({ default: 4000 }),
      GATEWAY_METRICS_PORT: listenPort({ default: 4090 }),
      RELAY_PORT: listenPort({ default: 4010 }),
      LAUNCHER_PORT: listenPort({ default: 4011 }),
      ...Object.fromEntries(SUBGRAPHS.map((subgraph) => [subgraph.portEnv, listenPort({ default: subgraph.port })])),
      ...Object.fromEntries(SUBGRAPHS.map((subgraph) => [subgraph.metricsPortEnv, listenPort({ default: subgraph.metricsPort })])),
    },
    env,
  );
  Object.assign(ports, { gateway: portSettings.GATEWAY_PORT, gatewayMetrics: portSettings.GATEWAY_METRICS_PORT, relay: portSettings.RELAY_PORT, launcher: portSettings.LAUNCHER_PORT });
  if (!fs.existsSync(supergraphPath)) throw new Error('supergraph.graphql is missing: run "npm run build" first.');
  const url = config.mode === 'services' ? await startServices(config) : await startEmbedded(config);
  console.log(`\nCareGraph is running in ${config.mode} mode.`);
  console.log(`Gateway: ${url}  (graphql-ws subscriptions on the same path; in a browser, the explorer: GraphiQL at ${url.replace(/\/graphql$/, '/graphiql')}, offline)`);
  console.log(
    config.mode === 'services'
      ? 'Switch to embedded mode by unsetting DATABASE_URL, RABBITMQ_URL and REDIS_URL.'
      : 'Switch to services mode by setting DATABASE_URL, RABBITMQ_URL and REDIS_URL.',
  );
}

let supervisor;

async function startServices(config) {
  await ensureDatabase(config.databaseUrl);
  supervisor = new Supervisor({ cwd: root, env: { ...env, SUBGRAPH_SECRET: config.subgraphSecret } });
  const health = await serveLauncherHealth(supervisor, ports.launcher);
  const stopAll = (code) => {
    supervisor.stop().then(() => {
      health.close();
      process.exit(code);
    });
  };
  const run = (name, args, extraEnv) => supervisor.run(name, args, extraEnv);
  process.once('SIGINT', () => stopAll(0));
  process.once('SIGTERM', () => stopAll(0));

  const subgraphUrls = {};
  for (const subgraph of SUBGRAPHS) {
    const port = portOf(subgraph, env);
    run(subgraph.name, [`${subgraph.dir}/dist/main.js`], { [subgraph.portEnv]: String(port), [subgraph.metricsPortEnv]: String(metricsPortOf(subgraph, env)) });
    subgraphUrls[`SUBGRAPH_URL_${subgraph.name.toUpperCase()}`] = `http://${connectHost(config.subgraphHost)}:${port}/graphql`;
  }
  // The subgraphs create their outbox tables; the relay waits for healthy subgraphs so it
  // starts on a migrated database (it would also pick the tables up later on its own).
  for (const subgraph of SUBGRAPHS) await waitHealthy(`http://${connectHost(config.subgraphHost)}:${portOf(subgraph, env)}/health`);
  run('event-relay', ['event-relay/dist/main.js'], { RELAY_PORT: String(ports.relay), OUTBOX_SCHEMAS: env.OUTBOX_SCHEMAS ?? schemas.join(',') });
  run('gateway', ['gateway/dist/main.js', '--config', gatewayConfigPath, '--supergraph', supergraphPath, '--port', String(ports.gateway)], {
    ...subgraphUrls,
    CAREGRAPH_NAMESPACE: config.namespace,
    GATEWAY_METRICS_PORT: String(ports.gatewayMetrics),
    SUBGRAPH_SECRET: config.subgraphSecret,
  });
  await waitHealthy(`http://127.0.0.1:${ports.relay}/health`);
  await waitHealthy(`http://127.0.0.1:${ports.gateway}/ready`);
  return `http://localhost:${ports.gateway}/graphql`;
}

async function startEmbedded(config) {
  const { startEmbeddedPostgres } = require('./embeddedPostgres');
  const { InMemoryBroker, InMemoryPubSub, createLogger, loadTokenKeys } = require('@caregraph/shared');
  const { startEventRelay, auditRole, notificationsRole, sagasRole, careRole, billingRole, webhooksRole } = require('@caregraph/event-relay');
  const { startGateway, loadGatewayConfig, parseExplorerEnv } = require('@caregraph/gateway');

  const postgres = await startEmbeddedPostgres({
    dataDir: env.EMBEDDED_PG_DIR ?? path.join(root, '.caregraph', 'postgres'),
    port: Number(env.EMBEDDED_PG_PORT ?? 54329),
  });
  const databaseUrl = postgres.url;
  const logger = createLogger('caregraph');
  const broker = new InMemoryBroker();
  const pubsub = new InMemoryPubSub();
  const running = [];
  const subgraphUrls = {};
  const tokenKeys = await loadTokenKeys(config);
  for (const subgraph of SUBGRAPHS) {
    const started = await load(subgraph)[subgraph.start]({
      databaseUrl,
      port: portOf(subgraph, env),
      metricsPort: metricsPortOf(subgraph, env),
      host: config.subgraphHost,
      jwtSecret: config.jwtSecret,
      jwtTtl: config.jwtTtl,
      tokenKeys,
      subgraphSecret: config.subgraphSecret,
      logger,
    });
    running.push(started);
    subgraphUrls[subgraph.name] = started.url;
  }
  // The consumer roles (audit, notifications, booking saga, care's and billing's commands, webhooks) run here too, on the in-process
  // broker; audit and notifications announce on the in-process pubsub the gateway reads.
  const roleConfig = { databaseUrl, namespace: config.namespace, logger, env, pubsub };
  const roles = [];
  for (const role of [auditRole, notificationsRole, sagasRole, careRole, billingRole, webhooksRole]) roles.push(await role(roleConfig));
  const relay = await startEventRelay({
    databaseUrl,
    schemas,
    broker,
    namespace: config.namespace,
    port: ports.relay,
    logger,
    consumers: roles.flatMap((role) => role.consumers),
  });
  const gatewayConfig = await loadGatewayConfig(gatewayConfigPath);
  const gateway = await startGateway({
    // Watched: `npm run compose` while it runs reloads the supergraph, live subscriptions kept.
    supergraphPath,
    supergraphReload: { watch: !['false', '0'].includes(env.GATEWAY_SUPERGRAPH_WATCH ?? '') },
    port: ports.gateway,
    subgraphUrls,
    auth: { ...gatewayConfig.auth, jwtSecret: config.jwtSecret, jwksFile: config.jwksFile, jwksUrl: config.jwksUrl },
    subscriptions: gatewayConfig.subscriptions,
    limits: gatewayConfig.limits,
    introspection: env.GATEWAY_INTROSPECTION === 'true' || gatewayConfig.introspection,
    explorer: parseExplorerEnv(env.GATEWAY_EXPLORER) ?? gatewayConfig.explorer,
    corsOrigins: gatewayConfig.cors?.origins,
    hstsMaxAge: gatewayConfig.hstsMaxAge,
    trustedProxies: gatewayConfig.trustedProxies,
    rateLimits: gatewayConfig.rateLimits,
    revocation: gatewayConfig.revocation,
    routes: gatewayConfig.routes,
    eventSource: pubsub,
    channelPrefix: config.namespace,
    metricsPort: ports.gatewayMetrics,
    subgraphCredential: { secret: config.subgraphSecret },
  });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    for (const part of [gateway, relay, ...roles.map((role) => ({ stop: () => role.close() })), ...running.reverse()]) {
      await part.stop().catch((error) => console.error(error));
    }
    await broker.close();
    await pubsub.close();
    await postgres.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return gateway.url;
}

// The launcher's own /health (127.0.0.1 only): each child's state and restarts.
function serveLauncherHealth(supervisor, port) {
  const server = http.createServer((req, res) => {
    if (req.url !== '/health') {
      res.writeHead(404).end();
      return;
    }
    const status = supervisor.status();
    res.writeHead(status.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(status));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

function connectHost(host) {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}

async function waitHealthy(url, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not become healthy within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

main().catch(async (error) => {
  console.error(error.message ?? error);
  await supervisor?.stop();
  process.exit(1);
});
