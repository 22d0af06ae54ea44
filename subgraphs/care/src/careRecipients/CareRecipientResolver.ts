import { NotFoundError, requireUser } from '@caregraph/shared';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { CareContext } from '../common/CareContext';
import { parseId } from '../common/validate';
import { Medication } from '../medications/Medication.entity';
import { CareCircle } from '../references/CareCircle';
import { addCareRecipient, AddCareRecipientInput } from './addCareRecipient';
import { CareRecipient } from './CareRecipient.entity';

@Resolver(() => CareRecipient)
export class CareRecipientResolver {
  /** Members of the owning circle only: NOT_FOUND for an unknown id, FORBIDDEN for outsiders. */
  @Query(() => CareRecipient, { nullable: true })
  async careRecipient(@Arg('id', () => ID) id: string, @Ctx() ctx: CareContext): Promise<CareRecipient> {
    requireUser(ctx);
    const recipientId = parseId(id, 'id');
    const recipient = await ctx.loaders.careRecipient.load(recipientId);
    if (!recipient) throw new NotFoundError('CareRecipient', recipientId);
    await ctx.circles.require(recipient.careCircleId);
    return recipient;
  }

  @Mutation(() => CareRecipient)
  addCareRecipient(@Arg('input', () => AddCareRecipientInput) input: AddCareRecipientInput, @Ctx() ctx: CareContext): Promise<CareRecipient> {
    return addCareRecipient(ctx, input);
  }

  @FieldResolver(() => CareCircle)
  careCircle(@Root() recipient: CareRecipient): CareCircle {
    return { id: recipient.careCircleId };
  }

  @FieldResolver(() => [Medication])
  medications(@Root() recipient: CareRecipient, @Ctx() ctx: CareContext): Promise<Medication[]> {
    return ctx.loaders.medicationsByRecipient.load(recipient.id);
  }
}
