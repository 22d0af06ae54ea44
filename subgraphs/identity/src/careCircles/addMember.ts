import { ConflictError, NotFoundError, recordEvent, type CareCircleDirectory, type EventContext } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { IDENTITY_SOURCE, IdentityEvents } from '../common/identityEvents';
import { conflictOnDuplicate } from '../common/uniqueViolation';
import { normaliseEmail, requireUuid } from '../common/validate';
import { User } from '../users/User.entity';
import { CareCircle } from './CareCircle.entity';
import type { AddMemberInput } from './inputs';
import { Membership } from './Membership.entity';

const alreadyMember = () => new ConflictError('This user is already a member of the care circle.', 'email');

/**
 * Adds a signed-up user to a circle (OWNER only; an unknown circle is FORBIDDEN too, so
 * outsiders learn nothing). NOT_FOUND for an email nobody signed up with, CONFLICT for an
 * existing member. Emits `care_circle.member_added`.
 */
export async function addMember(
  em: EntityManager,
  circles: CareCircleDirectory,
  input: AddMemberInput,
  eventContext: EventContext,
): Promise<Membership> {
  const careCircleId = requireUuid(input.careCircleId, 'careCircleId');
  const email = normaliseEmail(input.email);
  await circles.require(careCircleId, ['OWNER']);

  return conflictOnDuplicate(
    () =>
      em.transactional(async (tx) => {
        const user = await tx.findOne(User, { email });
        if (!user) throw new NotFoundError('User', email);
        if (await tx.count(Membership, { careCircle: careCircleId, user })) throw alreadyMember();
        const careCircle = tx.getReference(CareCircle, careCircleId);
        const membership = tx.create(Membership, { careCircle, user, role: input.role });
        recordEvent(
          tx,
          IDENTITY_SOURCE,
          {
            type: IdentityEvents.memberAdded,
            aggregateType: 'CareCircle',
            aggregateId: careCircleId,
            careCircleId,
            data: { careCircleId, userId: user.id, role: input.role },
          },
          eventContext,
        );
        return membership;
      }),
    alreadyMember,
  );
}
