import { SignJWT } from 'jose';
import { DEFAULT_SUBGRAPH_ISSUER, DEFAULT_SUBGRAPH_TOKEN_TTL_SECONDS, type SubgraphCredential } from './SubgraphCredential';

export type SubgraphTokens = (subgraph: string, scope?: Record<string, string>) => Promise<string | undefined>;

/** Scoped credentials are one per (subgraph, scope); past this many the oldest is dropped. */
const MAX_CACHED_TOKENS = 20_000;

/**
 * `x-gateway-token` values: an HS256 JWT per subgraph (`aud` = its join__Graph name), or per
 * subgraph and scope (a `scope` claim, docs/adr/0009), cached and re-signed once less than half
 * of its life remains, so a hot path signs about once per ttl/2.
 */
export function createSubgraphTokens(credential: SubgraphCredential = {}, now = () => Date.now()): SubgraphTokens {
  if (!credential.secret) return async () => undefined;
  const key = new TextEncoder().encode(credential.secret);
  const issuer = credential.issuer ?? DEFAULT_SUBGRAPH_ISSUER;
  const ttl = credential.ttlSeconds ?? DEFAULT_SUBGRAPH_TOKEN_TTL_SECONDS;
  const cache = new Map<string, { token: Promise<string>; renewAt: number }>();
  return (subgraph, scope) => {
    const cacheKey = scope ? `${subgraph}\n${JSON.stringify(scope)}` : subgraph;
    const cached = cache.get(cacheKey);
    if (cached && now() < cached.renewAt) return cached.token;
    const iat = Math.floor(now() / 1000);
    const token = new SignJWT(scope ? { scope } : {})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(subgraph)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ttl)
      .sign(key);
    cache.delete(cacheKey);
    if (cache.size >= MAX_CACHED_TOKENS) cache.delete(cache.keys().next().value as string);
    cache.set(cacheKey, { token, renewAt: (iat + ttl / 2) * 1000 });
    token.catch(() => cache.delete(cacheKey));
    return token;
  };
}
