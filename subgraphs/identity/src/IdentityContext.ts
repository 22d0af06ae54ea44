import type { SubgraphContext } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createLoaders, type IdentityLoaders } from './loaders/createLoaders';

/** Token settings identity needs to issue JWTs on signUp / logIn. */
export interface TokenSettings {
  jwtSecret: string;
  /** e.g. `12h` */
  jwtTtl: string;
}

export interface IdentityContext extends SubgraphContext {
  loaders: IdentityLoaders;
  tokens: TokenSettings;
}

/** The `extendContext` hook for serveSubgraph: adds per-request loaders and token settings. */
export function identityContextExtender(tokens: TokenSettings): (base: SubgraphContext) => IdentityContext {
  return (base) => ({ ...base, loaders: createLoaders(base.em as EntityManager, base.user?.id), tokens });
}
