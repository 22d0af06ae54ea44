import { gatewayHeaders } from '@caregraph/shared';

/** Every CareGraph subgraph's name: a test credential good for whichever one a harness started. */
const SUBGRAPH_NAMES = ['identity', 'care', 'billing', 'notifications', 'audit', 'sagas'];

/** The headers the gateway adds to a subgraph request (its `x-gateway-token`), for tests that call subgraphs directly. */
export function asGateway(): Promise<Record<string, string>> {
  return gatewayHeaders(SUBGRAPH_NAMES);
}
