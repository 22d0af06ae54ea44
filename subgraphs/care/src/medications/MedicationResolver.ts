import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { CareRecipient } from '../careRecipients/CareRecipient.entity';
import type { CareContext } from '../common/CareContext';
import { pageKey, toConnection } from '../common/connection';
import { addMedication, AddMedicationInput } from './addMedication';
import { Medication } from './Medication.entity';
import { MedicationLog } from './MedicationLog.entity';
import { MedicationLogConnection } from './MedicationLogConnection';
import { stopMedication } from './stopMedication';
import { updateMedication, UpdateMedicationInput } from './updateMedication';

@Resolver(() => Medication)
export class MedicationResolver {
  @Mutation(() => Medication)
  addMedication(@Arg('input', () => AddMedicationInput) input: AddMedicationInput, @Ctx() ctx: CareContext): Promise<Medication> {
    return addMedication(ctx, input);
  }

  /** Writers only; a new schedule replaces its pending reminder. */
  @Mutation(() => Medication)
  updateMedication(@Arg('input', () => UpdateMedicationInput) input: UpdateMedicationInput, @Ctx() ctx: CareContext): Promise<Medication> {
    return updateMedication(ctx, input);
  }

  /** Writers only; cancels its pending reminders. */
  @Mutation(() => Medication)
  stopMedication(@Arg('id', () => ID) id: string, @Ctx() ctx: CareContext): Promise<Medication> {
    return stopMedication(ctx, id);
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
    // Batched across every medication of the request: one statement for all their pages.
    const page = await ctx.loaders.logsByMedication.load(pageKey(medication.id, first, after));
    return toConnection(page, (node: MedicationLog) => ({ at: node.loggedAt, id: node.id }));
  }
}
