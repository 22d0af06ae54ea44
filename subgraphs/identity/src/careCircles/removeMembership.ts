import { IllegalStateError, recordEvent, type EventContext } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { IDENTITY_SOURCE, IdentityEvents } from '../common/identityEvents';
import { Membership } from './Membership.entity';
import { Role } from './Role';

/**
 * Deletes `membership` in `tx` (whose circle `lockCircle` has locked) and records
 * `care_circle.member_removed`. ILLEGAL_STATE for the circle's last OWNER: a circle always
 * keeps someone who can manage it. With the row gone, `identity.membership_directory` (and so
 * every subgraph's authorisation) refuses the user as soon as `tx` commits.
 */
export async function removeMembership(tx: EntityManager, membership: Membership, removedBy: string, eventContext: EventContext): Promise<void> {
  const careCircleId = membership.careCircle.id;
  if (membership.role === Role.OWNER && (await tx.count(Membership, { careCircle: careCircleId, role: Role.OWNER })) <= 1) {
    throw new IllegalStateError('The last OWNER of a care circle can neither leave nor be removed.');
  }
  tx.remove(membership);
  recordEvent(
    tx,
    IDENTITY_SOURCE,
    {
      type: IdentityEvents.memberRemoved,
      aggregateType: 'CareCircle',
      aggregateId: careCircleId,
      careCircleId,
      data: { careCircleId, userId: membership.user.id, role: membership.role, removedBy },
    },
    eventContext,
  );
}
