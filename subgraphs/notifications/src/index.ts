import 'reflect-metadata';
import { startSubgraph, type RunningServer, type StartSubgraphOptions } from '@caregraph/shared';
import { extendNotificationsContext, type NotificationsContext } from './common/NotificationsContext';
import { notificationsEntities, notificationsMigrations } from './entities';
import { buildNotificationsSchema } from './schema';

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

export type StartNotificationsOptions = StartSubgraphOptions;
export type RunningNotifications = RunningServer;

/** Opens the ORM on schema `notifications`, applies pending migrations and serves the subgraph. */
export function startNotifications(options: StartNotificationsOptions): Promise<RunningNotifications> {
  return startSubgraph<NotificationsContext>(
    {
      name: 'notifications',
      entities: notificationsEntities,
      migrations: notificationsMigrations,
      buildSchema: buildNotificationsSchema,
      extendContext: extendNotificationsContext,
    },
    options,
  );
}
