import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RelayObserver } from '../relay/OutboxRelay';

/**
 * The relay's Prometheus metrics, in a registry of their own so several relays (tests, one
 * process in embedded mode) never collide on the global one.
 */
export class RelayMetrics implements RelayObserver {
  readonly registry = new Registry();
  private readonly publishedTotal = new Counter({
    name: 'caregraph_outbox_published_total',
    help: 'Outbox rows published to the broker and confirmed',
    labelNames: ['schema'],
    registers: [this.registry],
  });
  private readonly failuresTotal = new Counter({
    name: 'caregraph_outbox_publish_failures_total',
    help: 'Failed publish attempts of outbox rows',
    labelNames: ['schema'],
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'caregraph_outbox_publish_seconds',
    help: 'Time from publish to broker confirm',
    labelNames: ['schema'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });

  /** `pendingBySchema` is read at each scrape. */
  constructor(pendingBySchema: () => Promise<Record<string, number>>) {
    new Gauge({
      name: 'caregraph_outbox_pending',
      help: 'Outbox rows still PENDING',
      labelNames: ['schema'],
      registers: [this.registry],
      async collect() {
        for (const [schema, pending] of Object.entries(await pendingBySchema())) this.set({ schema }, pending);
      },
    });
  }

  published(schema: string, seconds: number): void {
    this.publishedTotal.inc({ schema });
    this.latency.observe({ schema }, seconds);
  }

  failed(schema: string): void {
    this.failuresTotal.inc({ schema });
  }
}
