#!/usr/bin/env node
// First: tracing must be set up before the modules it instruments load (docs/operations.md).
import '@caregraph/shared/telemetry/register';
import { resolve } from 'node:path';
import { parseGatewayEnv } from './config/gatewayEnvSchema';
import { loadGatewayConfig, type GatewayConfig } from './config/loadGatewayConfig';
import { startGateway } from './startGateway';

const USAGE = 'usage: node gateway/dist/main.js --supergraph FILE [--config FILE] [--port N] [--host H]  (or GATEWAY_SUPERGRAPH_URL instead of --supergraph)';

async function main(argv: string[]): Promise<void> {
  const flags = parseFlags(argv);
  const env = parseGatewayEnv(process.env);
  const config: GatewayConfig = flags.config ? await loadGatewayConfig(resolve(flags.config)) : {};
  const supergraphPath = flags.supergraph ? resolve(flags.supergraph) : config.supergraph;
  const supergraphReload = {
    ...config.supergraphReload,
    ...(env.GATEWAY_SUPERGRAPH_WATCH !== undefined ? { watch: env.GATEWAY_SUPERGRAPH_WATCH } : {}),
    ...(env.GATEWAY_SUPERGRAPH_URL ? { url: env.GATEWAY_SUPERGRAPH_URL } : {}),
  };
  if (!supergraphPath && !supergraphReload.url) throw new Error(`no supergraph given\n${USAGE}`);
  const jwtSecret = env.JWT_SECRET || config.auth?.jwtSecret;
  const jwksFile = env.JWT_JWKS_FILE ? resolve(env.JWT_JWKS_FILE) : config.auth?.jwksFile;
  const jwksUrl = env.JWT_JWKS_URL || config.auth?.jwksUrl;
  const gateway = await startGateway({
    supergraphPath,
    supergraphReload,
    port: flags.port !== undefined ? parsePort(flags.port, '--port') : (env.GATEWAY_PORT ?? config.port ?? 4000),
    host: flags.host ?? config.host,
    auth: { ...config.auth, jwtSecret, jwksFile, jwksUrl },
    subscriptions: config.subscriptions,
    redisUrl: env.REDIS_URL,
    channelPrefix: env.CAREGRAPH_NAMESPACE,
    subgraphUrls: env.subgraphUrls,
    logLevel: env.LOG_LEVEL,
    limits: config.limits,
    introspection: env.GATEWAY_INTROSPECTION ?? config.introspection,
    explorer: env.GATEWAY_EXPLORER ?? config.explorer,
    corsOrigins: config.cors?.origins,
    hstsMaxAge: config.hstsMaxAge,
    metricsPort: env.GATEWAY_METRICS_PORT ?? config.metricsPort,
    metricsHost: config.metricsHost,
    subgraphCredential: { ...config.subgraphCredential, secret: env.SUBGRAPH_SECRET || config.subgraphCredential?.secret },
    trustedProxies: config.trustedProxies,
    rateLimits: config.rateLimits,
    revocation: config.revocation,
    routes: config.routes,
  });
  const shutdown = () => {
    gateway.stop().then(() => process.exit(0), (error) => {
      console.error(error);
      process.exit(1);
    });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  console.log(`gateway listening on ${gateway.url}${gateway.metricsUrl ? ` (metrics on ${gateway.metricsUrl})` : ''}`);
}

function parseFlags(argv: string[]): Record<string, string | undefined> {
  const flags: Record<string, string | undefined> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const name = /^--(supergraph|config|port|host)$/.exec(argv[i])?.[1];
    if (!name || argv[i + 1] === undefined) throw new Error(`unexpected argument "${argv[i]}"\n${USAGE}`);
    flags[name] = argv[(i += 1)];
  }
  return flags;
}

function parsePort(value: string, name: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new Error(`${name}: "${value}" is not a port (0-65535)`);
  return port;
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
