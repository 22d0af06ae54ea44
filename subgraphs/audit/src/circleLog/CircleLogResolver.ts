import { pageSize, parseId, requireUser, type SubgraphContext } from '@caregraph/shared';
import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { decodeCircleLogCursor } from './circleLogCursor';
import { DomainEventConnection } from './DomainEvent';
import { findCircleLog } from './findCircleLog';

@Resolver()
export class CircleLogResolver {
  /**
   * The circle's events in log order (oldest first), for every member (the same events
   * `careCircleEvents` streams to them); `after` takes a cursor of either. FORBIDDEN for
   * outsiders. Events appear once the audit consumer has stored them.
   */
  @Query(() => DomainEventConnection)
  async careCircleEventLog(
    @Arg('careCircleId', () => ID) careCircleId: string,
    @Ctx() ctx: SubgraphContext,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number | null,
  ): Promise<DomainEventConnection> {
    requireUser(ctx);
    const circleId = parseId(careCircleId, 'careCircleId');
    const limit = pageSize(first ?? 50, 500);
    const afterSequence = after ? decodeCircleLogCursor(after) : 0;
    await ctx.circles.require(circleId);
    const events = await findCircleLog(ctx.em, circleId, afterSequence, limit + 1);
    const edges = events.slice(0, limit).map((node) => ({ node, cursor: node.cursor }));
    return { edges, pageInfo: { hasNextPage: events.length > limit, endCursor: edges.at(-1)?.cursor ?? after ?? null } };
  }
}
