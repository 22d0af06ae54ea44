import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type GraphQLFormattedError } from 'graphql';
import { createClient, type Client } from 'graphql-ws';

export interface CareGraphClientOptions {
  /** The gateway's HTTP endpoint, e.g. http://localhost:4000/graphql (ws:// is derived from it). */
  url: string;
  /** A token from signUp/logIn; sent as `Authorization: Bearer` and in graphql-ws `connection_init`. */
  token?: string;
  /** WebSocket implementation for Node (`ws`); browsers have one built in. */
  webSocketImpl?: unknown;
}

/** A failed operation: the GraphQL errors as the gateway returned them (each has extensions.code). */
export class CareGraphError extends Error {
  constructor(readonly errors: readonly GraphQLFormattedError[]) {
    super(errors.map((error) => error.message).join('; '));
    this.name = 'CareGraphError';
  }

  get code(): string | undefined {
    return this.errors[0]?.extensions?.code as string | undefined;
  }
}

export interface CareGraphClient {
  request<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, variables?: TVariables): Promise<TResult>;
  /** Calls `onEvent` per event; the returned function unsubscribes. Errors go to `onError`. */
  subscribe<TResult, TVariables>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
    onEvent: (data: TResult) => void,
    onError?: (error: CareGraphError | Error) => void,
  ): () => void;
  close(): Promise<void>;
}

/** The typed client over the generated documents in ./gql (queries, mutations, subscriptions). */
export function createCareGraphClient(options: CareGraphClientOptions): CareGraphClient {
  let ws: Client | undefined;
  const authorization = options.token ? `Bearer ${options.token}` : undefined;
  const socket = () =>
    (ws ??= createClient({
      url: options.url.replace(/^http/, 'ws'),
      webSocketImpl: options.webSocketImpl,
      connectionParams: authorization ? { authorization } : {},
      lazy: true,
    }));

  return {
    async request(document, variables) {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ query: print(document), variables }),
      });
      const body = (await response.json()) as { data?: unknown; errors?: GraphQLFormattedError[] };
      if (body.errors?.length) throw new CareGraphError(body.errors);
      return body.data as never;
    },
    subscribe(document, variables, onEvent, onError) {
      return socket().subscribe(
        { query: print(document), variables: variables as Record<string, unknown> },
        {
          next: (result) => {
            if (result.errors?.length) onError?.(new CareGraphError(result.errors));
            else onEvent(result.data as never);
          },
          error: (error) => {
            const errors = Array.isArray(error) ? (error as GraphQLFormattedError[]) : undefined;
            onError?.(errors ? new CareGraphError(errors) : error instanceof Error ? error : new Error(String((error as { reason?: string })?.reason ?? error)));
          },
          complete: () => {},
        },
      );
    },
    async close() {
      await ws?.dispose();
    },
  };
}
