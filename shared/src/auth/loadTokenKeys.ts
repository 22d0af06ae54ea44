import { readFile } from 'node:fs/promises';
import { createLocalJWKSet, createRemoteJWKSet, importJWK, importPKCS8, type JWK } from 'jose';
import type { CareGraphConfig } from '../config';
import type { SigningKey, TokenKeys } from './jwt';

/** Every key setting of a process: what it verifies with, and (identity) what it signs with. */
export interface LoadedTokenKeys extends TokenKeys {
  /** Set when `JWT_PRIVATE_KEY_FILE` is: identity then signs EdDSA/RS256 instead of HS256. */
  signingKey?: SigningKey;
}

/**
 * Reads the key files the configuration names: a JWKS file or URL of public keys for verifiers,
 * and a private key (a JWK with `alg`, or PKCS#8 PEM with `JWT_ALG`, default EdDSA) for identity.
 */
export async function loadTokenKeys(
  config: Pick<CareGraphConfig, 'jwtSecret' | 'jwtPrivateKeyFile' | 'jwksFile' | 'jwksUrl'>,
  alg: 'EdDSA' | 'RS256' = 'EdDSA',
): Promise<LoadedTokenKeys> {
  const keys: LoadedTokenKeys = { secret: config.jwtSecret };
  if (config.jwksFile) keys.jwks = createLocalJWKSet(JSON.parse(await readFile(config.jwksFile, 'utf8')));
  else if (config.jwksUrl) keys.jwks = createRemoteJWKSet(new URL(config.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 600_000 });
  if (config.jwtPrivateKeyFile) {
    const text = (await readFile(config.jwtPrivateKeyFile, 'utf8')).trim();
    if (text.startsWith('{')) {
      const jwk = JSON.parse(text) as JWK;
      const keyAlg = (jwk.alg as SigningKey['alg'] | undefined) ?? alg;
      keys.signingKey = { privateKey: await importJWK(jwk, keyAlg), alg: keyAlg, kid: jwk.kid };
    } else {
      keys.signingKey = { privateKey: await importPKCS8(text, alg), alg };
    }
  }
  return keys;
}
