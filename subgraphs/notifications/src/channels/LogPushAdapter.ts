import { createLogger, type Logger } from '@caregraph/shared';
import { NotificationChannel } from '../notifications/NotificationChannel';
import type { Delivery, NotificationChannelAdapter } from './NotificationChannelAdapter';

/** PUSH stand-in until a provider is chosen: logs what it would send (no body: it may be private). */
export class LogPushAdapter implements NotificationChannelAdapter {
  readonly channel = NotificationChannel.PUSH;

  constructor(private readonly logger: Logger = createLogger('notifications.push')) {}

  async send({ to, title, priority, notificationId }: Delivery): Promise<void> {
    this.logger.info({ channel: this.channel, userId: to.userId, notificationId, title, priority }, 'push notification (log only)');
  }
}
