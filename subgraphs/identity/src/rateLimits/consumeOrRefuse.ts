import { RateLimitedError } from '@caregraph/shared';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * Counts one attempt against `key`; past the limit, RATE_LIMITED with the seconds left in the
 * window. The count is atomic (a Redis script, or one process's memory), so concurrent attempts
 * cannot slip past it together. Store failures propagate: we fail closed.
 */
export async function consumeOrRefuse(limiter: RateLimiterAbstract, key: string, message?: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new RateLimitedError(error.msBeforeNext / 1000, message);
    throw error;
  }
}
