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
 * with a warning, never silently. For an event of a care circle, only its current members are
 * ever returned (the actor and `dataField` users too).
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
  const circle = event.carecircleid;
  if ((everyMember || roles.size) && (!circle || !isUuid(circle))) {
    throw new PermanentError(`${event.type} ${event.id} has no valid carecircleid (rule ${rule.name} needs its members).`);
  }
  if (circle && isUuid(circle)) {
    // The circle's members now (not when the event happened): a removed user or a pending
    // invitee is never told about a circle's affairs, whoever the rule names.
    const members: { user_id: string; role: Role }[] = await execute(em, 'select user_id, role from identity.membership_directory where care_circle_id = ?', [circle]);
    const current = new Set(members.map((member) => member.user_id));
    const outsiders = [...ids].filter((id) => !current.has(id));
    if (outsiders.length) logger.info({ rule: rule.name, eventId: event.id, eventType: event.type, outsiders }, 'users no longer (or not yet) members are not notified');
    for (const id of outsiders) ids.delete(id);
    for (const member of members) if (everyMember || roles.has(member.role)) ids.add(member.user_id);
  }
  if (rule.exceptActor && event.causedby) ids.delete(event.causedby.toLowerCase());
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
