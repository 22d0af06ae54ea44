import type { NotificationChannel } from '../notifications/NotificationChannel';
import type { Priority } from '../notifications/Priority';

/** One delivery of one notification to one person. */
export interface Delivery {
  to: { userId: string; email: string; displayName: string };
  title: string;
  body: string;
  priority: Priority;
  notificationId: string;
  /**
   * The source event's id. With `to.userId` it names this delivery stably across retries (a
   * retry rewrites the row under a new notificationId), so a provider can dedupe a resend.
   */
  eventId: string;
}

/**
 * A way to reach people (EMAIL, PUSH, SMS; IN_APP is the row itself). `send` resolves once
 * the provider accepted the message and rejects otherwise; the consumer then fails the event
 * so the runtime retries it. A real provider (FCM, Twilio, …) plugs in by implementing this.
 */
export interface NotificationChannelAdapter {
  readonly channel: NotificationChannel;
  send(delivery: Delivery): Promise<void>;
  /** Releases connections; optional. */
  close?(): Promise<void>;
}
