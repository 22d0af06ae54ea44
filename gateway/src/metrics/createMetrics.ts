import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The gateway's Prometheus metrics, on a registry of its own so several gateways can share a process. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    operations: new Counter({
      name: 'gateway_operations_total',
      help: 'GraphQL operations over HTTP and websockets, by type and outcome',
      labelNames: ['type', 'outcome'] as const,
      registers: [registry],
    }),
    operationDuration: new Histogram({
      name: 'gateway_operation_duration_seconds',
      help: 'Duration of GraphQL queries and mutations',
      labelNames: ['type'] as const,
      registers: [registry],
    }),
    activeSubscriptions: new Gauge({
      name: 'gateway_active_subscriptions',
      help: 'Open subscriptions, by field',
      labelNames: ['field'] as const,
      registers: [registry],
    }),
    subscriptionEvents: new Counter({
      name: 'gateway_subscription_events_total',
      help: 'Events seen by subscriptions, by field and outcome (delivered, filtered, failed, malformed, duplicate)',
      labelNames: ['field', 'outcome'] as const,
      registers: [registry],
    }),
    sharedExecutions: new Counter({
      name: 'gateway_subscription_shared_executions_total',
      help: 'Event executions served from an identical subscriber\'s execution (same operation, variables and credentials), by field',
      labelNames: ['field'] as const,
      registers: [registry],
    }),
    deduplicatedFetches: new Counter({
      name: 'gateway_deduplicated_fetches_total',
      help: 'Subgraph fetches answered by an identical fetch already in flight (same document, variables and credentials), by subgraph',
      labelNames: ['subgraph'] as const,
      registers: [registry],
    }),
    supergraphReloads: new Counter({
      name: 'gateway_supergraph_reloads_total',
      help: 'New supergraphs seen while running, by outcome (applied, or refused: invalid, unreadable, or not fitting the subscription config)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    subgraphFetchDuration: new Histogram({
      name: 'gateway_subgraph_fetch_duration_seconds',
      help: 'Duration of fetches to subgraphs (query plan fetches, subscription events\' fetches), by subgraph, failed ones included',
      labelNames: ['subgraph'] as const,
      buckets: [0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    subgraphFetchErrors: new Counter({
      name: 'gateway_subgraph_fetch_errors_total',
      help: 'Subgraph fetches without a usable answer (timeout, unreachable, too large, HTTP error), by subgraph and code',
      labelNames: ['subgraph', 'code'] as const,
      registers: [registry],
    }),
    openConnections: new Gauge({
      name: 'gateway_open_connections',
      help: 'Open live connections of this gateway, by transport (websocket, sse)',
      labelNames: ['transport'] as const,
      registers: [registry],
    }),
    rateLimitRefusals: new Counter({
      name: 'gateway_rate_limit_refusals_total',
      help: 'Requests refused by an edge limit, by limit (operations_per_ip, operations_per_user, connections_per_ip, route)',
      labelNames: ['limit'] as const,
      registers: [registry],
    }),
    replayedEvents: new Counter({
      name: 'gateway_subscription_replayed_events_total',
      help: 'Events of sequenced subscriptions read back from the store (resume or gap), by field',
      labelNames: ['field'] as const,
      registers: [registry],
    }),
  };
}

export type GatewayMetrics = ReturnType<typeof createMetrics>;
