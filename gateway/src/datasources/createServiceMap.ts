import type { ServiceEndpointDefinition, ServiceMap } from '@apollo/gateway';
import { ForwardingDataSource } from './ForwardingDataSource';

/**
 * One data source per subgraph, shared by ApolloGateway (through buildService) and the
 * subscription executor, which cannot reach the gateway's private service map.
 */
export function createServiceMap(overrides: Record<string, string> = {}) {
  const byName: ServiceMap = {};
  const normalised = Object.fromEntries(Object.entries(overrides).map(([name, url]) => [normalise(name), url]));
  return {
    buildService({ name, url }: ServiceEndpointDefinition) {
      const dataSource = new ForwardingDataSource({ url: overrides[name] ?? normalised[normalise(name)] ?? url });
      byName[name] = dataSource;
      return dataSource;
    },
    serviceMap: () => byName,
  };
}

// SUBGRAPH_URL_<NAME> env vars can only carry upper-case letters, digits and underscores.
function normalise(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}
