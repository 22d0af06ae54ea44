/** Headers that never change a subgraph's answer: only logs read the correlation id. */
const NOT_IN_KEY = new Set(['x-correlation-id']);

/**
 * What makes two subgraph requests interchangeable: URL, body (document, operation name,
 * variables, extensions) and every header sent except NOT_IN_KEY, so a credential the gateway
 * forwards or mints (authorization, x-forwarded-for, x-gateway-token, …) is in the key by default.
 */
export function fetchKey(url: string, init: { method?: string; headers?: Record<string, string>; body?: string }): string {
  const headers = Object.entries(init.headers ?? {})
    .map(([name, value]) => [name.toLowerCase(), value] as const)
    .filter(([name]) => !NOT_IN_KEY.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([init.method ?? 'GET', url, headers, init.body ?? null]);
}
