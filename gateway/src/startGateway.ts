import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { ExecutionResult, GraphQLSchema } from 'graphql';
import type { GatewayContext } from './auth/GatewayContext';
import { verificationKey } from './auth/verificationKey';
import { resolveDefaults, subgraphSecretProblem } from './config/resolveDefaults';
import { createServiceMap } from './datasources/createServiceMap';
import { correlationScope } from './errors/correlationScope';
import { createFormatError } from './errors/createFormatError';
import { errors } from './errors/errors';
import { planExecutingGateway } from './execution';
import { explorerLandingPage, explorerRoutes } from './explorer';
import type { GatewayOptions, RunningGateway } from './GatewayOptions';
import { allowOrigins } from './http/allowOrigins';
import { clientIpResolver } from './http/clientIpResolver';
import { healthRoutes } from './http/healthRoutes';
import { requestContext } from './http/requestContext';
import { securityHeaders } from './http/securityHeaders';
import { startMetricsServer } from './http/startMetricsServer';
import { withCorrelationId } from './http/withCorrelationId';
import { createEdgeLimits } from './limits/createEdgeLimits';
import { createOperationGuard } from './limits/createOperationGuard';
import { createLogger } from './logging/createLogger';
import { createMetrics } from './metrics/createMetrics';
import { checkRoutes } from './routes/checkRoutes';
import { mountRoutes } from './routes/mountRoutes';
import { useMetrics } from './plugins/useMetrics';
import { useResponseSizeLimit } from './plugins/useResponseSizeLimit';
import type { EventSource } from './subscriptions/EventSource';
import { listenForRevocations } from './subscriptions/listenForRevocations';
import { LiveAccess } from './subscriptions/LiveAccess';
import type { RunOperation } from './subscriptions/RunOperation';
import { SubscriptionPlanner } from './subscriptions/SubscriptionPlanner';
import { checkSubscriptionConfig } from './subscriptions/checkSubscriptionConfig';
import { SubscriptionService } from './subscriptions/SubscriptionService';
import { LiveOperations } from './subscriptions/LiveOperations';
import { serverSentEvents } from './subscriptions/serverSentEvents';
import { useWebSocketServer } from './subscriptions/useWebSocketServer';
import { reloadingSupergraph } from './supergraph/reloadingSupergraph';
import { supergraphSourceOf } from './supergraph/supergraphSourceOf';

const GRAPHQL_PATH = '/graphql';
/** What the gateway serves itself; no configured route may take these. */
const RESERVED_PATHS = ['/', GRAPHQL_PATH, '/health', '/ready'];

/** Starts the federation gateway: HTTP and graphql-ws on one server and one path. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const logger = createLogger(options.logLevel);
  const source = supergraphSourceOf(options);
  const supergraphSdl = options.supergraphSdl ?? (source ? await source.load() : options.supergraphPath && (await readFile(options.supergraphPath, 'utf8')));
  if (!supergraphSdl) throw new Error('startGateway needs supergraphSdl, supergraphPath or supergraphReload.url');
  verificationKey(options.auth); // a bad JWKS file fails the start, not the first request
  const metrics = createMetrics();
  const settings = resolveDefaults(options);
  const { limits } = settings;
  const secretProblem = subgraphSecretProblem(options, settings.production);
  if (secretProblem) logger[secretProblem.level](secretProblem.message);
  const services = createServiceMap(options.subgraphUrls, {
    ...limits,
    timeoutMs: limits.subgraphTimeoutMs,
    credential: options.subgraphCredential,
    onDeduplicated: (subgraph) => metrics.deduplicatedFetches.inc({ subgraph }),
    onFetched: (subgraph, seconds, failureCode) => {
      metrics.subgraphFetchDuration.observe({ subgraph }, seconds);
      if (failureCode) metrics.subgraphFetchErrors.inc({ subgraph, code: failureCode });
    },
  });
  const guard = createOperationGuard(limits);
  // What the config needs of a supergraph, checked at start and before a reload is applied.
  const configProblems = (apiSchema: GraphQLSchema, subgraphNames: string[]) => [
    ...checkSubscriptionConfig(apiSchema, options.subscriptions ?? {}, guard.check),
    ...checkRoutes(options.routes ?? {}, subgraphNames, RESERVED_PATHS),
  ];
  const ownsEventSource = !options.eventSource;
  const eventSource: EventSource | undefined =
    // Loaded only when used: a gateway without Redis does not carry ioredis in memory.
    options.eventSource ?? (options.redisUrl ? await (await import('./subscriptions/createRedisEventSource')).createRedisEventSource(options.redisUrl) : undefined);
  if (Object.keys(options.subscriptions ?? {}).length && !eventSource) {
    throw new Error('Subscriptions are configured but there is neither an eventSource nor a redisUrl');
  }

  // A supergraph from a file or URL is watched and reloaded (reloadingSupergraph); one given as SDL is static.
  const reloads = source
    ? reloadingSupergraph(supergraphSdl, source, {
      problems: ({ apiSchema, subgraphNames }) => configProblems(apiSchema, subgraphNames),
      onOutcome: (outcome, details) => {
        metrics.supergraphReloads.inc({ outcome });
        if (outcome === 'applied') logger.info(details, 'supergraph reloaded');
        else logger.error(details, 'new supergraph refused; the old one keeps serving');
      },
    })
    : undefined;
  const gateway = new ApolloGateway({ supergraphSdl: reloads ?? supergraphSdl, buildService: services.buildService, logger });
  let schema: { planner: SubscriptionPlanner; apiSchema: GraphQLSchema } | undefined;
  // Set once the subscription service exists (it needs the loaded schema first).
  const schemaChange: { listener?: () => void } = {};
  gateway.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
    // Its own supergraph and planner cost memory: built on the first subscription, not at start.
    let planner: SubscriptionPlanner | undefined;
    schema = { get planner() { return (planner ??= new SubscriptionPlanner(coreSupergraphSdl)); }, apiSchema };
    // Open subscriptions move to the new schema, or end naming what it lost.
    schemaChange.listener?.();
  });

  const app = express();
  const httpServer = createServer(app);
  const server = new ApolloServer<GatewayContext>({
    gateway: planExecutingGateway(gateway, {
      serviceMap: services.serviceMap,
      dedupe: limits.dedupeFetches,
      onDeduplicated: (subgraph) => metrics.deduplicatedFetches.inc({ subgraph }),
    }),
    logger,
    introspection: settings.introspection,
    includeStacktraceInErrorResponses: false,
    // main.ts (and an embedding process) own SIGINT/SIGTERM; Apollo's handler would re-raise the signal mid-drain.
    stopOnTerminationSignals: false,
    formatError: createFormatError((details, message) => logger.error(details, message)),
    validationRules: guard.validationRules,
    parseOptions: guard.parseOptions,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      explorerLandingPage(settings.explorer),
      useMetrics(metrics),
      ...guard.plugins,
      useResponseSizeLimit(limits.maxResponseBytes),
    ],
  });
  await server.start();
  // A config that cannot work refuses the start, naming what is wrong, instead of failing subscribers later.
  const startProblems = schema ? configProblems(schema.apiSchema, Object.keys(services.subgraphUrls())) : [];
  if (startProblems.length) {
    await server.stop();
    await services.close();
    if (ownsEventSource) await eventSource?.close?.();
    throw new Error(`The gateway config does not fit the supergraph:\n${startProblems.join('\n')}`);
  }

  const run: RunOperation = async (query, variables, contextValue) => {
    const response = await correlationScope.run({ correlationId: contextValue.correlationId }, () =>
      server.executeOperation({ query, variables }, { contextValue }));
    if (response.body.kind !== 'single') return { errors: [errors.internal('Incremental delivery is not supported')] };
    return response.body.singleResult as ExecutionResult;
  };
  const loaded = () => {
    if (!schema) throw new Error('Supergraph not loaded yet');
    return schema;
  };
  const subscriptions = new SubscriptionService({
    fields: options.subscriptions ?? {},
    eventSource: eventSource ?? { subscribe: () => { throw new Error('No event source configured'); } },
    channelPrefix: options.channelPrefix ?? '',
    auth: options.auth,
    run,
    serviceMap: services.serviceMap,
    schema: loaded,
    onEvent: (field, outcome) => metrics.subscriptionEvents.inc({ field, outcome }),
    onReplay: (field, count) => metrics.replayedEvents.inc({ field }, count),
    onShared: (field) => metrics.sharedExecutions.inc({ field }),
    onActive: (field, delta) => metrics.activeSubscriptions.inc({ field }, delta),
    scopedCredentials: !!options.subgraphCredential?.secret,
    log: (message, details) => logger.info(details, message),
  });
  schemaChange.listener = () => subscriptions.schemaChanged();
  const access = new LiveAccess();
  const revocations = options.revocation && eventSource
    ? await listenForRevocations(eventSource, (options.channelPrefix ?? '') + options.revocation.channel, options.revocation, access,
      (message, details) => logger.info(details, message))
    : undefined;
  const edge = await createEdgeLimits(options.rateLimits, options.channelPrefix ?? '', options.redisUrl, {
    refused: (limit) => metrics.rateLimitRefusals.inc({ limit }),
    connections: (transport, delta) => metrics.openConnections.inc({ transport }, delta),
  });
  const clientIp = clientIpResolver(options.trustedProxies);
  const live = new LiveOperations({ schema: () => loaded().apiSchema, subscriptions, run, checkOperation: guard.check, onError: (details, message) => logger.error(details, message) });
  const sessionLimits = { operations: edge.operations, subscriptionsPerSocket: edge.limits.subscriptionsPerSocket, access };
  const webSockets = useWebSocketServer({
    httpServer,
    path: GRAPHQL_PATH,
    auth: options.auth,
    operations: live,
    clientIp,
    connections: edge.connections,
    limits: sessionLimits,
    maxMessageBytes: edge.limits.maxMessageBytes,
  });

  app.disable('x-powered-by');
  app.use(securityHeaders({ hstsMaxAge: options.hstsMaxAge, landingPage: settings.explorer === 'sandbox' }), allowOrigins(settings.corsOrigins));
  app.use(healthRoutes(() => !!schema && (eventSource?.isReady?.() ?? true)));
  app.get('/', (_req, res) => res.redirect(GRAPHQL_PATH));
  app.use(explorerRoutes({ explorer: settings.explorer, graphqlPath: GRAPHQL_PATH, limiter: edge.operations, clientIp, onMissingBundle: (message) => logger.warn(message) }));
  mountRoutes(app, options.routes ?? {}, {
    subgraphUrls: services.subgraphUrls(),
    send: services.client!.send,
    tokens: services.tokens,
    limiter: edge.routeLimiter,
    clientIp,
    onError: (details, message) => logger.error(details, message),
  });
  app.use(
    GRAPHQL_PATH,
    express.json({ limit: '1mb' }),
    withCorrelationId(),
    serverSentEvents({ auth: options.auth, operations: live, clientIp, connections: edge.connections, limits: sessionLimits }),
    expressMiddleware(server, { context: requestContext({ auth: options.auth, clientIp, limiter: edge.operations }) }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host ?? '0.0.0.0', resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  const metricsServer = options.metricsPort === undefined ? undefined : await startMetricsServer(metrics.registry, options.metricsPort, options.metricsHost);
  const url = `http://${displayHost(options.host)}:${port}${GRAPHQL_PATH}`;
  logger.info({ url, subscriptions: Object.keys(options.subscriptions ?? {}) }, 'gateway ready');

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    metricsUrl: metricsServer?.url,
    stop: () =>
      (stopping ??= (async () => {
        await webSockets.dispose();
        await server.stop();
        await metricsServer?.close();
        await services.close();
        await revocations?.stop();
        await edge.close();
        if (ownsEventSource) await eventSource?.close?.();
        logger.info('gateway stopped');
      })()),
  };
}

function displayHost(host: string | undefined): string {
  return !host || host === '0.0.0.0' || host === '::' ? 'localhost' : host;
}
