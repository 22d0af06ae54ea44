/** CloudEvents `source` of everything identity emits. */
export const IDENTITY_SOURCE = '/caregraph/identity';

export const IdentityEvents = {
  userCreated: 'user.created',
  userUpdated: 'user.updated',
  careCircleCreated: 'care_circle.created',
  memberAdded: 'care_circle.member_added',
} as const;
