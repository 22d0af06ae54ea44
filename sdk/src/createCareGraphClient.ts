import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { CareGraphError, toCareGraphError } from './CareGraphError.js';
import { createSocket, type Socket } from './createSocket.js';
import { postOperation } from './postOperation.js';
import { queryOf } from './queryOf.js';
import { callSafely, resume, type ResumableEvent, type ResumableSubscription } from './resumable.js';
import { tokenSource, type TokenProvider } from './tokenSource.js';

export interface CareGraphClientOptions {
  /** The gateway's HTTP endpoint, e.g. http://localhost:4000/graphql; the websocket URL is the same with ws(s)://. */
  url: string;
  /**
   * A token from signUp/logIn, or a provider called for every request and every websocket
   * (re)connection with `{ refresh }`: true when CareGraph just refused the last token. Sent as
   * `Authorization: Bearer …` over HTTP and as `authorization` in `connection_init`.
   */
  token?: string | TokenProvider;
  /**
   * The WebSocket class for `subscribe` and `resumable`. Browsers and Node 22+ have one; on
   * Node 20 pass `ws`'s: `import WebSocket from 'ws'`.
   */
  webSocketImpl?: unknown;
  /** Reconnection attempts in a row before a subscription fails with SOCKET_CLOSED. Default Infinity. */
  retryAttempts?: number;
  /** The longest wait between two reconnection attempts (they double from 1 s). Default 30000. */
  maxRetryDelayMs?: number;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface CareGraphClient {
  /**
   * Runs a query or mutation over HTTP and resolves with its `data`. Rejects with a
   * CareGraphError whose `code` is the answer's `extensions.code`, or NETWORK_ERROR, HTTP_ERROR,
   * BAD_RESPONSE. With a token provider, an UNAUTHENTICATED answer is retried once with a
   * refreshed token (CareGraph writes nothing for a refused mutation).
   */
  request<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, variables?: TVariables, options?: RequestOptions): Promise<TResult>;
  /**
   * Subscribes over graphql-ws: `onEvent` per event, `onError` for an error result, a refusal or
   * a socket closed for good. A dropped connection is retried with the original variables; use
   * `resumable` for a stream that must resume where it stopped. Returns the unsubscribe function.
   */
  subscribe<TResult, TVariables>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
    onEvent: (data: TResult) => void,
    onError?: (error: CareGraphError) => void,
  ): () => void;
  /**
   * Subscribes to a resumable stream (one whose root field selects `cursor`, and takes `after`),
   * such as CareCircleEventsDocument. Every (re)subscription, after a dropped connection, a
   * gateway restart or an expired token, passes the last delivered `cursor` as `after`, so the
   * server replays what was missed; nothing is delivered twice or out of order. `onError` is
   * called once, when the stream ends for good (e.g. FORBIDDEN, BAD_USER_INPUT, SOCKET_CLOSED).
   */
  resumable<TResult extends Record<string, ResumableEvent>, TVariables extends { after?: string | null }>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
    onEvent: (data: TResult) => void,
    onError?: (error: CareGraphError) => void,
  ): ResumableSubscription;
  /** Stops every resumable stream and closes the websocket, ending every subscription; HTTP requests need no closing. */
  close(): Promise<void>;
}

/** The CareGraph client over the typed documents of this package (queries, mutations, subscriptions). */
export function createCareGraphClient(options: CareGraphClientOptions): CareGraphClient {
  const tokens = tokenSource(options.token);
  const retryAttempts = options.retryAttempts ?? Infinity;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
  let socket: Socket | undefined;
  // Stopped by close(): a resumable stream would otherwise open itself again on a new socket.
  const streams = new Set<ResumableSubscription>();
  const connection = () => (socket ??= createSocket({ url: options.url, tokens, webSocketImpl: options.webSocketImpl, retryAttempts, maxRetryDelayMs }));

  return {
    async request(document, variables, requestOptions) {
      const send = async (refresh: boolean) =>
        postOperation(options.url, document, variables, await tokens.authorization(refresh), requestOptions?.signal) as Promise<never>;
      try {
        return await send(false);
      } catch (error) {
        if (!tokens.refreshable || !(error instanceof CareGraphError) || error.code !== 'UNAUTHENTICATED') throw error;
        return send(true);
      }
    },

    subscribe(document, variables, onEvent, onError) {
      return connection().client.subscribe(
        { query: queryOf(document), variables: variables as Record<string, unknown> },
        {
          next: (result) => {
            if (result.errors?.length) {
              if (onError) callSafely(() => onError(CareGraphError.fromErrors(result.errors!)));
            } else callSafely(() => onEvent(result.data as never));
          },
          error: (failure) => {
            if (onError) callSafely(() => onError(toCareGraphError(failure)));
          },
          complete: () => undefined,
        },
      );
    },

    resumable(document, variables, onEvent, onError) {
      const ws = connection();
      const query = queryOf(document);
      const handle: ResumableSubscription = {
        stop() {
          streams.delete(handle);
          stream.stop();
        },
        get cursor() {
          return stream.cursor;
        },
      };
      const stream = resume(
        {
          open: (current, sink) =>
            ws.client.subscribe(
              {
                query,
                // Read when graphql-ws sends the request, including its re-sends after a reconnection.
                get variables() {
                  return current();
                },
              },
              sink,
            ),
          generation: () => ws.generation,
          reconnectWithNewToken: (generation) => {
            if (!tokens.refreshable) return false;
            ws.reconnectWithNewToken(generation);
            return true;
          },
        },
        variables as Record<string, unknown>,
        onEvent,
        (error) => {
          streams.delete(handle);
          onError?.(error);
        },
        { retryAttempts, maxRetryDelayMs },
      );
      streams.add(handle);
      return handle;
    },

    async close() {
      for (const stream of streams) stream.stop();
      streams.clear();
      const closing = socket;
      socket = undefined;
      await closing?.client.dispose();
    },
  };
}
