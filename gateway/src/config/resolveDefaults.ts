import { resolveExplorer, type Explorer } from '../explorer/explorerSetting';
import type { GatewayOptions } from '../GatewayOptions';
import { DEFAULT_LIMITS, type GatewayLimits } from '../limits/GatewayLimits';

/** Apollo Sandbox's origin, allowed cross-origin in development only. */
export const SANDBOX_ORIGIN = 'https://studio.apollographql.com';
const MIN_SECRET_BYTES = 32;

export interface ResolvedDefaults {
  production: boolean;
  limits: GatewayLimits;
  introspection: boolean;
  explorer: Explorer;
  corsOrigins: string[];
}

/** Fills the settings whose default depends on production (NODE_ENV=production): each can still be set explicitly. */
export function resolveDefaults(options: GatewayOptions): ResolvedDefaults {
  const production = options.production ?? process.env.NODE_ENV === 'production';
  const limits = { ...DEFAULT_LIMITS, ...definedOnly(options.limits ?? {}) };
  limits.blockFieldSuggestions ??= production;
  return {
    production,
    limits,
    introspection: options.introspection ?? !production,
    explorer: resolveExplorer(options.explorer, production),
    corsOrigins: options.corsOrigins ?? (production ? [] : [SANDBOX_ORIGIN]),
  };
}

/**
 * Without a strong SUBGRAPH_SECRET subgraphs cannot tell the gateway from a direct caller. A
 * problem in production when the gateway guards anything (auth or subscriptions), a warning otherwise.
 */
export function subgraphSecretProblem(options: GatewayOptions, production: boolean): { level: 'error' | 'warn'; message: string } | undefined {
  const secret = options.subgraphCredential?.secret;
  const bytes = secret ? Buffer.byteLength(secret) : 0;
  if (bytes >= MIN_SECRET_BYTES) return undefined;
  const guarded = !!options.auth?.jwtSecret || !!options.auth?.required || Object.keys(options.subscriptions ?? {}).length > 0;
  const message = secret
    ? `SUBGRAPH_SECRET is ${bytes} bytes, shorter than ${MIN_SECRET_BYTES}: x-gateway-token is weakly signed`
    : 'SUBGRAPH_SECRET is not set: subgraph requests carry no x-gateway-token, so subgraphs cannot refuse callers that bypass the gateway';
  if (!production) return secret ? { level: 'warn', message } : undefined;
  return { level: guarded ? 'error' : 'warn', message };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
