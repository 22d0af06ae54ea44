import { recordEvent, UnauthenticatedError, type AuthUser, type EventContext } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { IDENTITY_SOURCE, IdentityEvents } from '../common/identityEvents';
import { requireText } from '../common/validate';
import type { UpdateProfileInput } from './inputs';
import { User } from './User.entity';

/** Changes the caller's own profile; emits `user.updated` with the changed fields, if any. */
export async function updateProfile(
  em: EntityManager,
  caller: AuthUser,
  input: UpdateProfileInput,
  eventContext: EventContext,
): Promise<User> {
  const displayName = input.displayName == null ? undefined : requireText(input.displayName, 'displayName');
  return em.transactional(async (tx) => {
    const user = await tx.findOne(User, { id: caller.id });
    if (!user) throw new UnauthenticatedError('Your account no longer exists.');
    const changes: Record<string, unknown> = {};
    if (displayName !== undefined && displayName !== user.displayName) {
      user.displayName = displayName;
      changes.displayName = displayName;
    }
    if (Object.keys(changes).length) {
      recordEvent(
        tx,
        IDENTITY_SOURCE,
        { type: IdentityEvents.userUpdated, aggregateType: 'User', aggregateId: user.id, data: { userId: user.id, ...changes } },
        eventContext,
      );
    }
    return user;
  });
}
