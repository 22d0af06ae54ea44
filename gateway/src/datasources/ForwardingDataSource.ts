import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../auth/GatewayContext';
import type { SubgraphTokens } from './createSubgraphTokens';
import type { FetchLimiter } from './createFetchLimiter';
import { isQueryOperation } from './isQueryOperation';
import { shareableFetch } from './shareableFetch';

export interface ForwardingOptions {
  /** The subgraph's join__Graph name: the `aud` of its gateway token. */
  name: string;
  tokens: SubgraphTokens;
  /** Bounds one request's concurrent subgraph fetches. */
  limiter?: FetchLimiter;
  /** Lets a query fetch share an identical one in flight (limits.dedupeFetches); never a mutation. */
  dedupe?: boolean;
}

/**
 * A subgraph client that forwards the caller's raw Authorization header, so every subgraph
 * authorises again, the correlation id, so logs line up across processes, the client's address
 * (`x-forwarded-for`), and proves the request came through the gateway (`x-gateway-token`).
 */
type FetcherResponse = Parameters<RemoteGraphQLDataSource<GatewayContext>['errorFromResponse']>[0];

export class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(config: ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0], private readonly forwarding: ForwardingOptions) {
    super(config);
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    // The slot is held while waiting on a shared fetch too: that fetch's owner already holds its
    // own slot and waits only on the network, so no cycle can form (docs/adr/0008).
    const release = options.context && this.forwarding.limiter ? await this.forwarding.limiter(options.context) : undefined;
    try {
      return await shareableFetch.run(this.mayShare(options) ? this.forwarding.name : undefined, () => super.process(options));
    } finally {
      release?.();
    }
  }

  private mayShare(options: GraphQLDataSourceProcessOptions<GatewayContext>): boolean {
    return !!this.forwarding.dedupe && 'incomingRequestContext' in options /* an operation, not a health check */ && isQueryOperation(options.request.query);
  }

  /**
   * A subgraph answers a request it refuses before execution (an invalid variable, say) with HTTP
   * 400 and GraphQL errors. That is the client's error: its code and field pass on, instead of
   * "400: Bad Request" as an upstream failure.
   */
  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    if (response.status === 400) {
      const body = await this.parseBody(response.clone()).catch(() => undefined);
      const first = (body as { errors?: { message?: unknown; extensions?: Record<string, unknown> }[] } | undefined)?.errors?.[0];
      const code = first?.extensions?.code;
      if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR' && typeof first?.message === 'string') {
        const field = first.extensions?.field;
        return new GraphQLError(first.message, { extensions: { code, ...(typeof field === 'string' ? { field } : {}) } });
      }
    }
    return super.errorFromResponse(response);
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = request.http?.headers;
    if (!headers) return;
    const token = await this.forwarding.tokens(this.forwarding.name, context?.scope);
    if (token) headers.set('x-gateway-token', token);
    if (!context) return;
    // A scoped execution reads as its scope, never with some subscriber's token.
    if (context.authorization && !context.scope) headers.set('authorization', context.authorization);
    if (context.correlationId) headers.set('x-correlation-id', context.correlationId);
    if (context.clientIp) headers.set('x-forwarded-for', context.clientIp);
  }
}
