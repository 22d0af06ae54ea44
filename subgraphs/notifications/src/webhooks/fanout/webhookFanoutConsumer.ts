import { randomUUID } from 'node:crypto';
import { isUuid, type CloudEvent, type ConsumerDefinition } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordDeliveryCommand } from '../deliveries/recordDeliveryCommand';
import { circleEventBindings } from '../eventTypes/circleEventTypes';
import { subscribesTo } from '../eventTypes/parseEventTypes';
import { Webhook } from '../webhook/Webhook.entity';

export interface WebhookFanoutOptions {
  /** An EntityManager of an ORM on the `notifications` schema. */
  em: EntityManager;
}

/**
 * The webhook fan-out (role `webhooks`, ADR 0014): for each event of a care circle's log that
 * some of the circle's webhooks subscribe to, one `webhook_delivery` row per webhook (body: the
 * CloudEvent as published) and its `notifications.deliver_webhook` command, in the runtime's
 * transaction next to the inbox row. Bound to every domain of the circle log; notifications and
 * user events never match (subscribesTo). An event is sent to a webhook once: the inbox, and
 * behind it the unique (webhook, event).
 */
export function webhookFanoutConsumer(options: WebhookFanoutOptions): ConsumerDefinition {
  return {
    name: 'webhook-fanout',
    queue: 'notifications.webhook_fanout',
    bindings: circleEventBindings(),
    inboxSchema: 'notifications',
    em: options.em,
    async handle(event: CloudEvent, em: EntityManager) {
      const careCircleId = event.carecircleid?.toLowerCase();
      if (!careCircleId || !isUuid(careCircleId)) return;
      const webhooks = (await em.find(Webhook, { careCircleId })).filter((webhook) => subscribesTo(webhook.eventTypes, event.type));
      const context = { causationId: event.id, correlationId: event.correlationid, traceparent: event.traceparent };
      const body = JSON.stringify(event);
      for (const webhook of webhooks) {
        const inserted: unknown[] = await em.execute(
          `insert into "notifications"."webhook_delivery" ("id", "webhook_id", "event_id", "event_type", "body") values (?, ?, ?, ?, ?)
           on conflict ("webhook_id", "event_id") do nothing returning "id"`,
          [randomUUID(), webhook.id, event.id, event.type, body],
        );
        const [row] = inserted as { id: string }[];
        if (row) recordDeliveryCommand(em, row.id, careCircleId, context);
      }
    },
  };
}
