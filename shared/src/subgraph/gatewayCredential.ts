import { jwtVerify, SignJWT } from 'jose';
import { parseCircleScope, type CircleScope } from '../auth/CircleScope';
import { DEV_SUBGRAPH_SECRET } from '../config';

/**
 * The credential only the gateway can produce: every subgraph request carries
 * `x-gateway-token: <JWT>` (HS256 over `SUBGRAPH_SECRET`, `iss` caregraph-gateway, `aud` the
 * subgraph's name, valid for a minute). The gateway signs it (gateway/src/datasources); the
 * subgraph verifies it before anything else, introspection and `_service` included. A token
 * with a `scope` claim is a scoped credential: the request reads as a member of that one care
 * circle with that role, and as nobody else (docs/adr/0009).
 */
export const GATEWAY_TOKEN_HEADER = 'x-gateway-token';
export const GATEWAY_TOKEN_ISSUER = 'caregraph-gateway';

const key = (secret: string) => new TextEncoder().encode(secret);

/** What a verified gateway credential grants: the whole request (no scope), or one circle scope. */
export interface GatewayGrant {
  scope?: CircleScope;
}

/** Signs a gateway credential for `subgraph` (for tests and tools that stand in for the gateway). */
export async function signGatewayToken(subgraph: string | string[], secret = DEV_SUBGRAPH_SECRET, ttlSeconds = 60, scope?: CircleScope): Promise<string> {
  return new SignJWT(scope ? { scope } : {})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(GATEWAY_TOKEN_ISSUER)
    .setAudience(subgraph)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key(secret));
}

/** `{ 'x-gateway-token': … }` for a request to `subgraph`, as the gateway would send it. */
export async function gatewayHeaders(subgraph: string | string[], secret = DEV_SUBGRAPH_SECRET): Promise<Record<string, string>> {
  return { [GATEWAY_TOKEN_HEADER]: await signGatewayToken(subgraph, secret) };
}

/**
 * Verifies gateway credentials for one subgraph. The gateway re-signs about every 30 s, so
 * verified tokens are remembered until they expire (a bounded number: scoped credentials are one
 * per care circle) instead of checking the HMAC on every request.
 */
export class GatewayCredentialVerifier {
  private readonly verified = new Map<string, { expiresAt: number; grant: GatewayGrant }>();
  private readonly key: Uint8Array;

  constructor(
    private readonly subgraph: string,
    secret: string,
    private readonly remembered = 4096,
  ) {
    this.key = key(secret);
  }

  async isValid(token: string | string[] | undefined): Promise<boolean> {
    return (await this.verify(token)) !== undefined;
  }

  /** The grant of a valid credential for this subgraph; undefined when it is missing or invalid. */
  async verify(token: string | string[] | undefined): Promise<GatewayGrant | undefined> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 2048) return undefined;
    const now = Date.now();
    const known = this.verified.get(token);
    if (known !== undefined) {
      if (known.expiresAt > now) return known.grant;
      this.verified.delete(token);
    }
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: GATEWAY_TOKEN_ISSUER,
        audience: this.subgraph,
        requiredClaims: ['exp', 'iat'],
        clockTolerance: 5,
      });
      let grant: GatewayGrant = {};
      if (payload.scope !== undefined) {
        const scope = parseCircleScope(payload.scope);
        if (!scope) return undefined; // a scope this subgraph cannot honour exactly grants nothing
        grant = { scope };
      }
      if (this.verified.size >= this.remembered) this.verified.delete(this.verified.keys().next().value as string);
      this.verified.set(token, { expiresAt: (payload.exp as number) * 1000, grant });
      return grant;
    } catch {
      return undefined;
    }
  }
}
