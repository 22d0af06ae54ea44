import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { AuthOptions } from '../auth/AuthOptions';
import type { RateLimitOptions } from '../limits/RateLimitOptions';
import type { RevocationConfig } from '../subscriptions/RevocationConfig';
import type { SubscriptionFieldConfig } from '../subscriptions/SubscriptionFieldConfig';

/** The JSON config file; `supergraph` is relative to the file. */
export interface GatewayConfigFile {
  supergraph?: string;
  port?: number;
  host?: string;
  auth?: AuthOptions;
  subscriptions?: Record<string, SubscriptionFieldConfig>;
  trustedProxies?: string[];
  rateLimits?: RateLimitOptions;
  revocation?: RevocationConfig;
  /** Another config file (relative to this one) this one amends: its keys win, `auth` and `rateLimits` merged key by key. */
  extends?: string;
}

/** Reads a config file (and the one it `extends`), resolving its paths against the file's own folder. */
export async function loadGatewayConfig(path: string): Promise<GatewayConfigFile> {
  const config = JSON.parse(await readFile(path, 'utf8')) as GatewayConfigFile & { $comment?: string };
  delete config.$comment;
  if (config.supergraph) config.supergraph = resolve(dirname(path), config.supergraph);
  if (config.auth?.jwksFile) config.auth = { ...config.auth, jwksFile: resolve(dirname(path), config.auth.jwksFile) };
  if (!config.extends) return config;
  const base = await loadGatewayConfig(resolve(dirname(path), config.extends));
  delete config.extends;
  return {
    ...base,
    ...config,
    auth: base.auth || config.auth ? { ...base.auth, ...config.auth } : undefined,
    rateLimits: base.rateLimits || config.rateLimits ? { ...base.rateLimits, ...config.rateLimits } : undefined,
  };
}
