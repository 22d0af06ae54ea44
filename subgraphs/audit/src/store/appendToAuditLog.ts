import { isUuid, parseCloudEvent, ValidationError, type CloudEvent } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';

const COLUMNS = `"id", "type", "source", "subject", "aggregate_type", "aggregate_id", "care_circle_id", "actor_id",
   "correlation_id", "causation_id", "occurred_at", "data", "event", "circle_sequence"`;
const VALUES = `?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?::jsonb, ?::jsonb`;

/** Events without a care circle: insert-if-absent, no sequence. */
const INSERT_UNSEQUENCED = `insert into "audit"."events" (${COLUMNS}) values (${VALUES}, null)
  on conflict ("id") do nothing returning "position"`;

/**
 * Takes the circle's next number and stores the event under it, in one round trip. The head's
 * upsert creates the row for a circle's first event or else locks it (waiting for any other
 * appender of the circle, then reading its committed value): one appender per circle from here
 * to commit, so a number commits only after every lower one. The insert selects from the head,
 * so its `position` too is drawn under the lock (append order). The event's insert-if-absent checks
 * the id's unique index, which sees committed rows whatever the statement's snapshot, so a
 * duplicate is found for certain; it then returns no row and the number must be given back.
 */
const APPEND_SEQUENCED = `with head as (
    insert into "audit"."circle_heads" ("care_circle_id", "last_sequence") values (?, 1)
    on conflict ("care_circle_id") do update set "last_sequence" = "circle_heads"."last_sequence" + 1
    returning "last_sequence")
  insert into "audit"."events" (${COLUMNS}) select ${VALUES}, "last_sequence" from head
  on conflict ("id") do nothing returning "circle_sequence"`;
/** Gives back the number a duplicate took; the head is still locked by this transaction. */
const GIVE_BACK = `update "audit"."circle_heads" set "last_sequence" = "last_sequence" - 1 where "care_circle_id" = ?`;

export interface AppendResult {
  appended: boolean;
  /** The event's number in its care circle's log (1, 2, 3…); only for a new event of a circle. */
  sequence?: number;
}

/**
 * Appends one CloudEvent to the audit event store, once: a second append of the same event id
 * changes nothing and returns `{ appended: false }` (redeliveries are harmless). An event of a
 * care circle also takes the next number of that circle's log, with no gaps and in commit
 * order (see Migration0003CircleLog). Runs through `em`, so inside the caller's
 * `em.transactional(...)` it commits or rolls back with it.
 *
 * Throws BAD_USER_INPUT for an event that can never be stored (not a CloudEvent, an id or
 * `carecircleid` that is not a uuid): a consumer should dead-letter it rather than retry.
 * Without `aggregatetype` the aggregate type is the type's first word (`user.created` → `user`).
 */
export async function appendToAuditLog(em: EntityManager, event: CloudEvent): Promise<AppendResult> {
  const parsed = parseCloudEvent(event);
  if (!isUuid(parsed.id)) throw new ValidationError('The event id is not a uuid.', 'id');
  if (parsed.carecircleid != null && !isUuid(parsed.carecircleid)) throw new ValidationError('carecircleid is not a uuid.', 'carecircleid');
  const id = parsed.id.toLowerCase();
  const careCircleId = parsed.carecircleid?.toLowerCase() ?? null;
  const values = [
    id,
    parsed.type,
    parsed.source,
    parsed.subject ?? null,
    parsed.aggregatetype ?? parsed.type.split('.')[0],
    parsed.subject ?? null,
    careCircleId,
    parsed.causedby ?? null,
    parsed.correlationid ?? null,
    parsed.causationid ?? null,
    new Date(parsed.time).toISOString(),
    JSON.stringify(parsed.data ?? {}),
    JSON.stringify(parsed),
  ];
  if (!careCircleId) {
    const rows: unknown[] = await em.execute(INSERT_UNSEQUENCED, values);
    return { appended: rows.length === 1 };
  }
  // The lock means something only inside a transaction (the caller's, or its own when called
  // outside one), so the head and the row always move together.
  if (!em.isInTransaction()) return em.transactional((tx) => appendSequenced(tx, careCircleId, values));
  return appendSequenced(em, careCircleId, values);
}

async function appendSequenced(em: EntityManager, careCircleId: string, values: unknown[]): Promise<AppendResult> {
  const [row] = await em.execute<{ circle_sequence: string }[]>(APPEND_SEQUENCED, [careCircleId, ...values]);
  if (row) return { appended: true, sequence: Number(row.circle_sequence) };
  await em.execute(GIVE_BACK, [careCircleId]);
  return { appended: false };
}
