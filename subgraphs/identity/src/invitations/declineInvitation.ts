import { recordEvent, type AuthUser, type EventContext } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { IDENTITY_SOURCE, IdentityEvents } from '../common/identityEvents';
import { requireUuid } from '../common/validate';
import { findAnswerableInvitation } from './findAnswerableInvitation';
import { InvitationStatus } from './InvitationStatus';

/** The invitee declines; records `care_circle.invitation_declined`. */
export async function declineInvitation(em: EntityManager, caller: AuthUser, idArg: string, eventContext: EventContext): Promise<boolean> {
  const id = requireUuid(idArg, 'id');
  return em.transactional(async (tx) => {
    const { invitation, user } = await findAnswerableInvitation(tx, caller, id);
    const careCircleId = invitation.careCircle.id;
    Object.assign(invitation, { status: InvitationStatus.DECLINED, respondedAt: new Date() });
    recordEvent(
      tx,
      IDENTITY_SOURCE,
      {
        type: IdentityEvents.invitationDeclined,
        aggregateType: 'CareCircle',
        aggregateId: careCircleId,
        careCircleId,
        data: { invitationId: invitation.id, careCircleId, userId: user.id },
      },
      eventContext,
    );
    return true;
  });
}
