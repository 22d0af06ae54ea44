/** Where the gateway's supergraph comes from: its first SDL, and every later one. */
export interface SupergraphSource {
  /** A description for logs (the file or URL). */
  readonly name: string;
  load(): Promise<string>;
  /**
   * Calls `onChange` with each SDL that differs from the last one seen, until the returned stop
   * is called; `onError` with each failure to read it (the source goes on watching).
   */
  watch(onChange: (sdl: string) => void, onError: (error: Error) => void): () => void;
}
