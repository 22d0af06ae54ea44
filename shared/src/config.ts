/** Which transports a CareGraph process uses: real servers, or in-process stand-ins. */
export type Mode = 'services' | 'embedded';

/** Process-wide settings, read once from the environment. */
export interface CareGraphConfig {
  /** Postgres connection URL (`DATABASE_URL`). Unset in embedded mode until the embedded server starts. */
  databaseUrl?: string;
  /** RabbitMQ URL (`RABBITMQ_URL`); unset means the in-process broker. */
  rabbitmqUrl?: string;
  /** Redis URL (`REDIS_URL`); unset means the in-process pub/sub. */
  redisUrl?: string;
  /** HS256 secret shared by identity (signs) and every verifier (`JWT_SECRET`). Default: a development secret. */
  jwtSecret: string;
  /** Token lifetime (`JWT_TTL`), default `12h`. */
  jwtTtl: string;
  /**
   * Prefix for every RabbitMQ exchange/queue and Redis channel (`CAREGRAPH_NAMESPACE`), default ''.
   * Lets several isolated installations (or test runs) share one broker and one Redis.
   */
  namespace: string;
  mode: Mode;
}

export const DEV_JWT_SECRET = 'caregraph-development-secret-change-me';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): CareGraphConfig {
  const servicesSet = [env.DATABASE_URL, env.RABBITMQ_URL, env.REDIS_URL].filter(Boolean).length;
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    rabbitmqUrl: env.RABBITMQ_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    jwtSecret: env.JWT_SECRET || DEV_JWT_SECRET,
    jwtTtl: env.JWT_TTL || '12h',
    namespace: env.CAREGRAPH_NAMESPACE ?? '',
    mode: servicesSet === 3 ? 'services' : 'embedded',
  };
}

/**
 * The launcher runs every role, so it needs all three servers or none: a partial set is a
 * mistake worth stopping for. (A single process, such as a subgraph, needs only its own.)
 */
export function assertModeIsComplete(env: NodeJS.ProcessEnv = process.env): void {
  const set = ['DATABASE_URL', 'RABBITMQ_URL', 'REDIS_URL'].filter((name) => env[name]);
  if (set.length > 0 && set.length < 3) {
    throw new Error(
      `Only ${set.join(', ')} set: set all of DATABASE_URL, RABBITMQ_URL and REDIS_URL (services mode) or none of them (embedded mode).`,
    );
  }
}
