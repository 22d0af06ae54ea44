import type { ExecutionResult } from 'graphql';
import type { WebSocket } from 'ws';

/** Private-use character: JSON.stringify leaves it as is, and no GraphQL result key starts with it. */
const MARK = '\uE000';
const MARKER = `"payload":{"${MARK}":`;

/**
 * Serialises each event result once, however many sockets deliver it. graphql-ws stringifies
 * every `next` message per socket; onNext hands it instead a tiny marker payload (`{"\uE000": n}`),
 * and the socket's send swaps the marker for the result's JSON, kept per result object (shared
 * executions hand every subscriber the same object). The payload is the message's last property,
 * and a client's id cannot contain the marker's unescaped quotes, so the swap finds only ours.
 */
export class SharedPayloads {
  private readonly json = new WeakMap<object, string>();
  private readonly pending = new WeakMap<object, Map<number, string>>();
  private counter = 0;

  /** Makes `socket.send` swap markers for payloads; call before graphql-ws sees the socket. */
  attach(socket: WebSocket): void {
    const stash = new Map<number, string>();
    this.pending.set(socket, stash);
    const send = socket.send.bind(socket) as (data: unknown, cb?: (error?: Error) => void) => void;
    socket.send = ((data: unknown, cb?: (error?: Error) => void) => send(typeof data === 'string' ? swap(data, stash) : data, cb)) as WebSocket['send'];
  }

  /** The payload to give graphql-ws for `result` on `socket` (the result itself if the socket was not attached). */
  payloadFor(socket: object, result: ExecutionResult): Record<string, unknown> {
    const stash = this.pending.get(socket);
    if (!stash) return result as Record<string, unknown>;
    let json = this.json.get(result);
    if (json === undefined) {
      json = JSON.stringify(result);
      this.json.set(result, json);
    }
    this.counter = (this.counter + 1) % Number.MAX_SAFE_INTEGER;
    stash.set(this.counter, json);
    return { [MARK]: this.counter };
  }
}

function swap(message: string, stash: Map<number, string>): string {
  if (!message.endsWith('}}')) return message;
  const at = message.lastIndexOf(MARKER);
  if (at < 0) return message;
  const id = Number(message.slice(at + MARKER.length, -2));
  const json = stash.get(id);
  if (json === undefined) return message;
  stash.delete(id);
  return `${message.slice(0, at)}"payload":${json}}`;
}
