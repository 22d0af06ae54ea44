import { GraphQLError, type ExecutionResult } from 'graphql';
import { context } from '@opentelemetry/api';
import { errors } from '../errors/errors';
import { decodeEvent } from './decodeEvent';
import { startDeliverySpan } from './startDeliverySpan';

export type EventOutcome = 'delivered' | 'filtered' | 'failed' | 'malformed';

export interface StreamHandlers {
  /** decides whether the decoded event is for this subscriber */
  accepts(event: unknown): boolean;
  /** resolves the subscriber's selection for one event */
  execute(event: unknown): Promise<ExecutionResult>;
  /** re-checks access when stale, resolving to the refusal, if any; undefined (no promise) while fresh, the common case */
  reauthorize(): Promise<GraphQLError | undefined> | undefined;
  /** re-checks access now, however recent the last check (revocations); default reauthorize */
  recheck?(): Promise<GraphQLError | undefined>;
  /** epoch ms of the token's expiry: the stream ends with UNAUTHENTICATED then, nothing is delivered after */
  expiresAt?: number;
  onEvent?(outcome: EventOutcome): void;
  onClose?(): void;
  /** The subscription field, naming each event's delivery span. */
  field?: string;
}

const DONE: IteratorResult<ExecutionResult> = { value: undefined, done: true };
const STOPPED = Symbol('stopped');
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * One subscriber's results, pulled from a pub/sub iterator. Not an async generator on purpose:
 * a generator parked on `await source.next()` cannot be returned until the next event arrives,
 * so a disconnecting client would keep its Redis subscription; here return() ends it at once,
 * and end(error) ends it with that error even while an event is being executed.
 */
export class SubscriptionStream implements AsyncIterableIterator<ExecutionResult> {
  private finished = false;
  private ending?: GraphQLError;
  private resolveStopped!: () => void;
  private readonly stopped = new Promise<typeof STOPPED>((resolve) => {
    this.resolveStopped = () => resolve(STOPPED);
  });
  private isStopped = false;
  /** The races waiting now; each leaves when its work settles (see race()). */
  private readonly racing = new Set<(value: typeof STOPPED) => void>();
  private readonly holds = new Set<Promise<unknown>>();
  private expiryTimer?: NodeJS.Timeout;
  /** Resolves once the stream is finished, whoever ended it. */
  readonly closed: Promise<void> = this.stopped.then(() => undefined);

  constructor(
    private readonly source: AsyncIterator<unknown>,
    private readonly handlers: StreamHandlers,
  ) {
    if (handlers.expiresAt !== undefined) this.armExpiry(handlers.expiresAt);
  }

  /** Whether the stream was ended (or is ending), whoever ended it. */
  get isFinished(): boolean {
    return this.isStopped;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Ends the stream: `error` is its last message; an event being executed is dropped. */
  end(error: GraphQLError): void {
    if (this.finished || this.ending) return;
    this.ending = error;
    this.signalStopped();
  }

  /** Delivers nothing until `until` settles. */
  pauseUntil(until: Promise<unknown>): void {
    const hold: Promise<unknown> = until.catch(() => undefined).finally(() => this.holds.delete(hold));
    this.holds.add(hold);
  }

  /** Pauses delivery, re-authorises at once and ends with the refusal, if any, else resumes. */
  revalidate(): Promise<void> {
    const recheck = this.handlers.recheck ?? this.handlers.reauthorize;
    const checked = (recheck() ?? Promise.resolve(undefined)).then(
      (refusal) => refusal && this.end(refusal),
      (error: Error) => this.end(errors.forbidden(`Access could not be re-checked: ${error.message}`)),
    );
    this.pauseUntil(checked);
    return checked;
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    while (!this.finished && !this.ending) {
      let step: IteratorResult<unknown> | typeof STOPPED;
      try {
        step = await this.race(this.source.next());
      } catch (error) {
        // A resumable source could not read back what it missed: end rather than skip events.
        if (this.finished || this.ending) break;
        const upstreamCode = error instanceof GraphQLError ? error.extensions.code : undefined;
        this.end(errors.replayFailed((error as Error).message, upstreamCode));
        break;
      }
      if (step === STOPPED || step.done) break;
      const event = decodeEvent(step.value);
      if (event === undefined) {
        this.handlers.onEvent?.('malformed');
        continue;
      }
      if (!this.handlers.accepts(event)) {
        this.handlers.onEvent?.('filtered');
        continue;
      }
      const delivery = startDeliverySpan(this.handlers.field, event);
      try {
        // Fresh access (the common case) costs no promise; a stale one waits for the re-check.
        const stale = this.handlers.reauthorize();
        if (stale) {
          const refusal = await this.race(stale);
          if (refusal === STOPPED) break;
          if (refusal) {
            this.end(refusal);
            break;
          }
        }
        // The execution's subgraph fetches belong to this delivery's trace.
        const result = await this.race(context.with(delivery.context, () => this.run(event)));
        if (result === STOPPED || !(this.holds.size ? await this.cleared() : this.unexpired())) break;
        delivery.delivered(result);
        return { value: result, done: false };
      } finally {
        delivery.end();
      }
    }
    return this.finish();
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    if (this.finished) return DONE;
    this.finished = true;
    clearTimeout(this.expiryTimer);
    this.signalStopped();
    this.handlers.onClose?.();
    await this.source.return?.();
    return DONE;
  }

  /**
   * The consumer failed or gave up: ends the stream as return() does. With it the stream is
   * generator-shaped, which graphql-sse requires before it returns a stream whose client left.
   */
  async throw(): Promise<IteratorResult<ExecutionResult>> {
    return this.return();
  }

  /** The ending error once (then done), or done. */
  private async finish(): Promise<IteratorResult<ExecutionResult>> {
    const wasFinished = this.finished;
    await this.return();
    if (wasFinished || !this.ending) return DONE;
    return { value: { errors: [this.ending] }, done: false };
  }

  /** Waits out every pause; false when the stream was ended meanwhile or the token expired. */
  private async cleared(): Promise<boolean> {
    while (this.holds.size && !this.ending && !this.finished) {
      await this.race(Promise.all(this.holds));
    }
    return this.unexpired();
  }

  /** False (ending the stream) once the token expired, or when the stream was ended. */
  private unexpired(): boolean {
    if (this.handlers.expiresAt !== undefined && Date.now() >= this.handlers.expiresAt) this.end(errors.tokenExpired());
    return !this.ending && !this.finished;
  }

  private signalStopped(): void {
    if (this.isStopped) return;
    this.isStopped = true;
    this.resolveStopped();
    for (const settle of this.racing) settle(STOPPED);
    this.racing.clear();
  }

  /**
   * `work`, or STOPPED as soon as the stream ends (the end wins once it happened). Not
   * Promise.race with `stopped`: that adds a reaction to the long-lived `stopped` promise at every
   * event, which stays reachable until the stream ends, so a busy stream would grow without bound.
   */
  private race<T>(work: Promise<T>): Promise<T | typeof STOPPED> {
    if (this.isStopped) return Promise.resolve(STOPPED);
    return new Promise<T | typeof STOPPED>((resolve, reject) => {
      this.racing.add(resolve);
      work.then(
        (value) => {
          this.racing.delete(resolve);
          resolve(this.isStopped ? STOPPED : value);
        },
        (error: unknown) => {
          this.racing.delete(resolve);
          if (this.isStopped) resolve(STOPPED);
          else reject(error);
        },
      );
    });
  }

  private armExpiry(expiresAt: number): void {
    const delay = expiresAt - Date.now();
    this.expiryTimer = setTimeout(() => (delay > MAX_TIMER_MS ? this.armExpiry(expiresAt) : this.end(errors.tokenExpired())), Math.max(0, Math.min(delay, MAX_TIMER_MS)));
    this.expiryTimer.unref();
  }

  private async run(event: unknown): Promise<ExecutionResult> {
    try {
      const result = await this.handlers.execute(event);
      this.handlers.onEvent?.(result.errors?.length ? 'failed' : 'delivered');
      return result;
    } catch (error) {
      this.handlers.onEvent?.('failed');
      return { errors: [errors.internal(`Event execution failed: ${(error as Error).message}`)] };
    }
  }
}
