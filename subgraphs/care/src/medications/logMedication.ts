import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import { IllegalStateError, NotFoundError, recordEvent, requireUser, WRITER_ROLES } from '@caregraph/shared';
import { Field, ID, InputType } from 'type-graphql';
import { CARE_SOURCE, type CareContext } from '../common/CareContext';
import { optionalText, parseId } from '../common/validate';
import { recordTimelineEntry } from '../timeline/recordTimelineEntry';
import { Medication } from './Medication.entity';
import { MedicationLog } from './MedicationLog.entity';
import { MedicationLogStatus } from './MedicationLogStatus';

@InputType()
export class LogMedicationInput {
  @Field(() => ID)
  medicationId!: string;

  @Field(() => MedicationLogStatus)
  status!: MedicationLogStatus;

  @Field(() => String, { nullable: true })
  note?: string | null;
}

/**
 * Logs a dose (writers only). In one transaction, with the medication row locked
 * (`SELECT … FOR UPDATE`, so concurrent logs never lose a decrement): writes the log,
 * takes one from the supply when GIVEN, and records `medication.logged`, plus
 * `medication.refill_needed` when a GIVEN dose leaves supply ≤ threshold.
 * GIVEN with no supply left is ILLEGAL_STATE: the input is fine, the stock is not.
 */
export async function logMedication(ctx: CareContext, input: LogMedicationInput): Promise<MedicationLog> {
  const user = requireUser(ctx);
  const medicationId = parseId(input.medicationId, 'medicationId');
  const note = optionalText(input.note, 'note', 2000) ?? null;
  const known = await ctx.loaders.medication.load(medicationId);
  if (!known) throw new NotFoundError('Medication', medicationId);
  await ctx.circles.require(known.careCircleId, WRITER_ROLES);

  const { log, medication } = await ctx.em.transactional(async (em) => {
    const medication = await em.findOneOrFail(Medication, medicationId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    const given = input.status === MedicationLogStatus.GIVEN;
    if (given) {
      if (medication.supplyRemaining <= 0) throw new IllegalStateError(`Medication ${medicationId} has no supply left to give.`);
      medication.supplyRemaining -= 1;
    }
    const log = em.create(MedicationLog, {
      id: randomUUID(),
      medicationId,
      careRecipientId: medication.careRecipientId,
      careCircleId: medication.careCircleId,
      status: input.status,
      note,
      loggedById: user.id,
    });
    const common = { aggregateType: 'Medication', aggregateId: medicationId, careCircleId: medication.careCircleId };
    const ids = { medicationId, careRecipientId: medication.careRecipientId };
    recordEvent(
      em,
      CARE_SOURCE,
      {
        ...common,
        type: 'medication.logged',
        data: { logId: log.id, ...ids, status: log.status, note, supplyRemaining: medication.supplyRemaining, loggedBy: user.id, loggedAt: log.loggedAt.toISOString() },
      },
      ctx.eventContext,
    );
    if (given && medication.supplyRemaining <= medication.refillThreshold) {
      recordEvent(
        em,
        CARE_SOURCE,
        { ...common, type: 'medication.refill_needed', data: { ...ids, supplyRemaining: medication.supplyRemaining, refillThreshold: medication.refillThreshold } },
        ctx.eventContext,
      );
    }
    const text = `${medication.name} ${log.status.toLowerCase()}${note ? `: ${note}` : '.'}`;
    recordTimelineEntry(em, { ...ids, careCircleId: medication.careCircleId, kind: 'medication.logged', text, authorId: user.id }, ctx.eventContext);
    return { log, medication };
  });
  ctx.loaders.medication.clear(medicationId).prime(medicationId, medication);
  ctx.loaders.medicationLog.prime(log.id, log);
  return log;
}
