import { ConflictError, recordEvent, signToken, ValidationError, type EventContext } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { IDENTITY_SOURCE, IdentityEvents } from '../common/identityEvents';
import { conflictOnDuplicate } from '../common/uniqueViolation';
import { normaliseEmail, requireText } from '../common/validate';
import type { TokenSettings } from '../IdentityContext';
import { consumeOrRefuse } from '../rateLimits/consumeOrRefuse';
import type { RateLimits } from '../rateLimits/createRateLimits';
import type { AuthPayload } from './AuthPayload';
import type { SignUpInput } from './inputs';
import { hashPassword } from './passwords';
import { User } from './User.entity';

export const MIN_PASSWORD_LENGTH = 8;
// argon2 hashes whatever it is given; a bound keeps one request from being expensive.
export const MAX_PASSWORD_LENGTH = 256;

const emailTaken = () => new ConflictError('An account with this email already exists.', 'email');

/**
 * Creates an account and emits `user.created`; returns a token for it. CONFLICT on a taken email.
 * Every attempt counts against the client's address first (RATE_LIMITED past the limit).
 */
export async function signUp(
  em: EntityManager,
  input: SignUpInput,
  tokens: TokenSettings,
  eventContext: EventContext,
  limits: RateLimits,
  clientIp: string,
): Promise<AuthPayload> {
  await consumeOrRefuse(limits.signUpPerIp, clientIp, 'Too many sign-ups from your address; try again later.');
  const email = normaliseEmail(input.email);
  const displayName = requireText(input.displayName, 'displayName');
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new ValidationError(`The password must have at least ${MIN_PASSWORD_LENGTH} characters.`, 'password');
  }
  if (input.password.length > MAX_PASSWORD_LENGTH) {
    throw new ValidationError(`The password must have at most ${MAX_PASSWORD_LENGTH} characters.`, 'password');
  }
  if (await em.count(User, { email })) throw emailTaken();
  const passwordHash = await hashPassword(input.password);

  const user = await conflictOnDuplicate(
    () =>
      em.transactional(async (tx) => {
        const created = tx.create(User, { email, displayName, passwordHash });
        recordEvent(
          tx,
          IDENTITY_SOURCE,
          { type: IdentityEvents.userCreated, aggregateType: 'User', aggregateId: created.id, data: { userId: created.id, email, displayName } },
          { ...eventContext, causedBy: created.id },
        );
        return created;
      }),
    emailTaken,
  );
  return { token: await signToken({ id: user.id, email: user.email }, tokens.jwtSecret, tokens.jwtTtl), user };
}
