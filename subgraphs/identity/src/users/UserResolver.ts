import { ForbiddenError, requireUser } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CareCircle } from '../careCircles/CareCircle.entity';
import { isSelf, type IdentityContext } from '../IdentityContext';
import { AuthPayload } from './AuthPayload';
import { LogInInput, SignUpInput, UpdateProfileInput } from './inputs';
import { logIn } from './logIn';
import { signUp } from './signUp';
import { updateProfile } from './updateProfile';
import { User } from './User.entity';

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { nullable: true, description: 'The signed-in user; null when anonymous.' })
  me(@Ctx() context: IdentityContext): Promise<User | null> {
    return context.user ? context.loaders.userById.load(context.user.id) : Promise.resolve(null);
  }

  @Mutation(() => AuthPayload)
  async signUp(@Arg('input') input: SignUpInput, @Ctx() context: IdentityContext): Promise<AuthPayload> {
    const payload = await signUp(context.em as EntityManager, input, context.tokens, context.eventContext, context.rateLimits, context.clientIp);
    context.selfIds.add(payload.user.id);
    return payload;
  }

  @Mutation(() => AuthPayload)
  async logIn(@Arg('input') input: LogInInput, @Ctx() context: IdentityContext): Promise<AuthPayload> {
    const payload = await logIn(context.em as EntityManager, input, context.tokens, context.rateLimits, context.clientIp);
    context.selfIds.add(payload.user.id);
    return payload;
  }

  @Mutation(() => User)
  updateProfile(@Arg('input') input: UpdateProfileInput, @Ctx() context: IdentityContext): Promise<User> {
    return updateProfile(context.em as EntityManager, requireUser(context), input, context.eventContext);
  }

  /**
   * Visible to the user themself and to anyone sharing a care circle with them. Others get a
   * FORBIDDEN error on this field rather than a fake value (the field is String!), so a client
   * never mistakes a placeholder for an address.
   */
  @FieldResolver(() => String)
  async email(@Root() user: User, @Ctx() context: IdentityContext): Promise<string> {
    if (isSelf(context, user.id)) return user.email;
    if (context.user && (await context.loaders.sharesCircleWith.load(user.id))) return user.email;
    throw new ForbiddenError('Only the user and members of their care circles may see this email.');
  }

  /** The caller's own circles; everyone else's list is empty. */
  @FieldResolver(() => [CareCircle])
  async careCircles(@Root() user: User, @Ctx() context: IdentityContext): Promise<CareCircle[]> {
    if (!isSelf(context, user.id)) return [];
    const memberships = await context.loaders.membershipsByUser.load(user.id);
    const circles = await context.loaders.careCircleById.loadMany(memberships.map((m) => m.careCircle.id));
    return circles.filter((circle): circle is CareCircle => circle instanceof CareCircle);
  }
}
