import { jwtVerify, type JWTPayload } from 'jose';
import { errors } from '../errors/errors';
import type { AuthOptions } from './AuthOptions';
import { verificationKey } from './verificationKey';

/**
 * Checks an Authorization header value ("Bearer <jwt>"): signature (alg none is never accepted),
 * expiry and, when configured, issuer and audience. Returns the claims (undefined for an
 * anonymous caller or when no key is configured); throws UNAUTHENTICATED on a bad token.
 */
export async function authenticate(
  authorization: string | undefined,
  options: AuthOptions = {},
): Promise<JWTPayload | undefined> {
  if (!authorization) {
    if (options.required) throw errors.unauthenticated('Authorization required');
    return undefined;
  }
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw errors.unauthenticated('Authorization must be "Bearer <token>"');
  const verification = verificationKey(options);
  if (!verification) return undefined;
  try {
    const checks = { algorithms: verification.algorithms, issuer: options.issuer, audience: options.audience };
    const { key } = verification;
    const { payload } = typeof key === 'function' ? await jwtVerify(match[1], key, checks) : await jwtVerify(match[1], key, checks);
    return payload;
  } catch (error) {
    throw errors.unauthenticated(`Invalid token: ${(error as Error).message}`);
  }
}
