import { LockMode } from '@mikro-orm/core';
import { recordEvent } from '@caregraph/shared';
import { Field, ID, InputType } from 'type-graphql';
import { CARE_SOURCE, type CareContext } from '../common/CareContext';
import { changedFields } from '../common/changedFields';
import { loadRecipientForWrite } from '../common/loadRecipientForWrite';
import { parsePastDate, parseTimeZone, requireText } from '../common/validate';
import { Medication } from '../medications/Medication.entity';
import { scheduleNextDose } from '../reminders/scheduleNextDose';
import { recordTimelineEntry } from '../timeline/recordTimelineEntry';
import { CareRecipient } from './CareRecipient.entity';

/** Omitted fields stay as they are; `dateOfBirth: null` clears it. */
@InputType()
export class UpdateCareRecipientInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  dateOfBirth?: string | null;

  @Field(() => String, { nullable: true })
  timeZone?: string | null;
}

type Changes = Partial<Pick<CareRecipient, 'name' | 'dateOfBirth' | 'timeZone'>>;

function parseChanges(input: UpdateCareRecipientInput): Changes {
  const changes: Changes = {};
  if (input.name != null) changes.name = requireText(input.name, 'name');
  if (input.dateOfBirth !== undefined) changes.dateOfBirth = parsePastDate(input.dateOfBirth, 'dateOfBirth') ?? null;
  if (input.timeZone != null) changes.timeZone = parseTimeZone(input.timeZone);
  return changes;
}

/**
 * Changes a care recipient's name, date of birth or time zone (writers only), with its row
 * locked, and records `care_recipient.updated` with the fields that changed; a request that
 * changes nothing records nothing. A new time zone moves the pending reminder of each of its
 * medications not stopped to the same local times in the new zone.
 */
export async function updateCareRecipient(ctx: CareContext, input: UpdateCareRecipientInput): Promise<CareRecipient> {
  const { user, recipient: known } = await loadRecipientForWrite(ctx, input.id, 'id');
  const requested = parseChanges(input);

  const recipient = await ctx.em.transactional(async (em) => {
    const locked = await em.findOneOrFail(CareRecipient, known.id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    const changed: Changes = changedFields(locked, requested);
    if (Object.keys(changed).length === 0) return locked;
    Object.assign(locked, changed);
    const { careCircleId } = locked;
    recordEvent(
      em,
      CARE_SOURCE,
      { type: 'care_recipient.updated', aggregateType: 'CareRecipient', aggregateId: locked.id, careCircleId, data: { careRecipientId: locked.id, careCircleId, ...changed } },
      ctx.eventContext,
    );
    const text = `${locked.name}'s details were updated (${Object.keys(changed).join(', ')}).`;
    recordTimelineEntry(em, { careRecipientId: locked.id, careCircleId, kind: 'care_recipient.updated', text, authorId: user.id }, ctx.eventContext);
    if (changed.timeZone) {
      const medications = await em.find(Medication, { careRecipientId: locked.id, stoppedAt: null }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      for (const medication of medications) await scheduleNextDose(em, medication, locked.timeZone, new Date(), ctx.eventContext);
    }
    return locked;
  });
  ctx.loaders.careRecipient.clear(recipient.id).prime(recipient.id, recipient);
  ctx.loaders.recipientsByCircle.clear(recipient.careCircleId);
  ctx.loaders.medicationsByRecipient.clear(recipient.id);
  ctx.loaders.medication.clearAll();
  return recipient;
}
