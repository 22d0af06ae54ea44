import { Agent, fetch as undiciFetch } from 'undici';
import { errors } from '../errors/errors';
import { createInFlightDeduplicator } from './createInFlightDeduplicator';
import { fetchKey } from './fetchKey';
import { shareableFetch } from './shareableFetch';

export interface SubgraphFetcherOptions {
  maxConnectionsPerSubgraph: number;
  timeoutMs: number;
  maxResponseBytes: number;
  /** Called when a fetch was answered by an identical one already in flight (see shareableFetch). */
  onDeduplicated?: (subgraph: string) => void;
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

type Init = { method?: string; headers?: Record<string, string>; body?: string };
type Fetcher = (url: string, init: Init) => Promise<Response>;

/** A subgraph's whole answer, read once; each caller gets its own Response (and so parses its own objects) from it. */
interface BufferedAnswer {
  status: number;
  statusText: string;
  headers: Headers;
  body: Buffer | null;
}

/**
 * The subgraph client's fetch: a bounded connection pool per subgraph origin, a timeout for the
 * whole exchange, and a body read that stops at `maxResponseBytes` instead of buffering whatever
 * a subgraph sends. The answer is handed back as a plain Response (no URL on it). Inside a
 * shareableFetch scope, identical requests in flight at once go out once (fetchKey).
 */
export function createSubgraphFetcher(options: SubgraphFetcherOptions) {
  const agent = new Agent({ connections: options.maxConnectionsPerSubgraph, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs });
  const deduplicate = createInFlightDeduplicator<BufferedAnswer>();

  const exchange = async (url: string, init: Init): Promise<BufferedAnswer> => {
    const signal = AbortSignal.timeout(options.timeoutMs);
    let response;
    try {
      response = await undiciFetch(url, { ...init, dispatcher: agent, signal });
    } catch (error) {
      if (signal.aborted) throw errors.subgraphTimeout(options.timeoutMs);
      throw error;
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > options.maxResponseBytes) {
      await response.body?.cancel();
      throw errors.responseTooLarge(options.maxResponseBytes);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body ?? []) {
        size += chunk.byteLength;
        if (size > options.maxResponseBytes) {
          await response.body?.cancel().catch(() => undefined);
          throw errors.responseTooLarge(options.maxResponseBytes);
        }
        chunks.push(chunk);
      }
    } catch (error) {
      if (signal.aborted) throw errors.subgraphTimeout(options.timeoutMs);
      throw error;
    }
    const body = NULL_BODY_STATUSES.has(response.status) ? null : Buffer.concat(chunks);
    return { status: response.status, statusText: response.statusText, headers: response.headers as unknown as Headers, body };
  };

  const fetcher: Fetcher = async (url, init) => {
    const subgraph = shareableFetch.getStore();
    let answer: BufferedAnswer;
    if (subgraph === undefined) {
      answer = await exchange(url, init);
    } else {
      const { result, shared } = deduplicate(fetchKey(url, init), () => exchange(url, init));
      if (shared) options.onDeduplicated?.(subgraph);
      answer = await result;
    }
    return new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers: answer.headers });
  };
  return { fetcher, close: () => agent.close() };
}
