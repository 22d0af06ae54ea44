import type { GraphQLResponse } from './subgraphHarness';

/** The first error's extensions (its `code` and, for bad input, `field`), or {} when the answer has none. */
export function errorOf(response: GraphQLResponse): { code?: string; field?: string } {
  return response.errors?.[0]?.extensions ?? {};
}
