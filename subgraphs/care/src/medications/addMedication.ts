import { randomUUID } from 'node:crypto';
import { NotFoundError, recordEvent, requireUser, WRITER_ROLES } from '@caregraph/shared';
import { Field, ID, InputType, Int } from 'type-graphql';
import { CARE_SOURCE, type CareContext } from '../common/CareContext';
import { parseId, parseScheduleTimes, requireNonNegative, requireText } from '../common/validate';
import { scheduleNextDose } from '../reminders/scheduleNextDose';
import { recordTimelineEntry } from '../timeline/recordTimelineEntry';
import { Medication } from './Medication.entity';

@InputType()
export class AddMedicationInput {
  @Field(() => ID)
  careRecipientId!: string;

  @Field()
  name!: string;

  @Field()
  dosage!: string;

  @Field(() => [String])
  scheduleTimes!: string[];

  @Field(() => Int)
  supplyRemaining!: number;

  @Field(() => Int)
  refillThreshold!: number;
}

/** Adds a medication to a care recipient (writers only), records `medication.added` and schedules its first reminder. */
export async function addMedication(ctx: CareContext, input: AddMedicationInput): Promise<Medication> {
  const user = requireUser(ctx);
  const careRecipientId = parseId(input.careRecipientId, 'careRecipientId');
  const recipient = await ctx.loaders.careRecipient.load(careRecipientId);
  if (!recipient) throw new NotFoundError('CareRecipient', careRecipientId);
  await ctx.circles.require(recipient.careCircleId, WRITER_ROLES);
  const fields = {
    name: requireText(input.name, 'name'),
    dosage: requireText(input.dosage, 'dosage'),
    scheduleTimes: parseScheduleTimes(input.scheduleTimes),
    supplyRemaining: requireNonNegative(input.supplyRemaining, 'supplyRemaining'),
    refillThreshold: requireNonNegative(input.refillThreshold, 'refillThreshold'),
  };

  const medication = await ctx.em.transactional(async (em) => {
    const created = em.create(Medication, { id: randomUUID(), careRecipientId, careCircleId: recipient.careCircleId, ...fields });
    recordEvent(
      em,
      CARE_SOURCE,
      {
        type: 'medication.added',
        aggregateType: 'Medication',
        aggregateId: created.id,
        careCircleId: recipient.careCircleId,
        data: { medicationId: created.id, careRecipientId, ...fields },
      },
      ctx.eventContext,
    );
    const text = `Medication ${fields.name} (${fields.dosage}) added.`;
    recordTimelineEntry(em, { careRecipientId, careCircleId: recipient.careCircleId, kind: 'medication.added', text, authorId: user.id }, ctx.eventContext);
    await scheduleNextDose(em, created, recipient.timeZone, new Date(), ctx.eventContext);
    return created;
  });
  ctx.loaders.medication.prime(medication.id, medication);
  ctx.loaders.medicationsByRecipient.clear(careRecipientId);
  return medication;
}
