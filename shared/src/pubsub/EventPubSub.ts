/**
 * The live-event port between the consumers that announce what they committed (publish) and the
 * gateway (subscribes).
 * Payloads are JSON strings on the wire; subscribers get the parsed value.
 */
export interface EventPubSub {
  publish(channel: string, payload: unknown): Promise<void>;
  subscribe(channel: string): AsyncIterableIterator<unknown>;
  /**
   * Resolves once `iterator` (from `subscribe`) is live: every message published after that
   * is delivered to it. Subscribing is asynchronous on Redis.
   */
  whenLive(iterator: AsyncIterableIterator<unknown>): Promise<void>;
  close(): Promise<void>;
}
