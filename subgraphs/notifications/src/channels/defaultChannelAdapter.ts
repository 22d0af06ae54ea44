import type { Logger } from '@caregraph/shared';
import { NotificationChannel } from '../notifications/NotificationChannel';
import { createEmailAdapter } from './createEmailAdapter';
import { InAppAdapter } from './InAppAdapter';
import { LogPushAdapter } from './LogPushAdapter';
import { LogSmsAdapter } from './LogSmsAdapter';
import type { NotificationChannelAdapter } from './NotificationChannelAdapter';

/** The default adapter of a channel: IN_APP (the row), EMAIL from env (SMTP_URL, MAIL_FROM), log-only PUSH and SMS. */
export function defaultChannelAdapter(channel: NotificationChannel, logger?: Logger): NotificationChannelAdapter {
  const child = logger?.child({ channel });
  switch (channel) {
    case NotificationChannel.IN_APP:
      return new InAppAdapter();
    case NotificationChannel.EMAIL:
      return createEmailAdapter({ logger: child });
    case NotificationChannel.PUSH:
      return new LogPushAdapter(child);
    case NotificationChannel.SMS:
      return new LogSmsAdapter(child);
  }
}
