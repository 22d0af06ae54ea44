import type { AuthOptions } from './auth/AuthOptions';
import type { RateLimitOptions } from './limits/RateLimitOptions';
import type { EventSource } from './subscriptions/EventSource';
import type { RevocationConfig } from './subscriptions/RevocationConfig';
import type { SubscriptionFieldConfig } from './subscriptions/SubscriptionFieldConfig';

export interface GatewayOptions {
  /** The composed supergraph SDL; or `supergraphPath` to read it from a file. */
  supergraphSdl?: string;
  supergraphPath?: string;
  /** 0 picks a free port. */
  port: number;
  /** Default 0.0.0.0 */
  host?: string;
  /** Routing URL overrides by subgraph name (as in join__Graph `name:`; matched case-insensitively). */
  subgraphUrls?: Record<string, string>;
  auth?: AuthOptions;
  subscriptions?: Record<string, SubscriptionFieldConfig>;
  /** In-process pub/sub (embedded mode); takes precedence over redisUrl. */
  eventSource?: EventSource;
  redisUrl?: string;
  /** Prepended to every channel name. Default "". */
  channelPrefix?: string;
  /** Peers whose X-Forwarded-For is believed (addresses, CIDRs, `loopback`…). Default none: the socket's address. */
  trustedProxies?: string[];
  /** Operation, connection, subscription and message-size limits; see RateLimitOptions for defaults. */
  rateLimits?: RateLimitOptions;
  /** Re-authorise a subject's live streams when a message names it on this channel. Default off. */
  revocation?: RevocationConfig;
  /** pino level. Default info (or LOG_LEVEL). */
  logLevel?: string;
}

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}
