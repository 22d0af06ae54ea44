import { isUuid, PermanentError, type CloudEvent } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Delivery } from '../channels/NotificationChannelAdapter';
import { Priority } from '../notifications/Priority';

/** identity's event for a new (or renewed after expiry) invitation; it does not say whether the address has an account. */
export const INVITATION_CREATED = 'care_circle.invitation_created';

const text = (event: CloudEvent, field: string): string | undefined => {
  const value = event.data?.[field];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
};

/**
 * The one mail for an invitation, to the invited address only. The invitee is not a member, so
 * this is no rule's business: no in-app row, no push, no SMS. The address is looked up in
 * identity's `user_directory` (in the consumer's transaction): an account holder is told
 * "you were invited to <circle>", anyone else gets an invitation to sign up with that address.
 * Throws PermanentError (dead-letter) when the event has no usable address.
 */
export async function invitationEmail(em: EntityManager, event: CloudEvent): Promise<Delivery> {
  const email = text(event, 'email')?.toLowerCase();
  if (!email || !email.includes('@')) throw new PermanentError(`${event.type} ${event.id}: data.email is not an address.`);
  const invitationId = text(event, 'invitationId') ?? event.id;
  const circle = text(event, 'careCircleName') ?? 'a care circle';
  const role = text(event, 'role');
  const expiresAt = text(event, 'expiresAt');
  const inviterId = text(event, 'invitedBy');

  const [account] = await query<{ user_id: string; display_name: string }>(em, 'select user_id, display_name from identity.user_directory where email = ?', [email]);
  const [inviter] = inviterId && isUuid(inviterId) ? await query<{ display_name: string }>(em, 'select display_name from identity.user_directory where user_id = ?', [inviterId]) : [];
  const who = inviter?.display_name ?? 'Someone';
  const as = role ? ` as ${role}` : '';
  const until = expiresAt ? ` The invitation expires on ${new Date(expiresAt).toUTCString()}.` : '';

  const content = account
    ? {
        title: `You were invited to ${circle}`,
        body: `${who} invited you to join the care circle "${circle}"${as} on CareGraph. Sign in and open your invitations to accept or decline it.${until}`,
      }
    : {
        title: `Join ${circle} on CareGraph`,
        body: `${who} invited you to join the care circle "${circle}"${as} on CareGraph. Sign up with this address (${email}) and accept the invitation from your invitations.${until}`,
      };
  return {
    // Not a user for an unknown address: the invitation names the delivery (and its Message-ID).
    to: { userId: account?.user_id ?? `invitation:${invitationId}`, email, displayName: account?.display_name ?? 'there' },
    ...content,
    priority: Priority.NORMAL,
    notificationId: invitationId,
    eventId: event.id,
  };
}

function query<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  return em.getConnection().execute(sql, params, 'all', em.getTransactionContext());
}
