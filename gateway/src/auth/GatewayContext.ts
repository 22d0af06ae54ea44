import type { JWTPayload } from 'jose';

/** What the gateway knows about one caller; the raw header is what subgraphs receive. */
export type GatewayContext = {
  authorization?: string;
  claims?: JWTPayload;
  correlationId: string;
  /** The end client's address, sent to subgraphs as x-forwarded-for. */
  clientIp?: string;
};
