import type { GraphQLDataSource } from '@apollo/gateway';
import type { CachePolicy, SubgraphRequest, SubgraphResponse } from '../datasources/ForwardingDataSource';
import type { GatewayContext } from '../auth/GatewayContext';

/** A subgraph client of the plan executor: ForwardingDataSource's lean `send`, or any data source's `process`. */
export type PlanDataSource = GraphQLDataSource<GatewayContext> & {
  send?(request: SubgraphRequest, context: GatewayContext, cachePolicy?: CachePolicy): Promise<SubgraphResponse>;
};
