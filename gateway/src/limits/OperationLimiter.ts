import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { GatewayContext } from '../auth/GatewayContext';
import type { RateLimitOptions } from './RateLimitOptions';

/**
 * Operations per client address and per token subject. On Redis (shared by every gateway
 * process) when given a client, in memory otherwise; a Redis failure falls back to memory
 * rather than refusing everyone.
 */
export class OperationLimiter {
  private readonly perIp: RateLimiterAbstract;
  private readonly perUser: RateLimiterAbstract;

  constructor(limits: Required<RateLimitOptions>, keyPrefix: string, redis?: Redis) {
    const limiter = (name: string, points: number) => {
      const options = { keyPrefix: `${keyPrefix}${name}`, points, duration: limits.windowSeconds };
      return redis
        ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) })
        : new RateLimiterMemory(options);
    };
    this.perIp = limiter('ip', limits.operationsPerIp);
    this.perUser = limiter('user', limits.operationsPerUser);
  }

  /** Counts one operation from `ip`; the seconds to wait when over the limit, else undefined. */
  consumeIp(ip: string | undefined): Promise<number | undefined> {
    return ip ? consume(this.perIp, ip) : Promise.resolve(undefined);
  }

  /** Counts one operation of the verified subject, if any. */
  consumeUser(context: GatewayContext): Promise<number | undefined> {
    const subject = context.claims?.sub;
    return typeof subject === 'string' ? consume(this.perUser, subject) : Promise.resolve(undefined);
  }

  /** Both counts, address first. */
  async consume(context: GatewayContext): Promise<number | undefined> {
    return (await this.consumeIp(context.clientIp)) ?? (await this.consumeUser(context));
  }
}

async function consume(limiter: RateLimiterAbstract, key: string): Promise<number | undefined> {
  try {
    await limiter.consume(key);
    return undefined;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw rejection;
  }
}
