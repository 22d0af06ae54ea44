import { LockMode } from '@mikro-orm/core';
import { cancelScheduled, IllegalStateError, NotFoundError, recordEvent, requireUser, WRITER_ROLES } from '@caregraph/shared';
import { CARE_SOURCE, type CareContext } from '../common/CareContext';
import { parseId } from '../common/validate';
import { reminderCancelKey } from '../reminders/reminderCancelKey';
import { recordTimelineEntry } from '../timeline/recordTimelineEntry';
import { Medication } from './Medication.entity';

/**
 * Stops a medication (writers only), with its row locked: cancels its pending reminder and
 * records `medication.stopped`. A reminder already due when it stopped finds it stopped and is
 * skipped. Stopping it twice is ILLEGAL_STATE.
 */
export async function stopMedication(ctx: CareContext, id: string): Promise<Medication> {
  const user = requireUser(ctx);
  const medicationId = parseId(id, 'id');
  const known = await ctx.loaders.medication.load(medicationId);
  if (!known) throw new NotFoundError('Medication', medicationId);
  await ctx.circles.require(known.careCircleId, WRITER_ROLES);

  const medication = await ctx.em.transactional(async (em) => {
    const locked = await em.findOneOrFail(Medication, medicationId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (locked.stoppedAt) throw new IllegalStateError(`Medication ${medicationId} is already stopped.`);
    locked.stoppedAt = new Date();
    locked.nextDoseAt = null;
    await cancelScheduled(em, reminderCancelKey(medicationId));
    const { careRecipientId, careCircleId, name } = locked;
    recordEvent(
      em,
      CARE_SOURCE,
      {
        type: 'medication.stopped',
        aggregateType: 'Medication',
        aggregateId: medicationId,
        careCircleId,
        data: { medicationId, careRecipientId, name, stoppedBy: user.id, stoppedAt: locked.stoppedAt.toISOString() },
      },
      ctx.eventContext,
    );
    recordTimelineEntry(em, { careRecipientId, careCircleId, kind: 'medication.stopped', text: `Medication ${name} stopped.`, authorId: user.id }, ctx.eventContext);
    return locked;
  });
  ctx.loaders.medication.clear(medicationId).prime(medicationId, medication);
  ctx.loaders.medicationsByRecipient.clear(medication.careRecipientId);
  return medication;
}
