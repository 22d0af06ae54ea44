import { randomUUID } from 'node:crypto';
import type { AuthOptions } from './AuthOptions';
import type { GatewayContext } from './GatewayContext';
import { authenticate } from './authenticate';

/** Builds the per-request (or per-socket) context, verifying the token once at the edge. */
export async function createContext(
  authorization: string | undefined,
  correlationId: string | undefined,
  auth: AuthOptions | undefined,
  clientIp?: string,
): Promise<GatewayContext> {
  const claims = await authenticate(authorization || undefined, auth);
  return { authorization: authorization || undefined, claims, correlationId: correlationId || randomUUID(), clientIp };
}
