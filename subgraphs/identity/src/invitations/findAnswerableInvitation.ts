import { IllegalStateError, NotFoundError, UnauthenticatedError, type AuthUser } from '@caregraph/shared';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from '../users/User.entity';
import { Invitation } from './Invitation.entity';
import { InvitationStatus } from './InvitationStatus';

/**
 * The caller's invitation `id`, locked until `tx` ends, with the caller's account. NOT_FOUND
 * unless it is addressed to the caller's email (so nobody else learns it exists), ILLEGAL_STATE
 * once answered or expired.
 */
export async function findAnswerableInvitation(tx: EntityManager, caller: AuthUser, id: string): Promise<{ invitation: Invitation; user: User }> {
  const user = await tx.findOne(User, { id: caller.id });
  if (!user) throw new UnauthenticatedError('Your account no longer exists.');
  const invitation = await tx.findOne(Invitation, { id, email: user.email }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!invitation) throw new NotFoundError('Invitation', id);
  if (invitation.status !== InvitationStatus.PENDING) throw new IllegalStateError('This invitation has already been answered.');
  if (invitation.expiresAt <= new Date()) throw new IllegalStateError('This invitation has expired; ask for a new one.');
  return { invitation, user };
}
