import 'reflect-metadata';
import { createLogger, createOrm, migrateUp, serveSubgraph, type Logger } from '@caregraph/shared';
import { extendNotificationsContext, type NotificationsContext } from './common/NotificationsContext';
import { notificationsEntities, notificationsMigrations } from './entities';
import { buildNotificationsSchema } from './schema';

export { buildNotificationsSchema } from './schema';
export { notificationsEntities, notificationsMigrations } from './entities';
export { NOTIFICATIONS_SOURCE, type NotificationsContext } from './common/NotificationsContext';
export { Notification } from './notifications/Notification.entity';
export { NotificationChannel } from './notifications/NotificationChannel';
export { Priority } from './notifications/Priority';
export { createNotifications, type CreateNotificationsInput, type NotificationRecipient } from './notifications/createNotifications';
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

export interface StartNotificationsOptions {
  /** Postgres URL; the database must exist (the `notifications` schema is created if missing). */
  databaseUrl: string;
  /** 0 picks a free port. */
  port: number;
  /** HS256 secret shared with the gateway and the other subgraphs. */
  jwtSecret: string;
  /** Default: createLogger('notifications'). */
  logger?: Logger;
  host?: string;
}

export interface RunningNotifications {
  url: string;
  port: number;
  /** Stops serving (draining requests), then closes the database pool. */
  stop(): Promise<void>;
}

/** Opens the ORM on schema `notifications`, applies pending migrations and serves the subgraph. */
export async function startNotifications(options: StartNotificationsOptions): Promise<RunningNotifications> {
  const logger = options.logger ?? createLogger('notifications');
  const orm = await createOrm({
    clientUrl: options.databaseUrl,
    schema: 'notifications',
    entities: notificationsEntities,
    migrations: notificationsMigrations,
  });
  try {
    const applied = await migrateUp(orm);
    if (applied.length) logger.info({ applied }, 'notifications migrations applied');
    const { schema } = await buildNotificationsSchema();
    const server = await serveSubgraph<NotificationsContext>({
      name: 'notifications',
      schema,
      orm,
      port: options.port,
      host: options.host,
      jwtSecret: options.jwtSecret,
      logger,
      extendContext: extendNotificationsContext,
    });
    return {
      url: server.url,
      port: server.port,
      stop: async () => {
        await server.stop();
        await orm.close();
      },
    };
  } catch (error) {
    await orm.close();
    throw error;
  }
}
