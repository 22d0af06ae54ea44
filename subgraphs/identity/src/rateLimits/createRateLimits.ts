import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { IdentitySettings } from '../settings/identitySettings';

/** The counters behind logIn and signUp's limits, and what to release on stop. */
export interface RateLimits {
  loginPerAccount: RateLimiterAbstract;
  loginPerIp: RateLimiterAbstract;
  signUpPerIp: RateLimiterAbstract;
  /** `redis` or `memory`, for logs and tests. */
  store: 'redis' | 'memory';
  close(): Promise<void>;
}

/**
 * One limiter per limit: in Redis when `redisUrl` is set (services mode: every identity process
 * counts in the same place; keys `<CAREGRAPH_NAMESPACE>identity:<limit>:<key>`), else in this
 * process's memory (embedded mode, a single process).
 */
export function createRateLimits(settings: IdentitySettings): RateLimits {
  const limits = [
    { name: 'loginPerAccount', points: settings.loginMaxFailuresPerAccount, duration: settings.loginWindowSeconds, keyPrefix: 'login-account' },
    { name: 'loginPerIp', points: settings.loginMaxFailuresPerIp, duration: settings.loginWindowSeconds, keyPrefix: 'login-ip' },
    { name: 'signUpPerIp', points: settings.signUpMaxPerIp, duration: settings.signUpWindowSeconds, keyPrefix: 'signup-ip' },
  ] as const;
  const prefix = (keyPrefix: string) => `${settings.namespace}identity:${keyPrefix}`;

  if (!settings.redisUrl) {
    const [loginPerAccount, loginPerIp, signUpPerIp] = limits.map(
      ({ points, duration, keyPrefix }) => new RateLimiterMemory({ points, duration, keyPrefix: prefix(keyPrefix) }),
    );
    return { loginPerAccount, loginPerIp, signUpPerIp, store: 'memory', close: async () => {} };
  }

  // Fail closed: with Redis away a logIn errors rather than going unlimited.
  const redis = new Redis(settings.redisUrl, { enableOfflineQueue: true, maxRetriesPerRequest: 2 });
  const [loginPerAccount, loginPerIp, signUpPerIp] = limits.map(
    ({ points, duration, keyPrefix }) => new RateLimiterRedis({ storeClient: redis, points, duration, keyPrefix: prefix(keyPrefix) }),
  );
  return {
    loginPerAccount,
    loginPerIp,
    signUpPerIp,
    store: 'redis',
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
