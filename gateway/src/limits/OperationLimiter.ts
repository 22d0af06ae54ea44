import type Redis from 'ioredis';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { GatewayContext } from '../auth/GatewayContext';
import type { EdgeLimitEvents, RefusedLimit } from './EdgeLimitEvents';
import { consumePoint, createRateLimiter } from './rateLimiter';
import type { RateLimitOptions } from './RateLimitOptions';

/**
 * Operations per client address and per token subject. On Redis (shared by every gateway
 * process) when given a client, in memory otherwise; a Redis failure falls back to memory
 * rather than refusing everyone.
 */
export class OperationLimiter {
  private readonly perIp: RateLimiterAbstract;
  private readonly perUser: RateLimiterAbstract;

  constructor(
    limits: Required<RateLimitOptions>,
    keyPrefix: string,
    redis?: Redis,
    private readonly events: EdgeLimitEvents = {},
  ) {
    this.perIp = createRateLimiter(`${keyPrefix}ip`, limits.operationsPerIp, limits.windowSeconds, redis);
    this.perUser = createRateLimiter(`${keyPrefix}user`, limits.operationsPerUser, limits.windowSeconds, redis);
  }

  /** Counts one operation from `ip`; the seconds to wait when over the limit, else undefined. */
  consumeIp(ip: string | undefined): Promise<number | undefined> {
    return ip ? consumePoint(this.perIp, ip).then(this.reported('operations_per_ip')) : Promise.resolve(undefined);
  }

  /** Counts one operation of the verified subject, if any. */
  consumeUser(context: GatewayContext): Promise<number | undefined> {
    const subject = context.claims?.sub;
    return typeof subject === 'string' ? consumePoint(this.perUser, subject).then(this.reported('operations_per_user')) : Promise.resolve(undefined);
  }

  private reported(limit: RefusedLimit) {
    return (wait: number | undefined) => {
      if (wait !== undefined) this.events.refused?.(limit);
      return wait;
    };
  }

  /** Both counts, address first. */
  async consume(context: GatewayContext): Promise<number | undefined> {
    return (await this.consumeIp(context.clientIp)) ?? (await this.consumeUser(context));
  }
}
