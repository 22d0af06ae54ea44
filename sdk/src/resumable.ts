import type { FormattedExecutionResult } from 'graphql';
import { backoff } from './backoff.js';
import { CareGraphError, toCareGraphError } from './CareGraphError.js';

/** What a resumable subscription's root field must select: its `cursor`, and `sequence` when it has one. */
export interface ResumableEvent {
  cursor: string;
  sequence?: number | null;
}

/** A running `resumable(…)` stream. */
export interface ResumableSubscription {
  /** Ends the stream; nothing is delivered after it. */
  stop(): void;
  /** The last delivered event's cursor (or the `after` it started from): keep it to resume in a later session. */
  readonly cursor: string | undefined;
}

export interface StreamSink {
  next(result: FormattedExecutionResult): void;
  error(failure: unknown): void;
  complete(): void;
}

/** The one socket that resumable streams run over (see createSocket). */
export interface StreamTransport {
  /** Opens one subscription; `variables()` is read again each time the request is (re)sent. Returns its unsubscribe. */
  open(variables: () => Record<string, unknown>, sink: StreamSink): () => void;
  /** Which connection operations run on now. */
  generation(): number;
  /** Reconnects with a refreshed token; false when there is no provider to refresh it. */
  reconnectWithNewToken(generation: number): boolean;
}

export interface ResumeOptions {
  /** consecutive failed attempts before the stream gives up (default Infinity) */
  retryAttempts: number;
  maxRetryDelayMs: number;
}

// Endings a new attempt from the last cursor can get past (a subgraph or the audit store down, a
// rate limit); any other code ends the stream for good.
const RETRIED = new Set(['SUBSCRIPTION_REPLAY_FAILED', 'INTERNAL_SERVER_ERROR', 'DOWNSTREAM_SERVICE_ERROR', 'SUBGRAPH_TIMEOUT', 'RATE_LIMITED']);
// An attempt that lived this long was healthy: the next failure starts the backoff afresh.
const HEALTHY_AFTER_MS = 60_000;

/**
 * Keeps one subscription going from its last `cursor`. graphql-ws re-sends the request of a
 * subscription whose socket dropped, stringified at send time, so `variables()` puts the latest
 * cursor into every re-send as `after` (by itself it re-sent the original `after`). Streams that
 * the server ends (its shutdown, an expired token, a failed replay) are opened again from the
 * last cursor; an event whose `sequence` (or, without one, whose cursor) is not after the last
 * delivered one is dropped, so no event is delivered twice or out of order. An error result
 * that the stream outlives (an event the gateway could not complete for this subscriber,
 * INVALID_EVENT) is skipped, as the gateway's stream goes on; one followed by the end of the
 * stream is how that stream ended.
 */
export function resume<TResult>(
  transport: StreamTransport,
  initial: Record<string, unknown>,
  onEvent: (data: TResult) => void,
  onError: ((error: CareGraphError) => void) | undefined,
  options: ResumeOptions,
): ResumableSubscription {
  let cursor = typeof initial.after === 'string' ? initial.after : undefined;
  let sequence: number | undefined;
  let stopped = false;
  let failures = 0;
  let closeAttempt: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const variables = () => (cursor === undefined ? { ...initial } : { ...initial, after: cursor });

  const deliver = (data: Record<string, ResumableEvent | null> | null | undefined) => {
    const event = data ? Object.values(data)[0] : undefined;
    if (!event || typeof event.cursor !== 'string') return;
    const numbered = typeof event.sequence === 'number' ? event.sequence : undefined;
    if (numbered !== undefined ? sequence !== undefined && numbered <= sequence : event.cursor === cursor) return;
    cursor = event.cursor;
    sequence = numbered ?? sequence;
    failures = 0;
    callSafely(() => onEvent(data as TResult));
  };

  const fail = (error: CareGraphError) => {
    stopped = true;
    if (onError) callSafely(() => onError(error));
  };

  // Ends the current attempt: what comes next depends on how it ended (error undefined = completed
  // without one; final = the socket gave up, after its own retries, or the token provider failed).
  const ended = (error: CareGraphError | undefined, final: boolean, startedAt: number) => {
    // The connection the error came over: the one that is up now (not the one, if any, the attempt began on).
    const generation = transport.generation();
    if (Date.now() - startedAt >= HEALTHY_AFTER_MS) failures = 0;
    const refresh = error?.code === 'UNAUTHENTICATED';
    if (error && (final || (!refresh && !RETRIED.has(error.code)))) return fail(error);
    if (failures >= options.retryAttempts) return fail(error ?? new CareGraphError('The subscription kept ending', 'SUBSCRIPTION_ENDED'));
    const retryAfter = error?.code === 'RATE_LIMITED' ? Number(error.errors[0]?.extensions?.retryAfter) * 1000 : NaN;
    const delay = Number.isFinite(retryAfter) ? retryAfter : failures === 0 ? 0 : backoff(failures - 1, options.maxRetryDelayMs);
    failures += 1;
    // Later, not from inside graphql-ws's message handler, which is still finishing this operation.
    timer = setTimeout(() => {
      if (refresh && !transport.reconnectWithNewToken(generation)) return fail(error);
      open();
    }, delay);
  };

  const open = () => {
    if (stopped) return;
    let current = true;
    // The last error result, until an event shows the stream outlived it.
    let lastError: CareGraphError | undefined;
    const startedAt = Date.now();
    const end = (error: CareGraphError | undefined, final: boolean) => {
      if (!current || stopped) return;
      current = false;
      ended(error, final, startedAt);
    };
    closeAttempt = transport.open(variables, {
      next: (result) => {
        if (!current || stopped) return;
        if (result.errors?.length) lastError = CareGraphError.fromErrors(result.errors);
        else {
          lastError = undefined;
          deliver(result.data as Record<string, ResumableEvent | null> | null | undefined);
        }
      },
      // The server's refusal comes as an array of GraphQL errors; anything else is the socket's end.
      error: (failure) => end(toCareGraphError(failure), !Array.isArray(failure)),
      complete: () => end(lastError, false),
    });
  };

  open();
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      closeAttempt?.();
    },
    get cursor() {
      return cursor;
    },
  };
}

/** Runs an app's callback; what it throws surfaces as an uncaught error instead of breaking the socket's message handling. */
export function callSafely(callback: () => void): void {
  try {
    callback();
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}
