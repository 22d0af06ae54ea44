import { randomUUID } from 'node:crypto';
import { recordEvent } from '@caregraph/shared';
import { Field, ID, InputType } from 'type-graphql';
import { CARE_SOURCE, type CareContext } from '../common/CareContext';
import { loadRecipientForWrite } from '../common/loadRecipientForWrite';
import { requireText } from '../common/validate';
import { recordTimelineEntry } from '../timeline/recordTimelineEntry';
import { AlertStatus } from './AlertStatus';
import { EmergencyAlert } from './EmergencyAlert.entity';

@InputType()
export class RaiseEmergencyAlertInput {
  @Field(() => ID)
  careRecipientId!: string;

  @Field()
  message!: string;
}

/**
 * Raises an OPEN alert and records `emergency.alert.created` (notifications sends it to every
 * member on every channel). Writers only: a VIEWER reads and never writes, even here.
 */
export async function raiseEmergencyAlert(ctx: CareContext, input: RaiseEmergencyAlertInput): Promise<EmergencyAlert> {
  const { user, recipient } = await loadRecipientForWrite(ctx, input.careRecipientId, 'careRecipientId');
  const message = requireText(input.message, 'message', 2000);
  const { careCircleId, id: careRecipientId } = recipient;

  const alert = await ctx.em.transactional(async (em) => {
    const created = em.create(EmergencyAlert, { id: randomUUID(), careRecipientId, careCircleId, message, status: AlertStatus.OPEN, raisedById: user.id });
    recordEvent(
      em,
      CARE_SOURCE,
      {
        type: 'emergency.alert.created',
        aggregateType: 'EmergencyAlert',
        aggregateId: created.id,
        careCircleId,
        data: { alertId: created.id, careRecipientId, careCircleId, message, status: created.status, raisedBy: user.id, raisedAt: created.raisedAt.toISOString() },
      },
      ctx.eventContext,
    );
    recordTimelineEntry(em, { careRecipientId, careCircleId, kind: 'emergency.alert.created', text: `Emergency: ${message}`, authorId: user.id }, ctx.eventContext);
    return created;
  });
  ctx.loaders.emergencyAlert.prime(alert.id, alert);
  ctx.loaders.alertsByRecipient.clearAll();
  return alert;
}
