import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { describeIssues, gatewayConfigSchema, type GatewayConfigFile } from './gatewayConfigSchema';
import { resolveReplays, type GatewayConfig } from './resolveReplays';

export type { GatewayConfigFile } from './gatewayConfigSchema';
export type { GatewayConfig } from './resolveReplays';

/** Reads and validates a config file (and the one it extends), resolving its paths against the file's own folder and its named replays. */
export async function loadGatewayConfig(path: string): Promise<GatewayConfig> {
  return resolveReplays(await readConfigFile(path));
}

async function readConfigFile(path: string): Promise<GatewayConfigFile> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`config ${path}: ${(error as Error).message}`);
  }
  const parsed = gatewayConfigSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`invalid config ${path}:\n${describeIssues(parsed.error, '  ')}`);
  const { $comment: _comment, ...config } = parsed.data;
  if (config.supergraph) config.supergraph = resolve(dirname(path), config.supergraph);
  if (config.auth?.jwksFile) config.auth = { ...config.auth, jwksFile: resolve(dirname(path), config.auth.jwksFile) };
  if (!config.extends) return config;
  const base = await readConfigFile(resolve(dirname(path), config.extends));
  delete config.extends;
  return {
    ...base,
    ...config,
    auth: base.auth || config.auth ? { ...base.auth, ...config.auth } : undefined,
    rateLimits: base.rateLimits || config.rateLimits ? { ...base.rateLimits, ...config.rateLimits } : undefined,
    replays: base.replays || config.replays ? { ...base.replays, ...config.replays } : undefined,
  };
}
