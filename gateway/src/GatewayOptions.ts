import type { AuthOptions } from './auth/AuthOptions';
import type { EventSource } from './subscriptions/EventSource';
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
  /** pino level. Default info (or LOG_LEVEL). */
  logLevel?: string;
}

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}
