/** A Host header we are willing to name in a CSP: a DNS name, IPv4 or bracketed IPv6, with an optional port. */
const HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The explorer page's Content-Security-Policy: scripts, workers, styles, fonts and connections
 * from the gateway's own origin only, no inline script, no eval. `style-src 'unsafe-inline'`
 * because Monaco (GraphiQL's editor) writes its themes into <style> elements at run time;
 * fonts and icons come as data: URLs inside graphiql's CSS. `'self'` covers ws:/wss: to the same
 * host in current browsers; the Host header is named too, for browsers that predate that rule.
 */
export function explorerCsp(host: string | undefined): string {
  const sockets = host && HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "worker-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "img-src 'self' data:",
    `connect-src 'self'${sockets}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
