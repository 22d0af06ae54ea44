import { cleanEnv, makeValidator, str, type ReporterOptions } from 'envalid';

/**
 * Identity's own settings, read once from the environment at start (`loadIdentitySettings`).
 * Every limit counts within a fixed window that starts at the first counted attempt.
 */
export interface IdentitySettings {
  /** `INVITATION_TTL_HOURS`, default 168 (7 days): how long an invitation can be accepted. */
  invitationTtlHours: number;
  /** `LOGIN_MAX_FAILURES_PER_ACCOUNT`, default 5: failed logIns per email within the window; then even the right password is refused. */
  loginMaxFailuresPerAccount: number;
  /** `LOGIN_MAX_FAILURES_PER_IP`, default 50: failed logIns per client address within the window. */
  loginMaxFailuresPerIp: number;
  /** `LOGIN_WINDOW_SECONDS`, default 900 (15 minutes). */
  loginWindowSeconds: number;
  /** `SIGNUP_MAX_PER_IP`, default 10: signUp attempts per client address within the window. */
  signUpMaxPerIp: number;
  /** `SIGNUP_WINDOW_SECONDS`, default 3600 (1 hour). */
  signUpWindowSeconds: number;
  /** `REDIS_URL`: set (services mode), the limits are counted in Redis, shared by every identity process; unset, in memory. */
  redisUrl?: string;
  /** `CAREGRAPH_NAMESPACE`, default '': prefix of every Redis key the limits write. */
  namespace: string;
}

const positiveInt = makeValidator<number>((input) => {
  const value = Number(input);
  if (!/^\s*\d+\s*$/.test(input) || !Number.isSafeInteger(value) || value < 1) throw new Error(`must be a whole number ≥ 1, got "${input}"`);
  return value;
});

const specs = {
  INVITATION_TTL_HOURS: positiveInt({ default: 168, desc: 'hours an invitation stays acceptable' }),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: positiveInt({ default: 5, desc: 'failed logIns per email per window' }),
  LOGIN_MAX_FAILURES_PER_IP: positiveInt({ default: 50, desc: 'failed logIns per client address per window' }),
  LOGIN_WINDOW_SECONDS: positiveInt({ default: 900, desc: 'logIn limit window' }),
  SIGNUP_MAX_PER_IP: positiveInt({ default: 10, desc: 'signUps per client address per window' }),
  SIGNUP_WINDOW_SECONDS: positiveInt({ default: 3600, desc: 'signUp limit window' }),
  REDIS_URL: str({ default: '' }),
  CAREGRAPH_NAMESPACE: str({ default: '' }),
};

/** Refuses to start, naming every bad variable (envalid's default reporter would exit the process). */
function reportInvalid({ errors }: ReporterOptions<typeof specs>): void {
  const problems = Object.entries(errors).map(([name, error]) => `${name} ${(error as Error).message}`);
  if (problems.length) throw new Error(`Invalid identity settings: ${problems.join('; ')}`);
}

/** The settings from `env` (validated with envalid); throws naming the variable when one is invalid. */
export function loadIdentitySettings(env: NodeJS.ProcessEnv = process.env): IdentitySettings {
  const clean = cleanEnv(env, specs, { reporter: reportInvalid });
  return {
    invitationTtlHours: clean.INVITATION_TTL_HOURS,
    loginMaxFailuresPerAccount: clean.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    loginMaxFailuresPerIp: clean.LOGIN_MAX_FAILURES_PER_IP,
    loginWindowSeconds: clean.LOGIN_WINDOW_SECONDS,
    signUpMaxPerIp: clean.SIGNUP_MAX_PER_IP,
    signUpWindowSeconds: clean.SIGNUP_WINDOW_SECONDS,
    redisUrl: clean.REDIS_URL || undefined,
    namespace: clean.CAREGRAPH_NAMESPACE,
  };
}
