import { ConflictError, recordEvent, type AuthUser, type CareCircleDirectory, type EventContext } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { lockCircle } from '../careCircles/lockCircle';
import { Role } from '../careCircles/Role';
import { IDENTITY_SOURCE, IdentityEvents } from '../common/identityEvents';
import { normaliseEmail, requireUuid } from '../common/validate';
import type { InviteMemberInput } from './inputs';
import { Invitation } from './Invitation.entity';
import { InvitationStatus } from './InvitationStatus';

const alreadyMember = () => new ConflictError('Someone with this email is already a member of the care circle.', 'email');

/**
 * An OWNER invites an email address (FORBIDDEN for anyone else; an unknown circle too).
 *
 * Whether the address has an account changes nothing the inviter can observe: the same queries
 * run, the same answer comes back, and the event does not say (the notifications consumer
 * finds out on its own). Only an address that already belongs to a member is CONFLICT, which
 * the OWNER could read from `members` anyway.
 *
 * One pending invitation per (circle, email): inviting again refreshes it (role, inviter, a new
 * expiry). `care_circle.invitation_created` (and with it the email) goes out for a new
 * invitation and for one renewed after it had expired, not for a refresh of a live one.
 */
export async function inviteMember(
  em: EntityManager,
  circles: CareCircleDirectory,
  caller: AuthUser,
  input: InviteMemberInput,
  ttlHours: number,
  eventContext: EventContext,
): Promise<Invitation> {
  const careCircleId = requireUuid(input.careCircleId, 'careCircleId');
  const email = normaliseEmail(input.email);
  await circles.require(careCircleId, [Role.OWNER]);

  return em.transactional(async (tx) => {
    // Serialises invitations of one circle, so a racing duplicate finds the pending row.
    const owner = await lockCircle(tx, careCircleId, caller.id, [Role.OWNER]);
    const [{ n }] = await tx.getConnection().execute(
      `select count(*)::int as n from identity.memberships m join identity.users u on u.id = m.user_id
        where m.care_circle_id = ? and u.email = ?`,
      [careCircleId, email],
      'all',
      tx.getTransactionContext(),
    );
    if (n) throw alreadyMember();

    const now = new Date();
    const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000);
    const pending = await tx.findOne(Invitation, { careCircle: careCircleId, email, status: InvitationStatus.PENDING }, { refresh: true });
    const announce = !pending || pending.expiresAt <= now;
    const invitation = pending ?? tx.create(Invitation, { careCircle: careCircleId, email, role: input.role, invitedBy: owner.user, expiresAt });
    Object.assign(invitation, { role: input.role, invitedBy: owner.user, expiresAt });

    if (announce) {
      const circle = await owner.careCircle.load();
      recordEvent(
        tx,
        IDENTITY_SOURCE,
        {
          type: IdentityEvents.invitationCreated,
          aggregateType: 'CareCircle',
          aggregateId: careCircleId,
          careCircleId,
          data: {
            invitationId: invitation.id,
            careCircleId,
            careCircleName: circle?.name,
            email,
            role: input.role,
            invitedBy: caller.id,
            expiresAt: expiresAt.toISOString(),
          },
        },
        eventContext,
      );
    }
    return invitation;
  });
}
