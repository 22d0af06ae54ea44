import type { IncomingHttpHeaders } from 'node:http';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../logger';

/** One POST to a subgraph route, after the gateway's credential was verified. */
export interface SubgraphRouteRequest {
  headers: IncomingHttpHeaders;
  /** The body bytes exactly as they arrived (a signature over them still verifies). */
  body: Buffer;
  /** A fork of the subgraph's EntityManager for this request. */
  em: EntityManager;
  correlationId: string;
  logger: Logger;
}

export interface SubgraphRouteResponse {
  status: number;
  body: unknown;
}

/**
 * An HTTP endpoint a subgraph serves next to `/graphql` (a partner's signed events, say), for
 * the gateway to forward to (gateway config `routes`). It answers POST only, and only with the
 * gateway's unscoped credential, like `/graphql`; the body is read raw, up to `maxBodyBytes`.
 */
export interface SubgraphRoute {
  /** e.g. `/ingest/events` */
  path: string;
  /** A larger body is refused with 413 PAYLOAD_TOO_LARGE before `handle` runs. Default 64 KiB. */
  maxBodyBytes?: number;
  /** Answers the request; a throw is logged and answered 500 INTERNAL. */
  handle(request: SubgraphRouteRequest): Promise<SubgraphRouteResponse>;
}

export const DEFAULT_ROUTE_BODY_BYTES = 64 * 1024;

/** A refusal in the JSON shape every route answers with: `{ "error": { "code", "message", …details } }`. */
export function routeRefusal(status: number, code: string, message: string, details: Record<string, unknown> = {}): SubgraphRouteResponse {
  return { status, body: { error: { code, message, ...details } } };
}
