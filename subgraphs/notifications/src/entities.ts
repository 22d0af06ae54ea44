import { Notification } from './notifications/Notification.entity';
import { WebhookDelivery } from './webhooks/deliveries/WebhookDelivery.entity';
import { Webhook } from './webhooks/webhook/Webhook.entity';

/** Every entity the notifications schema owns (the outbox is added by createOrm). */
export const notificationsEntities = [Notification, Webhook, WebhookDelivery];

export { notificationsMigrations } from './migrations';
