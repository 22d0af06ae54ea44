/** Where subscription events come from: Redis in services mode, an in-process pub/sub when embedded. */
export interface EventSource {
  /** Messages of one channel (JSON text or objects); return() must unsubscribe. */
  subscribe(channel: string): AsyncIterableIterator<unknown>;
  /**
   * Resolves once `iterator` receives everything published from then on (Redis subscribes
   * asynchronously). Absent = live at once.
   */
  whenLive?(iterator: AsyncIterableIterator<unknown>): Promise<void>;
  /** false while the connection is down; absent = always ready */
  isReady?(): boolean;
  close?(): Promise<void>;
}
