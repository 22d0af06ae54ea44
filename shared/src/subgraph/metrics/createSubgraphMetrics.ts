import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { operationLabel } from './operationLabel';

/** What a subgraph's DB connection pool holds right now (knex's tarn pool). */
export interface PoolUse {
  used: number;
  free: number;
  /** Acquires waiting for a connection. */
  pending: number;
  max: number;
}

export interface SubgraphMetricSources {
  /** The pool's state, read at each scrape. Default none (the pool gauges stay empty). */
  pool?: () => PoolUse | undefined;
  /** PENDING rows of the subgraph's outbox, read at each scrape (cache it: see cachedReading). Default none. */
  outboxPending?: () => Promise<number | undefined>;
}

/**
 * One subgraph's Prometheus metrics, on a registry of its own (embedded mode runs six subgraphs
 * in one process). Every series carries `subgraph`. Served by serveMetrics on the internal port;
 * docs/operations.md lists them.
 */
export function createSubgraphMetrics(subgraph: string, sources: SubgraphMetricSources = {}) {
  const registry = new Registry();
  registry.setDefaultLabels({ subgraph });
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'caregraph_subgraph_db_pool_connections',
    help: 'Database connections of the subgraph\'s pool, by state: used, free, pending (acquires waiting)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const use = sources.pool?.();
      if (!use) return;
      for (const state of ['used', 'free', 'pending'] as const) this.set({ state }, use[state]);
    },
  });
  new Gauge({
    name: 'caregraph_subgraph_db_pool_max',
    help: 'Size limit of the subgraph\'s database pool',
    registers: [registry],
    collect() {
      const use = sources.pool?.();
      if (use) this.set(use.max);
    },
  });
  new Gauge({
    name: 'caregraph_subgraph_outbox_pending',
    help: 'PENDING rows in the subgraph\'s outbox (scheduled ones included), read at scrape and cached a few seconds',
    registers: [registry],
    async collect() {
      const pending = await sources.outboxPending?.();
      if (pending === undefined) this.reset();
      else this.set(pending);
    },
  });
  const operations = operationLabel();
  const duration = new Histogram({
    name: 'caregraph_subgraph_operation_duration_seconds',
    help: 'Duration of the GraphQL requests the subgraph served, by operation name and type',
    labelNames: ['operation', 'type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'caregraph_subgraph_errors_total',
    help: 'GraphQL errors the subgraph answered, by extensions.code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  return {
    registry,
    /** Records one request: its (untrusted, so bounded) operation name, its type and its errors' codes. */
    observe(operationName: string | null | undefined, type: string, seconds: number, codes: readonly string[]): void {
      duration.observe({ operation: operations(operationName), type }, seconds);
      for (const code of codes) errors.inc({ code: errorCodeLabel(code) });
    },
  };
}

export type SubgraphMetrics = ReturnType<typeof createSubgraphMetrics>;

// Codes come from our own errors, but a bad one must not become a label of any length.
function errorCodeLabel(code: string): string {
  return /^[A-Z][A-Z0-9_]{0,63}$/.test(code) ? code : 'OTHER';
}
