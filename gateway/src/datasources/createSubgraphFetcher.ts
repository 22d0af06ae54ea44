import { Agent, fetch as undiciFetch } from 'undici';
import { errors } from '../errors/errors';

export interface SubgraphFetcherOptions {
  maxConnectionsPerSubgraph: number;
  timeoutMs: number;
  maxResponseBytes: number;
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

type Fetcher = (url: string, init: { method?: string; headers?: Record<string, string>; body?: string }) => Promise<Response>;

/**
 * The subgraph client's fetch: a bounded connection pool per subgraph origin, a timeout for the
 * whole exchange, and a body read that stops at `maxResponseBytes` instead of buffering whatever
 * a subgraph sends. The answer is handed back as a plain Response (no URL on it).
 */
export function createSubgraphFetcher(options: SubgraphFetcherOptions) {
  const agent = new Agent({ connections: options.maxConnectionsPerSubgraph, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs });
  const fetcher: Fetcher = async (url, init) => {
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
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers as unknown as Headers });
  };
  return { fetcher, close: () => agent.close() };
}
