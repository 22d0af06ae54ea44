import { buildFederatedSchema, ForbiddenError, requireUser } from '@caregraph/shared';
import type { GraphQLSchema } from 'graphql';
import { CareCircle } from './careCircles/CareCircle.entity';
import { CareCircleResolver } from './careCircles/CareCircleResolver';
import { MembershipResolver } from './careCircles/MembershipResolver';
import type { IdentityContext } from './IdentityContext';
import { InvitationResolver } from './invitations/InvitationResolver';
import { UserResolver } from './users/UserResolver';
import type { User } from './users/User.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `_entities` for User: anyone may resolve a user (email and careCircles guard themselves). */
function resolveUser(reference: { id: string }, context: IdentityContext): Promise<User | null> | null {
  return UUID.test(reference.id) ? context.loaders.userById.load(reference.id.toLowerCase()) : null;
}

/**
 * `_entities` for CareCircle: members only. A non-member gets FORBIDDEN (not null) so the
 * name never leaks and the refusal is visible; an unknown id resolves to null.
 */
async function resolveCareCircle(reference: { id: string }, context: IdentityContext): Promise<CareCircle | null> {
  requireUser(context);
  if (!UUID.test(reference.id)) return null;
  const id = reference.id.toLowerCase();
  const circle = await context.loaders.careCircleById.load(id);
  if (!circle) return null;
  if (!(await context.circles.roleIn(id))) throw new ForbiddenError('You are not a member of this care circle.');
  return circle;
}

/** The identity subgraph's executable schema and SDL; needs no database (composition uses it). */
export function buildIdentitySchema(): Promise<{ schema: GraphQLSchema; sdl: string }> {
  return buildFederatedSchema<IdentityContext>({
    resolvers: [UserResolver, CareCircleResolver, MembershipResolver, InvitationResolver],
    referenceResolvers: {
      User: resolveUser as (reference: { id: string }, context: IdentityContext) => unknown,
      CareCircle: resolveCareCircle,
    },
  });
}
