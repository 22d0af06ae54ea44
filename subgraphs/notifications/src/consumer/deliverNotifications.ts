import type { Logger } from '@caregraph/shared';
import type { NotificationChannelAdapter, Delivery } from '../channels/NotificationChannelAdapter';
import type { NotificationChannel } from '../notifications/NotificationChannel';
import { DeliveryFailedError, type FailedDelivery } from './DeliveryFailedError';

export interface PendingDelivery {
  adapter: NotificationChannelAdapter;
  delivery: Delivery;
}

/**
 * Sends every delivery, all attempted even when some fail (so one bad address does not hide
 * the others' errors), then throws DeliveryFailedError listing the failures.
 */
export async function deliverNotifications(pending: PendingDelivery[], logger: Logger): Promise<void> {
  const results = await Promise.allSettled(pending.map(({ adapter, delivery }) => adapter.send(delivery)));
  const failures: FailedDelivery[] = [];
  results.forEach((result, index) => {
    if (result.status === 'fulfilled') return;
    const { adapter, delivery } = pending[index];
    failures.push({ channel: adapter.channel as NotificationChannel, notificationId: delivery.notificationId, userId: delivery.to.userId, error: result.reason });
  });
  if (!failures.length) return;
  for (const failure of failures) {
    logger.warn({ channel: failure.channel, notificationId: failure.notificationId, userId: failure.userId, err: failure.error }, 'notification delivery failed');
  }
  throw new DeliveryFailedError(failures);
}
