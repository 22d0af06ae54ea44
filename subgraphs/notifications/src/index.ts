import 'reflect-metadata';
import { startSubgraph, type RunningServer, type StartSubgraphOptions } from '@caregraph/shared';
import { notificationsContextExtender, type NotificationsContext } from './common/NotificationsContext';
import { notificationsEntities, notificationsMigrations } from './entities';
import { buildNotificationsSchema } from './schema';
import { loadWebhookSettings, type WebhookSettings } from './webhooks/settings/webhookSettings';

export { buildNotificationsSchema } from './schema';
export { notificationsEntities, notificationsMigrations } from './entities';
export { NOTIFICATIONS_SOURCE, type NotificationsContext } from './common/NotificationsContext';
export { Notification } from './notifications/Notification.entity';
export { NotificationChannel } from './notifications/NotificationChannel';
export { Priority } from './notifications/Priority';
export { createNotifications, type CreatedNotification, type CreateNotificationsInput, type NotificationRecipient } from './notifications/createNotifications';
export type { NotificationRule, RecipientSelector, NotificationContent } from './rules/NotificationRule';
export { notificationRules, matchingRules } from './rules/notificationRules';
export { resolveRecipients, type ResolvedRecipient } from './rules/resolveRecipients';
export type { NotificationChannelAdapter, Delivery } from './channels/NotificationChannelAdapter';
export { InAppAdapter } from './channels/InAppAdapter';
export { createEmailAdapter, messageIdOf, type EmailAdapterOptions } from './channels/createEmailAdapter';
export { LogPushAdapter } from './channels/LogPushAdapter';
export { LogSmsAdapter } from './channels/LogSmsAdapter';
export { defaultChannelAdapter } from './channels/defaultChannelAdapter';
export { notificationsConsumer, type NotificationsConsumer, type NotificationsConsumerOptions } from './consumer/notificationsConsumer';
export { DeliveryFailedError, type FailedDelivery } from './consumer/DeliveryFailedError';

export * from './webhooks';

export interface StartNotificationsOptions extends StartSubgraphOptions {
  /** Overrides of the webhook settings read from the environment (loadWebhookSettings). */
  webhooks?: Partial<WebhookSettings>;
}
export type RunningNotifications = RunningServer;

/**
 * Reads the webhook settings (env, then `options.webhooks`; an invalid variable refuses to
 * start), opens the ORM on schema `notifications`, applies pending migrations and serves the subgraph.
 */
export function startNotifications(options: StartNotificationsOptions): Promise<RunningNotifications> {
  const webhookSettings = { ...loadWebhookSettings(), ...options.webhooks };
  return startSubgraph<NotificationsContext>(
    {
      name: 'notifications',
      entities: notificationsEntities,
      migrations: notificationsMigrations,
      buildSchema: buildNotificationsSchema,
      extendContext: notificationsContextExtender(webhookSettings),
    },
    options,
  );
}
