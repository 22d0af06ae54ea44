import { requireUser } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CareCircle } from '../careCircles/CareCircle.entity';
import { Membership } from '../careCircles/Membership.entity';
import type { IdentityContext } from '../IdentityContext';
import { User } from '../users/User.entity';
import { acceptInvitation } from './acceptInvitation';
import { declineInvitation } from './declineInvitation';
import { InviteMemberInput } from './inputs';
import { Invitation } from './Invitation.entity';
import { inviteMember } from './inviteMember';
import { myInvitations } from './myInvitations';

/**
 * Invitations reach only their OWNER (from inviteMember) and their invitee (myInvitations), so
 * the invitee may read the circle's id and name through one; CareCircle's other fields check
 * membership themselves.
 */
@Resolver(() => Invitation)
export class InvitationResolver {
  @Query(() => [Invitation], { description: "The caller's pending invitations." })
  myInvitations(@Ctx() context: IdentityContext): Promise<Invitation[]> {
    return myInvitations(context.em as EntityManager, requireUser(context));
  }

  @Mutation(() => Invitation, { description: 'OWNER only (replaces addMember); the same answer whether or not the email has an account.' })
  inviteMember(@Arg('input') input: InviteMemberInput, @Ctx() context: IdentityContext): Promise<Invitation> {
    const caller = requireUser(context);
    return inviteMember(context.em as EntityManager, context.circles, caller, input, context.settings.invitationTtlHours, context.eventContext);
  }

  @Mutation(() => Membership, { description: 'The invitee only.' })
  acceptInvitation(@Arg('id', () => ID) id: string, @Ctx() context: IdentityContext): Promise<Membership> {
    return acceptInvitation(context.em as EntityManager, requireUser(context), id, context.eventContext);
  }

  @Mutation(() => Boolean, { description: 'The invitee only.' })
  declineInvitation(@Arg('id', () => ID) id: string, @Ctx() context: IdentityContext): Promise<boolean> {
    return declineInvitation(context.em as EntityManager, requireUser(context), id, context.eventContext);
  }

  @FieldResolver(() => CareCircle)
  async careCircle(@Root() invitation: Invitation, @Ctx() context: IdentityContext): Promise<CareCircle> {
    const circle = await context.loaders.careCircleById.load(invitation.careCircle.id);
    if (!circle) throw new Error(`Invitation ${invitation.id} points at a missing care circle.`);
    return circle;
  }

  @FieldResolver(() => User)
  async invitedBy(@Root() invitation: Invitation, @Ctx() context: IdentityContext): Promise<User> {
    const user = await context.loaders.userById.load(invitation.invitedBy.id);
    if (!user) throw new Error(`Invitation ${invitation.id} points at a missing user.`);
    return user;
  }
}
