export interface ExplorerConfig {
  /** The GraphQL endpoint for queries and mutations (HTTP POST). */
  httpUrl: string;
  /** The same endpoint over ws:// or wss:// for graphql-ws subscriptions. */
  wsUrl: string;
  /** Where the bundle's files (workers) are served. */
  assets: string;
}

/**
 * The page's settings come in a JSON data attribute (`data-config`), not an inline script, so
 * the page's CSP can forbid inline scripts. Paths are resolved against the page's own URL:
 * the explorer talks to the origin that served it.
 */
export function readExplorerConfig(element: HTMLElement, pageUrl: string): ExplorerConfig {
  const raw = JSON.parse(element.dataset.config ?? '{}') as { endpoint?: string; assets?: string };
  const http = new URL(raw.endpoint ?? '/graphql', pageUrl);
  const ws = new URL(http.href);
  ws.protocol = http.protocol === 'https:' ? 'wss:' : 'ws:';
  return { httpUrl: http.href, wsUrl: ws.href, assets: new URL(raw.assets ?? '/graphiql', pageUrl).pathname.replace(/\/$/, '') };
}
