import type { JWTPayload } from 'jose';

/** What the gateway knows about one caller; the raw header is what subgraphs receive. */
export type GatewayContext = {
  authorization?: string;
  claims?: JWTPayload;
  correlationId: string;
  /** The caller's address: the socket's peer, or X-Forwarded-For's client when the peer is a trusted proxy; sent to subgraphs as x-forwarded-for. */
  clientIp?: string;
  /**
   * Set only for a subscription execution shared by scope: the subgraphs get a gateway credential
   * carrying these claims and no Authorization header (docs/adr/0009).
   */
  scope?: Record<string, string>;
};
