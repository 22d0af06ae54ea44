import { decodeCursor, encodeCursor, pageSize, type Connection } from '@caregraph/shared';
import type { EntityName, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

/** Relay arguments; explicit nulls mean the defaults (20 first, from the start). */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/**
 * A page of the rows matching `where`, newest first. The cursor is (createdAt, id), so rows
 * written together (same createdAt) still page without gaps. BAD_USER_INPUT on a bad `first` or `after`.
 */
export async function newestFirstPage<T extends { id: string; createdAt: Date }>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  args: PageArgs,
): Promise<Connection<T>> {
  const limit = pageSize(args.first ?? 20);
  let filter = where;
  if (args.after) {
    const { at, id } = decodeCursor(args.after);
    filter = { $and: [where, { $or: [{ createdAt: { $lt: at } }, { createdAt: at, id: { $lt: id } }] }] } as FilterQuery<T>;
  }
  const rows = await em.find(entity, filter, { orderBy: { createdAt: 'desc', id: 'desc' } as never, limit: limit + 1 });
  const page = rows.slice(0, limit) as T[];
  const edges = page.map((node) => ({ node, cursor: encodeCursor({ at: node.createdAt, id: node.id }) }));
  return { edges, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null } };
}
