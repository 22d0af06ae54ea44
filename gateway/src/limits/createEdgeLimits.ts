import { ConnectionLimiter } from './ConnectionLimiter';
import type { EdgeLimitEvents } from './EdgeLimitEvents';
import { OperationLimiter } from './OperationLimiter';
import { consumePoint, createRateLimiter } from './rateLimiter';
import { rateLimitsOf, type RateLimitOptions } from './RateLimitOptions';

/**
 * The gateway's limiters: operation counts on Redis when `redisUrl` is given (shared by every
 * gateway process; keys `<keyPrefix>gateway.rl.ip:<address>` / `…rl.user:<sub>`), in memory
 * otherwise; connection counts always per process. Refusals and open connections go to `events`.
 */
export async function createEdgeLimits(options: RateLimitOptions | undefined, keyPrefix: string, redisUrl?: string, events: EdgeLimitEvents = {}) {
  const limits = rateLimitsOf(options);
  // No offline queue: while Redis is unreachable, counting falls back to memory at once.
  // ioredis is loaded only when used: a gateway without Redis does not carry it in memory.
  const redis = redisUrl ? new (await import('ioredis')).default(redisUrl, { lazyConnect: true, enableOfflineQueue: false }) : undefined;
  await redis?.connect();
  return {
    limits,
    operations: new OperationLimiter(limits, `${keyPrefix}gateway.rl.`, redis, events),
    connections: new ConnectionLimiter(limits.connectionsPerIp, events),
    /**
     * A limiter of its own for one HTTP route (gateway config `routes`), keyed
     * `<keyPrefix>gateway.rl.route.<name>:<address>`, on the same store: counts one request of
     * `key`, giving the seconds to wait when over the limit.
     */
    routeLimiter: (name: string, points: number, windowSeconds: number) => {
      const limiter = createRateLimiter(`${keyPrefix}gateway.rl.route.${name}`, points, windowSeconds, redis);
      return async (key: string): Promise<number | undefined> => {
        const wait = await consumePoint(limiter, key);
        if (wait !== undefined) events.refused?.('route');
        return wait;
      };
    },
    async close() {
      await redis?.quit();
    },
  };
}
