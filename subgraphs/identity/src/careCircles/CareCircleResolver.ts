import { requireUser } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireUuid } from '../common/validate';
import type { IdentityContext } from '../IdentityContext';
import { addMember } from './addMember';
import { CareCircle } from './CareCircle.entity';
import { createCareCircle } from './createCareCircle';
import { findCircleForMember } from './findCircleForMember';
import { AddMemberInput, CreateCareCircleInput } from './inputs';
import { Membership } from './Membership.entity';

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

  @Mutation(() => Membership, { description: 'OWNER only; the user must have signed up.' })
  addMember(@Arg('input') input: AddMemberInput, @Ctx() context: IdentityContext): Promise<Membership> {
    requireUser(context);
    return addMember(context.em as EntityManager, context.circles, input, context.eventContext);
  }

  @FieldResolver(() => [Membership])
  members(@Root() circle: CareCircle, @Ctx() context: IdentityContext): Promise<Membership[]> {
    return context.loaders.membershipsByCircle.load(circle.id);
  }
}
