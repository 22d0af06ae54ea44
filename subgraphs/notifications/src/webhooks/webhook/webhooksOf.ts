import { parseId } from '@caregraph/shared';
import type { NotificationsContext } from '../../common/NotificationsContext';
import { Webhook } from './Webhook.entity';

/** The circle's webhooks, oldest first, for its OWNERs only (at most WEBHOOKS_MAX_PER_CIRCLE). */
export async function webhooksOf(ctx: NotificationsContext, careCircleId: string): Promise<Webhook[]> {
  const circleId = parseId(careCircleId, 'careCircleId');
  await ctx.circles.require(circleId, ['OWNER']);
  return ctx.em.find(Webhook, { careCircleId: circleId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
}
