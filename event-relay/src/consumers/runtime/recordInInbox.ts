import type { CloudEvent } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Inserts (consumer, event id) into `<schema>.inbox` inside `em`'s transaction; false when the
 * row was there already (the event was handled before). A concurrent delivery of the same
 * event waits on the primary key until the first transaction ends, so only one handles it.
 */
export async function recordInInbox(em: EntityManager, schema: string, consumer: string, event: CloudEvent): Promise<boolean> {
  const rows: unknown[] = await em.execute(
    `insert into "${schema}"."inbox" ("consumer", "event_id", "event_type") values (?, ?, ?) on conflict do nothing returning "event_id"`,
    [consumer, event.id, event.type],
  );
  return rows.length === 1;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Refuses a schema name that would need quoting tricks: it is interpolated into SQL. */
export function assertSchemaName(schema: string): void {
  if (!IDENTIFIER.test(schema)) throw new Error(`Invalid inbox schema name "${schema}".`);
}
