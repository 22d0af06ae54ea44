import type { AuthUser, CareCircleDirectory, EventContext } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { requireUuid } from '../common/validate';
import { lockCircle } from './lockCircle';
import { removeMembership } from './removeMembership';

/**
 * The caller leaves a circle (FORBIDDEN when not a member; ILLEGAL_STATE for its last OWNER).
 * Emits `care_circle.member_removed` with `removedBy` = the caller.
 */
export async function leaveCareCircle(
  em: EntityManager,
  circles: CareCircleDirectory,
  caller: AuthUser,
  careCircleIdArg: string,
  eventContext: EventContext,
): Promise<boolean> {
  const careCircleId = requireUuid(careCircleIdArg, 'careCircleId');
  await circles.require(careCircleId);
  return em.transactional(async (tx) => {
    const membership = await lockCircle(tx, careCircleId, caller.id);
    await removeMembership(tx, membership, caller.id, eventContext);
    return true;
  });
}
