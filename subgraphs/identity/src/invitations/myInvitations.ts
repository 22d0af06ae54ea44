import type { AuthUser } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from '../users/User.entity';
import { Invitation } from './Invitation.entity';
import { InvitationStatus } from './InvitationStatus';

/** The caller's pending, unexpired invitations (addressed to their account's email), oldest first. */
export async function myInvitations(em: EntityManager, caller: AuthUser): Promise<Invitation[]> {
  const user = await em.findOne(User, { id: caller.id });
  if (!user) return [];
  return em.find(
    Invitation,
    { email: user.email, status: InvitationStatus.PENDING, expiresAt: { $gt: new Date() } },
    { orderBy: { createdAt: 'asc', id: 'asc' } },
  );
}
