import { NotFoundError, parseId } from '@caregraph/shared';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Webhook } from '../webhook/Webhook.entity';
import { DeliveryStatus } from './DeliveryStatus';
import { recordDeliveryCommand } from './recordDeliveryCommand';
import { WebhookDelivery } from './WebhookDelivery.entity';

/** What was queued again. */
export interface ReplayedDelivery {
  deliveryId: string;
  eventId: string;
  eventType: string;
  /** The receiver's origin (its path and query can hold a token, so they are left out). */
  origin: string;
  /** The status before the replay. */
  previousStatus: DeliveryStatus;
}

/**
 * Sends a delivery again (`npm run ops -- webhook:replay <deliveryId>`), whatever its status:
 * sets it PENDING, due now, and records a new `notifications.deliver_webhook` command in the
 * same transaction, which the relay publishes and the delivery consumer sends with a fresh
 * retry schedule. The same body and `webhook-id` go out, so a receiver that has it already can
 * drop it. NOT_FOUND for an unknown id (also once its webhook is deleted).
 */
export async function replayWebhookDelivery(em: EntityManager, id: string): Promise<ReplayedDelivery> {
  const deliveryId = parseId(id, 'deliveryId');
  return em.fork().transactional(async (tx) => {
    const delivery = await tx.findOne(WebhookDelivery, deliveryId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!delivery) throw new NotFoundError('WebhookDelivery', deliveryId);
    const webhook = await tx.findOneOrFail(Webhook, delivery.webhookId);
    const previousStatus = delivery.status;
    delivery.status = DeliveryStatus.PENDING;
    delivery.nextAttemptAt = new Date();
    recordDeliveryCommand(tx, delivery.id, webhook.careCircleId, {});
    return { deliveryId, eventId: delivery.eventId, eventType: delivery.eventType, origin: new URL(webhook.url).origin, previousStatus };
  });
}
