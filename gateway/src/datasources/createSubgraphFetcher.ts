import { Agent, type Dispatcher } from 'undici';
import { inSpan, SpanKind, traceHeaders } from '@caregraph/shared/telemetry';
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

export type SubgraphRequestInit = { method?: string; headers?: Record<string, string>; body?: string | Buffer };
type Fetcher = (url: string, init: SubgraphRequestInit) => Promise<Response>;

/**
 * The subgraph client: a bounded connection pool per subgraph origin (undici's Agent, dispatched
 * to directly: no WHATWG Request, Response or stream per call), a timeout for the whole exchange, and a
 * body read that stops at `maxResponseBytes` instead of buffering whatever a subgraph sends.
 * `send(url, init, subgraph)` with a subgraph name lets identical requests in flight at once go
 * out once (fetchKey: credentials included); every caller then parses the shared bytes itself.
 * `fetcher` is the same client as a fetch for RemoteGraphQLDataSource (shareableFetch scope).
 */
export function createSubgraphFetcher(options: SubgraphFetcherOptions) {
  const agent = new Agent({ connections: options.maxConnectionsPerSubgraph, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs });
  const deduplicate = createInFlightDeduplicator<SubgraphAnswer>();

  const targets = new Map<string, { origin: string; path: string; host: string; port: number }>();
  const target = (url: string) => {
    let found = targets.get(url);
    if (!found) {
      const parsed = new URL(url);
      const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
      found = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}`, host: parsed.hostname, port };
      targets.set(url, found);
    }
    return found;
  };

  // Agent.dispatch with a handler of our own: no Readable body, async iterator or AbortSignal per exchange.
  const exchange = (url: string, init: SubgraphRequestInit): Promise<SubgraphAnswer> =>
    new Promise((resolve, reject) => {
      let controller: Dispatcher.DispatchController | undefined;
      let settled = false;
      let answer: Omit<SubgraphAnswer, 'body'> = { status: 0, statusText: '', headers: {} };
      let chunks: Buffer[] = [];
      let size = 0;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        controller?.abort(error);
        reject(error);
      };
      const timer = setTimeout(() => fail(errors.subgraphTimeout(options.timeoutMs)), options.timeoutMs);
      const { origin, path } = target(url);
      try {
        agent.dispatch({ origin, path, method: (init.method ?? 'GET') as 'POST', headers: init.headers, body: init.body }, {
          onRequestStart: (started) => {
            controller = started;
            if (settled) started.abort(new Error('subgraph exchange already ended'));
          },
          onResponseStart: (_, statusCode, headers, statusMessage) => {
            answer = { status: statusCode, statusText: statusMessage ?? '', headers };
            chunks = [];
            size = 0;
            if (Number(headers['content-length'] ?? 0) > options.maxResponseBytes) fail(errors.responseTooLarge(options.maxResponseBytes));
          },
          onResponseData: (_, chunk) => {
            size += chunk.byteLength;
            if (size > options.maxResponseBytes) fail(errors.responseTooLarge(options.maxResponseBytes));
            else chunks.push(chunk);
          },
          onResponseEnd: () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            const body = NULL_BODY_STATUSES.has(answer.status) ? null : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
            resolve({ ...answer, body });
          },
          onResponseError: (_, error) => fail(error),
        });
      } catch (error) {
        fail(error as Error);
      }
    });

  // undici's Agent is not seen by the http instrumentation: a client span of our own, whose
  // traceparent the subgraph continues. Injected after fetchKey, so sharing is unaffected.
  const tracedExchange = (url: string, init: SubgraphRequestInit): Promise<SubgraphAnswer> => {
    const method = init.method ?? 'GET';
    const { host, port } = target(url);
    const attributes = { 'http.request.method': method, 'server.address': host, 'server.port': port, 'url.full': url };
    return inSpan(method, { kind: SpanKind.CLIENT, attributes }, async (span) => {
      const answer = await exchange(url, init.headers ? { ...init, headers: traceHeaders(init.headers) } : init);
      span.setAttribute('http.response.status_code', answer.status);
      return answer;
    });
  };

  const send = (url: string, init: SubgraphRequestInit, subgraph?: string): Promise<SubgraphAnswer> => {
    if (subgraph === undefined) return tracedExchange(url, init);
    const { result, shared } = deduplicate(fetchKey(url, init), () => tracedExchange(url, init));
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
