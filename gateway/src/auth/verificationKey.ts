import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import type { AuthOptions } from './AuthOptions';

export interface VerificationKey {
  key: Uint8Array | JWTVerifyGetKey;
  algorithms: string[];
}

const ASYMMETRIC = ['EdDSA', 'RS256'];
const built = new WeakMap<AuthOptions, VerificationKey | null>();

/**
 * The key material of `options`, built once per options object (a remote JWKS keeps its cache):
 * HS256 with `jwtSecret`, or EdDSA/RS256 from `jwksFile` or `jwksUrl`. With a JWKS the secret is
 * not used (no HS256 token passes): verifiers then hold no signing secret, and a leaked shared
 * secret cannot mint tokens. Undefined when nothing is configured: tokens are forwarded unverified.
 */
export function verificationKey(options: AuthOptions = {}): VerificationKey | undefined {
  if (!built.has(options)) built.set(options, build(options) ?? null);
  return built.get(options) ?? undefined;
}

function build(options: AuthOptions): VerificationKey | undefined {
  const secret = options.jwtSecret ? new TextEncoder().encode(options.jwtSecret) : undefined;
  const jwks = options.jwksFile
    ? createLocalJWKSet(JSON.parse(readFileSync(options.jwksFile, 'utf8')) as JSONWebKeySet)
    : options.jwksUrl
      ? createRemoteJWKSet(new URL(options.jwksUrl))
      : undefined;
  if (!jwks) return secret && { key: secret, algorithms: ['HS256'] };
  return { key: jwks, algorithms: ASYMMETRIC };
}
