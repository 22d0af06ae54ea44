import { parseId, PermanentError, type CloudEvent, type ConsumerAttempt, type ConsumerDefinition, type Logger } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DeliveryStatus } from '../deliveries/DeliveryStatus';
import { DELIVER_WEBHOOK } from '../deliveries/recordDeliveryCommand';
import { recordDeliveryAttempt } from '../deliveries/recordDeliveryAttempt';
import { WebhookDelivery } from '../deliveries/WebhookDelivery.entity';
import type { WebhookSettings } from '../settings/webhookSettings';
import { Webhook } from '../webhook/Webhook.entity';
import { sendDelivery, type SendOutcome } from './sendDelivery';
import { WebhookDeliveryFailedError } from './WebhookDeliveryFailedError';

export interface WebhookDeliveryOptions {
  /** An EntityManager of an ORM on the `notifications` schema: the runtime's inbox transaction. */
  em: EntityManager;
  /**
   * An EntityManager of a second ORM on that database, with its own connection pool: each
   * attempt is committed there at once (recordDeliveryAttempt). Not `em`: the handler's
   * transaction rolls back when it throws for a retry, and a handler holding one connection
   * of a pool while waiting for another of the same pool can deadlock under load.
   */
  attempts: EntityManager;
  settings: Pick<WebhookSettings, 'development' | 'timeoutMs' | 'retryDelaysMs' | 'maxResponseBytes'>;
}

/**
 * The webhook delivery consumer (role `webhooks`, ADR 0014): for each
 * `notifications.deliver_webhook` it POSTs the delivery (sendDelivery) and records the attempt.
 * A 2xx answer makes it DELIVERED. Otherwise the attempt is recorded PENDING with its next
 * attempt time and the handler throws, so the runtime retries after the next delay of
 * `WEBHOOK_RETRY_DELAYS_MS`; on the last attempt, or at once for a URL no longer allowed, it is
 * recorded FAILED and the command goes to `dlq.notifications.webhooks`. A delivery already
 * DELIVERED, or gone with its webhook, is not sent (a replay sets it PENDING again first).
 */
export function webhookDeliveryConsumer(options: WebhookDeliveryOptions): ConsumerDefinition {
  const { settings } = options;
  return {
    name: 'webhook-delivery',
    queue: 'notifications.webhooks',
    exchange: 'commands',
    bindings: [DELIVER_WEBHOOK],
    inboxSchema: 'notifications',
    em: options.em,
    retryDelaysMs: settings.retryDelaysMs,
    async handle(command: CloudEvent, em: EntityManager, logger: Logger, attempt: ConsumerAttempt = { number: 1 }) {
      const deliveryId = parseId(String(command.data?.deliveryId ?? ''), 'deliveryId');
      const delivery = await em.findOne(WebhookDelivery, deliveryId, { populate: ['body'] });
      const webhook = delivery && (await em.findOne(Webhook, delivery.webhookId, { populate: ['secret'] }));
      if (!delivery || !webhook || delivery.status === DeliveryStatus.DELIVERED) {
        logger.info({ deliveryId, status: delivery?.status ?? 'gone' }, 'Webhook delivery not sent: delivered already or deleted');
        return;
      }
      const attemptedAt = new Date();
      const outcome = await sendDelivery({ url: webhook.url, secret: webhook.secret, eventId: delivery.eventId, body: delivery.body }, settings);
      const retryDelayMs = outcome.delivered || outcome.permanent ? undefined : attempt.retryDelayMs;
      await recordDeliveryAttempt(options.attempts.getConnection(), {
        deliveryId,
        attemptedAt,
        statusCode: outcome.statusCode,
        latencyMs: outcome.latencyMs,
        error: outcome.error,
        status: statusAfter(outcome, retryDelayMs),
        nextAttemptAt: retryDelayMs === undefined ? undefined : new Date(Date.now() + retryDelayMs),
      });
      if (outcome.delivered) return;
      const message = `Webhook delivery ${deliveryId} (attempt ${attempt.number}) failed: ${outcome.error}`;
      throw outcome.permanent ? new PermanentError(message) : new WebhookDeliveryFailedError(message);
    },
  };
}

function statusAfter(outcome: SendOutcome, retryDelayMs: number | undefined): DeliveryStatus {
  if (outcome.delivered) return DeliveryStatus.DELIVERED;
  return retryDelayMs === undefined ? DeliveryStatus.FAILED : DeliveryStatus.PENDING;
}
