import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * `points` per key per `windowSeconds`: on Redis (shared by every gateway process) when given a
 * client, in memory otherwise; a Redis failure falls back to memory rather than refusing everyone.
 */
export function createRateLimiter(keyPrefix: string, points: number, windowSeconds: number, redis?: Redis): RateLimiterAbstract {
  const options = { keyPrefix, points, duration: windowSeconds };
  return redis ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) }) : new RateLimiterMemory(options);
}

/** Counts one point for `key`; the seconds to wait when over the limit, else undefined. */
export async function consumePoint(limiter: RateLimiterAbstract, key: string): Promise<number | undefined> {
  try {
    await limiter.consume(key);
    return undefined;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw rejection;
  }
}
