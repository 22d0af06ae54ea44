import { SignJWT } from 'jose';
import { DEFAULT_SUBGRAPH_ISSUER, DEFAULT_SUBGRAPH_TOKEN_TTL_SECONDS, type SubgraphCredential } from './SubgraphCredential';

export type SubgraphTokens = (subgraph: string) => Promise<string | undefined>;

/**
 * `x-gateway-token` values: an HS256 JWT per subgraph (`aud` = its join__Graph name), cached and
 * re-signed once less than half of its life remains, so a hot path signs about once per ttl/2.
 */
export function createSubgraphTokens(credential: SubgraphCredential = {}, now = () => Date.now()): SubgraphTokens {
  if (!credential.secret) return async () => undefined;
  const key = new TextEncoder().encode(credential.secret);
  const issuer = credential.issuer ?? DEFAULT_SUBGRAPH_ISSUER;
  const ttl = credential.ttlSeconds ?? DEFAULT_SUBGRAPH_TOKEN_TTL_SECONDS;
  const cache = new Map<string, { token: Promise<string>; renewAt: number }>();
  return (subgraph) => {
    const cached = cache.get(subgraph);
    if (cached && now() < cached.renewAt) return cached.token;
    const iat = Math.floor(now() / 1000);
    const token = new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(subgraph)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ttl)
      .sign(key);
    cache.set(subgraph, { token, renewAt: (iat + ttl / 2) * 1000 });
    token.catch(() => cache.delete(subgraph));
    return token;
  };
}
