/** The limit that refused a request: `rateLimits` per address or subject, connections per address, or a route's own. */
export type RefusedLimit = 'operations_per_ip' | 'operations_per_user' | 'connections_per_ip' | 'route';

/** The live transports whose connections ConnectionLimiter counts. */
export type LiveTransport = 'websocket' | 'sse';

/** What the edge limits report, for metrics (createMetrics: gateway_rate_limit_refusals_total, gateway_open_connections). */
export interface EdgeLimitEvents {
  refused?(limit: RefusedLimit): void;
  /** +1 when a live connection is admitted, -1 when it closes. */
  connections?(transport: LiveTransport, delta: 1 | -1): void;
}
