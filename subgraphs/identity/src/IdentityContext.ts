import type { SigningKey, SubgraphContext } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createLoaders, type IdentityLoaders } from './loaders/createLoaders';
import type { RateLimits } from './rateLimits/createRateLimits';
import type { IdentitySettings } from './settings/identitySettings';

/** Token settings identity needs to issue JWTs on signUp / logIn. */
export interface TokenSettings {
  /** The HS256 secret, or the private key when identity signs EdDSA/RS256 (`JWT_PRIVATE_KEY_FILE`). */
  jwtSecret: string | SigningKey;
  /** e.g. `12h` */
  jwtTtl: string;
}

/** What every request of one identity process shares. */
export interface IdentityServices {
  tokens: TokenSettings;
  settings: IdentitySettings;
  rateLimits: RateLimits;
}

export interface IdentityContext extends SubgraphContext, IdentityServices {
  loaders: IdentityLoaders;
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

/** The `extendContext` hook for serveSubgraph: adds per-request loaders and the process's services. */
export function identityContextExtender(services: IdentityServices): (base: SubgraphContext) => IdentityContext {
  return (base) => ({
    ...base,
    ...services,
    loaders: createLoaders(base.em as EntityManager, base.user?.id),
    selfIds: new Set(base.user ? [base.user.id] : []),
  });
}
