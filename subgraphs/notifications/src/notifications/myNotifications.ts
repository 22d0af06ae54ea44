import { requireUser } from '@caregraph/shared';
import type { FilterQuery } from '@mikro-orm/core';
import type { NotificationsContext } from '../common/NotificationsContext';
import { newestFirstPage, type PageArgs } from '../common/newestFirstPage';
import { Notification } from './Notification.entity';
import type { NotificationConnection } from './NotificationConnection';

export interface MyNotificationsArgs extends PageArgs {
  unreadOnly?: boolean | null;
}

/** The caller's own notifications, newest first (newestFirstPage). Explicit nulls mean the defaults. */
export async function myNotifications(ctx: NotificationsContext, args: MyNotificationsArgs): Promise<NotificationConnection> {
  const user = requireUser(ctx);
  const where: FilterQuery<Notification> = { recipientId: user.id };
  if (args.unreadOnly) where.readAt = null;
  return newestFirstPage(ctx.em, Notification, where, args);
}
