/** Headers that never change a subgraph's answer: only logs read the correlation id. */
const NOT_IN_KEY = new Set(['x-correlation-id']);

/**
 * What makes two subgraph requests interchangeable: URL, body (document, operation name,
 * variables, extensions) and every header sent except NOT_IN_KEY, so a credential the gateway
 * forwards or mints (authorization, x-forwarded-for, x-gateway-token, …) is in the key by default.
 */
export function fetchKey(url: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer }): string {
  const headers = Object.entries(init.headers ?? {})
    .map(([name, value]) => `${name.toLowerCase()}: ${value}`)
    .filter((line) => !NOT_IN_KEY.has(line.slice(0, line.indexOf(':'))))
    .sort();
  // Laid out like an HTTP request: header lines cannot hold a line break, so the blank line ends them unambiguously.
  return `${init.method ?? 'GET'} ${url}\n${headers.join('\n')}\n\n${init.body ?? ''}`;
}
