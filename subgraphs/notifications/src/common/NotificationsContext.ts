import { isUuid, type SubgraphContext } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { Notification } from '../notifications/Notification.entity';

/** The request context of the notifications subgraph: the shared one plus per-request loaders. */
export interface NotificationsContext extends SubgraphContext {
  loaders: NotificationsLoaders;
}

export interface NotificationsLoaders {
  notification: DataLoader<string, Notification | null>;
}

/** Where every notifications event says it comes from. */
export const NOTIFICATIONS_SOURCE = '/caregraph/notifications';

/** Batches by id; a malformed id resolves to null instead of reaching SQL. */
function notificationById(em: EntityManager): DataLoader<string, Notification | null> {
  return new DataLoader(async (ids) => {
    const valid = ids.filter(isUuid).map((id) => id.toLowerCase());
    const rows = valid.length ? await em.find(Notification, { id: { $in: valid } }) : [];
    const found = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => found.get(id.toLowerCase()) ?? null);
  });
}

export function extendNotificationsContext(base: SubgraphContext): NotificationsContext {
  return { ...base, loaders: { notification: notificationById(base.em) } };
}
