import { ConfigError, DEV_SUBGRAPH_SECRET, MIN_SECRET_BYTES, SecretBox } from '@caregraph/shared';

/**
 * The box partners' signing secrets are sealed in at rest (docs/adr/0013): keyed by
 * `PARTNER_SECRET_KEY` when set (at least 32 bytes in production), else by the subgraph's
 * SUBGRAPH_SECRET, under a purpose label of its own. A bad setting fails care's start.
 */
export function partnerSecretBox(subgraphSecret: string | undefined, env: NodeJS.ProcessEnv = process.env): SecretBox {
  const own = env.PARTNER_SECRET_KEY || undefined;
  if (own && env.NODE_ENV === 'production' && Buffer.byteLength(own) < MIN_SECRET_BYTES) {
    throw new ConfigError({ PARTNER_SECRET_KEY: `must be at least ${MIN_SECRET_BYTES} bytes in production` });
  }
  return new SecretBox(own ?? subgraphSecret ?? DEV_SUBGRAPH_SECRET, 'partner-secrets');
}
