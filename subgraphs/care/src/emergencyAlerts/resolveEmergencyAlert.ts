import { LockMode } from '@mikro-orm/core';
import { IllegalStateError, NotFoundError, recordEvent, requireUser, WRITER_ROLES } from '@caregraph/shared';
import { CARE_SOURCE, type CareContext } from '../common/CareContext';
import { parseId } from '../common/validate';
import { recordTimelineEntry } from '../timeline/recordTimelineEntry';
import { AlertStatus } from './AlertStatus';
import { EmergencyAlert } from './EmergencyAlert.entity';

/**
 * Resolves an OPEN alert (writers only) with the alert row locked, so two members resolving at
 * once give one `emergency.alert.resolved`; an already RESOLVED alert is ILLEGAL_STATE.
 */
export async function resolveEmergencyAlert(ctx: CareContext, id: string): Promise<EmergencyAlert> {
  const user = requireUser(ctx);
  const alertId = parseId(id, 'id');
  const known = await ctx.loaders.emergencyAlert.load(alertId);
  if (!known) throw new NotFoundError('EmergencyAlert', alertId);
  await ctx.circles.require(known.careCircleId, WRITER_ROLES);

  const alert = await ctx.em.transactional(async (em) => {
    const locked = await em.findOneOrFail(EmergencyAlert, alertId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (locked.status !== AlertStatus.OPEN) throw new IllegalStateError(`Emergency alert ${alertId} is already resolved.`);
    locked.status = AlertStatus.RESOLVED;
    locked.resolvedById = user.id;
    locked.resolvedAt = new Date();
    const { careRecipientId, careCircleId } = locked;
    recordEvent(
      em,
      CARE_SOURCE,
      {
        type: 'emergency.alert.resolved',
        aggregateType: 'EmergencyAlert',
        aggregateId: alertId,
        careCircleId,
        data: {
          alertId,
          careRecipientId,
          careCircleId,
          message: locked.message,
          status: locked.status,
          raisedBy: locked.raisedById,
          resolvedBy: user.id,
          resolvedAt: locked.resolvedAt.toISOString(),
        },
      },
      ctx.eventContext,
    );
    const text = `Emergency resolved: ${locked.message}`;
    recordTimelineEntry(em, { careRecipientId, careCircleId, kind: 'emergency.alert.resolved', text, authorId: user.id }, ctx.eventContext);
    return locked;
  });
  ctx.loaders.emergencyAlert.clear(alertId).prime(alertId, alert);
  ctx.loaders.alertsByRecipient.clearAll();
  return alert;
}
