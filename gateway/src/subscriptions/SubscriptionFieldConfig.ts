/** A rule an event must pass before it reaches a subscriber; all rules of a field must pass. */
export type FilterRule =
  /** the event value at the dot path equals this literal */
  | { event: string; equals: unknown }
  /** the event value equals the field argument; skipped when the argument is null or absent */
  | { event: string; equalsArg: string }
  /** the event value (a string) matches one of these glob patterns */
  | { event: string; matches: string[] }
  /** the event value (a string) matches one of the glob patterns in the list argument; absent or empty list = all pass */
  | { event: string; matchesArg: string };

/** How one Subscription field is fed from pub/sub channels (see gateway/README.md). */
export interface SubscriptionFieldConfig {
  /** Query run through the supergraph with the subscriber's token; `require` is a dot path into its data that must be non-null. */
  authorize?: { query: string; require: string };
  /** Channel template: `{args.NAME}` and `{auth.PATH}` (dot path into the authorize data). */
  channel: string;
  filter?: FilterRule[];
  /** Template of the field's primary result: "$event.path" strings are replaced by event values, `$if` nulls an object. */
  result: Record<string, unknown>;
  /**
   * Resumable, gapless streams: the channel's events carry consecutive numbers (1, 2, 3…) and a
   * query reads events after a cursor back from where they are stored. See SequencedSource.
   */
  sequence?: SequenceConfig;
  /**
   * Which subscribers of one event share one execution of the selection (same operation, same
   * variables): `token` (default) those with the same Authorization header, `subject` those whose
   * verified token names the same `sub` (when subgraphs authorise by user, not by token), `off` none,
   * or `{ scope }` those authorised for the same scope: its claims are templates like the channel's
   * (e.g. `{ "careCircleId": "{auth.careCircle.id}", "role": "{auth.careCircle.myRole}" }`), and the
   * shared execution reads with a scoped gateway credential instead of anyone's token (docs/adr/0009).
   */
  shareExecution?: 'token' | 'subject' | 'off' | { scope: Record<string, string> };
  /** Re-run `authorize` before delivering an event when the last check is older than this. Default 30. */
  reauthorizeAfterSeconds?: number;
}

/** How a Subscription field's events are numbered and read back (see gateway/README.md). */
export interface SequenceConfig {
  /** Dot path of the event's number on its channel. */
  event: string;
  /** Dot path of the event's resume cursor. */
  cursor: string;
  /** The field argument with a client's resume cursor (e.g. `after`): the stream first replays after it. */
  resumeArg?: string;
  /** Read back after the last cursor when the channel has been quiet this long (a lost announcement in a quiet channel). Default off. */
  idleRecheckSeconds?: number;
  replay: {
    /**
     * Run through the gateway with the subscriber's token; variables = the field's arguments it
     * declares, and `afterVariable` = the cursor to read after (null = from the start). It returns a
     * Relay connection whose nodes are events in the live message's shape (use aliases).
     */
    query: string;
    /** Dot path of the connection in the query's data. */
    connection: string;
    /** Default `after`. */
    afterVariable?: string;
    /** More variables, as templates like the channel's: `{ "careCircleId": "{auth.careRecipient.careCircle.id}" }`. */
    variables?: Record<string, string>;
  };
}
