import { Kind, parse } from 'graphql';

const cache = new Map<string, string[]>();

/** The variable names a configured query declares (parsed once per query text). */
export function declaredVariables(query: string): string[] {
  let names = cache.get(query);
  if (!names) {
    names = parse(query).definitions.flatMap((d) =>
      d.kind === Kind.OPERATION_DEFINITION ? (d.variableDefinitions ?? []).map((v) => v.variable.name.value) : [],
    );
    cache.set(query, names);
  }
  return names;
}

/** The field arguments a configured query declares: extra variables would fail validation. */
export function variablesFor(query: string, args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(declaredVariables(query).filter((name) => args[name] !== undefined).map((name) => [name, args[name]]));
}
