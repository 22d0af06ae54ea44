/** CloudEvents `source` of everything identity emits. */
export const IDENTITY_SOURCE = '/caregraph/identity';

export const IdentityEvents = {
  userCreated: 'user.created',
  userUpdated: 'user.updated',
  careCircleCreated: 'care_circle.created',
  memberAdded: 'care_circle.member_added',
  /** data { careCircleId, userId, role, removedBy }; also when a member leaves (removedBy = userId). */
  memberRemoved: 'care_circle.member_removed',
  /** data { invitationId, careCircleId, careCircleName, email, role, invitedBy, expiresAt }; never says whether the email has an account. */
  invitationCreated: 'care_circle.invitation_created',
  /** data { invitationId, careCircleId, userId, role } */
  invitationAccepted: 'care_circle.invitation_accepted',
  /** data { invitationId, careCircleId, userId } */
  invitationDeclined: 'care_circle.invitation_declined',
} as const;
