import { randomUUID } from 'node:crypto';
import { deleteAmqpNamespace } from './amqpCleanup';
import { graphqlAt } from './graphqlAt';
import { createTestDatabase, infra, testNamespace } from './infra';
import { startCareGraph, type RunningCareGraph } from './startCareGraph';

export interface CareGraphForTest {
  caregraph: RunningCareGraph;
  /** The environment it runs with (database, broker, Redis, namespace, JWT secret), for more processes of the same installation. */
  env: NodeJS.ProcessEnv;
  /** Signs up a new user with a unique address through the gateway. */
  signUp(name: string): Promise<{ email: string; token: string; id: string }>;
  /** Stops CareGraph, deletes its broker namespace and drops its database. */
  close(): Promise<void>;
}

/**
 * CareGraph from the README's start command in services mode, on its own database and broker
 * namespace named after `name`, on the local (or testcontainers') Postgres, RabbitMQ and Redis.
 */
export async function careGraphForTest(
  name: string,
  extraEnv: NodeJS.ProcessEnv = {},
  /** How long starting may take (startCareGraph's default when unset). */
  startTimeoutMs?: number,
): Promise<CareGraphForTest> {
  const servers = await infra();
  const database = await createTestDatabase(name);
  const namespace = testNamespace(name);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    RABBITMQ_URL: servers.rabbitmqUrl,
    REDIS_URL: servers.redisUrl,
    CAREGRAPH_NAMESPACE: namespace,
    JWT_SECRET: `${name}-e2e-secret-${name}-e2e-secret`,
  };
  const caregraph = await startCareGraph({ ...env, ...extraEnv }, startTimeoutMs);
  const { gql } = graphqlAt(() => caregraph.gatewayUrl);
  return {
    caregraph,
    env,
    async signUp(displayName) {
      const email = `${displayName.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com`;
      const { signUp } = await gql('mutation($i: SignUpInput!) { signUp(input: $i) { token user { id } } }', { i: { email, password: 'correct horse battery', displayName } });
      return { email, token: signUp.token as string, id: signUp.user.id as string };
    },
    async close() {
      await caregraph.stop();
      await deleteAmqpNamespace(servers.rabbitmqUrl, namespace).catch(() => undefined);
      await database.drop();
    },
  };
}
