import { NotFoundError, requireUser, WRITER_ROLES, type AuthUser } from '@caregraph/shared';
import type { CareRecipient } from '../careRecipients/CareRecipient.entity';
import type { CareContext } from './CareContext';
import { parseId } from './validate';

/**
 * The signed-in writer and the care recipient they act on: UNAUTHENTICATED, BAD_USER_INPUT
 * (malformed id), NOT_FOUND, or FORBIDDEN unless the caller is a writer of its circle.
 */
export async function loadRecipientForWrite(ctx: CareContext, id: string, field: string): Promise<{ user: AuthUser; recipient: CareRecipient }> {
  const user = requireUser(ctx);
  const careRecipientId = parseId(id, field);
  const recipient = await ctx.loaders.careRecipient.load(careRecipientId);
  if (!recipient) throw new NotFoundError('CareRecipient', careRecipientId);
  await ctx.circles.require(recipient.careCircleId, WRITER_ROLES);
  return { user, recipient };
}
