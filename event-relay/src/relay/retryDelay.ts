export interface RetryPolicy {
  /** Attempts before a row becomes FAILED. Default 10. */
  maxAttempts: number;
  /** Delay after the first failed attempt; doubles after each further one. Default 1000 ms. */
  baseDelayMs: number;
  /** Ceiling of the delay. Default 5 minutes. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 10, baseDelayMs: 1000, maxDelayMs: 300_000 };

/** Exponential backoff before attempt `failedAttempts + 1`. */
export function retryDelay(failedAttempts: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  const exponent = Math.max(0, failedAttempts - 1);
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
}
