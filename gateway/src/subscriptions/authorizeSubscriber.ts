import { GraphQLError, Kind, parse } from 'graphql';
import type { GatewayContext } from '../auth/GatewayContext';
import { errors } from '../errors/errors';
import { readPath } from './readPath';
import type { RunOperation } from './RunOperation';
import type { SubscriptionFieldConfig } from './SubscriptionFieldConfig';

export type Authorization = { ok: true; data?: unknown } | { ok: false; error: GraphQLError };

const declaredVariables = new Map<string, string[]>();

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
  const variables = Object.fromEntries(
    variablesOf(authorize.query).filter((name) => args[name] !== undefined).map((name) => [name, args[name]]),
  );
  const result = await run(authorize.query, variables, context);
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

// Only the variables the authorize query declares are sent: extra ones would fail validation.
function variablesOf(query: string): string[] {
  let names = declaredVariables.get(query);
  if (!names) {
    names = parse(query).definitions.flatMap((d) =>
      d.kind === Kind.OPERATION_DEFINITION ? (d.variableDefinitions ?? []).map((v) => v.variable.name.value) : [],
    );
    declaredVariables.set(query, names);
  }
  return names;
}
