import { isUuid, PermanentError, type CloudEvent, type Logger, type Role } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { NotificationRule } from './NotificationRule';

/** A person to notify, addressed through identity's published `user_directory`. */
export interface ResolvedRecipient {
  userId: string;
  email: string;
  displayName: string;
}

/**
 * The people `rule` names for `event`, each once, read in `em`'s transaction from identity's
 * published views: roles from `identity.membership_directory`, addresses from
 * `identity.user_directory`. Throws PermanentError (dead-letter) when the event lacks what
 * the rule needs (a care circle for roles, the user id in `dataField`); an event without an
 * actor (a system change) simply has none. A named user identity does not know is skipped
 * with a warning, never silently.
 */
export async function resolveRecipients(em: EntityManager, rule: NotificationRule, event: CloudEvent, logger: Logger): Promise<ResolvedRecipient[]> {
  const ids = new Set<string>();
  const roles = new Set<Role>();
  let everyMember = false;
  for (const selector of rule.recipients) {
    if (selector === 'ALL_MEMBERS') everyMember = true;
    else if ('role' in selector) roles.add(selector.role);
    else if ('actor' in selector) {
      if (event.causedby && isUuid(event.causedby)) ids.add(event.causedby.toLowerCase());
    } else {
      const value = event.data?.[selector.dataField];
      if (typeof value !== 'string' || !isUuid(value)) throw new PermanentError(`${event.type} ${event.id}: data.${selector.dataField} is not a user id (rule ${rule.name}).`);
      ids.add(value.toLowerCase());
    }
  }
  if (everyMember || roles.size) {
    const circle = event.carecircleid;
    if (!circle || !isUuid(circle)) throw new PermanentError(`${event.type} ${event.id} has no valid carecircleid (rule ${rule.name} needs its members).`);
    const members: { user_id: string }[] = await execute(
      em,
      'select user_id from identity.membership_directory where care_circle_id = ? and (? or role = any(?::text[]))',
      [circle, everyMember, `{${[...roles].join(',')}}`],
    );
    for (const member of members) ids.add(member.user_id);
  }
  if (!ids.size) return [];
  const rows: { user_id: string; email: string; display_name: string }[] = await execute(
    em,
    'select user_id, email, display_name from identity.user_directory where user_id = any(?::uuid[]) order by user_id',
    [`{${[...ids].join(',')}}`],
  );
  const unknown = [...ids].filter((id) => !rows.some((row) => row.user_id === id));
  if (unknown.length) logger.warn({ rule: rule.name, eventId: event.id, eventType: event.type, unknown }, 'recipients unknown to identity are not notified');
  return rows.map((row) => ({ userId: row.user_id, email: row.email, displayName: row.display_name }));
}

function execute<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  return em.getConnection().execute(sql, params, 'all', em.getTransactionContext());
}
