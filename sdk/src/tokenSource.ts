/** What the SDK tells a token provider each time it needs a token. */
export interface TokenRequest {
  /** true when CareGraph just refused the last token (expired or revoked): return a new one. */
  refresh: boolean;
}

/**
 * Gives the token for a request or a websocket connection. Called for every HTTP request and
 * every (re)connection's `connection_init`, so a refreshed token is used from then on; return
 * `undefined` to send none.
 */
export type TokenProvider = (request: TokenRequest) => string | null | undefined | Promise<string | null | undefined>;

export interface TokenSource {
  /** The `Authorization` value to send (`Bearer …`), if any. */
  authorization(refresh: boolean): Promise<string | undefined>;
  /** Whether asking again can give another token (a provider, not a fixed string). */
  readonly refreshable: boolean;
}

/** A fixed token, a provider or none, behind one interface. */
export function tokenSource(token: string | TokenProvider | undefined): TokenSource {
  return {
    refreshable: typeof token === 'function',
    async authorization(refresh) {
      const value = typeof token === 'function' ? await token({ refresh }) : token;
      return value ? `Bearer ${value}` : undefined;
    },
  };
}
