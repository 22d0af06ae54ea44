import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { CareRecipient } from '../careRecipients/CareRecipient.entity';
import type { CareContext } from '../common/CareContext';
import { User } from '../references/User';
import { endShift } from './endShift';
import { Shift } from './Shift.entity';
import { startShift } from './startShift';

@Resolver(() => Shift)
export class ShiftResolver {
  @Mutation(() => Shift)
  startShift(@Arg('careRecipientId', () => ID) careRecipientId: string, @Ctx() ctx: CareContext): Promise<Shift> {
    return startShift(ctx, careRecipientId);
  }

  @Mutation(() => Shift)
  endShift(@Arg('id', () => ID) id: string, @Ctx() ctx: CareContext): Promise<Shift> {
    return endShift(ctx, id);
  }

  @FieldResolver(() => CareRecipient)
  async careRecipient(@Root() shift: Shift, @Ctx() ctx: CareContext): Promise<CareRecipient> {
    return (await ctx.loaders.careRecipient.load(shift.careRecipientId))!;
  }

  /** A stub `{ id }`: identity resolves the user's fields through the gateway. */
  @FieldResolver(() => User)
  caregiver(@Root() shift: Shift): User {
    return { id: shift.caregiverId };
  }
}
