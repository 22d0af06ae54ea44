import type { Pool, PoolClient } from 'pg';
import { inSpan, SpanKind, traceHeaders, type Logger, type MessageBroker } from '@caregraph/shared';
import { claimableInOrder } from './claimableInOrder';
import { isBrokerOutage, withConfirmTimeout } from './isBrokerOutage';
import { OutboxListener } from './OutboxListener';
import { isMissingOutbox, outboxSql } from './outboxSql';
import type { OutboxRow } from './OutboxRow';
import { DEFAULT_RETRY_POLICY, retryDelay, type RetryPolicy } from './retryDelay';

/** Hooks for metrics; all optional. */
export interface RelayObserver {
  published?(schema: string, seconds: number): void;
  failed?(schema: string, error: unknown): void;
}

export interface OutboxRelayOptions {
  pool: Pool;
  /** Used for the dedicated LISTEN connection. */
  databaseUrl: string;
  schemas: string[];
  broker: MessageBroker;
  /** Prefixed to each row's `exchange`. */
  namespace: string;
  logger: Logger;
  /** Sweep interval, catching scheduled rows and missed notifications. Default 1000 ms. */
  pollIntervalMs?: number;
  /** Rows claimed per transaction. Default 250. */
  batchSize?: number;
  /**
   * Batches in flight per schema, each its own transaction. SKIP LOCKED keeps them apart and
   * the blocked-row check holds back a row whose aggregate has an earlier unpublished row, so
   * per-aggregate order holds as with several relays. Default 2.
   */
  parallelBatches?: number;
  /** Attempts and backoff for rows the broker refuses (unroutable, nacked). */
  retry?: Partial<RetryPolicy>;
  /** Pause after the broker is found unreachable: doubles from `baseDelayMs` up to `maxDelayMs`. Default 100 ms to 2 s. */
  outageBackoff?: { baseDelayMs: number; maxDelayMs: number };
  /** A publish without a confirm after this long counts as an outage. Default 10 s. */
  confirmTimeoutMs?: number;
  observer?: RelayObserver;
}

interface GroupOutcome {
  published: string[];
  failed: { row: OutboxRow; error: unknown }[];
  outage?: unknown;
}

/**
 * Moves outbox rows to the broker: claims due rows with SKIP LOCKED (so relays can run side
 * by side), publishes them with confirms keeping per-aggregate order, and marks them in the
 * same transaction. At-least-once: a crash between confirm and commit republishes the rows.
 * While the broker is unreachable it pauses with backoff; rows keep waiting, attempts unspent.
 */
export class OutboxRelay {
  private readonly running = new Map<string, Set<Promise<void>>>();
  private readonly again = new Set<string>();
  private readonly missing = new Set<string>();
  private readonly listener: OutboxListener;
  private readonly retry: RetryPolicy;
  private readonly outageBackoff: { baseDelayMs: number; maxDelayMs: number };
  private timer?: NodeJS.Timeout;
  private resumeTimer?: NodeJS.Timeout;
  private pausedUntil = 0;
  private outages = 0;
  private stopped = false;

  constructor(private readonly options: OutboxRelayOptions) {
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.outageBackoff = options.outageBackoff ?? { baseDelayMs: 100, maxDelayMs: 2000 };
    this.listener = new OutboxListener(options.databaseUrl, (schema) => this.wake(schema), options.logger);
  }

  async start(): Promise<void> {
    await this.listener.start();
    this.timer = setInterval(() => this.wake(), this.options.pollIntervalMs ?? 1000);
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.resumeTimer);
    await this.listener.stop();
    await Promise.allSettled([...this.running.values()].flatMap((runs) => [...runs]));
  }

  /** False while the last publish found the broker unreachable. */
  brokerAvailable(): boolean {
    return this.outages === 0;
  }

  /** Drains one schema (a NOTIFY payload) or, without an argument, all of them. */
  wake(schema?: string): void {
    if (this.stopped) return;
    if (Date.now() < this.pausedUntil) return this.resumeLater();
    const schemas = schema === undefined ? this.options.schemas : this.options.schemas.filter((s) => s === schema);
    for (const name of schemas) {
      let runs = this.running.get(name);
      if (!runs) this.running.set(name, (runs = new Set()));
      if (runs.size >= (this.options.parallelBatches ?? 2)) {
        this.again.add(name);
        continue;
      }
      const run: Promise<void> = this.drain(name)
        .catch((error) => this.options.logger.error({ err: error, schema: name }, 'Relaying the outbox failed'))
        .finally(() => {
          runs.delete(run);
          if (this.again.delete(name)) this.wake(name);
        });
      runs.add(run);
    }
  }

  private async drain(schema: string): Promise<void> {
    while (!this.stopped && Date.now() >= this.pausedUntil && (await this.relayBatch(schema)) > 0);
  }

  /** One transaction: claim, publish, mark. Returns how many rows were published. */
  private async relayBatch(schema: string): Promise<number> {
    const client = await this.options.pool.connect();
    try {
      await client.query('begin');
      const published = await this.claimAndPublish(client, schema);
      await client.query('commit');
      return published;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      if (!isMissingOutbox(error)) throw error;
      if (!this.missing.has(schema)) this.options.logger.debug({ schema }, 'No outbox table yet; skipping the schema');
      this.missing.add(schema);
      return 0;
    } finally {
      client.release();
    }
  }

  private async claimAndPublish(client: PoolClient, schema: string): Promise<number> {
    const sql = outboxSql(schema);
    const { rows } = await client.query<OutboxRow>(sql.claim, [this.options.batchSize ?? 250]);
    if (this.missing.delete(schema)) this.options.logger.info({ schema }, 'Outbox table found; relaying');
    if (rows.length === 0) return 0;
    const groups = claimableInOrder(rows);
    const outcomes = await Promise.all(groups.map((group) => this.publishInOrder(schema, group)));
    const published = outcomes.flatMap((outcome) => outcome.published);
    if (published.length) await client.query(sql.markProcessed, [published]);
    for (const { row, error } of outcomes.flatMap((outcome) => outcome.failed)) {
      const delay = retryDelay(row.retry_count + 1, this.retry);
      await client.query(sql.markFailedAttempt, [row.id, describe(error), this.retry.maxAttempts, delay]);
    }
    const outage = outcomes.find((outcome) => outcome.outage)?.outage;
    if (outage) this.pauseForOutage(outage);
    else if (published.length) this.resumed();
    return outage ? 0 : published.length;
  }

  /** Publishes one aggregate's rows in order, stopping at the first failure. */
  private async publishInOrder(schema: string, rows: OutboxRow[]): Promise<GroupOutcome> {
    const outcome: GroupOutcome = { published: [], failed: [] };
    for (const row of rows) {
      if (Date.now() < this.pausedUntil) break; // another group just found the broker gone
      const started = process.hrtime.bigint();
      try {
        await withConfirmTimeout(this.publish(row), this.options.confirmTimeoutMs ?? 10_000);
        outcome.published.push(row.id);
        this.options.observer?.published?.(schema, Number(process.hrtime.bigint() - started) / 1e9);
      } catch (error) {
        if (isBrokerOutage(error)) {
          outcome.outage = error;
          this.pausedUntil = Math.max(this.pausedUntil, Date.now() + this.outageBackoff.baseDelayMs);
          break;
        }
        outcome.failed.push({ row, error });
        this.options.observer?.failed?.(schema, error);
        this.options.logger.warn({ err: error, schema, id: row.id, attempt: row.retry_count + 1 }, 'Publishing an outbox row failed');
        break;
      }
    }
    return outcome;
  }

  /** One producer span per row, child of (and linked to) the span that recorded it; its context travels in the AMQP headers. */
  private publish(row: OutboxRow): Promise<void> {
    const exchange = `${this.options.namespace}${row.exchange}`;
    const attributes = { 'messaging.system': 'rabbitmq', 'messaging.operation.type': 'send', 'messaging.destination.name': exchange, 'messaging.rabbitmq.destination.routing_key': row.routing_key, 'messaging.message.id': row.id };
    const createdBy = row.traceparent ? { traceparent: row.traceparent } : undefined;
    return inSpan(`publish ${row.exchange}`, { kind: SpanKind.PRODUCER, attributes, createdBy }, () =>
      this.options.broker.publish({
        exchange,
        routingKey: row.routing_key,
        messageId: row.id,
        body: Buffer.from(JSON.stringify(row.payload)),
        contentType: 'application/cloudevents+json',
        headers: traceHeaders({}),
      }),
    );
  }

  private pauseForOutage(error: unknown): void {
    this.outages++;
    const { baseDelayMs, maxDelayMs } = this.outageBackoff;
    const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** (this.outages - 1));
    this.pausedUntil = Date.now() + delay;
    if (this.outages === 1) {
      this.options.logger.warn({ err: error }, 'RabbitMQ is unreachable; outbox rows wait in Postgres until it is back');
    }
    this.resumeLater();
  }

  private resumed(): void {
    if (this.outages === 0) return;
    this.options.logger.info({ pausedTimes: this.outages }, 'RabbitMQ reachable again; relaying the backlog');
    this.outages = 0;
    this.pausedUntil = 0;
  }

  private resumeLater(): void {
    if (this.resumeTimer || this.stopped) return;
    this.resumeTimer = setTimeout(() => {
      this.resumeTimer = undefined;
      this.wake();
    }, Math.max(0, this.pausedUntil - Date.now()));
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${(error as { code?: string }).code ?? error.name}: ${error.message}` : String(error);
}
