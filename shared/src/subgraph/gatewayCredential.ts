import { jwtVerify, SignJWT } from 'jose';
import { DEV_SUBGRAPH_SECRET } from '../config';

/**
 * The credential only the gateway can produce: every subgraph request carries
 * `x-gateway-token: <JWT>` (HS256 over `SUBGRAPH_SECRET`, `iss` caregraph-gateway, `aud` the
 * subgraph's name, valid for a minute). The gateway signs it (gateway/src/datasources); the
 * subgraph verifies it before anything else, introspection and `_service` included.
 */
export const GATEWAY_TOKEN_HEADER = 'x-gateway-token';
export const GATEWAY_TOKEN_ISSUER = 'caregraph-gateway';

const key = (secret: string) => new TextEncoder().encode(secret);

/** Signs a gateway credential for `subgraph` (for tests and tools that stand in for the gateway). */
export async function signGatewayToken(subgraph: string | string[], secret = DEV_SUBGRAPH_SECRET, ttlSeconds = 60): Promise<string> {
  return new SignJWT({})
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
 * Verifies gateway credentials for one subgraph. The gateway re-signs about every 30 s, so a few
 * verified tokens are remembered until they expire instead of checking the HMAC on every request.
 */
export class GatewayCredentialVerifier {
  private readonly verified = new Map<string, number>();
  private readonly key: Uint8Array;

  constructor(
    private readonly subgraph: string,
    secret: string,
  ) {
    this.key = key(secret);
  }

  async isValid(token: string | string[] | undefined): Promise<boolean> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 2048) return false;
    const now = Date.now();
    const expiresAt = this.verified.get(token);
    if (expiresAt !== undefined) {
      if (expiresAt > now) return true;
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
      if (this.verified.size >= 64) this.verified.clear();
      this.verified.set(token, (payload.exp as number) * 1000);
      return true;
    } catch {
      return false;
    }
  }
}
