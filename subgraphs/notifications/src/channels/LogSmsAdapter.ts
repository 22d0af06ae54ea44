import { createLogger, type Logger } from '@caregraph/shared';
import { NotificationChannel } from '../notifications/NotificationChannel';
import type { Delivery, NotificationChannelAdapter } from './NotificationChannelAdapter';

/** SMS stand-in until a provider is chosen (identity has no phone numbers yet): logs what it would send. */
export class LogSmsAdapter implements NotificationChannelAdapter {
  readonly channel = NotificationChannel.SMS;

  constructor(private readonly logger: Logger = createLogger('notifications.sms')) {}

  async send({ to, title, priority, notificationId }: Delivery): Promise<void> {
    this.logger.info({ channel: this.channel, userId: to.userId, notificationId, title, priority }, 'sms (log only)');
  }
}
