import { NotFoundError, parseId, requireUser } from '@caregraph/shared';
import type { NotificationsContext } from '../common/NotificationsContext';
import { Notification } from './Notification.entity';

/**
 * Marks one of the caller's notifications read. Idempotent: the first readAt stays (the update
 * only touches an unread row). Someone else's notification is NOT_FOUND, exactly like an
 * unknown id, so callers cannot probe which ids exist.
 */
export async function markNotificationRead(ctx: NotificationsContext, id: string): Promise<Notification> {
  const user = requireUser(ctx);
  const notificationId = parseId(id, 'id');
  const mine = { id: notificationId, recipientId: user.id };
  await ctx.em.nativeUpdate(Notification, { ...mine, readAt: null }, { readAt: new Date() });
  const notification = await ctx.em.findOne(Notification, mine, { refresh: true });
  if (!notification) throw new NotFoundError('Notification', notificationId);
  ctx.loaders.notification.clear(notificationId).prime(notificationId, notification);
  return notification;
}

/** Marks every unread notification of the caller read; returns how many changed. */
export async function markAllNotificationsRead(ctx: NotificationsContext): Promise<number> {
  const user = requireUser(ctx);
  const changed = await ctx.em.nativeUpdate(Notification, { recipientId: user.id, readAt: null }, { readAt: new Date() });
  ctx.loaders.notification.clearAll();
  return changed;
}
