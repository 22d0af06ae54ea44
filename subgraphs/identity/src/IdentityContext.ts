import type { SigningKey, SubgraphContext } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createLoaders, type IdentityLoaders } from './loaders/createLoaders';

/** Token settings identity needs to issue JWTs on signUp / logIn. */
export interface TokenSettings {
  /** The HS256 secret, or the private key when identity signs EdDSA/RS256 (`JWT_PRIVATE_KEY_FILE`). */
  jwtSecret: string | SigningKey;
  /** e.g. `12h` */
  jwtTtl: string;
}

export interface IdentityContext extends SubgraphContext {
  loaders: IdentityLoaders;
  tokens: TokenSettings;
  /**
   * Users the caller has proven to be in this request: the token's subject, plus the account
   * just signed up or logged in (its AuthPayload shows the caller their own email).
   */
  selfIds: Set<string>;
}

/** true when the caller is (or has just proven to be) this user. */
export function isSelf(context: IdentityContext, userId: string): boolean {
  return context.selfIds.has(userId);
}

/** The `extendContext` hook for serveSubgraph: adds per-request loaders and token settings. */
export function identityContextExtender(tokens: TokenSettings): (base: SubgraphContext) => IdentityContext {
  return (base) => ({
    ...base,
    loaders: createLoaders(base.em as EntityManager, base.user?.id),
    tokens,
    selfIds: new Set(base.user ? [base.user.id] : []),
  });
}
