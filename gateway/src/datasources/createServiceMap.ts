import type { ServiceEndpointDefinition, ServiceMap } from '@apollo/gateway';
import { createFetchLimiter } from './createFetchLimiter';
import { createSubgraphFetcher, type SubgraphFetcherOptions } from './createSubgraphFetcher';
import { createSubgraphTokens } from './createSubgraphTokens';
import { ForwardingDataSource } from './ForwardingDataSource';
import type { SubgraphCredential } from './SubgraphCredential';
import type { SubgraphFetchObserver } from './SubgraphFetchObserver';

export interface UpstreamOptions extends SubgraphFetcherOptions {
  maxConcurrentFetches: number;
  /** Identical query fetches in flight at once go out once (limits.dedupeFetches). */
  dedupeFetches: boolean;
  credential?: SubgraphCredential;
  /** Told each subgraph fetch's duration and failure (gateway_subgraph_fetch_* metrics). */
  onFetched?: SubgraphFetchObserver;
}

/**
 * One data source per subgraph, shared by ApolloGateway (through buildService) and the
 * subscription executor, which cannot reach the gateway's private service map.
 */
export function createServiceMap(overrides: Record<string, string> = {}, upstream?: UpstreamOptions) {
  const byName: ServiceMap = {};
  const normalised = Object.fromEntries(Object.entries(overrides).map(([name, url]) => [normalise(name), url]));
  const tokens = createSubgraphTokens(upstream?.credential);
  const client = upstream ? createSubgraphFetcher(upstream) : undefined;
  const limiter = upstream ? createFetchLimiter(upstream.maxConcurrentFetches) : undefined;
  return {
    buildService({ name, url }: ServiceEndpointDefinition) {
      const dataSource = new ForwardingDataSource(
        { url: overrides[name] ?? normalised[normalise(name)] ?? url, ...(client ? { fetcher: client.fetcher as never } : {}) },
        { name, tokens, limiter, dedupe: !!client && !!upstream?.dedupeFetches, client, onFetched: upstream?.onFetched },
      );
      byName[name] = dataSource;
      return dataSource;
    },
    serviceMap: () => byName,
    /** The subgraphs' URLs by name, once the gateway has built its services. */
    subgraphUrls: () => Object.fromEntries(Object.entries(byName).map(([name, source]) => [name, (source as ForwardingDataSource).url])),
    /** The pooled client and the credentials the data sources use, for the gateway's plain HTTP routes. */
    client,
    tokens,
    close: async () => client?.close(),
  };
}

// SUBGRAPH_URL_<NAME> env vars can only carry upper-case letters, digits and underscores.
function normalise(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}
