import { ForbiddenError, type Role } from '@caregraph/shared';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CareCircle } from './CareCircle.entity';
import { Membership } from './Membership.entity';

/**
 * Locks the circle's row until `tx` ends and returns the caller's membership, checked again
 * under that lock (FORBIDDEN when gone, or without one of `roles`). Every change to who
 * belongs to a circle takes this lock first, so such changes run one after the other: two
 * OWNERs removing each other cannot both see "another OWNER is left".
 */
export async function lockCircle(tx: EntityManager, careCircleId: string, callerId: string, roles?: readonly Role[]): Promise<Membership> {
  const circle = await tx.findOne(CareCircle, { id: careCircleId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const membership = circle ? await tx.findOne(Membership, { careCircle: careCircleId, user: callerId }, { refresh: true }) : null;
  if (!membership) throw new ForbiddenError('You are not a member of this care circle.');
  if (roles && !roles.includes(membership.role)) throw new ForbiddenError(`This needs one of the roles ${roles.join(', ')}.`);
  return membership;
}
