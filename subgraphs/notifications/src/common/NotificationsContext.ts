import { isUuid, type SubgraphContext } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { Notification } from '../notifications/Notification.entity';
import type { WebhookSettings } from '../webhooks/settings/webhookSettings';

/** The request context of the notifications subgraph: the shared one plus per-request loaders and the webhook settings. */
export interface NotificationsContext extends SubgraphContext {
  loaders: NotificationsLoaders;
  webhookSettings: WebhookSettings;
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

/** The subgraph's context extender, with the webhook settings it was started with. */
export function notificationsContextExtender(webhookSettings: WebhookSettings): (base: SubgraphContext) => NotificationsContext {
  return (base) => ({ ...base, loaders: { notification: notificationById(base.em) }, webhookSettings });
}
