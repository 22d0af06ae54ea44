import { NotificationChannel } from '../notifications/NotificationChannel';
import type { NotificationChannelAdapter } from './NotificationChannelAdapter';

/** IN_APP needs no sending: the notification row is the delivery (`myNotifications` serves it). */
export class InAppAdapter implements NotificationChannelAdapter {
  readonly channel = NotificationChannel.IN_APP;

  async send(): Promise<void> {}
}
