import { generateWebhookSecret } from '@caregraph/shared';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AddressLookup } from '../urls/resolveWebhookTarget';
import { sendDelivery, type SendSettings } from './sendDelivery';

/**
 * A real HTTP server on 127.0.0.2 (loopback, where `localhost` does not point) whose behaviour
 * each test sets; it records what reached it. Name resolution is faked per test (DNS answers
 * cannot be staged here); the connections are real.
 */
describe('sendDelivery against a real HTTP server', () => {
  let server: http.Server;
  let port: number;
  let handler: (request: http.IncomingMessage, response: http.ServerResponse) => void;
  const reached: { url?: string; host?: string; signature?: string }[] = [];
  const settings: SendSettings = { development: true, timeoutMs: 2000, maxResponseBytes: 1024 };
  const delivery = (path: string) => ({ url: `http://localhost:${port}${path}`, secret: generateWebhookSecret(), eventId: 'event-1', body: '{"id":"event-1"}' });
  /** Answers every name with the server's address, as a DNS server under someone's control might. */
  const toServer: AddressLookup = async () => [{ address: '127.0.0.2', family: 4 }];

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      reached.push({ url: request.url, host: request.headers.host, signature: request.headers['webhook-signature'] as string | undefined });
      request.resume();
      request.on('end', () => handler(request, response));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
    port = (server.address() as AddressInfo).port;
  });
  beforeEach(() => void reached.splice(0));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('delivers on a 2xx, signed, to the address it resolved (never resolving again), keeping the URL host', async () => {
    handler = (_request, response) => response.writeHead(202).end();
    const outcome = await sendDelivery(delivery('/hook'), settings, toServer);
    expect(outcome).toMatchObject({ delivered: true, statusCode: 202, permanent: false });
    expect(reached).toEqual([{ url: '/hook', host: `localhost:${port}`, signature: expect.stringMatching(/^v1,/) }]);
  });

  it('refuses in production a name that resolves to loopback, sending nothing, for good', async () => {
    handler = (_request, response) => response.writeHead(204).end();
    const outcome = await sendDelivery({ ...delivery('/hook'), url: `https://hooks.invalid:${port}/hook` }, { ...settings, development: false }, toServer);
    expect(outcome).toMatchObject({ delivered: false, permanent: true, error: 'refused: url must point to a public internet address.' });
    expect(reached).toEqual([]);
  });

  it('follows no redirect: a 3xx is a failure and its target is never asked', async () => {
    handler = (_request, response) => response.writeHead(302, { location: '/elsewhere' }).end();
    const outcome = await sendDelivery(delivery('/moved'), settings, toServer);
    expect(outcome).toMatchObject({ delivered: false, statusCode: 302, permanent: false, error: 'HTTP 302' });
    expect(reached.map((request) => request.url)).toEqual(['/moved']);
  });

  it('keeps a short, printable start of a failed answer and stops reading a huge one', async () => {
    handler = (_request, response) => {
      response.writeHead(500);
      response.write(`bad\u0000news ${'x'.repeat(64 * 1024)}`);
      // Never ends: only the size cap can finish the attempt before the timeout.
    };
    const outcome = await sendDelivery(delivery('/huge'), settings, toServer);
    expect(outcome.delivered).toBe(false);
    expect(outcome.statusCode).toBe(500);
    expect(outcome.error).toMatch(/^HTTP 500: bad news x+$/);
    expect(outcome.error!.length).toBeLessThanOrEqual('HTTP 500: '.length + 200);
  });

  it('gives up on a receiver that never answers, as a retryable failure', async () => {
    handler = () => undefined;
    const outcome = await sendDelivery(delivery('/silent'), { ...settings, timeoutMs: 300 }, toServer);
    expect(outcome).toMatchObject({ delivered: false, permanent: false, error: expect.stringMatching(/^timed out after \d+ ms$/) });
    expect(outcome.statusCode).toBeUndefined();
  });

  it('reports a refused connection and a failed lookup as retryable', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await sendDelivery({ ...delivery('/'), url: `http://127.0.0.1:${closedPort}/` }, settings);
    expect(refused).toMatchObject({ delivered: false, permanent: false, error: expect.stringContaining('ECONNREFUSED') });
    const unresolved = await sendDelivery(delivery('/'), settings, async () => {
      throw new Error('getaddrinfo ENOTFOUND localhost');
    });
    expect(unresolved).toMatchObject({ delivered: false, permanent: false, error: 'could not resolve: getaddrinfo ENOTFOUND localhost' });
  });
});
