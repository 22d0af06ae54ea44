import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { ConflictError, recordEvent } from '@caregraph/shared';
import { CARE_SOURCE, type CareContext } from '../common/CareContext';
import { loadRecipientForWrite } from '../common/loadRecipientForWrite';
import { recordTimelineEntry } from '../timeline/recordTimelineEntry';
import { Shift } from './Shift.entity';

const ONE_OPEN_SHIFT = 'shift_one_open_per_caregiver_and_recipient';

/**
 * Checks the caller in with a care recipient (writers only) and records `shift.started`.
 * A second open shift of the same caregiver and recipient is CONFLICT: the partial unique
 * index decides, so concurrent calls cannot both succeed.
 */
export async function startShift(ctx: CareContext, careRecipientIdInput: string): Promise<Shift> {
  const { user, recipient } = await loadRecipientForWrite(ctx, careRecipientIdInput, 'careRecipientId');
  const { careCircleId, id: careRecipientId } = recipient;
  try {
    const shift = await ctx.em.transactional(async (em) => {
      const created = em.create(Shift, { id: randomUUID(), careRecipientId, careCircleId, caregiverId: user.id });
      recordEvent(
        em,
        CARE_SOURCE,
        {
          type: 'shift.started',
          aggregateType: 'Shift',
          aggregateId: created.id,
          careCircleId,
          data: { shiftId: created.id, careRecipientId, careCircleId, caregiverId: user.id, startedAt: created.startedAt.toISOString() },
        },
        ctx.eventContext,
      );
      recordTimelineEntry(em, { careRecipientId, careCircleId, kind: 'shift.started', text: 'Shift started.', authorId: user.id }, ctx.eventContext);
      return created;
    });
    ctx.loaders.shift.prime(shift.id, shift);
    return shift;
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException && (error as { constraint?: string }).constraint === ONE_OPEN_SHIFT) {
      throw new ConflictError('You already have an open shift with this care recipient; end it first.', 'careRecipientId');
    }
    throw error;
  }
}
