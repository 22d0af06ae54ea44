import type { NotificationsContext } from '../../common/NotificationsContext';
import { newestFirstPage, type PageArgs } from '../../common/newestFirstPage';
import type { Webhook } from '../webhook/Webhook.entity';
import { WebhookDelivery } from './WebhookDelivery.entity';
import type { WebhookDeliveryConnection } from './WebhookDeliveryConnection';

/**
 * A page of the webhook's deliveries, newest first, for an OWNER of its circle (checked again
 * here, though a Webhook is only reached through OWNER-only fields).
 */
export async function webhookDeliveries(ctx: NotificationsContext, webhook: Webhook, args: PageArgs): Promise<WebhookDeliveryConnection> {
  await ctx.circles.require(webhook.careCircleId, ['OWNER']);
  return newestFirstPage(ctx.em, WebhookDelivery, { webhookId: webhook.id }, args);
}
