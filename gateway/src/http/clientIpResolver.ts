import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/**
 * The caller's address for a request (HTTP or websocket upgrade): the socket's peer, or the
 * X-Forwarded-For entry left of the nearest untrusted hop when the peer is one of
 * `trustedProxies` (addresses, CIDRs or proxy-addr names like `loopback`; default none).
 */
export function clientIpResolver(trustedProxies: string[] = []): (request: IncomingMessage) => string | undefined {
  const trust = proxyaddr.compile(trustedProxies);
  return (request) => {
    if (!request.socket?.remoteAddress) return undefined;
    return unmapped(proxyaddr(request as Parameters<typeof proxyaddr>[0], trust));
  };
}

/** "::ffff:127.0.0.1" and "127.0.0.1" are one client. */
function unmapped(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice('::ffff:'.length) : address;
}
