import { createCloudEvent, createOrm, inboxTableSql, PermanentError, type CloudEvent, type ConsumerAttempt, type ConsumerDefinition } from '@caregraph/shared';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager, PostgreSqlDriver } from '@mikro-orm/postgresql';

/** A test schema with an inbox and an `effects` table without any unique key, so a second effect would show. */
export async function openConsumerSchema(databaseUrl: string, schema: string): Promise<MikroORM<PostgreSqlDriver>> {
  const orm = await createOrm({ clientUrl: databaseUrl, schema, entities: [], migrations: [], poolMax: 4 });
  const connection = orm.em.getConnection();
  for (const statement of inboxTableSql(schema)) await connection.execute(statement);
  await connection.execute(`create table if not exists "${schema}"."effects" ("event_id" text not null, "consumer" text not null, "at" timestamptz not null default now())`);
  return orm;
}

/**
 * A consumer whose behaviour follows the event type: `*.ok` records an effect, `*.flaky`
 * throws while `failing` is on, `*.permanent` throws PermanentError. Every call is logged.
 */
export class RecordingConsumer {
  failing = true;
  /** The definition's own retry schedule, when set. */
  retryDelaysMs?: number[];
  readonly calls: { id: string; type: string; at: number; attempt?: ConsumerAttempt }[] = [];

  constructor(
    private readonly orm: MikroORM<PostgreSqlDriver>,
    private readonly schema: string,
    readonly name: string,
    readonly queue: string,
    readonly bindings: string[],
  ) {}

  definition(): ConsumerDefinition {
    return {
      name: this.name,
      queue: this.queue,
      bindings: this.bindings,
      inboxSchema: this.schema,
      em: this.orm.em as EntityManager,
      retryDelaysMs: this.retryDelaysMs,
      handle: async (event, em, _logger, attempt) => {
        this.calls.push({ id: event.id, type: event.type, at: Date.now(), attempt });
        if (event.type.endsWith('.permanent')) throw new PermanentError('this event can never be handled');
        if (event.type.endsWith('.flaky') && this.failing) throw new Error('flaky failure');
        await em.execute(`insert into "${this.schema}"."effects" ("event_id", "consumer") values (?, ?)`, [event.id, this.name]);
      },
    };
  }

  callsFor(id: string): number[] {
    return this.calls.filter((call) => call.id === id).map((call) => call.at);
  }

  async effects(id: string): Promise<number> {
    const rows: { n: number }[] = await this.orm.em.fork().execute(`select count(*)::int as n from "${this.schema}"."effects" where "event_id" = ? and "consumer" = ?`, [id, this.name]);
    return rows[0].n;
  }
}

export function testEvent(type: string): CloudEvent {
  return createCloudEvent({ type, source: '/caregraph/test', subject: 'agg-1', data: { at: Date.now() } }) as CloudEvent;
}
