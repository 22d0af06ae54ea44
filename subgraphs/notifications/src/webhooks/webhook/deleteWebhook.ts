import { NotFoundError, parseId, recordEvent, requireUser } from '@caregraph/shared';
import { NOTIFICATIONS_SOURCE, type NotificationsContext } from '../../common/NotificationsContext';
import { Webhook } from './Webhook.entity';
import { webhookEvents } from './webhookEvents';

/**
 * An OWNER of its circle removes a webhook, with its deliveries and their attempts (cascade),
 * and records `webhook.deleted`. A delivery already queued then finds nothing and sends nothing.
 */
export async function deleteWebhook(ctx: NotificationsContext, id: string): Promise<boolean> {
  requireUser(ctx);
  const webhookId = parseId(id, 'id');
  return ctx.em.transactional(async (em) => {
    const webhook = await em.findOne(Webhook, webhookId);
    if (!webhook) throw new NotFoundError('Webhook', webhookId);
    await ctx.circles.require(webhook.careCircleId, ['OWNER']);
    em.remove(webhook);
    recordEvent(
      em,
      NOTIFICATIONS_SOURCE,
      { type: webhookEvents.deleted, aggregateType: 'Webhook', aggregateId: webhook.id, careCircleId: webhook.careCircleId, data: { webhookId: webhook.id, origin: new URL(webhook.url).origin } },
      ctx.eventContext,
    );
    return true;
  });
}
