import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@caregraph/shared';
import type { Registry } from 'prom-client';

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/** `/health` (JSON from `health()`, 503 when it throws; the cause goes to the log) and `/metrics` (Prometheus text). */
export async function serveHealth(
  { port, host }: { port: number; host: string },
  health: () => Promise<Record<string, unknown>>,
  registry: Registry,
  logger: Logger,
): Promise<HealthServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const reply = (status: number, type: string, body: string) => {
      response.writeHead(status, { 'content-type': type });
      response.end(body);
    };
    if (path === '/health') {
      health()
        .then((body) => reply(200, 'application/json', JSON.stringify({ status: 'ok', ...body })))
        .catch((error) => {
          logger.warn({ err: error }, 'Health check failed');
          reply(503, 'application/json', JSON.stringify({ status: 'error' }));
        });
    } else if (path === '/metrics') {
      registry
        .metrics()
        .then((text) => reply(200, registry.contentType, text))
        .catch((error) => reply(500, 'text/plain', String(error)));
    } else {
      reply(404, 'text/plain', 'Not found');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
