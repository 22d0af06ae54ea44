import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../auth/GatewayContext';
import { errors } from '../errors/errors';
import { variablesFor } from './declaredVariables';
import { readPath } from './readPath';
import type { RunOperation } from './RunOperation';
import type { SubscriptionFieldConfig } from './SubscriptionFieldConfig';

export type Authorization = { ok: true; data?: unknown } | { ok: false; error: GraphQLError };

/**
 * Asks the owning subgraphs whether this subscriber may listen, by running the field's authorize
 * query with the subscriber's own token. The refusal is FORBIDDEN (UNAUTHENTICATED when the
 * subgraph says so) with the subgraph's message; any other subgraph code rides in upstreamCode.
 */
export async function authorizeSubscriber(
  authorize: SubscriptionFieldConfig['authorize'],
  args: Record<string, unknown>,
  context: GatewayContext,
  run: RunOperation,
): Promise<Authorization> {
  if (!authorize) return { ok: true };
  const result = await run(authorize.query, variablesFor(authorize.query, args), context);
  const [first] = result.errors ?? [];
  if (first) return { ok: false, error: refusal(first) };
  const required = readPath(result.data, authorize.require);
  if (required === null || required === undefined) return { ok: false, error: errors.forbidden() };
  return { ok: true, data: result.data };
}

function refusal(error: { message: string; extensions?: Record<string, unknown> }): GraphQLError {
  const code = typeof error.extensions?.code === 'string' ? error.extensions.code : undefined;
  if (code === 'UNAUTHENTICATED') return errors.unauthenticated(error.message);
  const refused = errors.forbidden(error.message);
  if (code && code !== 'FORBIDDEN') refused.extensions.upstreamCode = code;
  return refused;
}
