import { isUuid, parseCloudEvent, ValidationError, type CloudEvent } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';

const COLUMNS = `"id", "type", "source", "subject", "aggregate_type", "aggregate_id", "care_circle_id", "actor_id",
   "correlation_id", "causation_id", "occurred_at", "data", "event", "circle_sequence"`;
const VALUES = `?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?::jsonb, ?::jsonb`;

/** Events without a care circle: insert-if-absent, no sequence. */
const INSERT_UNSEQUENCED = `insert into "audit"."events" (${COLUMNS}) values (${VALUES}, null)
  on conflict ("id") do nothing returning "position"`;

/** Creates the circle's head row if it is the circle's first event (no lock yet). */
const ENSURE_HEAD = `insert into "audit"."circle_heads" ("care_circle_id", "last_sequence") values (?, 0)
  on conflict ("care_circle_id") do nothing`;

/**
 * Locks the circle's head: one appender per circle at a time from here to commit, so the
 * sequence it takes commits only after every lower one, and the duplicate check below is
 * authoritative (an appender of the same event would hold this same lock).
 */
const LOCK_HEAD = `select "last_sequence" from "audit"."circle_heads" where "care_circle_id" = ? for update`;
const EXISTS = `select 1 from "audit"."events" where "id" = ?`;
const INSERT_SEQUENCED = `insert into "audit"."events" (${COLUMNS}) values (${VALUES}, ?) returning "position"`;
const ADVANCE_HEAD = `update "audit"."circle_heads" set "last_sequence" = ? where "care_circle_id" = ?`;

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
  // The lock means something only inside a transaction: nested in the caller's (a savepoint),
  // or its own when called outside one, so the head and the row always move together.
  return em.transactional(async (tx) => {
    await tx.execute(ENSURE_HEAD, [careCircleId]);
    const [head] = await tx.execute<{ last_sequence: string }[]>(LOCK_HEAD, [careCircleId]);
    if ((await tx.execute(EXISTS, [id])).length) return { appended: false };
    const sequence = Number(head.last_sequence) + 1;
    await tx.execute(INSERT_SEQUENCED, [...values, sequence]);
    await tx.execute(ADVANCE_HEAD, [sequence, careCircleId]);
    return { appended: true, sequence };
  });
}
