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
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { CareCircleDirectory, userFromAuthorization, type CircleScope, type TokenKeys } from '../auth';
import { formatError, UnauthenticatedError } from '../errors';
import type { Logger } from '../logger';
import { DEV_SUBGRAPH_SECRET } from '../config';
import { GATEWAY_TOKEN_HEADER, GatewayCredentialVerifier } from './gatewayCredential';
import { subgraphArmor } from './plugins/subgraphArmor';
import { serveRoutes } from './serveRoutes';
import type { SubgraphRoute } from './SubgraphRoute';
import { createSubgraphMetrics, ormMetricSources, serveMetrics, useSubgraphMetrics } from './metrics';
import { useSafeText } from './plugins/useSafeText';
import { useScopedReadOnly } from './plugins/useScopedReadOnly';
import type { SubgraphContext } from './SubgraphContext';

export interface ServeSubgraphOptions<TContext extends SubgraphContext> {
  name: string;
  schema: GraphQLSchema;
  orm: MikroORM<PostgreSqlDriver>;
  /** 0 picks a free port. */
  port: number;
  /** Interface to listen on. Default 127.0.0.1: subgraphs are reached only through the gateway. */
  host?: string;
  jwtSecret: string;
  /** Verify users' tokens with these keys (a JWKS) instead of `jwtSecret` alone. */
  tokenKeys?: TokenKeys;
  /** Verifies the gateway's `x-gateway-token`; default the development secret (production sets SUBGRAPH_SECRET). */
  subgraphSecret?: string;
  /** Introspection (for the gateway's developers; still behind the gateway credential). Default off in production. */
  introspection?: boolean;
  logger: Logger;
  /** Adds the subgraph's own request-scoped members (DataLoaders, services). */
  extendContext?: (base: SubgraphContext) => TContext;
  /** HTTP endpoints besides `/graphql` (see SubgraphRoute). Default none. */
  routes?: SubgraphRoute[];
  /** Port of the internal Prometheus `/metrics` (0 picks a free one). Default none: no metrics listener. */
  metricsPort?: number;
  /** Interface of that port. Default 127.0.0.1: for a scraper on this host, never for clients. */
  metricsHost?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  /** The internal `/metrics` URL, when a metrics port was given. */
  metricsUrl?: string;
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
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const armor = subgraphArmor();
  const tokenKeys = options.tokenKeys ?? { secret: options.jwtSecret };
  const credentials = new GatewayCredentialVerifier(options.name, options.subgraphSecret ?? DEV_SUBGRAPH_SECRET);
  const metrics = createSubgraphMetrics(options.name, ormMetricSources(options.orm, options.orm.config.get('schema') ?? options.name, options.logger));
  const server = new ApolloServer<TContext>({
    schema: options.schema,
    // Clients get a code and no internals; the log gets the whole unexpected error.
    formatError: (formatted, error) => {
      const result = formatError(formatted, error);
      if (result.extensions?.code === 'INTERNAL_SERVER_ERROR') {
        const original = (error as { originalError?: unknown })?.originalError ?? error;
        options.logger.error({ err: original, path: formatted.path }, 'internal error');
      }
      return withInputField(result);
    },
    // No Apollo Studio here, so no federated traces (ftv1) in responses.
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginInlineTraceDisabled(), useSafeText(), useScopedReadOnly(), useSubgraphMetrics(metrics), ...armor.plugins],
    validationRules: armor.validationRules,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    introspection: options.introspection ?? process.env.NODE_ENV !== 'production',
    // The process owns shutdown (it also closes the ORM); Apollo's own handler would exit first.
    stopOnTerminationSignals: false,
  });
  await server.start();

  app.get('/health', async (_req, res) => {
    try {
      await options.orm.em.getConnection().execute('select 1');
      res.json({ status: 'ok', subgraph: options.name });
    } catch (error) {
      options.logger.warn({ err: error }, `${options.name} health check failed`);
      res.status(503).json({ status: 'unavailable' });
    }
  });
  // A route's caller is the gateway itself, never a member: scoped credentials do not open it.
  serveRoutes(app, options.routes ?? [], async (req, res, next) => {
    const grant = await credentials.verify(req.headers[GATEWAY_TOKEN_HEADER]);
    if (grant && !grant.scope) return next();
    res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: 'This service answers only the gateway.' } });
  }, options.orm, options.logger);
  app.use(
    '/graphql',
    // Nothing, not even introspection or `_service { sdl }`, without the gateway's credential.
    async (req, res, next) => {
      const grant = await credentials.verify(req.headers[GATEWAY_TOKEN_HEADER]);
      // A scoped credential stands in for the user: one with a user's token as well is not the gateway's.
      if (grant && !(grant.scope && req.headers.authorization)) {
        res.locals.scope = grant.scope;
        return next();
      }
      res.status(401).json({ errors: [{ message: 'This service answers only the gateway.', extensions: { code: 'UNAUTHENTICATED' } }] });
    },
    express.json({ limit: '1mb' }),
    expressMiddleware(server, {
      context: async ({ req, res }) => {
        const scope = res.locals.scope as CircleScope | undefined;
        const user = await userFromAuthorization(req.headers.authorization, tokenKeys).catch((error: unknown) => {
          // A refused token is the caller's problem (401 UNAUTHENTICATED), not an internal failure.
          if (error instanceof UnauthenticatedError) {
            throw new GraphQLError(error.message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
          }
          throw error;
        });
        const em = options.orm.em.fork() as EntityManager;
        const correlationId = (req.headers['x-correlation-id'] as string | undefined) ?? randomUUID();
        const traceparent = req.headers.traceparent as string | undefined;
        const base: SubgraphContext = {
          user,
          scope,
          em,
          circles: new CareCircleDirectory(em, user, scope),
          correlationId,
          clientIp: clientIpOf(req),
          eventContext: { causedBy: user?.id, correlationId, traceparent },
        };
        return options.extendContext ? options.extendContext(base) : (base as TContext);
      },
    }),
  );

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, host, resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${port}/graphql`;
  const metricsListener = options.metricsPort === undefined ? undefined : await serveMetrics(metrics.registry, options.metricsPort, options.metricsHost);
  options.logger.info({ url, metricsUrl: metricsListener?.url }, `${options.name} subgraph ready`);
  return {
    url,
    port,
    metricsUrl: metricsListener?.url,
    stop: async () => {
      await metricsListener?.close();
      await server.stop();
    },
  };
}

function clientIpOf(req: express.Request): string {
  const forwarded = req.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return first || req.socket.remoteAddress || 'unknown';
}

/** Names the input field of a variable coercion error (`… at "input.startsAt"; …`) in `extensions.field`. */
function withInputField(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (formatted.extensions?.code !== 'BAD_USER_INPUT' || formatted.extensions.field) return formatted;
  const at = /at "([^"]+)"/.exec(formatted.message)?.[1] ?? /^Variable "\$(\w+)"/.exec(formatted.message)?.[1];
  const field = at?.replace(/\[\d+\]/g, '').split('.').pop();
  return field ? { ...formatted, extensions: { ...formatted.extensions, field } } : formatted;
}
