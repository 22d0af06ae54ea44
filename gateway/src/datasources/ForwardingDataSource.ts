import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayContext } from '../auth/GatewayContext';

/**
 * A subgraph client that forwards the caller's raw Authorization header, so every subgraph
 * authorises again, and the correlation id, so logs line up across processes.
 */
export class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (!headers || !context) return;
    if (context.authorization) headers.set('authorization', context.authorization);
    if (context.correlationId) headers.set('x-correlation-id', context.correlationId);
  }
}
