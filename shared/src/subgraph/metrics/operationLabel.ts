/** Distinct operation names kept as labels per subgraph; later ones count as `other`. */
export const MAX_OPERATION_LABELS = 200;

/**
 * Maps a request's operation name to a metric label with a bounded number of values: a GraphQL
 * name (up to 128 characters) is kept until `max` distinct names were seen, anything else is
 * `other`, no name is `anonymous`. Names are chosen by callers, so a flood of new ones must not
 * grow the registry without end.
 */
export function operationLabel(max = MAX_OPERATION_LABELS): (name: string | null | undefined) => string {
  const seen = new Set<string>();
  return (name) => {
    if (!name) return 'anonymous';
    if (seen.has(name)) return name;
    if (seen.size >= max || !/^[_A-Za-z][_0-9A-Za-z]{0,127}$/.test(name)) return 'other';
    seen.add(name);
    return name;
  };
}
