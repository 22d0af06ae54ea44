import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager, PostgreSqlDriver } from '@mikro-orm/postgresql';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { CareCircleDirectory, userFromAuthorization } from '../auth';
import { formatError } from '../errors';
import type { Logger } from '../logger';
import type { SubgraphContext } from './SubgraphContext';

export interface ServeSubgraphOptions<TContext extends SubgraphContext> {
  name: string;
  schema: GraphQLSchema;
  orm: MikroORM<PostgreSqlDriver>;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  jwtSecret: string;
  logger: Logger;
  /** Adds the subgraph's own request-scoped members (DataLoaders, services). */
  extendContext?: (base: SubgraphContext) => TContext;
}

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Serves a subgraph at `/graphql` with `/health`. Each request verifies the bearer token
 * again (never trusting the gateway), forks the EntityManager and gets its own loaders.
 */
export async function serveSubgraph<TContext extends SubgraphContext>(
  options: ServeSubgraphOptions<TContext>,
): Promise<RunningServer> {
  const app = express();
  const httpServer = http.createServer(app);
  const server = new ApolloServer<TContext>({
    schema: options.schema,
    // Clients get a code and no internals; the log gets the whole unexpected error.
    formatError: (formatted, error) => {
      const result = formatError(formatted, error);
      if (result.extensions?.code === 'INTERNAL_SERVER_ERROR') {
        const original = (error as { originalError?: unknown })?.originalError ?? error;
        options.logger.error({ err: original, path: formatted.path }, 'internal error');
      }
      return result;
    },
    // No Apollo Studio here, so no federated traces (ftv1) in responses.
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginInlineTraceDisabled()],
    introspection: true,
    // The process owns shutdown (it also closes the ORM); Apollo's own handler would exit first.
    stopOnTerminationSignals: false,
  });
  await server.start();

  app.get('/health', async (_req, res) => {
    try {
      await options.orm.em.getConnection().execute('select 1');
      res.json({ status: 'ok', subgraph: options.name });
    } catch (error) {
      res.status(503).json({ status: 'unavailable', error: (error as Error).message });
    }
  });
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(server, {
      context: async ({ req }) => {
        const user = await userFromAuthorization(req.headers.authorization, options.jwtSecret);
        const em = options.orm.em.fork() as EntityManager;
        const correlationId = (req.headers['x-correlation-id'] as string | undefined) ?? randomUUID();
        const traceparent = req.headers.traceparent as string | undefined;
        const base: SubgraphContext = {
          user,
          em,
          circles: new CareCircleDirectory(em, user),
          correlationId,
          clientIp: clientIpOf(req),
          eventContext: { causedBy: user?.id, correlationId, traceparent },
        };
        return options.extendContext ? options.extendContext(base) : (base as TContext);
      },
    }),
  );

  await new Promise<void>((resolve) => httpServer.listen(options.port, options.host ?? '0.0.0.0', resolve));
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://localhost:${port}/graphql`;
  options.logger.info({ url }, `${options.name} subgraph ready`);
  return {
    url,
    port,
    stop: async () => {
      await server.stop();
    },
  };
}

function clientIpOf(req: express.Request): string {
  const forwarded = req.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return first || req.socket.remoteAddress || 'unknown';
}
