import { createHash } from 'node:crypto';
import { signToken, UnauthenticatedError } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TokenSettings } from '../IdentityContext';
import { consumeOrRefuse } from '../rateLimits/consumeOrRefuse';
import type { RateLimits } from '../rateLimits/createRateLimits';
import type { AuthPayload } from './AuthPayload';
import type { LogInInput } from './inputs';
import { verifyPassword } from './passwords';
import { User } from './User.entity';

/** One message for an unknown email and a wrong password, so neither is revealed. */
export const LOG_IN_FAILED = 'The email or password is wrong.';
const TOO_MANY = 'Too many failed sign-ins; try again later.';

/** The account's counter key: a digest, so no address is stored in Redis and any input makes a short key. */
export function accountKey(email: string): string {
  return createHash('sha256').update(email).digest('hex');
}

/**
 * Checks the credentials and returns a fresh token; UNAUTHENTICATED when they do not match.
 *
 * Each attempt is counted against the account (the normalised email, known or not, so the
 * limit says nothing about which emails exist) and the client's address **before** the
 * password is verified: past either limit the attempt is RATE_LIMITED, the right password
 * included, until the window ends. A success takes its own count back (the account's
 * failures are forgotten), so only failures add up.
 */
export async function logIn(em: EntityManager, input: LogInInput, tokens: TokenSettings, limits: RateLimits, clientIp: string): Promise<AuthPayload> {
  const email = input.email.trim().toLowerCase();
  const account = accountKey(email);
  await consumeOrRefuse(limits.loginPerAccount, account, TOO_MANY);
  try {
    await consumeOrRefuse(limits.loginPerIp, clientIp, TOO_MANY);
  } catch (error) {
    await limits.loginPerAccount.reward(account, 1);
    throw error;
  }

  const user = email ? await em.findOne(User, { email }) : null;
  const ok = await verifyPassword(user?.passwordHash, input.password);
  if (!user || !ok) throw new UnauthenticatedError(LOG_IN_FAILED);

  await Promise.all([limits.loginPerAccount.delete(account), limits.loginPerIp.reward(clientIp, 1)]);
  return { token: await signToken({ id: user.id, email: user.email }, tokens.jwtSecret, tokens.jwtTtl), user };
}
