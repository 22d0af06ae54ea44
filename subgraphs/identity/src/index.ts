import 'reflect-metadata';
import { startSubgraph, type RunningServer, type StartSubgraphOptions } from '@caregraph/shared';
import { identityEntities } from './entities';
import { identityContextExtender } from './IdentityContext';
import { identityMigrations } from './migrations';
import { createRateLimits } from './rateLimits/createRateLimits';
import { buildIdentitySchema } from './schema';
import { loadIdentitySettings, type IdentitySettings } from './settings/identitySettings';

export { buildIdentitySchema } from './schema';
export { identityEntities } from './entities';
export { identityMigrations } from './migrations';
export { IDENTITY_SOURCE, IdentityEvents } from './common/identityEvents';
export { loadIdentitySettings, type IdentitySettings } from './settings/identitySettings';
export type { IdentityContext } from './IdentityContext';

export interface StartIdentityOptions extends StartSubgraphOptions {
  /** Overrides of the settings read from the environment (tests: small limits, their own Redis prefix). */
  settings?: Partial<IdentitySettings>;
}
export type RunningIdentity = RunningServer;

/**
 * Reads identity's settings (env, then `options.settings`; an invalid variable refuses to
 * start), opens the ORM, applies pending migrations and serves the identity subgraph.
 */
export async function startIdentity(options: StartIdentityOptions): Promise<RunningIdentity> {
  const settings = { ...loadIdentitySettings(), ...options.settings };
  const rateLimits = createRateLimits(settings);
  options.logger?.info({ store: rateLimits.store }, 'identity rate limits');
  try {
    const running = await startSubgraph(
      {
        name: 'identity',
        entities: identityEntities,
        migrations: identityMigrations,
        buildSchema: buildIdentitySchema,
        extendContext: identityContextExtender({ tokens: { jwtSecret: options.tokenKeys?.signingKey ?? options.jwtSecret, jwtTtl: options.jwtTtl ?? '12h' }, settings, rateLimits }),
      },
      options,
    );
    return {
      ...running,
      stop: async () => {
        await running.stop();
        await rateLimits.close();
      },
    };
  } catch (error) {
    await rateLimits.close();
    throw error;
  }
}
