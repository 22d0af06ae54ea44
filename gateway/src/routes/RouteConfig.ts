/**
 * A plain HTTP endpoint the gateway serves on its public port by forwarding POSTs to one
 * subgraph (config `routes`, keyed by the public path): the body's bytes go unchanged (a
 * signature over them still verifies), with the listed request headers and the gateway's
 * `x-gateway-token`; the subgraph's status and JSON body come back.
 */
export interface RouteConfig {
  /** The subgraph's name, as in the supergraph (join__Graph). */
  subgraph: string;
  /** The path on the subgraph's server, e.g. `/ingest/events`. */
  path: string;
  /** Larger bodies are refused with 413 before anything is forwarded. Default 65536. */
  maxBodyBytes?: number;
  /** Request headers passed on, lower-case; `content-type` always is. Default none besides it. */
  headers?: string[];
  /** Requests per client address per window (Redis when the gateway has it). Default 60 per 60 s. */
  rateLimit?: { requestsPerIp?: number; windowSeconds?: number };
}

export const ROUTE_DEFAULTS = { maxBodyBytes: 64 * 1024, requestsPerIp: 60, windowSeconds: 60 };

/** Headers a route may not pass on: the gateway's own credential, and what describes the connection or body framing. */
export const UNFORWARDABLE_HEADERS = new Set([
  'x-gateway-token',
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'content-encoding',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'proxy-authorization',
  'x-correlation-id',
]);
