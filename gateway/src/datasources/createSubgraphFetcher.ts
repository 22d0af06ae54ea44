import { Agent, request } from 'undici';
import { answerToResponse } from './answerToResponse';
import { errors } from '../errors/errors';
import { createInFlightDeduplicator } from './createInFlightDeduplicator';
import { fetchKey } from './fetchKey';
import { shareableFetch } from './shareableFetch';
import type { SubgraphAnswer } from './SubgraphAnswer';

export interface SubgraphFetcherOptions {
  maxConnectionsPerSubgraph: number;
  timeoutMs: number;
  maxResponseBytes: number;
  /** Called when a fetch was answered by an identical one already in flight (see shareableFetch). */
  onDeduplicated?: (subgraph: string) => void;
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export type SubgraphRequestInit = { method?: string; headers?: Record<string, string>; body?: string };
type Fetcher = (url: string, init: SubgraphRequestInit) => Promise<Response>;

/**
 * The subgraph client: a bounded connection pool per subgraph origin (undici.request, which
 * builds no WHATWG Request, Response or stream per call), a timeout for the whole exchange, and a
 * body read that stops at `maxResponseBytes` instead of buffering whatever a subgraph sends.
 * `send(url, init, subgraph)` with a subgraph name lets identical requests in flight at once go
 * out once (fetchKey: credentials included); every caller then parses the shared bytes itself.
 * `fetcher` is the same client as a fetch for RemoteGraphQLDataSource (shareableFetch scope).
 */
export function createSubgraphFetcher(options: SubgraphFetcherOptions) {
  const agent = new Agent({ connections: options.maxConnectionsPerSubgraph, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs });
  const deduplicate = createInFlightDeduplicator<SubgraphAnswer>();

  const exchange = async (url: string, init: SubgraphRequestInit): Promise<SubgraphAnswer> => {
    const signal = AbortSignal.timeout(options.timeoutMs);
    try {
      const response = await request(url, { method: (init.method ?? 'GET') as 'POST', headers: init.headers, body: init.body, dispatcher: agent, signal });
      const declared = Number(response.headers['content-length'] ?? 0);
      if (declared > options.maxResponseBytes) {
        response.body.destroy();
        throw errors.responseTooLarge(options.maxResponseBytes);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        size += chunk.byteLength;
        if (size > options.maxResponseBytes) {
          response.body.destroy();
          throw errors.responseTooLarge(options.maxResponseBytes);
        }
        chunks.push(chunk);
      }
      const body = NULL_BODY_STATUSES.has(response.statusCode) ? null : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
      return { status: response.statusCode, statusText: response.statusText ?? '', headers: response.headers, body };
    } catch (error) {
      if (signal.aborted) throw errors.subgraphTimeout(options.timeoutMs);
      throw error;
    }
  };

  const send = (url: string, init: SubgraphRequestInit, subgraph?: string): Promise<SubgraphAnswer> => {
    if (subgraph === undefined) return exchange(url, init);
    const { result, shared } = deduplicate(fetchKey(url, init), () => exchange(url, init));
    if (shared) options.onDeduplicated?.(subgraph);
    return result;
  };

  const fetcher: Fetcher = async (url, init) => {
    const answer = await send(url, init, shareableFetch.getStore());
    return answerToResponse(answer);
  };
  return { send, fetcher, close: () => agent.close() };
}

export type SubgraphClient = ReturnType<typeof createSubgraphFetcher>;
