import { ConflictError, recordEvent, type AuthUser, type EventContext } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Membership } from '../careCircles/Membership.entity';
import { IDENTITY_SOURCE, IdentityEvents } from '../common/identityEvents';
import { conflictOnDuplicate } from '../common/uniqueViolation';
import { requireUuid } from '../common/validate';
import { findAnswerableInvitation } from './findAnswerableInvitation';
import { InvitationStatus } from './InvitationStatus';

const alreadyMember = () => new ConflictError('You are already a member of this care circle.');

/**
 * The invitee accepts: the membership is created with the invited role, and
 * `care_circle.member_added` (as for every member) and `care_circle.invitation_accepted` are
 * recorded in the same transaction.
 */
export async function acceptInvitation(em: EntityManager, caller: AuthUser, idArg: string, eventContext: EventContext): Promise<Membership> {
  const id = requireUuid(idArg, 'id');
  return conflictOnDuplicate(
    () =>
      em.transactional(async (tx) => {
        const { invitation, user } = await findAnswerableInvitation(tx, caller, id);
        const careCircleId = invitation.careCircle.id;
        if (await tx.count(Membership, { careCircle: careCircleId, user })) throw alreadyMember();
        Object.assign(invitation, { status: InvitationStatus.ACCEPTED, respondedAt: new Date() });
        const membership = tx.create(Membership, { careCircle: invitation.careCircle, user, role: invitation.role });
        const event = { aggregateType: 'CareCircle', aggregateId: careCircleId, careCircleId };
        recordEvent(tx, IDENTITY_SOURCE, { ...event, type: IdentityEvents.memberAdded, data: { careCircleId, userId: user.id, role: invitation.role } }, eventContext);
        recordEvent(
          tx,
          IDENTITY_SOURCE,
          { ...event, type: IdentityEvents.invitationAccepted, data: { invitationId: invitation.id, careCircleId, userId: user.id, role: invitation.role } },
          eventContext,
        );
        return membership;
      }),
    alreadyMember,
  );
}
