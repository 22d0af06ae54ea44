import type { EntityManager } from '@mikro-orm/postgresql';
import { encodeCircleLogCursor } from './circleLogCursor';
import type { DomainEvent } from './DomainEvent';

const PAGE = `select "id", "type", "occurred_at", "care_circle_id", "subject", "actor_id", "data", "circle_sequence"
  from "audit"."events" where "care_circle_id" = ? and "circle_sequence" > ?
  order by "circle_sequence" limit ?`;

interface Row {
  id: string;
  type: string;
  /** Raw driver value: MikroORM's pg driver leaves timestamptz as text. */
  occurred_at: Date | string;
  care_circle_id: string;
  subject: string | null;
  actor_id: string | null;
  data: Record<string, unknown>;
  circle_sequence: string;
}

/**
 * A circle's events after `afterSequence` (0 = from the start), oldest first. Every sequence
 * up to the circle's head has committed (see Migration0003CircleLog), so paging by sequence
 * never skips an event that commits later.
 */
export async function findCircleLog(em: EntityManager, careCircleId: string, afterSequence: number, limit: number): Promise<DomainEvent[]> {
  const rows = await em.execute<Row[]>(PAGE, [careCircleId, afterSequence, limit]);
  return rows.map((row) => {
    const sequence = Number(row.circle_sequence);
    return {
      id: row.id,
      type: row.type,
      occurredAt: new Date(row.occurred_at),
      careCircleId: row.care_circle_id,
      subject: row.subject,
      actorId: row.actor_id,
      actor: row.actor_id ? { id: row.actor_id } : null,
      data: row.data,
      sequence,
      cursor: encodeCircleLogCursor(sequence),
    };
  });
}
