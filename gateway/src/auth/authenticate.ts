import { jwtVerify, type JWTPayload } from 'jose';
import { errors } from '../errors/errors';
import type { AuthOptions } from './AuthOptions';

/**
 * Checks an Authorization header value ("Bearer <jwt>"). Returns the claims (undefined for an
 * anonymous caller or when no secret is configured); throws UNAUTHENTICATED on a bad token.
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
  if (!options.jwtSecret) return undefined;
  try {
    const { payload } = await jwtVerify(match[1], new TextEncoder().encode(options.jwtSecret), {
      algorithms: ['HS256'],
      issuer: options.issuer,
      audience: options.audience,
    });
    return payload;
  } catch (error) {
    throw errors.unauthenticated(`Invalid token: ${(error as Error).message}`);
  }
}
