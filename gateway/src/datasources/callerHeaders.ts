import type { GatewayContext } from '../auth/GatewayContext';

/**
 * The headers every subgraph request carries for its caller: the raw Authorization header, so
 * every subgraph authorises again, the correlation id, so logs line up across processes, and
 * the client's address (`x-forwarded-for`). Whatever is added here is part of every sharing key
 * (fetchKey, operationShareKey) by default. A scoped execution (docs/adr/0009) reads as its
 * scope, never with a caller's token: it sends no Authorization header.
 */
export function callerHeaders(context: GatewayContext | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!context) return headers;
  if (context.authorization && !context.scope) headers.authorization = context.authorization;
  if (context.correlationId) headers['x-correlation-id'] = context.correlationId;
  if (context.clientIp) headers['x-forwarded-for'] = context.clientIp;
  return headers;
}
