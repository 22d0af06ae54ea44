import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { Position } from './cursor';

/** One page request: the parent's id, the page size and the position to start after. */
export interface PageKey {
  parentId: string;
  limit: number;
  after: Position | null;
}

export interface Page<T> {
  nodes: T[];
  hasNextPage: boolean;
}

/** Where a child list lives and how it is ordered; identifiers are constants, never input. */
export interface PagedTable<T> {
  entity: EntityName<T>;
  table: string;
  parentColumn: string;
  orderColumn: string;
  direction: 'asc' | 'desc';
}

/**
 * Batches every page request of one tick into a single statement: a lateral join runs the
 * keyset query (order column, then id) once per key, so N parents cost one round trip.
 * Rows are hydrated into the request's identity map.
 */
export function pagedLoader<T extends object>(em: EntityManager, spec: PagedTable<T>): DataLoader<PageKey, Page<T>, string> {
  const after = spec.direction === 'asc' ? '>' : '<';
  const sql = `select t.*, k.ord as "__ord"
    from jsonb_to_recordset(?::jsonb) as k(ord int, parent uuid, at timestamptz, id uuid, lim int)
    cross join lateral (
      select x.* from "care"."${spec.table}" x
      where x."${spec.parentColumn}" = k.parent
        and (k.at is null or (x."${spec.orderColumn}", x."id") ${after} (k.at, k.id))
      order by x."${spec.orderColumn}" ${spec.direction}, x."id" ${spec.direction}
      limit k.lim + 1
    ) t
    order by k.ord, t."${spec.orderColumn}" ${spec.direction}, t."id" ${spec.direction}`;

  return new DataLoader(
    async (keys) => {
      const params = keys.map((key, ord) => ({ ord, parent: key.parentId, at: key.after?.at.toISOString() ?? null, id: key.after?.id ?? null, lim: key.limit }));
      const rows: Record<string, unknown>[] = await em.getConnection().execute(sql, [JSON.stringify(params)]);
      const grouped = keys.map((): T[] => []);
      for (const { __ord, ...row } of rows) grouped[Number(__ord)].push(em.map(spec.entity, row as never));
      return keys.map((key, i) => ({ nodes: grouped[i].slice(0, key.limit), hasNextPage: grouped[i].length > key.limit }));
    },
    { cacheKeyFn: (key) => `${key.parentId}|${key.limit}|${key.after?.at.toISOString() ?? ''}|${key.after?.id ?? ''}` },
  );
}
