import { LockMode } from '@mikro-orm/core';
import { ForbiddenError, IllegalStateError, NotFoundError, recordEvent, requireUser, WRITER_ROLES } from '@caregraph/shared';
import { CARE_SOURCE, type CareContext } from '../common/CareContext';
import { parseId } from '../common/validate';
import { recordTimelineEntry } from '../timeline/recordTimelineEntry';
import { Shift } from './Shift.entity';

/**
 * Checks out: only the caregiver who started the shift may end it (FORBIDDEN for anyone else,
 * including the circle's OWNER), and only once (ILLEGAL_STATE when already ended). Records
 * `shift.ended`.
 */
export async function endShift(ctx: CareContext, id: string): Promise<Shift> {
  const user = requireUser(ctx);
  const shiftId = parseId(id, 'id');
  const known = await ctx.loaders.shift.load(shiftId);
  if (!known) throw new NotFoundError('Shift', shiftId);
  await ctx.circles.require(known.careCircleId, WRITER_ROLES);
  if (known.caregiverId !== user.id) throw new ForbiddenError('Only the caregiver who started a shift can end it.');

  const shift = await ctx.em.transactional(async (em) => {
    const locked = await em.findOneOrFail(Shift, shiftId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (locked.endedAt) throw new IllegalStateError(`Shift ${shiftId} has already ended.`);
    locked.endedAt = new Date();
    const { careRecipientId, careCircleId } = locked;
    recordEvent(
      em,
      CARE_SOURCE,
      {
        type: 'shift.ended',
        aggregateType: 'Shift',
        aggregateId: shiftId,
        careCircleId,
        data: {
          shiftId,
          careRecipientId,
          careCircleId,
          caregiverId: locked.caregiverId,
          startedAt: locked.startedAt.toISOString(),
          endedAt: locked.endedAt.toISOString(),
        },
      },
      ctx.eventContext,
    );
    recordTimelineEntry(em, { careRecipientId, careCircleId, kind: 'shift.ended', text: 'Shift ended.', authorId: user.id }, ctx.eventContext);
    return locked;
  });
  ctx.loaders.shift.clear(shiftId).prime(shiftId, shift);
  return shift;
}
