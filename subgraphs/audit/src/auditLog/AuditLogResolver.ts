import { pageSize, parseId, requireUser, type SubgraphContext } from '@caregraph/shared';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { User } from '../references/User';
import { AuditEntry } from '../store/AuditEntry.entity';
import { AuditConnection } from './AuditConnection';
import { decodeAuditCursor, encodeAuditCursor } from './auditCursor';
import { AuditFilter } from './AuditFilter';
import { findAuditEntries } from './findAuditEntries';

@Resolver(() => AuditEntry)
export class AuditLogResolver {
  /** OWNERs of the circle only (FORBIDDEN for other roles and outsiders); newest first. */
  @Query(() => AuditConnection)
  async auditLog(
    @Arg('filter', () => AuditFilter) filter: AuditFilter,
    @Ctx() ctx: SubgraphContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<AuditConnection> {
    requireUser(ctx);
    const careCircleId = parseId(filter.careCircleId, 'careCircleId');
    await ctx.circles.require(careCircleId, ['OWNER']);
    const limit = pageSize(first ?? 50);
    const rows = await findAuditEntries(ctx.em, {
      ...filter,
      careCircleId,
      beforePosition: after ? decodeAuditCursor(after) : undefined,
      limit: limit + 1,
    });
    const edges = rows.slice(0, limit).map((node) => ({ node, cursor: encodeAuditCursor(node.position) }));
    return { edges, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  /** A stub `{ id }` of the user who caused the event; identity resolves the rest. */
  @FieldResolver(() => User, { nullable: true })
  actor(@Root() entry: AuditEntry): User | null {
    return entry.actorId ? { id: entry.actorId } : null;
  }
}
