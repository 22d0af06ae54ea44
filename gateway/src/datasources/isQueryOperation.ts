/**
 * Whether a subgraph fetch's document is a query. The query planner prints each fetch as one
 * operation with ignored characters stripped, so it starts with `query` or `{` exactly when it is
 * one; anything else (a mutation, a subscription, a persisted query without text) is not.
 */
export function isQueryOperation(document: string | undefined): boolean {
  return !!document && (document.startsWith('{') || /^query\b/.test(document));
}
