import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { buildSchema, parse } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import WebSocket, { WebSocketServer } from 'ws';
import { createCareGraphClient, type CareGraphClient, type TokenRequest } from '@caregraph/client';
import { eventually } from '@caregraph/testing';

type Event = { sequence: number; cursor: string };
const EventsDocument = parse('subscription Events($after: String) { events(after: $after) { sequence cursor } }') as TypedDocumentNode<
  { events: Event },
  { after?: string | null }
>;

/**
 * A real graphql-ws server over a numbered in-memory log: a subscription replays what came after
 * `after`, then goes live. It records every connection_init's authorization and every
 * subscription's `after`, and refuses the tokens in `refused` (close 4403, as CareGraph does).
 */
async function startLogServer() {
  const log: Event[] = [];
  const waiting = new Set<() => void>();
  const authorizations: unknown[] = [];
  const afters: unknown[] = [];
  const refused = new Set<string>();
  const schema = buildSchema('type Query { ping: String } type Event { sequence: Int! cursor: String! } type Subscription { events(after: String): Event! }');
  const root = {
    async *events({ after }: { after?: string | null }) {
      let next = after ? Number(after.slice(1)) + 1 : log.length + 1;
      for (;;) {
        while (next <= log.length) yield { events: log[next++ - 1] };
        await new Promise<void>((resolve) => waiting.add(resolve));
      }
    },
  };
  const http: Server = createServer();
  const wss = new WebSocketServer({ server: http, path: '/graphql' });
  useServer(
    {
      schema,
      roots: { subscription: root },
      onConnect: (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        authorizations.push(authorization);
        return !(typeof authorization === 'string' && refused.has(authorization));
      },
      onSubscribe: (_ctx, _id, payload) => {
        afters.push(payload.variables?.after);
      },
    },
    wss,
  );
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`,
    authorizations,
    afters,
    refused,
    append(count = 1) {
      for (let i = 0; i < count; i++) log.push({ sequence: log.length + 1, cursor: `c${log.length + 1}` });
      for (const wake of waiting) wake();
      waiting.clear();
    },
    /** Cuts every connection, as a crashing gateway does. */
    dropConnections() {
      for (const socket of wss.clients) socket.terminate();
    },
    async stop() {
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

describe('client.resumable over a real graphql-ws server', () => {
  let server: Awaited<ReturnType<typeof startLogServer>>;
  let client: CareGraphClient | undefined;

  beforeEach(async () => {
    server = await startLogServer();
  });

  afterEach(async () => {
    await client?.close();
    await server.stop();
  });

  it("re-sends the last delivered cursor as `after` when graphql-ws re-subscribes after a dropped connection, so nothing is missed or repeated", async () => {
    client = createCareGraphClient({ url: server.url, webSocketImpl: WebSocket, maxRetryDelayMs: 1000 });
    const received: number[] = [];
    const errors: unknown[] = [];
    // Started without `after`: re-sending the original variables would lose what happens while disconnected.
    client.resumable(EventsDocument, {}, ({ events }) => received.push(events.sequence), (error) => errors.push(error));
    await eventually(() => expect(server.afters).toHaveLength(1));
    server.append(2);
    await eventually(() => expect(received).toEqual([1, 2]));

    server.dropConnections();
    server.append(2); // while the client is away
    await eventually(() => expect(received).toEqual([1, 2, 3, 4]));
    server.append();
    await eventually(() => expect(received).toEqual([1, 2, 3, 4, 5]));
    expect(server.afters).toEqual([undefined, 'c2']);
    expect(errors).toEqual([]);
  });

  it('asks the token provider at every connection, with refresh: true once the server refused the token (4403)', async () => {
    const asked: TokenRequest[] = [];
    let token = 'first';
    client = createCareGraphClient({
      url: server.url,
      webSocketImpl: WebSocket,
      maxRetryDelayMs: 1000,
      token: (request) => {
        asked.push(request);
        if (request.refresh) token = 'second';
        return token;
      },
    });
    const received: number[] = [];
    const errors: unknown[] = [];
    client.resumable(EventsDocument, {}, ({ events }) => received.push(events.sequence), (error) => errors.push(error));
    await eventually(() => expect(server.afters).toHaveLength(1));
    server.append();
    await eventually(() => expect(received).toEqual([1]));

    // The first token "expires": the reconnection is refused once, then made with a refreshed token.
    server.refused.add('Bearer first');
    server.dropConnections();
    server.append();
    await eventually(() => expect(received).toEqual([1, 2]), 15000);
    expect(server.authorizations).toEqual(['Bearer first', 'Bearer first', 'Bearer second']);
    expect(asked).toEqual([{ refresh: false }, { refresh: false }, { refresh: true }]);
    expect(server.afters).toEqual([undefined, 'c1']);
    expect(errors).toEqual([]);
  });

  it('ends with SOCKET_CLOSED (4403) when a fixed token is refused, without retrying it', async () => {
    server.refused.add('Bearer fixed');
    client = createCareGraphClient({ url: server.url, webSocketImpl: WebSocket, token: 'fixed' });
    const errors: unknown[] = [];
    client.resumable(EventsDocument, {}, () => undefined, (error) => errors.push(error));
    await eventually(() => expect(errors).toEqual([expect.objectContaining({ code: 'SOCKET_CLOSED', closeCode: 4403 })]));
    expect(server.authorizations).toEqual(['Bearer fixed']);
  });
});
