import { isUuid, requireText, ValidationError } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditEntry } from '../store/AuditEntry.entity';
import { typePatternsToRegex } from '../store/typePatterns';

export interface AuditQuery {
  careCircleId: string;
  aggregateId?: string | null;
  types?: readonly string[] | null;
  since?: Date | null;
  until?: Date | null;
  /** Only entries appended before this position (the `after` cursor, newest first). */
  beforePosition?: string;
  limit: number;
}

/**
 * One circle's entries, newest first (position descending). Filters combine with AND; an
 * empty `types` list filters nothing. BAD_USER_INPUT for since > until or a bad pattern.
 */
export function findAuditEntries(em: EntityManager, query: AuditQuery): Promise<AuditEntry[]> {
  if (query.since && query.until && query.since > query.until) throw new ValidationError('since must not be after until.', 'since');
  const qb = em.createQueryBuilder(AuditEntry, 'e').where({ careCircleId: query.careCircleId });
  if (query.aggregateId != null) {
    const aggregateId = requireText(query.aggregateId, 'aggregateId');
    qb.andWhere({ aggregateId: isUuid(aggregateId) ? aggregateId.toLowerCase() : aggregateId });
  }
  if (query.types?.length) {
    // Passed as one JSON array: no array-literal quoting of the patterns to get wrong.
    qb.andWhere(`('.' || e.type) ~ any(select jsonb_array_elements_text(?::jsonb))`, [JSON.stringify(typePatternsToRegex(query.types))]);
  }
  if (query.since) qb.andWhere({ occurredAt: { $gte: query.since } });
  if (query.until) qb.andWhere({ occurredAt: { $lt: query.until } });
  if (query.beforePosition) qb.andWhere({ position: { $lt: query.beforePosition } });
  return qb.orderBy({ position: 'desc' }).limit(query.limit).getResult();
}
