import { createEmailAdapter, notificationsConsumer, notificationsEntities, notificationsMigrations } from '@caregraph/notifications';
import { openRoleOrm } from './openRoleOrm';
import { livePublisher } from './livePublisher';
import type { RoleConfig, RoleConsumers } from './RoleConfig';

/**
 * The notifications role: rules → IN_APP rows (+ notification.created, announced after commit on
 * each recipient's channel when there is a pubsub) and EMAIL through SMTP (`SMTP_URL`,
 * `MAIL_FROM`; without SMTP_URL mails are logged). PUSH and SMS log.
 */
export async function notificationsRole(config: RoleConfig): Promise<RoleConsumers> {
  const { orm, em } = await openRoleOrm(config, { schema: 'notifications', entities: notificationsEntities, migrations: notificationsMigrations, migrate: true });
  const consumer = notificationsConsumer({
    em,
    live: livePublisher(config),
    logger: config.logger,
    adapters: [createEmailAdapter({ smtpUrl: config.env.SMTP_URL, from: config.env.MAIL_FROM, logger: config.logger })],
  });
  return {
    consumers: [consumer],
    close: async () => {
      await consumer.close();
      await orm.close();
    },
  };
}
