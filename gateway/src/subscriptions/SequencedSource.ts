import { decodeEvent } from './decodeEvent';

/** One page of events read back from the store, oldest first. */
export interface ReplayPage {
  events: unknown[];
  hasNextPage: boolean;
  endCursor?: string | null;
}

export interface SequencedSourceOptions {
  /** The event's number on its channel (consecutive: 1, 2, 3…); undefined = unnumbered, passed through. */
  sequenceOf(event: unknown): number | undefined;
  /** The event's resume cursor. */
  cursorOf(event: unknown): string | undefined;
  /** Reads the events after a cursor (undefined = from the start), oldest first. */
  readAfter(cursor: string | undefined): Promise<ReplayPage>;
  /** The client's resume cursor: replay everything after it before going live. */
  resumeAfter?: string;
  /** Told of each live message dropped because it was already delivered. */
  onDuplicate?(): void;
  /**
   * When the channel has been quiet this long, read back after the last cursor anyway: an
   * announcement lost while the channel stays quiet is otherwise noticed only at the next event.
   * A failing recheck is reported to `onRecheckFailed` and the stream goes on. Default off.
   */
  idleRecheckMs?: number;
  onRecheckFailed?(error: unknown): void;
}

const IDLE = Symbol('idle');

/**
 * Turns a live channel whose events carry consecutive numbers into a gapless, ordered,
 * duplicate-free stream, backed by a store that can read events after a cursor:
 * - with `resumeAfter`, the stream first replays what came after that cursor;
 * - a live event numbered beyond the next expected one means announcements were lost or
 *   overtaken: the missing events are read back from the store first;
 * - a live event at or below the last delivered number was already delivered (by a replay
 *   or twice on the channel) and is dropped.
 * The live channel must be subscribed (live) before the first next(), so that nothing falls
 * between what the replay reads and what the channel delivers. A failing read rejects next():
 * the subscriber should resubscribe with its last cursor.
 */
export class SequencedSource implements AsyncIterableIterator<unknown> {
  private readonly ready: unknown[] = [];
  private last?: number;
  private lastCursor?: string;
  private replayPending: boolean;
  /** A live next() still running across an idle recheck: one read of the channel at a time. */
  private pendingLive?: Promise<IteratorResult<unknown>>;

  constructor(
    private readonly live: AsyncIterator<unknown>,
    private readonly options: SequencedSourceOptions,
  ) {
    this.lastCursor = options.resumeAfter;
    this.replayPending = options.resumeAfter !== undefined;
  }

  /** Runs the resume replay now, so that its errors can refuse the subscription; otherwise the first next() runs it. */
  async prime(): Promise<void> {
    if (!this.replayPending) return;
    this.replayPending = false;
    await this.readBack(undefined);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<unknown>> {
    for (;;) {
      if (this.ready.length) return { value: this.ready.shift(), done: false };
      if (this.replayPending) {
        await this.prime();
        continue;
      }
      const step = await this.nextLive();
      if (step === IDLE) {
        await this.readBack(undefined).catch((error: unknown) => this.options.onRecheckFailed?.(error));
        continue;
      }
      if (step.done) return step;
      const event = decodeEvent(step.value);
      const sequence = event === undefined ? undefined : this.options.sequenceOf(event);
      if (sequence === undefined) return { value: step.value, done: false };
      if (this.last !== undefined && sequence <= this.last) {
        this.options.onDuplicate?.();
        continue;
      }
      // A gap, or a resumed stream whose replay found nothing yet (so the number of the resume
      // cursor is unknown): read back what lies between.
      const gap = this.last === undefined ? this.lastCursor !== undefined : sequence > this.last + 1;
      if (gap) await this.readBack(sequence - 1);
      if (this.last !== undefined && sequence <= this.last) continue; // the read-back delivered it
      this.accept(event, sequence);
    }
  }

  /** The channel's next message, or IDLE when it stayed quiet for idleRecheckMs after a known position. */
  private async nextLive(): Promise<IteratorResult<unknown> | typeof IDLE> {
    this.pendingLive ??= this.live.next();
    const { idleRecheckMs } = this.options;
    if (!idleRecheckMs || this.lastCursor === undefined) return this.takeLive();
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<typeof IDLE>((resolve) => (timer = setTimeout(() => resolve(IDLE), idleRecheckMs)));
    const first = await Promise.race([this.pendingLive, idle]);
    clearTimeout(timer);
    return first === IDLE ? IDLE : this.takeLive();
  }

  private async takeLive(): Promise<IteratorResult<unknown>> {
    const step = await this.pendingLive!;
    this.pendingLive = undefined;
    return step;
  }

  async return(): Promise<IteratorResult<unknown>> {
    await this.live.return?.();
    return { value: undefined, done: true };
  }

  private accept(event: unknown, sequence: number): void {
    this.ready.push(event);
    this.last = sequence;
    this.lastCursor = this.options.cursorOf(event) ?? this.lastCursor;
  }

  /** Reads back after the last cursor, page by page, until `until` (or the end) is reached. */
  private async readBack(until: number | undefined): Promise<void> {
    let cursor = this.lastCursor;
    for (;;) {
      const page = await this.options.readAfter(cursor);
      for (const raw of page.events) {
        const event = decodeEvent(raw);
        const sequence = event === undefined ? undefined : this.options.sequenceOf(event);
        if (sequence === undefined || (this.last !== undefined && sequence <= this.last)) continue;
        this.accept(event, sequence);
      }
      if (!page.hasNextPage || !page.events.length || (until !== undefined && this.last !== undefined && this.last >= until)) return;
      cursor = page.endCursor ?? this.lastCursor;
    }
  }
}
