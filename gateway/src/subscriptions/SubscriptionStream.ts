import { GraphQLError, type ExecutionResult } from 'graphql';
import { errors } from '../errors/errors';
import { decodeEvent } from './decodeEvent';

export type EventOutcome = 'delivered' | 'filtered' | 'failed' | 'malformed';

export interface StreamHandlers {
  /** decides whether the decoded event is for this subscriber */
  accepts(event: unknown): boolean;
  /** resolves the subscriber's selection for one event */
  execute(event: unknown): Promise<ExecutionResult>;
  /** re-checks access when stale; returns the refusal, if any */
  reauthorize(): Promise<GraphQLError | undefined>;
  onEvent?(outcome: EventOutcome): void;
  onClose?(): void;
}

const DONE: IteratorResult<ExecutionResult> = { value: undefined, done: true };

/**
 * One subscriber's results, pulled from a pub/sub iterator. Not an async generator on purpose:
 * a generator parked on `await source.next()` cannot be returned until the next event arrives,
 * so a disconnecting client would keep its Redis subscription; here return() ends it at once.
 */
export class SubscriptionStream implements AsyncIterableIterator<ExecutionResult> {
  private finished = false;
  private signalClosed!: () => void;
  private readonly closed = new Promise<IteratorResult<unknown>>((resolve) => {
    this.signalClosed = () => resolve({ value: undefined, done: true });
  });

  constructor(
    private readonly source: AsyncIterator<unknown>,
    private readonly handlers: StreamHandlers,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    while (!this.finished) {
      let step: IteratorResult<unknown>;
      try {
        step = await Promise.race([this.source.next(), this.closed]);
      } catch (error) {
        // A resumable source could not read back what it missed: end rather than skip events.
        if (this.finished) break;
        await this.return();
        const upstreamCode = error instanceof GraphQLError ? error.extensions.code : undefined;
        return { value: { errors: [errors.replayFailed((error as Error).message, upstreamCode)] }, done: false };
      }
      if (step.done || this.finished) break;
      const event = decodeEvent(step.value);
      if (event === undefined) {
        this.handlers.onEvent?.('malformed');
        continue;
      }
      if (!this.handlers.accepts(event)) {
        this.handlers.onEvent?.('filtered');
        continue;
      }
      const refusal = await this.handlers.reauthorize();
      if (refusal) {
        await this.return();
        return { value: { errors: [refusal] }, done: false };
      }
      return { value: await this.run(event), done: false };
    }
    await this.return();
    return DONE;
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    if (this.finished) return DONE;
    this.finished = true;
    this.signalClosed();
    this.handlers.onClose?.();
    await this.source.return?.();
    return DONE;
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
