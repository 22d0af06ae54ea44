import { createHash } from 'node:crypto';
import { createLogger, type Logger } from '@caregraph/shared';
import { createTransport } from 'nodemailer';
import { NotificationChannel } from '../notifications/NotificationChannel';
import { Priority } from '../notifications/Priority';
import type { Delivery, NotificationChannelAdapter } from './NotificationChannelAdapter';

export interface EmailAdapterOptions {
  /** SMTP server, e.g. `smtp://127.0.0.1:2525` or `smtps://user:pass@host:465`. Default: env `SMTP_URL`; unset → log transport. */
  smtpUrl?: string;
  /** Sender. Default: env `MAIL_FROM`, else `CareGraph <notifications@caregraph.local>`. */
  from?: string;
  /** Default: createLogger('notifications.email'). */
  logger?: Logger;
}

const DEFAULT_FROM = 'CareGraph <notifications@caregraph.local>';

/**
 * EMAIL through nodemailer: SMTP when a URL is configured, else (development) nodemailer's
 * JSON transport, whose rendered message is logged. The Message-ID is derived from (event id,
 * recipient), so a resend after a retry carries the same Message-ID (mail systems may drop it).
 */
export function createEmailAdapter(options: EmailAdapterOptions = {}): NotificationChannelAdapter {
  const smtpUrl = options.smtpUrl ?? (process.env.SMTP_URL || undefined);
  const from = options.from ?? (process.env.MAIL_FROM || DEFAULT_FROM);
  const logger = options.logger ?? createLogger('notifications.email');
  // Bounded timeouts: a stuck server fails the event (and it is retried) instead of hanging the consumer.
  const transport = smtpUrl
    ? createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 })
    : createTransport({ jsonTransport: true });
  if (!smtpUrl) logger.info('SMTP_URL is not set: emails are logged, not sent');

  return {
    channel: NotificationChannel.EMAIL,
    async send(delivery: Delivery) {
      const info = await transport.sendMail({
        from,
        to: { name: delivery.to.displayName, address: delivery.to.email },
        subject: delivery.priority === Priority.CRITICAL ? `URGENT: ${delivery.title}` : delivery.title,
        text: `Hello ${delivery.to.displayName},\n\n${delivery.body}\n\n(CareGraph)`,
        messageId: messageIdOf(delivery),
        priority: delivery.priority === Priority.NORMAL ? 'normal' : 'high',
        headers: { 'X-CareGraph-Notification-Id': delivery.notificationId },
      });
      if (smtpUrl) logger.debug({ notificationId: delivery.notificationId, userId: delivery.to.userId, response: info.response }, 'email sent');
      else logger.info({ notificationId: delivery.notificationId, userId: delivery.to.userId, mail: info.message }, 'email (log transport)');
    },
    async close() {
      transport.close();
    },
  };
}

/** Same for every attempt at one (event, recipient) delivery. */
export function messageIdOf(delivery: Pick<Delivery, 'eventId' | 'to'>): string {
  const digest = createHash('sha256').update(`${delivery.eventId}\n${delivery.to.userId}`).digest('hex').slice(0, 32);
  return `<${digest}@notifications.caregraph>`;
}
