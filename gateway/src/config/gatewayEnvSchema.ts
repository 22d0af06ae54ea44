import { z } from 'zod';
import { explorerEnvSchema } from '../explorer/explorerSetting';
import { describeIssues } from './gatewayConfigSchema';

const port = z.coerce.number().int().min(0).max(65535);
const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

/** The environment variables the gateway reads; SUBGRAPH_URL_<NAME> are checked in parseGatewayEnv. */
const gatewayEnvSchema = z.object({
  NODE_ENV: z.string().optional(),
  GATEWAY_PORT: port.optional(),
  GATEWAY_METRICS_PORT: port.optional(),
  GATEWAY_INTROSPECTION: flag.optional(),
  GATEWAY_SUPERGRAPH_WATCH: flag.optional(),
  GATEWAY_SUPERGRAPH_URL: z.url({ protocol: /^https?$/ }).optional(),
  GATEWAY_EXPLORER: explorerEnvSchema.optional(),
  JWT_SECRET: z.string().optional(),
  JWT_JWKS_FILE: z.string().optional(),
  JWT_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  SUBGRAPH_SECRET: z.string().optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  CAREGRAPH_NAMESPACE: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
});

export type GatewayEnv = z.infer<typeof gatewayEnvSchema> & { subgraphUrls: Record<string, string> };

const SUBGRAPH_URL = 'SUBGRAPH_URL_';

/** Validates the environment; throws one message naming every bad variable. Empty values count as unset. */
export function parseGatewayEnv(env: NodeJS.ProcessEnv): GatewayEnv {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = gatewayEnvSchema.safeParse(present);
  const problems = parsed.success ? [] : [describeIssues(parsed.error, '  ')];
  const subgraphUrls: Record<string, string> = {};
  for (const [key, value] of Object.entries(present)) {
    if (!key.startsWith(SUBGRAPH_URL)) continue;
    if (z.url({ protocol: /^https?$/ }).safeParse(value).success) subgraphUrls[key.slice(SUBGRAPH_URL.length)] = value as string;
    else problems.push(`  ${key}: not an http(s) URL`);
  }
  if (problems.length || !parsed.success) throw new Error(`invalid environment:\n${problems.join('\n')}`);
  return { ...parsed.data, subgraphUrls };
}
