import { deleteAmqpNamespace } from './amqpCleanup';
import { gatewayUsers, type GatewayUser } from './gatewayUsers';
import { graphqlAt } from './graphqlAt';
import { createTestDatabase, infra, testNamespace } from './infra';
import { startCareGraph, type RunningCareGraph } from './startCareGraph';

export interface CareGraphForTest {
  caregraph: RunningCareGraph;
  /** The environment it runs with (database, broker, Redis, namespace, JWT secret), for more processes of the same installation. */
  env: NodeJS.ProcessEnv;
  /** Signs up a new user with a unique address through the gateway (gatewayUsers). */
  signUp(name: string): Promise<GatewayUser>;
  /** The OWNER invites the member with this role, and the member accepts (gatewayUsers). */
  join: ReturnType<typeof gatewayUsers>['join'];
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
    ...gatewayUsers(gql),
    async close() {
      await caregraph.stop();
      await deleteAmqpNamespace(servers.rabbitmqUrl, namespace).catch(() => undefined);
      await database.drop();
    },
  };
}
