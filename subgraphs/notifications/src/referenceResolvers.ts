import { ForbiddenError, requireUser, type ReferenceResolver } from '@caregraph/shared';
import type { NotificationsContext } from './common/NotificationsContext';
import type { Notification } from './notifications/Notification.entity';

/**
 * `_entities` for Notification: only its recipient may resolve it. The gateway resolves
 * `notificationReceived` events through here with the subscriber's token, so this is the
 * per-event check. Anonymous → UNAUTHENTICATED, someone else's → FORBIDDEN (the gateway asks
 * with an id it already has, so there is nothing to hide), unknown or malformed id → null.
 */
const resolveNotification: ReferenceResolver<NotificationsContext> = async (reference, ctx): Promise<Notification | null> => {
  const user = requireUser(ctx);
  const notification = await ctx.loaders.notification.load(String(reference.id));
  if (!notification) return null;
  if (notification.recipientId !== user.id) throw new ForbiddenError('This notification is not yours.');
  return notification;
};

export const referenceResolvers: Record<string, ReferenceResolver<NotificationsContext>> = {
  Notification: resolveNotification,
};
