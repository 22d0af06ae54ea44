/** Told about every subgraph fetch a data source made: its duration, and the code of its failure if it failed. */
export type SubgraphFetchObserver = (subgraph: string, seconds: number, failureCode?: string) => void;

/**
 * The code a failed fetch is counted under: the GraphQL error's `extensions.code`
 * (SUBGRAPH_TIMEOUT, RESPONSE_TOO_LARGE, or what an HTTP error status became), else UNREACHABLE
 * (a network error without one).
 */
export function fetchFailureCode(error: unknown): string {
  const code = (error as { extensions?: { code?: unknown } } | undefined)?.extensions?.code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(code) ? code : 'UNREACHABLE';
}
