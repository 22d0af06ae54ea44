import { ForbiddenError, NotFoundError, requireUser } from '@caregraph/shared';
import type { IdentityContext } from '../IdentityContext';
import type { CareCircle } from './CareCircle.entity';

/**
 * The circle, for a caller who belongs to it: UNAUTHENTICATED when anonymous, NOT_FOUND when
 * there is no such circle, FORBIDDEN when the caller is not a member.
 */
export async function findCircleForMember(context: IdentityContext, careCircleId: string): Promise<CareCircle> {
  requireUser(context);
  const circle = await context.loaders.careCircleById.load(careCircleId);
  if (!circle) throw new NotFoundError('CareCircle', careCircleId);
  if (!(await context.circles.roleIn(careCircleId))) throw new ForbiddenError('You are not a member of this care circle.');
  return circle;
}
