import type { EdgeLimitEvents, LiveTransport } from './EdgeLimitEvents';

/**
 * Open live connections per client address in this process: websockets, from their upgrade
 * until their TCP socket closes (so a handshake that fails half-way frees its place too), and
 * Server-Sent Events streams, until their response closes.
 */
export class ConnectionLimiter {
  private readonly open = new Map<string, number>();

  constructor(
    private readonly max: number,
    private readonly events: EdgeLimitEvents = {},
  ) {}

  /** Counts the connection and returns true, or false when `ip` already has `max` open. */
  admit(ip: string, connection: { once(event: 'close', listener: () => void): unknown }, transport: LiveTransport): boolean {
    const count = this.open.get(ip) ?? 0;
    if (count >= this.max) {
      this.events.refused?.('connections_per_ip');
      return false;
    }
    this.open.set(ip, count + 1);
    this.events.connections?.(transport, 1);
    connection.once('close', () => {
      this.events.connections?.(transport, -1);
      const left = (this.open.get(ip) ?? 1) - 1;
      if (left > 0) this.open.set(ip, left);
      else this.open.delete(ip);
    });
    return true;
  }
}
