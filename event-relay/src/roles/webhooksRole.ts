import { loadWebhookSettings, notificationsEntities, notificationsMigrations, webhookDeliveryConsumer, webhookFanoutConsumer } from '@caregraph/notifications';
import { openRoleOrm } from './openRoleOrm';
import type { RoleConfig, RoleConsumers } from './RoleConfig';

/**
 * The webhooks role (ADR 0014): the webhook fan-out on `notifications.webhook_fanout` (circle
 * events → one delivery and its `notifications.deliver_webhook` per subscribed webhook) and the
 * delivery consumer on `notifications.webhooks` (one signed POST per command, retried on
 * `WEBHOOK_RETRY_DELAYS_MS`, then dead-lettered). Its own role, so the only process that calls
 * outside URLs can run where outbound traffic is allowed. Settings: `WEBHOOK_TIMEOUT_MS`,
 * `WEBHOOK_RETRY_DELAYS_MS`, `WEBHOOK_MAX_RESPONSE_BYTES`, `NODE_ENV` (loadWebhookSettings).
 * Attempts are committed through a second ORM with its own pool (see WebhookDeliveryOptions).
 */
export async function webhooksRole(config: RoleConfig): Promise<RoleConsumers> {
  const settings = loadWebhookSettings(config.env);
  const schema = { schema: 'notifications', entities: notificationsEntities, migrations: notificationsMigrations };
  const main = await openRoleOrm(config, { ...schema, migrate: true });
  const attempts = await openRoleOrm(config, { ...schema, migrate: false }).catch(async (error: unknown) => {
    await main.orm.close();
    throw error;
  });
  return {
    consumers: [webhookFanoutConsumer({ em: main.em }), webhookDeliveryConsumer({ em: main.em, attempts: attempts.em, settings })],
    close: async () => {
      await attempts.orm.close();
      await main.orm.close();
    },
  };
}
