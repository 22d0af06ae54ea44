import { decodeCursor, encodeCursor, pageSize, requireUser } from '@caregraph/shared';
import type { FilterQuery } from '@mikro-orm/core';
import type { NotificationsContext } from '../common/NotificationsContext';
import { Notification } from './Notification.entity';
import type { NotificationConnection } from './NotificationConnection';

export interface MyNotificationsArgs {
  first?: number | null;
  after?: string | null;
  unreadOnly?: boolean | null;
}

/**
 * The caller's own notifications, newest first. The cursor is (createdAt, id), so rows of one
 * event (same createdAt) still page without gaps. Explicit nulls mean the defaults.
 */
export async function myNotifications(ctx: NotificationsContext, args: MyNotificationsArgs): Promise<NotificationConnection> {
  const user = requireUser(ctx);
  const limit = pageSize(args.first ?? 20);
  const where: FilterQuery<Notification> = { recipientId: user.id };
  if (args.unreadOnly) where.readAt = null;
  if (args.after) {
    const { at, id } = decodeCursor(args.after);
    where.$or = [{ createdAt: { $lt: at } }, { createdAt: at, id: { $lt: id } }];
  }
  const rows = await ctx.em.find(Notification, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const edges = page.map((node) => ({ node, cursor: encodeCursor({ at: node.createdAt, id: node.id }) }));
  return { edges, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null } };
}
