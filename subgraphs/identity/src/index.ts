import 'reflect-metadata';
import { startSubgraph, type RunningServer, type StartSubgraphOptions } from '@caregraph/shared';
import { identityEntities } from './entities';
import { identityContextExtender } from './IdentityContext';
import { identityMigrations } from './migrations';
import { buildIdentitySchema } from './schema';

export { buildIdentitySchema } from './schema';
export { identityEntities } from './entities';
export { identityMigrations } from './migrations';
export { IDENTITY_SOURCE, IdentityEvents } from './common/identityEvents';
export type { IdentityContext } from './IdentityContext';

export type StartIdentityOptions = StartSubgraphOptions;
export type RunningIdentity = RunningServer;

/** Opens the ORM, applies pending migrations and serves the identity subgraph. */
export function startIdentity(options: StartIdentityOptions): Promise<RunningIdentity> {
  return startSubgraph(
    {
      name: 'identity',
      entities: identityEntities,
      migrations: identityMigrations,
      buildSchema: buildIdentitySchema,
      extendContext: identityContextExtender({ jwtSecret: options.tokenKeys?.signingKey ?? options.jwtSecret, jwtTtl: options.jwtTtl ?? '12h' }),
    },
    options,
  );
}
