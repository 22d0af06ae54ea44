import { recordEvent, UnauthenticatedError, type AuthUser, type EventContext } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { IDENTITY_SOURCE, IdentityEvents } from '../common/identityEvents';
import { requireText } from '../common/validate';
import { User } from '../users/User.entity';
import { CareCircle } from './CareCircle.entity';
import type { CreateCareCircleInput } from './inputs';
import { Membership } from './Membership.entity';
import { Role } from './Role';

/**
 * Creates a circle with the caller as its OWNER. Emits `care_circle.created` and, like
 * every later member, `care_circle.member_added` for the owner, so consumers that track
 * members need only the one event type.
 */
export async function createCareCircle(
  em: EntityManager,
  caller: AuthUser,
  input: CreateCareCircleInput,
  eventContext: EventContext,
): Promise<CareCircle> {
  const name = requireText(input.name, 'name');
  return em.transactional(async (tx) => {
    const owner = await tx.findOne(User, { id: caller.id });
    if (!owner) throw new UnauthenticatedError('Your account no longer exists.');
    const circle = tx.create(CareCircle, { name, createdBy: owner });
    const membership = tx.create(Membership, { careCircle: circle, user: owner, role: Role.OWNER });
    const event = { aggregateType: 'CareCircle', aggregateId: circle.id, careCircleId: circle.id };
    recordEvent(tx, IDENTITY_SOURCE, { ...event, type: IdentityEvents.careCircleCreated, data: { careCircleId: circle.id, name, ownerId: owner.id } }, eventContext);
    recordEvent(
      tx,
      IDENTITY_SOURCE,
      { ...event, type: IdentityEvents.memberAdded, data: { careCircleId: circle.id, userId: owner.id, role: membership.role } },
      eventContext,
    );
    return circle;
  });
}
