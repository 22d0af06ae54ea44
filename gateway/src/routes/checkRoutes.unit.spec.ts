import { checkRoutes } from './checkRoutes';

const reserved = ['/graphql', '/health', '/ready'];

describe('checkRoutes', () => {
  it('accepts a route to a known subgraph with forwardable headers', () => {
    expect(checkRoutes({ '/ingest/events': { subgraph: 'care', path: '/ingest/events', headers: ['webhook-id', 'webhook-signature'] } }, ['care', 'identity'], reserved)).toEqual([]);
  });

  it('names every problem: an unknown subgraph, a taken or malformed path, bad headers', () => {
    const problems = checkRoutes(
      {
        '/graphql': { subgraph: 'care', path: '/x' },
        '/health/deep': { subgraph: 'care', path: '/x' },
        'ingest': { subgraph: 'billing', path: 'x/../y', headers: ['X-Upper', 'x-gateway-token', 'content-length'] },
        '/a/../b': { subgraph: 'care', path: '/a' },
      },
      ['care'],
      reserved,
    );
    expect(problems).toEqual([
      'routes./graphql: the gateway serves this path itself',
      'routes./health/deep: the gateway serves this path itself',
      'routes.ingest: not a path such as /ingest/events',
      'routes.ingest.subgraph: the supergraph has no subgraph "billing" (it has care)',
      'routes.ingest.path: not a path such as /ingest/events',
      'routes.ingest.headers: "X-Upper" is not a lower-case header name',
      'routes.ingest.headers: "x-gateway-token" is never forwarded',
      'routes.ingest.headers: "content-length" is never forwarded',
      'routes./a/../b: not a path such as /ingest/events',
    ]);
  });
});
