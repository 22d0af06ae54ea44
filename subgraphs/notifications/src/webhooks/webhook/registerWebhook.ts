import { randomUUID } from 'node:crypto';
import { parseId, recordEvent, requireUser, ValidationError, generateWebhookSecret } from '@caregraph/shared';
import { NOTIFICATIONS_SOURCE, type NotificationsContext } from '../../common/NotificationsContext';
import { parseEventTypes } from '../eventTypes/parseEventTypes';
import { checkWebhookUrl } from '../urls/checkWebhookUrl';
import type { RegisterWebhookInput } from './RegisterWebhookInput';
import { Webhook } from './Webhook.entity';
import { webhookEvents } from './webhookEvents';
import type { WebhookRegistration } from './WebhookRegistration';

/**
 * An OWNER subscribes a URL to some of their circle's events: checks the event types and the
 * URL (outside development: https to public addresses only), then, under a per-circle lock so
 * concurrent registrations cannot pass the cap together, stores the webhook with a new secret
 * and records `webhook.registered`. The secret is returned this once.
 */
export async function registerWebhook(ctx: NotificationsContext, input: RegisterWebhookInput): Promise<WebhookRegistration> {
  const user = requireUser(ctx);
  const careCircleId = parseId(input.careCircleId, 'careCircleId');
  await ctx.circles.require(careCircleId, ['OWNER']);
  const { development, maxPerCircle } = ctx.webhookSettings;
  const eventTypes = parseEventTypes(input.eventTypes);
  const url = await checkWebhookUrl(input.url, development);
  const secret = generateWebhookSecret();
  const webhook = await ctx.em.transactional(async (em) => {
    await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`webhooks:${careCircleId}`]);
    if ((await em.count(Webhook, { careCircleId })) >= maxPerCircle) {
      throw new ValidationError(`A care circle can have at most ${maxPerCircle} webhooks; delete one first.`, 'careCircleId');
    }
    const created = em.create(Webhook, { id: randomUUID(), careCircleId, url, eventTypes, secret, createdBy: user.id });
    recordEvent(
      em,
      NOTIFICATIONS_SOURCE,
      { type: webhookEvents.registered, aggregateType: 'Webhook', aggregateId: created.id, careCircleId, data: { webhookId: created.id, origin: new URL(url).origin, eventTypes } },
      ctx.eventContext,
    );
    return created;
  });
  return { webhook, secret };
}
