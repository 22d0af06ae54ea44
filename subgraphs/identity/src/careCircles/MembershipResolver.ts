import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { IdentityContext } from '../IdentityContext';
import { User } from '../users/User.entity';
import { Membership } from './Membership.entity';

@Resolver(() => Membership)
export class MembershipResolver {
  @FieldResolver(() => User)
  async user(@Root() membership: Membership, @Ctx() context: IdentityContext): Promise<User> {
    const user = await context.loaders.userById.load(membership.user.id);
    // The foreign key guarantees it; a miss means the row vanished mid-request.
    if (!user) throw new Error(`Membership ${membership.id} points at a missing user.`);
    return user;
  }
}
