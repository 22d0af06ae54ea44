import { Notification } from './notifications/Notification.entity';

/** Every entity the notifications schema owns (the outbox is added by createOrm). */
export const notificationsEntities = [Notification];

export { notificationsMigrations } from './migrations';
