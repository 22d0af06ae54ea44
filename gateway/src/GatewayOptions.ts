import type { AuthOptions } from './auth/AuthOptions';
import type { SubgraphCredential } from './datasources/SubgraphCredential';
import type { ExplorerSetting } from './explorer/explorerSetting';
import type { GatewayLimits } from './limits/GatewayLimits';
import type { RateLimitOptions } from './limits/RateLimitOptions';
import type { RouteConfig } from './routes/RouteConfig';
import type { EventSource } from './subscriptions/EventSource';
import type { RevocationConfig } from './subscriptions/RevocationConfig';
import type { SubscriptionFieldConfig } from './subscriptions/SubscriptionFieldConfig';

export interface SupergraphReloadOptions {
  watch?: boolean;
  url?: string;
  intervalSeconds?: number;
}

export interface GatewayOptions {
  /** The composed supergraph SDL; or `supergraphPath` to read it from a file. */
  supergraphSdl?: string;
  supergraphPath?: string;
  /**
   * Reload the supergraph while running, keeping live subscriptions (docs: gateway/README.md,
   * Supergraph reloads): `watch` re-reads `supergraphPath` when it changes (default on when
   * there is a path); `url` fetches it from there instead, at start and every interval.
   * `intervalSeconds`: how often the file is checked (default 1) or the URL fetched (default 15).
   */
  supergraphReload?: SupergraphReloadOptions;
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
  /** Operation and upstream limits; each unset one keeps its default (see limits/GatewayLimits.ts). */
  limits?: Partial<GatewayLimits>;
  /** Production defaults (no introspection, no suggestions, no Sandbox, no Sandbox origin). Default NODE_ENV === 'production'. */
  production?: boolean;
  /** Schema introspection. Default off in production, on otherwise. */
  introspection?: boolean;
  /**
   * The explorer a browser's GET /graphql gets: `graphiql` (served by the gateway, works offline;
   * also what `true` means), `sandbox` (Apollo's, loads from its CDN) or `false` (none). With
   * either on, GraphiQL is also at /graphiql. Default off in production, `graphiql` otherwise.
   */
  explorer?: ExplorerSetting;
  /** Origins allowed cross-origin (CORS). Default none; in development also https://studio.apollographql.com. */
  corsOrigins?: string[];
  /** Strict-Transport-Security max-age in seconds. Default off. */
  hstsMaxAge?: number;
  /** Port of the internal /metrics listener (0 = a free one). Default: no metrics listener. */
  metricsPort?: number;
  /** Default 127.0.0.1 */
  metricsHost?: string;
  /** Signs `x-gateway-token` for every subgraph request; no secret, no header. */
  subgraphCredential?: SubgraphCredential;
  /** Plain HTTP endpoints forwarded to a subgraph, by public path (RouteConfig). Default none. */
  routes?: Record<string, RouteConfig>;
}

export interface RunningGateway {
  url: string;
  port: number;
  /** The internal Prometheus endpoint, when metricsPort is set. */
  metricsUrl?: string;
  stop(): Promise<void>;
}
