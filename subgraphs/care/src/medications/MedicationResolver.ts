import type { FilterQuery } from '@mikro-orm/core';
import { Arg, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import { CareRecipient } from '../careRecipients/CareRecipient.entity';
import type { CareContext } from '../common/CareContext';
import { decodeCursor, encodeCursor, pageSize } from '../common/cursor';
import { addMedication, AddMedicationInput } from './addMedication';
import { Medication } from './Medication.entity';
import { MedicationLog } from './MedicationLog.entity';
import { MedicationLogConnection } from './MedicationLogConnection';

@Resolver(() => Medication)
export class MedicationResolver {
  @Mutation(() => Medication)
  addMedication(@Arg('input', () => AddMedicationInput) input: AddMedicationInput, @Ctx() ctx: CareContext): Promise<Medication> {
    return addMedication(ctx, input);
  }

  @FieldResolver(() => CareRecipient)
  async careRecipient(@Root() medication: Medication, @Ctx() ctx: CareContext): Promise<CareRecipient> {
    return (await ctx.loaders.careRecipient.load(medication.careRecipientId))!;
  }

  /** Newest first; the cursor is (loggedAt, id), so equal timestamps still page without gaps. */
  @FieldResolver(() => MedicationLogConnection)
  async logs(
    @Root() medication: Medication,
    @Ctx() ctx: CareContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<MedicationLogConnection> {
    const limit = pageSize(first ?? 20);
    const where: FilterQuery<MedicationLog> = { medicationId: medication.id };
    if (after) {
      const { at, id } = decodeCursor(after);
      where.$or = [{ loggedAt: { $lt: at } }, { loggedAt: at, id: { $lt: id } }];
    }
    const rows = await ctx.em.find(MedicationLog, where, { orderBy: { loggedAt: 'desc', id: 'desc' }, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const edges = page.map((node) => ({ node, cursor: encodeCursor({ at: node.loggedAt, id: node.id }) }));
    return { edges, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null } };
  }
}
