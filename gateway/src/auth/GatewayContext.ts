import type { JWTPayload } from 'jose';

/** What the gateway knows about one caller; the raw header is what subgraphs receive. */
export type GatewayContext = {
  authorization?: string;
  claims?: JWTPayload;
  correlationId: string;
  /** The caller's address: the socket's peer, or X-Forwarded-For's client when the peer is a trusted proxy; sent to subgraphs as x-forwarded-for. */
  clientIp?: string;
};
