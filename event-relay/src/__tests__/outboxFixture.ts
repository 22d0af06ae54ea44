import type { Pool } from 'pg';
import { createCloudEvent, outboxCancelSql, outboxIndexesSql, outboxTableSql, type BrokerMessage } from '@caregraph/shared';

export async function createOutbox(pool: Pool, schema: string): Promise<void> {
  for (const statement of [...outboxTableSql(schema), ...outboxIndexesSql(schema), ...outboxCancelSql(schema)]) await pool.query(statement);
}

export interface Written {
  id: string;
  schema: string;
  aggregateId: string;
}

/** Inserts one outbox row in a transaction of its own, as a mutation would; resolves after commit. */
export async function writeEvent(
  pool: Pool,
  schema: string,
  aggregateId: string,
  options: { type?: string; exchange?: string; availableAt?: Date } = {},
): Promise<Written> {
  const event = createCloudEvent({
    type: options.type ?? 'medication.logged',
    source: `/caregraph/${schema}`,
    subject: aggregateId,
    data: { at: Date.now() },
    aggregateType: 'Medication',
  });
  await pool.query(
    `insert into "${schema}".outbox (id, event_type, exchange, routing_key, payload, aggregate_type, aggregate_id, available_at)
     values ($1, $2, $3, $4, $5, 'Medication', $6, coalesce($7, now()))`,
    [event.id, event.type, options.exchange ?? 'domain.events', event.type, event, aggregateId, options.availableAt ?? null],
  );
  return { id: event.id, schema, aggregateId };
}

/**
 * `total` events over `aggregates` aggregates spread across `schemas`; each aggregate's events
 * are written one after another (so their order is defined), aggregates concurrently.
 */
export async function writeMany(
  pool: Pool,
  schemas: string[],
  aggregates: number,
  total: number,
  pauseMs = 0,
): Promise<{ written: Written[]; failures: unknown[] }> {
  const written: Written[] = [];
  const failures: unknown[] = [];
  await Promise.all(
    Array.from({ length: aggregates }, async (_, a) => {
      const schema = schemas[a % schemas.length];
      for (let i = a; i < total; i += aggregates) {
        try {
          written.push(await writeEvent(pool, schema, `agg-${a}`));
        } catch (error) {
          failures.push(error);
        }
        if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    }),
  );
  return { written, failures };
}

/** What a test queue received, in arrival order. */
export class Deliveries {
  readonly messages: { id: string; aggregateId: string }[] = [];

  readonly handler = async (message: BrokerMessage): Promise<void> => {
    const event = JSON.parse(message.body.toString());
    this.messages.push({ id: event.id, aggregateId: event.subject });
  };

  ids(): Set<string> {
    return new Set(this.messages.map((m) => m.id));
  }

  hasAll(written: Written[]): boolean {
    const ids = this.ids();
    return written.every((w) => ids.has(w.id));
  }

  /** How many times each id arrived more than once. */
  duplicates(): number {
    return this.messages.length - this.ids().size;
  }

  /** Per aggregate, the ids in the order they first arrived (a redelivered duplicate does not count). */
  firstArrivals(): Map<string, string[]> {
    const seen = new Set<string>();
    const order = new Map<string, string[]>();
    for (const { id, aggregateId } of this.messages) {
      if (seen.has(id)) continue;
      seen.add(id);
      order.set(aggregateId, [...(order.get(aggregateId) ?? []), id]);
    }
    return order;
  }
}

/** Per aggregate, the ids in the order they were written. */
export function writeOrder(written: Written[]): Map<string, string[]> {
  const order = new Map<string, string[]>();
  for (const { id, aggregateId } of written) order.set(aggregateId, [...(order.get(aggregateId) ?? []), id]);
  return order;
}
