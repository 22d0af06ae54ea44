import { NotFoundError, type AuthUser, type CareCircleDirectory, type EventContext } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { requireUuid } from '../common/validate';
import { lockCircle } from './lockCircle';
import { Membership } from './Membership.entity';
import { removeMembership } from './removeMembership';
import { Role } from './Role';

/**
 * An OWNER removes a member (another OWNER too, or themself, but never the last OWNER).
 * FORBIDDEN for anyone else, outsiders included (an unknown circle too); NOT_FOUND when the
 * user is not a member. Emits `care_circle.member_removed`.
 */
export async function removeMember(
  em: EntityManager,
  circles: CareCircleDirectory,
  caller: AuthUser,
  args: { careCircleId: string; userId: string },
  eventContext: EventContext,
): Promise<boolean> {
  const careCircleId = requireUuid(args.careCircleId, 'careCircleId');
  const userId = requireUuid(args.userId, 'userId');
  await circles.require(careCircleId, [Role.OWNER]);
  return em.transactional(async (tx) => {
    await lockCircle(tx, careCircleId, caller.id, [Role.OWNER]);
    const membership = await tx.findOne(Membership, { careCircle: careCircleId, user: userId }, { refresh: true });
    if (!membership) throw new NotFoundError('Membership', userId);
    await removeMembership(tx, membership, caller.id, eventContext);
    return true;
  });
}
