import { createClient, type Client } from 'graphql-ws';
import { backoff } from './backoff.js';
import { CareGraphError, CareGraphSocketError } from './CareGraphError.js';
import type { TokenSource } from './tokenSource.js';

/** graphql-ws's close code when the server refused connection_init's token. */
const FORBIDDEN = 4403;
/** A token provider that failed with one of these could not reach CareGraph (e.g. it is restarting): worth another try. */
const UNREACHABLE = new Set(['NETWORK_ERROR', 'HTTP_ERROR', 'BAD_RESPONSE']);

export interface SocketOptions {
  url: string;
  tokens: TokenSource;
  webSocketImpl?: unknown;
  retryAttempts: number;
  maxRetryDelayMs: number;
}

export interface Socket {
  readonly client: Client;
  /** Counts acknowledged connections: which one the operations now run on. */
  readonly generation: number;
  /**
   * Drops connection `generation` (unless a newer one is up already) so the next one sends a
   * refreshed token: a socket's token is checked at connection_init only.
   */
  reconnectWithNewToken(generation: number): void;
}

/**
 * The graphql-ws client behind `subscribe` and `resumable`: lazy (connects on the first
 * subscription), asks the token source at every (re)connection, and retries lost and refused
 * connections with a capped backoff. A refused token (4403) is retried once with `refresh: true`.
 */
export function createSocket(options: SocketOptions): Socket {
  let generation = 0;
  let dropped = -1;
  let refreshNext = false;
  let refusedInARow = 0;
  let client: Client;
  try {
    client = createClient({
      url: options.url.replace(/^http/, 'ws'),
      webSocketImpl: options.webSocketImpl,
      lazy: true,
      retryAttempts: options.retryAttempts,
      retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, backoff(retries, options.maxRetryDelayMs))),
      // graphql-ws has already given up on fatal close codes (4400, 4401, 4409, …). Connection errors
      // (refused or reset while the gateway restarts) are retried too, which graphql-ws does not by
      // default; a token provider's own refusal (say, logIn's UNAUTHENTICATED) is not.
      shouldRetry: (failure) => {
        if (isCloseEvent(failure)) return !(failure.code === FORBIDDEN && (refusedInARow > 1 || !options.tokens.refreshable));
        return !(failure instanceof CareGraphError) || UNREACHABLE.has(failure.code);
      },
      connectionParams: async () => {
        const refresh = refreshNext;
        refreshNext = false;
        const authorization = await options.tokens.authorization(refresh);
        return authorization ? { authorization } : {};
      },
      on: {
        connected: () => {
          generation += 1;
          refusedInARow = 0;
        },
        closed: (event) => {
          if (isCloseEvent(event) && event.code === FORBIDDEN) {
            refusedInARow += 1;
            refreshNext = options.tokens.refreshable;
          }
        },
      },
    });
  } catch (error) {
    // graphql-ws throws here only when it finds no WebSocket class, or one that is not.
    const reason = (error as Error).message.split(';')[0];
    throw new CareGraphSocketError(`${reason}: on Node before 22 pass webSocketImpl (e.g. \`import WebSocket from 'ws'\`)`, 'WEBSOCKET_UNAVAILABLE');
  }
  return {
    client,
    get generation() {
      return generation;
    },
    reconnectWithNewToken(expired) {
      if (expired !== generation || dropped === generation) return;
      dropped = generation;
      refreshNext = options.tokens.refreshable;
      client.terminate();
    },
  };
}

function isCloseEvent(event: unknown): event is { code: number; reason?: string } {
  return typeof event === 'object' && event !== null && typeof (event as { code?: unknown }).code === 'number';
}
