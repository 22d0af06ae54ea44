/** Edge limits (config `rateLimits`); every field optional, defaults below. */
export interface RateLimitOptions {
  /** Operations (HTTP requests, and each query, mutation or subscription over websockets) per token subject per window. Default 600. */
  operationsPerUser?: number;
  /** Operations per client address per window. Default 1200. */
  operationsPerIp?: number;
  /** The window of the two above, in seconds. Default 60. */
  windowSeconds?: number;
  /** Open websockets per client address (per gateway process); more are refused at upgrade with HTTP 429. Default 50. */
  connectionsPerIp?: number;
  /** Active subscriptions per websocket; more get SUBSCRIPTION_LIMIT. Default 50. */
  subscriptionsPerSocket?: number;
  /** Largest websocket message in bytes; a larger one closes the socket with 1009. Default 1 MiB. */
  maxMessageBytes?: number;
}

export const RATE_LIMIT_DEFAULTS: Required<RateLimitOptions> = {
  operationsPerUser: 600,
  operationsPerIp: 1200,
  windowSeconds: 60,
  connectionsPerIp: 50,
  subscriptionsPerSocket: 50,
  maxMessageBytes: 1024 * 1024,
};

export function rateLimitsOf(options: RateLimitOptions = {}): Required<RateLimitOptions> {
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  return { ...RATE_LIMIT_DEFAULTS, ...defined };
}
