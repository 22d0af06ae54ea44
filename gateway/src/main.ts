#!/usr/bin/env node
import { resolve } from 'node:path';
import { loadGatewayConfig, type GatewayConfigFile } from './config/loadGatewayConfig';
import { startGateway } from './startGateway';

const USAGE = 'usage: node gateway/dist/main.js --supergraph FILE [--config FILE] [--port N] [--host H]';

async function main(argv: string[]): Promise<void> {
  const flags = parseFlags(argv);
  const config: GatewayConfigFile = flags.config ? await loadGatewayConfig(resolve(flags.config)) : {};
  const supergraphPath = flags.supergraph ? resolve(flags.supergraph) : config.supergraph;
  if (!supergraphPath) throw new Error(`no supergraph given\n${USAGE}`);
  const jwtSecret = process.env.JWT_SECRET || config.auth?.jwtSecret;
  const jwksFile = process.env.JWT_JWKS_FILE ? resolve(process.env.JWT_JWKS_FILE) : config.auth?.jwksFile;
  const jwksUrl = process.env.JWT_JWKS_URL || config.auth?.jwksUrl;
  const gateway = await startGateway({
    supergraphPath,
    port: Number(flags.port ?? process.env.GATEWAY_PORT ?? config.port ?? 4000),
    host: flags.host ?? config.host,
    auth: { ...config.auth, jwtSecret, jwksFile, jwksUrl },
    subscriptions: config.subscriptions,
    trustedProxies: config.trustedProxies,
    rateLimits: config.rateLimits,
    revocation: config.revocation,
    redisUrl: process.env.REDIS_URL,
    channelPrefix: process.env.GATEWAY_CHANNEL_PREFIX,
    subgraphUrls: subgraphUrlsFromEnv(process.env),
  });
  console.log(`gateway listening on ${gateway.url}`);
  const shutdown = () => {
    gateway.stop().then(() => process.exit(0), (error) => {
      console.error(error);
      process.exit(1);
    });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
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

/** SUBGRAPH_URL_<NAME>=url → { NAME: url }; names are matched case-insensitively by the gateway. */
function subgraphUrlsFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const prefix = 'SUBGRAPH_URL_';
  return Object.fromEntries(
    Object.entries(env)
      .filter((entry): entry is [string, string] => entry[0].startsWith(prefix) && !!entry[1])
      .map(([key, url]) => [key.slice(prefix.length), url]),
  );
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
