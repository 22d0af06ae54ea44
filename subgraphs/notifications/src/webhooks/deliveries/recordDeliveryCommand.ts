import { recordEvent, type CloudEvent, type EventContext } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { NOTIFICATIONS_SOURCE } from '../../common/NotificationsContext';

/** The command that makes the delivery consumer send one delivery (ADR 0014). */
export const DELIVER_WEBHOOK = 'notifications.deliver_webhook';

/** Its data: which delivery (the rest is in `notifications.webhook_delivery`). */
export interface DeliverWebhook {
  deliveryId: string;
}

/**
 * Records `notifications.deliver_webhook` for the delivery in the notifications outbox, on
 * `commands`, inside the caller's transaction: the delivery row and its command commit together.
 * Each delivery is its own aggregate, so one slow receiver holds back no other delivery.
 */
export function recordDeliveryCommand(em: EntityManager, deliveryId: string, careCircleId: string, context: EventContext): CloudEvent {
  const data: DeliverWebhook = { deliveryId };
  return recordEvent(
    em,
    NOTIFICATIONS_SOURCE,
    { type: 'notifications.deliver_webhook', exchange: 'commands', aggregateType: 'WebhookDelivery', aggregateId: deliveryId, careCircleId, data: { ...data } },
    context,
  );
}
