import { SignJWT, jwtVerify, errors } from 'jose';
import { UnauthenticatedError } from '../errors';

/** Who made a request, as proven by a verified token. */
export interface AuthUser {
  id: string;
  email: string;
}

const ISSUER = 'caregraph-identity';
const AUDIENCE = 'caregraph';

const key = (secret: string) => new TextEncoder().encode(secret);

/** Issues an HS256 JWT for the user (`sub` = user id), valid for `ttl` (e.g. `12h`). */
export async function signToken(user: AuthUser, secret: string, ttl = '12h'): Promise<string> {
  return new SignJWT({ email: user.email })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(key(secret));
}

/** Verifies signature, issuer, audience and expiry; throws UnauthenticatedError otherwise. */
export async function verifyToken(token: string, secret: string): Promise<AuthUser> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    if (!payload.sub || typeof payload.email !== 'string') throw new UnauthenticatedError('The token has no subject.');
    return { id: payload.sub, email: payload.email };
  } catch (error) {
    if (error instanceof UnauthenticatedError) throw error;
    if (error instanceof errors.JWTExpired) throw new UnauthenticatedError('The token has expired.');
    throw new UnauthenticatedError('The token is invalid.');
  }
}

/**
 * Reads `Authorization: Bearer <token>`; returns undefined when there is no header,
 * throws UnauthenticatedError when there is one that does not verify.
 */
export async function userFromAuthorization(header: string | undefined, secret: string): Promise<AuthUser | undefined> {
  if (!header) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>".');
  return verifyToken(match[1], secret);
}
