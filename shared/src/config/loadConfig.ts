import { careGraphEnv } from './careGraphEnv';
import { ConfigError, readEnv } from './readEnv';

/** Which transports a CareGraph process uses: real servers, or in-process stand-ins. */
export type Mode = 'services' | 'embedded';

/** Process-wide settings, read once from the environment and validated (a bad value refuses to start). */
export interface CareGraphConfig {
  /** Postgres connection URL (`DATABASE_URL`). Unset in embedded mode until the embedded server starts. */
  databaseUrl?: string;
  /** RabbitMQ URL (`RABBITMQ_URL`); unset means the in-process broker. */
  rabbitmqUrl?: string;
  /** Redis URL (`REDIS_URL`); unset means the in-process pub/sub. */
  redisUrl?: string;
  /**
   * HS256 secret shared by identity (signs) and every verifier (`JWT_SECRET`). Outside production a
   * development secret is used when unset; in production it must be set, at least 32 bytes and not
   * the development one (unless asymmetric keys are configured instead).
   */
  jwtSecret: string;
  /** Token lifetime (`JWT_TTL`), default `12h`. */
  jwtTtl: string;
  /** Identity signs EdDSA/RS256 tokens with this private key (PKCS#8 PEM or JWK file, `JWT_PRIVATE_KEY_FILE`). */
  jwtPrivateKeyFile?: string;
  /** Verifiers take public keys from this JWKS (`JWT_JWKS_FILE` or `JWT_JWKS_URL`). */
  jwksFile?: string;
  jwksUrl?: string;
  /**
   * Secret the gateway signs each subgraph request's `x-gateway-token` with (`SUBGRAPH_SECRET`);
   * subgraphs refuse requests without it. Same production rules as `jwtSecret`.
   */
  subgraphSecret: string;
  /** Interface the subgraphs listen on (`SUBGRAPH_HOST`), default 127.0.0.1. */
  subgraphHost: string;
  /**
   * Prefix for every RabbitMQ exchange/queue and Redis channel (`CAREGRAPH_NAMESPACE`), default ''.
   * Lets several isolated installations (or test runs) share one broker and one Redis.
   */
  namespace: string;
  mode: Mode;
  production: boolean;
}

export const DEV_JWT_SECRET = 'caregraph-development-secret-change-me';
export const DEV_SUBGRAPH_SECRET = 'caregraph-development-subgraph-secret-change-me';
/** The shortest secret production accepts, in bytes (HS256 wants at least its 256-bit output). */
export const MIN_SECRET_BYTES = 32;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): CareGraphConfig {
  const values = readEnv(careGraphEnv, env);
  const production = values.NODE_ENV === 'production';
  const servicesSet = [values.DATABASE_URL, values.RABBITMQ_URL, values.REDIS_URL].filter(Boolean).length;
  const mode: Mode = servicesSet === 3 ? 'services' : 'embedded';
  if (values.CAREGRAPH_MODE && values.CAREGRAPH_MODE !== mode) {
    throw new ConfigError({
      CAREGRAPH_MODE: `is ${values.CAREGRAPH_MODE}, but ${mode} mode follows from DATABASE_URL, RABBITMQ_URL and REDIS_URL (services needs all three, embedded none)`,
    });
  }
  const asymmetric = !!(values.JWT_PRIVATE_KEY_FILE || values.JWT_JWKS_FILE || values.JWT_JWKS_URL);
  const problems: Record<string, string> = {};
  if (production && !asymmetric) checkSecret('JWT_SECRET', values.JWT_SECRET, DEV_JWT_SECRET, problems);
  if (production) checkSecret('SUBGRAPH_SECRET', values.SUBGRAPH_SECRET, DEV_SUBGRAPH_SECRET, problems);
  if (Object.keys(problems).length) throw new ConfigError(problems);
  return {
    databaseUrl: values.DATABASE_URL,
    rabbitmqUrl: values.RABBITMQ_URL,
    redisUrl: values.REDIS_URL,
    jwtSecret: values.JWT_SECRET ?? DEV_JWT_SECRET,
    jwtTtl: values.JWT_TTL,
    jwtPrivateKeyFile: values.JWT_PRIVATE_KEY_FILE,
    jwksFile: values.JWT_JWKS_FILE,
    jwksUrl: values.JWT_JWKS_URL,
    subgraphSecret: values.SUBGRAPH_SECRET ?? DEV_SUBGRAPH_SECRET,
    subgraphHost: values.SUBGRAPH_HOST,
    namespace: values.CAREGRAPH_NAMESPACE,
    mode,
    production,
  };
}

function checkSecret(name: string, value: string | undefined, devDefault: string, problems: Record<string, string>): void {
  if (!value) problems[name] = 'must be set in production';
  else if (value === devDefault) problems[name] = 'is the public development default; set a secret of your own';
  else if (Buffer.byteLength(value) < MIN_SECRET_BYTES) problems[name] = `must be at least ${MIN_SECRET_BYTES} bytes in production`;
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
