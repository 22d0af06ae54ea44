/** Where subscription events come from: Redis in services mode, an in-process pub/sub when embedded. */
export interface EventSource {
  /** Messages of one channel (JSON text or objects); return() must unsubscribe. */
  subscribe(channel: string): AsyncIterableIterator<unknown>;
  /** false while the connection is down; absent = always ready */
  isReady?(): boolean;
  close?(): Promise<void>;
}
