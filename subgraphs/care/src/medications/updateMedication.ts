import { LockMode } from '@mikro-orm/core';
import { IllegalStateError, NotFoundError, recordEvent, requireUser, WRITER_ROLES } from '@caregraph/shared';
import { Field, ID, InputType, Int } from 'type-graphql';
import { CARE_SOURCE, type CareContext } from '../common/CareContext';
import { changedFields } from '../common/changedFields';
import { parseId, parseScheduleTimes, requireNonNegative, requireText } from '../common/validate';
import { CareRecipient } from '../careRecipients/CareRecipient.entity';
import { scheduleNextDose } from '../reminders/scheduleNextDose';
import { recordTimelineEntry } from '../timeline/recordTimelineEntry';
import { Medication } from './Medication.entity';

/** Omitted (or null) fields stay as they are. */
@InputType()
export class UpdateMedicationInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  dosage?: string | null;

  @Field(() => [String], { nullable: true })
  scheduleTimes?: string[] | null;

  @Field(() => Int, { nullable: true })
  supplyRemaining?: number | null;

  @Field(() => Int, { nullable: true })
  refillThreshold?: number | null;
}

type Changes = Partial<Pick<Medication, 'name' | 'dosage' | 'scheduleTimes' | 'supplyRemaining' | 'refillThreshold'>>;

function parseChanges(input: UpdateMedicationInput): Changes {
  const changes: Changes = {};
  if (input.name != null) changes.name = requireText(input.name, 'name');
  if (input.dosage != null) changes.dosage = requireText(input.dosage, 'dosage');
  if (input.scheduleTimes != null) changes.scheduleTimes = parseScheduleTimes(input.scheduleTimes);
  if (input.supplyRemaining != null) changes.supplyRemaining = requireNonNegative(input.supplyRemaining, 'supplyRemaining');
  if (input.refillThreshold != null) changes.refillThreshold = requireNonNegative(input.refillThreshold, 'refillThreshold');
  return changes;
}

/**
 * Changes a medication that is not stopped (writers only), with its row locked, and records
 * `medication.updated` with the fields that changed; a request that changes nothing records
 * nothing. A new schedule cancels the pending reminder by key (a superseded row never
 * publishes) and schedules the next dose of the new schedule in the recipient's zone.
 */
export async function updateMedication(ctx: CareContext, input: UpdateMedicationInput): Promise<Medication> {
  const user = requireUser(ctx);
  const medicationId = parseId(input.id, 'id');
  const requested = parseChanges(input);
  const known = await ctx.loaders.medication.load(medicationId);
  if (!known) throw new NotFoundError('Medication', medicationId);
  await ctx.circles.require(known.careCircleId, WRITER_ROLES);

  const medication = await ctx.em.transactional(async (em) => {
    const locked = await em.findOneOrFail(Medication, medicationId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (locked.stoppedAt) throw new IllegalStateError(`Medication ${medicationId} is stopped.`);
    const changed: Changes = changedFields(locked, requested);
    if (Object.keys(changed).length === 0) return locked;
    Object.assign(locked, changed);
    const { careRecipientId, careCircleId } = locked;
    recordEvent(
      em,
      CARE_SOURCE,
      { type: 'medication.updated', aggregateType: 'Medication', aggregateId: medicationId, careCircleId, data: { medicationId, careRecipientId, ...changed } },
      ctx.eventContext,
    );
    const text = `Medication ${locked.name} was updated (${Object.keys(changed).join(', ')}).`;
    recordTimelineEntry(em, { careRecipientId, careCircleId, kind: 'medication.updated', text, authorId: user.id }, ctx.eventContext);
    if (changed.scheduleTimes) {
      const recipient = await em.findOneOrFail(CareRecipient, careRecipientId);
      await scheduleNextDose(em, locked, recipient.timeZone, new Date(), ctx.eventContext);
    }
    return locked;
  });
  ctx.loaders.medication.clear(medicationId).prime(medicationId, medication);
  ctx.loaders.medicationsByRecipient.clear(medication.careRecipientId);
  return medication;
}
