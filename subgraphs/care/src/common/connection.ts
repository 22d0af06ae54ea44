import { decodeCursor, encodeCursor, pageSize, type Position } from './cursor';
import type { Page, PageKey } from './pagedLoader';

/** A loader key from Relay arguments; `first` defaults to 20, BAD_USER_INPUT on a bad cursor. */
export function pageKey(parentId: string, first: number | null | undefined, after: string | null | undefined): PageKey {
  return { parentId, limit: pageSize(first ?? 20), after: after ? decodeCursor(after) : null };
}

/** A Relay connection of a loaded page; each cursor encodes the node's (order time, id). */
export function toConnection<T>(page: Page<T>, position: (node: T) => Position) {
  const edges = page.nodes.map((node) => ({ node, cursor: encodeCursor(position(node)) }));
  return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
}
