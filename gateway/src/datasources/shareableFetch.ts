import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The subgraph name while ForwardingDataSource runs a fetch that may share an identical one in
 * flight (a query, with deduplication on); unset otherwise. The fetcher reads it: its signature
 * (url, init) has no room for per-call options, and RemoteGraphQLDataSource builds the final
 * request in between.
 */
export const shareableFetch = new AsyncLocalStorage<string | undefined>();
