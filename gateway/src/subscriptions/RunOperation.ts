import type { ExecutionResult } from 'graphql';
import type { GatewayContext } from '../auth/GatewayContext';

/** Runs a query or mutation through the gateway's own execution (supergraph → subgraphs). */
export type RunOperation = (
  query: string,
  variables: Record<string, unknown>,
  context: GatewayContext,
) => Promise<ExecutionResult>;
