import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { parseCacheControlHeader } from '@apollo/gateway/dist/datasources/parseCacheControlHeader';
import { isObject } from '@apollo/gateway/dist/utilities/predicates';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from '../auth/GatewayContext';
import { answerToResponse } from './answerToResponse';
import { callerHeaders } from './callerHeaders';
import type { SubgraphClient } from './createSubgraphFetcher';
import type { SubgraphTokens } from './createSubgraphTokens';
import type { FetchLimiter } from './createFetchLimiter';
import { isQueryOperation } from './isQueryOperation';
import { shareableFetch } from './shareableFetch';
import { fetchFailureCode, type SubgraphFetchObserver } from './SubgraphFetchObserver';

export interface ForwardingOptions {
  /** The subgraph's join__Graph name: the `aud` of its gateway token. */
  name: string;
  tokens: SubgraphTokens;
  /** Bounds one request's concurrent subgraph fetches. */
  limiter?: FetchLimiter;
  /** Lets a query fetch share an identical one in flight (limits.dedupeFetches); never a mutation. */
  dedupe?: boolean;
  /** The pooled client behind `fetcher`; `send` uses it directly. */
  client?: SubgraphClient;
  /** Told each fetch's duration and failure (the slot wait excluded). Default none. */
  onFetched?: SubgraphFetchObserver;
}

/** One subgraph operation, as the query plan's Fetch node gives it. */
export interface SubgraphRequest {
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
}

export interface SubgraphResponse {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
  extensions?: Record<string, unknown>;
}

/** Apollo Server's cache policy of the incoming request, which each subgraph answer restricts. */
export interface CachePolicy {
  restrict(hint: { maxAge?: number; scope?: 'PRIVATE' | 'PUBLIC' }): void;
}

/**
 * A subgraph client that forwards the caller's headers (callerHeaders: Authorization,
 * correlation id, client address) and proves the request came through the gateway (`x-gateway-token`).
 * `send` is the lean path of the gateway's own plan executor; `process` (RemoteGraphQLDataSource)
 * serves Apollo's executor and the subscription layer, with the same headers, limits and errors.
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
      const mayShare = 'incomingRequestContext' in options /* an operation, not a health check */ && this.mayShare(options.request.query);
      return await this.observed(() => shareableFetch.run(mayShare ? this.forwarding.name : undefined, () => super.process(options)));
    } finally {
      release?.();
    }
  }

  /**
   * What `process` does for one operation of an incoming request, without building a fetch
   * Request, Headers or Response: same headers, fetch slot, sharing, errors and cache hints.
   */
  async send(request: SubgraphRequest, context: GatewayContext, cachePolicy?: CachePolicy): Promise<SubgraphResponse> {
    const client = this.forwarding.client;
    if (!client) throw new Error('ForwardingDataSource.send needs the pooled client');
    const release = this.forwarding.limiter ? await this.forwarding.limiter(context) : undefined;
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      await this.forwardHeaders(context, (name, value) => (headers[name] = value));
      const body = JSON.stringify(request);
      const answer = await this.observed(async () => {
        const received = await client.send(this.url!, { method: 'POST', headers, body }, this.mayShare(request.query) ? this.forwarding.name : undefined);
        if (received.status < 200 || received.status > 299) throw await this.errorFromResponse(answerToResponse(received) as unknown as FetcherResponse);
        return received;
      });
      const contentType = answer.headers['content-type'];
      const text = answer.body?.toString('utf8') ?? '';
      const parsed: unknown = contentType?.startsWith('application/json') || contentType?.startsWith('application/graphql-response+json') ? JSON.parse(text) : text;
      if (!isObject(parsed)) throw new Error(`Expected JSON response body, but received: ${parsed}`);
      if (cachePolicy) restrictCachePolicy(cachePolicy, answer.headers['cache-control']);
      return parsed as SubgraphResponse;
    } finally {
      release?.();
    }
  }

  /** Runs one fetch, telling `onFetched` how long it took and how it failed. */
  private async observed<T>(fetch: () => Promise<T>): Promise<T> {
    const observer = this.forwarding.onFetched;
    if (!observer) return fetch();
    const started = performance.now();
    try {
      const result = await fetch();
      observer(this.forwarding.name, (performance.now() - started) / 1000);
      return result;
    } catch (error) {
      observer(this.forwarding.name, (performance.now() - started) / 1000, fetchFailureCode(error));
      throw error;
    }
  }

  private mayShare(query: string | undefined): boolean {
    return !!this.forwarding.dedupe && isQueryOperation(query);
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
    if (headers) await this.forwardHeaders(context as GatewayContext | undefined, (name, value) => headers.set(name, value));
  }

  private async forwardHeaders(context: GatewayContext | undefined, set: (name: string, value: string) => void): Promise<void> {
    // A scoped execution (docs/adr/0009) proves its scope in the gateway token instead of a caller's.
    const token = await this.forwarding.tokens(this.forwarding.name, context?.scope);
    if (token) set('x-gateway-token', token);
    for (const [name, value] of Object.entries(callerHeaders(context))) set(name, value);
  }
}

/** As RemoteGraphQLDataSource does: no Cache-Control means max-age 0. */
function restrictCachePolicy(policy: CachePolicy, header: string | undefined): void {
  const parsed = parseCacheControlHeader(header);
  const maxAge = parsed['max-age'];
  policy.restrict({
    maxAge: typeof maxAge === 'string' && /^[0-9]+$/.test(maxAge) ? Number(maxAge) : 0,
    ...(parsed.private === true ? { scope: 'PRIVATE' as const } : {}),
    ...(parsed.public === true ? { scope: 'PUBLIC' as const } : {}),
  });
}
