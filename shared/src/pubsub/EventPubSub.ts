/**
 * The live-event port between the realtime bridge (publishes) and the gateway (subscribes).
 * Payloads are JSON strings on the wire; subscribers get the parsed value.
 */
export interface EventPubSub {
  publish(channel: string, payload: unknown): Promise<void>;
  subscribe(channel: string): AsyncIterableIterator<unknown>;
  close(): Promise<void>;
}
