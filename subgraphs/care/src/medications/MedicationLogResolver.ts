import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { CareContext } from '../common/CareContext';
import { User } from '../references/User';
import { logMedication, LogMedicationInput } from './logMedication';
import { Medication } from './Medication.entity';
import { MedicationLog } from './MedicationLog.entity';

@Resolver(() => MedicationLog)
export class MedicationLogResolver {
  @Mutation(() => MedicationLog)
  logMedication(@Arg('input', () => LogMedicationInput) input: LogMedicationInput, @Ctx() ctx: CareContext): Promise<MedicationLog> {
    return logMedication(ctx, input);
  }

  @FieldResolver(() => Medication)
  async medication(@Root() log: MedicationLog, @Ctx() ctx: CareContext): Promise<Medication> {
    return (await ctx.loaders.medication.load(log.medicationId))!;
  }

  /** A stub `{ id }`: identity resolves the user's fields through the gateway. */
  @FieldResolver(() => User)
  loggedBy(@Root() log: MedicationLog): User {
    return { id: log.loggedById };
  }
}
