import { signToken, UnauthenticatedError } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TokenSettings } from '../IdentityContext';
import type { AuthPayload } from './AuthPayload';
import type { LogInInput } from './inputs';
import { verifyPassword } from './passwords';
import { User } from './User.entity';

/** One message for an unknown email and a wrong password, so neither is revealed. */
export const LOG_IN_FAILED = 'The email or password is wrong.';

/** Checks the credentials and returns a fresh token; UNAUTHENTICATED when they do not match. */
export async function logIn(em: EntityManager, input: LogInInput, tokens: TokenSettings): Promise<AuthPayload> {
  const email = input.email.trim().toLowerCase();
  const user = email ? await em.findOne(User, { email }) : null;
  const ok = await verifyPassword(user?.passwordHash, input.password);
  if (!user || !ok) throw new UnauthenticatedError(LOG_IN_FAILED);
  return { token: await signToken({ id: user.id, email: user.email }, tokens.jwtSecret, tokens.jwtTtl), user };
}
