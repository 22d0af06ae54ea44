import { ForbiddenError, requireUser } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DateTimeResolver } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireUuid } from '../common/validate';
import type { IdentityContext } from '../IdentityContext';
import { CareCircle } from './CareCircle.entity';
import { createCareCircle } from './createCareCircle';
import { findCircleForMember } from './findCircleForMember';
import { CreateCareCircleInput } from './inputs';
import { leaveCareCircle } from './leaveCareCircle';
import { Membership } from './Membership.entity';
import { removeMember } from './removeMember';
import { Role } from './Role';

/** An invitee reaches a CareCircle through their Invitation; beyond id and name, members only. */
async function requireMember(context: IdentityContext, circle: CareCircle): Promise<void> {
  if (!(await context.circles.roleIn(circle.id))) throw new ForbiddenError('You are not a member of this care circle.');
}

@Resolver(() => CareCircle)
export class CareCircleResolver {
  @Query(() => CareCircle, { nullable: true, description: 'A care circle the caller belongs to.' })
  careCircle(@Arg('id', () => ID) id: string, @Ctx() context: IdentityContext): Promise<CareCircle> {
    return findCircleForMember(context, requireUuid(id, 'id'));
  }

  @Mutation(() => CareCircle, { description: 'Creates a care circle owned by the caller.' })
  createCareCircle(@Arg('input') input: CreateCareCircleInput, @Ctx() context: IdentityContext): Promise<CareCircle> {
    return createCareCircle(context.em as EntityManager, requireUser(context), input, context.eventContext);
  }

  @Mutation(() => Boolean, { description: 'OWNER only; never the last OWNER.' })
  removeMember(
    @Arg('careCircleId', () => ID) careCircleId: string,
    @Arg('userId', () => ID) userId: string,
    @Ctx() context: IdentityContext,
  ): Promise<boolean> {
    return removeMember(context.em as EntityManager, context.circles, requireUser(context), { careCircleId, userId }, context.eventContext);
  }

  @Mutation(() => Boolean, { description: 'The caller leaves; never the last OWNER.' })
  leaveCareCircle(@Arg('careCircleId', () => ID) careCircleId: string, @Ctx() context: IdentityContext): Promise<boolean> {
    return leaveCareCircle(context.em as EntityManager, context.circles, requireUser(context), careCircleId, context.eventContext);
  }

  @FieldResolver(() => [Membership])
  async members(@Root() circle: CareCircle, @Ctx() context: IdentityContext): Promise<Membership[]> {
    await requireMember(context, circle);
    return context.loaders.membershipsByCircle.load(circle.id);
  }

  @FieldResolver(() => Role, { nullable: true, description: "The caller's role in this circle; null when not a member." })
  myRole(@Root() circle: CareCircle, @Ctx() context: IdentityContext): Promise<Role | null> {
    return context.circles.roleIn(circle.id) as Promise<Role | null>;
  }

  @FieldResolver(() => DateTimeResolver)
  async createdAt(@Root() circle: CareCircle, @Ctx() context: IdentityContext): Promise<Date> {
    await requireMember(context, circle);
    return circle.createdAt;
  }
}
