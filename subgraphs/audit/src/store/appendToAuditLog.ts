import { isUuid, parseCloudEvent, ValidationError, type CloudEvent } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';

const INSERT = `insert into "audit"."events"
  ("id", "type", "source", "subject", "aggregate_type", "aggregate_id", "care_circle_id", "actor_id",
   "correlation_id", "causation_id", "occurred_at", "data", "event")
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?::jsonb, ?::jsonb)
  on conflict ("id") do nothing
  returning "position"`;

/**
 * Appends one CloudEvent to the audit event store, once: a second append of the same event id
 * changes nothing and returns `{ appended: false }` (redeliveries are harmless). Runs through
 * `em`, so inside the caller's `em.transactional(...)` it commits or rolls back with it.
 *
 * Throws BAD_USER_INPUT for an event that can never be stored (not a CloudEvent, an id or
 * `carecircleid` that is not a uuid): a consumer should dead-letter it rather than retry.
 * Without `aggregatetype` the aggregate type is the type's first word (`user.created` → `user`).
 */
export async function appendToAuditLog(em: EntityManager, event: CloudEvent): Promise<{ appended: boolean }> {
  const parsed = parseCloudEvent(event);
  if (!isUuid(parsed.id)) throw new ValidationError('The event id is not a uuid.', 'id');
  if (parsed.carecircleid != null && !isUuid(parsed.carecircleid)) throw new ValidationError('carecircleid is not a uuid.', 'carecircleid');
  const rows: unknown[] = await em.execute(INSERT, [
    parsed.id.toLowerCase(),
    parsed.type,
    parsed.source,
    parsed.subject ?? null,
    parsed.aggregatetype ?? parsed.type.split('.')[0],
    parsed.subject ?? null,
    parsed.carecircleid?.toLowerCase() ?? null,
    parsed.causedby ?? null,
    parsed.correlationid ?? null,
    parsed.causationid ?? null,
    new Date(parsed.time).toISOString(),
    JSON.stringify(parsed.data ?? {}),
    JSON.stringify(parsed),
  ]);
  return { appended: rows.length === 1 };
}
