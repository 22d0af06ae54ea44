import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { OutboxStats } from '../ops/outboxStats';
import type { RelayObserver } from '../relay/OutboxRelay';

type StatsReader = () => Promise<Record<string, OutboxStats>>;

/** Gauges read from the outbox tables at each scrape, so they cover every relay. */
const STATS_GAUGES: [name: string, help: string, pick: (stats: OutboxStats) => number | null][] = [
  ['caregraph_outbox_pending', 'Outbox rows still PENDING (scheduled ones included)', (s) => s.pending],
  ['caregraph_outbox_oldest_pending_age_seconds', 'Age of the oldest due PENDING outbox row (0 when none)', (s) => s.oldestPendingAgeSeconds ?? 0],
  ['caregraph_outbox_failed', 'Outbox rows FAILED after their last attempt', (s) => s.failed],
  ['caregraph_outbox_published_per_second', 'Outbox rows published per second over the last minute, all relays', (s) => s.publishedPerSecond],
  ['caregraph_outbox_delivery_latency_p50_seconds', 'Due-to-confirmed time of rows published in the last minute, median', (s) => s.publishLatencyP50Seconds],
  ['caregraph_outbox_delivery_latency_p99_seconds', 'Due-to-confirmed time of rows published in the last minute, 99th percentile', (s) => s.publishLatencyP99Seconds],
];

/**
 * The relay's Prometheus metrics, in a registry of their own so several relays (tests, one
 * process in embedded mode) never collide on the global one. The counters and the histogram
 * count this process; the gauges come from the tables; the process metrics (CPU, memory, event
 * loop, GC: prom-client's defaults) describe this process.
 */
export class RelayMetrics implements RelayObserver {
  readonly registry = new Registry();
  private readonly publishedTotal = new Counter({
    name: 'caregraph_outbox_published_total',
    help: 'Outbox rows published to the broker and confirmed by this relay',
    labelNames: ['schema'],
    registers: [this.registry],
  });
  private readonly failuresTotal = new Counter({
    name: 'caregraph_outbox_publish_failures_total',
    help: 'Failed publish attempts of outbox rows (refused by the broker; outages not included)',
    labelNames: ['schema'],
    registers: [this.registry],
  });
  private readonly deletedTotal = new Counter({
    name: 'caregraph_outbox_deleted_total',
    help: 'PROCESSED outbox rows deleted by retention',
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

  /** `stats` is read once per scrape. */
  constructor(stats: StatsReader, brokerAvailable: () => boolean) {
    collectDefaultMetrics({ register: this.registry });
    let scrape: Promise<Record<string, OutboxStats>> | undefined;
    // One query per scrape, shared by the gauges.
    const current = () => (scrape ??= stats().finally(() => setImmediate(() => (scrape = undefined))));
    for (const [name, help, pick] of STATS_GAUGES) {
      new Gauge({
        name,
        help,
        labelNames: ['schema'],
        registers: [this.registry],
        async collect() {
          for (const [schema, value] of Object.entries(await current())) {
            if (value.present && pick(value) !== null) this.set({ schema }, pick(value)!);
          }
        },
      });
    }
    new Gauge({
      name: 'caregraph_relay_broker_available',
      help: '1 while RabbitMQ accepts publishes, 0 while the relay waits for it',
      registers: [this.registry],
      collect() {
        this.set(brokerAvailable() ? 1 : 0);
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

  deleted(schema: string, rows: number): void {
    this.deletedTotal.inc({ schema }, rows);
  }
}
