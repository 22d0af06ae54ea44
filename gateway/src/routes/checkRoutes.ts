import { UNFORWARDABLE_HEADERS, type RouteConfig } from './RouteConfig';

const PATH = /^\/[A-Za-z0-9._~/-]*$/;
const HEADER = /^[a-z0-9-]+$/;

/**
 * What is wrong with the route config, one line per problem (empty when it can work): a
 * public path that is malformed or taken by the gateway itself, a subgraph the supergraph does
 * not have, a malformed target path, a header that is not a lower-case name or may not be forwarded.
 */
export function checkRoutes(routes: Record<string, RouteConfig>, subgraphs: string[], reservedPaths: string[]): string[] {
  const problems: string[] = [];
  for (const [publicPath, route] of Object.entries(routes)) {
    const at = `routes.${publicPath}`;
    if (!PATH.test(publicPath) || publicPath.includes('//') || publicPath.includes('/..')) problems.push(`${at}: not a path such as /ingest/events`);
    if (reservedPaths.some((reserved) => publicPath === reserved || publicPath.startsWith(`${reserved}/`))) problems.push(`${at}: the gateway serves this path itself`);
    if (!subgraphs.includes(route.subgraph)) problems.push(`${at}.subgraph: the supergraph has no subgraph "${route.subgraph}" (it has ${subgraphs.join(', ')})`);
    if (!PATH.test(route.path) || route.path.includes('/..')) problems.push(`${at}.path: not a path such as /ingest/events`);
    for (const header of route.headers ?? []) {
      if (!HEADER.test(header)) problems.push(`${at}.headers: "${header}" is not a lower-case header name`);
      else if (UNFORWARDABLE_HEADERS.has(header)) problems.push(`${at}.headers: "${header}" is never forwarded`);
    }
  }
  return problems;
}
