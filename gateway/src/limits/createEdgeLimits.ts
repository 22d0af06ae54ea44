import { ConnectionLimiter } from './ConnectionLimiter';
import { OperationLimiter } from './OperationLimiter';
import { createRateLimiter } from './rateLimiter';
import { rateLimitsOf, type RateLimitOptions } from './RateLimitOptions';

/**
 * The gateway's limiters: operation counts on Redis when `redisUrl` is given (shared by every
 * gateway process; keys `<keyPrefix>gateway.rl.ip:<address>` / `…rl.user:<sub>`), in memory
 * otherwise; connection counts always per process.
 */
export async function createEdgeLimits(options: RateLimitOptions | undefined, keyPrefix: string, redisUrl?: string) {
  const limits = rateLimitsOf(options);
  // No offline queue: while Redis is unreachable, counting falls back to memory at once.
  // ioredis is loaded only when used: a gateway without Redis does not carry it in memory.
  const redis = redisUrl ? new (await import('ioredis')).default(redisUrl, { lazyConnect: true, enableOfflineQueue: false }) : undefined;
  await redis?.connect();
  return {
    limits,
    operations: new OperationLimiter(limits, `${keyPrefix}gateway.rl.`, redis),
    connections: new ConnectionLimiter(limits.connectionsPerIp),
    /** A limiter of its own for one HTTP route (gateway config `routes`), keyed `<keyPrefix>gateway.rl.route.<name>:<address>`, on the same store. */
    routeLimiter: (name: string, points: number, windowSeconds: number) => createRateLimiter(`${keyPrefix}gateway.rl.route.${name}`, points, windowSeconds, redis),
    async close() {
      await redis?.quit();
    },
  };
}
