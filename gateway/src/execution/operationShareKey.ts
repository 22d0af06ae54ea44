import type { GatewayContext } from '../auth/GatewayContext';
import { callerHeaders } from '../datasources/callerHeaders';
import { fetchKey } from '../datasources/fetchKey';

/**
 * What makes two incoming queries interchangeable: the same operation (query hash and name),
 * the same variables, and every caller header forwarded to subgraphs except the correlation id
 * (fetchKey's rule): two requests with this key send identical subgraph fetches, which fetchKey
 * would let share anyway. x-gateway-token is the gateway's own, the same for every request
 * except a scoped one, whose scope is in the key too.
 */
export function operationShareKey(operationKey: string, variables: Record<string, unknown>, context: GatewayContext): string {
  const headers = { ...callerHeaders(context), ...(context.scope ? { 'x-gateway-scope': JSON.stringify(context.scope) } : {}) };
  return fetchKey(operationKey, { method: 'OPERATION', headers, body: JSON.stringify(variables) });
}
