import { SignJWT, jwtVerify, errors, type JWTVerifyGetKey, type KeyLike } from 'jose';
import { UnauthenticatedError } from '../errors';

/** Who made a request, as proven by a verified token. */
export interface AuthUser {
  id: string;
  email: string;
}

/** Identity's asymmetric signing key: verifiers then hold only the public half (a JWKS). */
export interface SigningKey {
  privateKey: KeyLike | Uint8Array;
  alg: 'EdDSA' | 'RS256';
  /** Key id written into each token's header, so verifiers pick the right key during a rotation. */
  kid?: string;
}

/**
 * How tokens are checked: an HS256 shared `secret`, or, when `jwks` is set, only EdDSA/RS256
 * tokens signed by one of its keys (the secret is then ignored for verification).
 */
export interface TokenKeys {
  secret: string;
  jwks?: JWTVerifyGetKey;
}

export const TOKEN_ISSUER = 'caregraph-identity';
export const TOKEN_AUDIENCE = 'caregraph';
const ASYMMETRIC = ['EdDSA', 'RS256'];

const key = (secret: string) => new TextEncoder().encode(secret);

/** Issues a JWT for the user (`sub` = user id), valid for `ttl` (e.g. `12h`): HS256 with a secret, or the signing key's algorithm. */
export async function signToken(user: AuthUser, secretOrKey: string | SigningKey, ttl = '12h'): Promise<string> {
  const signing = typeof secretOrKey === 'string' ? undefined : secretOrKey;
  return new SignJWT({ email: user.email })
    .setProtectedHeader(signing ? { alg: signing.alg, typ: 'JWT', ...(signing.kid ? { kid: signing.kid } : {}) } : { alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(signing ? signing.privateKey : key(secretOrKey as string));
}

/** Verifies signature, algorithm, issuer, audience and expiry; throws UnauthenticatedError otherwise. */
export async function verifyToken(token: string, keys: string | TokenKeys): Promise<AuthUser> {
  const { secret, jwks } = typeof keys === 'string' ? { secret: keys, jwks: undefined } : keys;
  try {
    const options = { issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, requiredClaims: ['exp'] };
    const { payload } = jwks
      ? await jwtVerify(token, jwks, { ...options, algorithms: ASYMMETRIC })
      : await jwtVerify(token, key(secret), { ...options, algorithms: ['HS256'] });
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
export async function userFromAuthorization(header: string | undefined, keys: string | TokenKeys): Promise<AuthUser | undefined> {
  if (!header) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>".');
  return verifyToken(match[1], keys);
}
