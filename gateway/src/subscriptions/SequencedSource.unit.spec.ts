import { SequencedSource, type ReplayPage } from './SequencedSource';

interface Event {
  sequence: number;
  cursor: string;
}

const event = (sequence: number): Event => ({ sequence, cursor: `c${sequence}` });

/** A live channel the test pushes to; next() waits for the next push. */
class Channel implements AsyncIterator<unknown> {
  private readonly queued: unknown[] = [];
  private waiting?: (result: IteratorResult<unknown>) => void;
  ended = false;

  push(message: unknown): void {
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: message, done: false });
    } else this.queued.push(message);
  }

  next(): Promise<IteratorResult<unknown>> {
    if (this.queued.length) return Promise.resolve({ value: this.queued.shift(), done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  async return(): Promise<IteratorResult<unknown>> {
    this.ended = true;
    this.waiting?.({ value: undefined, done: true });
    return { value: undefined, done: true };
  }
}

/** The store: every event numbered so far, read back after a cursor in pages of `pageSize`. */
function store(stored: number, pageSize = 2) {
  const reads: (string | undefined)[] = [];
  const readAfter = async (cursor: string | undefined): Promise<ReplayPage> => {
    reads.push(cursor);
    const after = cursor ? Number(cursor.slice(1)) : 0;
    const events = [];
    for (let n = after + 1; n <= Math.min(stored, after + pageSize); n++) events.push(event(n));
    return { events, hasNextPage: after + pageSize < stored, endCursor: events.at(-1)?.cursor ?? cursor };
  };
  return { reads, readAfter, setStored: (n: number) => (stored = n) };
}

function sequenced(
  live: Channel,
  readAfter: (cursor: string | undefined) => Promise<ReplayPage>,
  resumeAfter?: string,
  idle: { idleRecheckMs?: number; onRecheckFailed?(error: unknown): void } = {},
) {
  let duplicates = 0;
  const source = new SequencedSource(live, {
    sequenceOf: (e) => (e as Event).sequence,
    cursorOf: (e) => (e as Event).cursor,
    readAfter,
    resumeAfter,
    onDuplicate: () => duplicates++,
    ...idle,
  });
  const take = async (count: number) => {
    const taken: number[] = [];
    for (let i = 0; i < count; i++) taken.push(((await source.next()).value as Event).sequence);
    return taken;
  };
  return { source, take, duplicates: () => duplicates };
}

describe('SequencedSource', () => {
  it('passes consecutive live events through without reading the store', async () => {
    const live = new Channel();
    const { reads, readAfter } = store(0);
    const { take } = sequenced(live, readAfter);
    for (const n of [5, 6, 7]) live.push(JSON.stringify(event(n)));
    expect(await take(3)).toEqual([5, 6, 7]);
    expect(reads).toEqual([]);
  });

  it('fills a gap from the store, in order, then drops the late announcements of what it read back', async () => {
    const live = new Channel();
    const { reads, readAfter } = store(9, 2);
    const { take, duplicates } = sequenced(live, readAfter);
    live.push(event(3));
    live.push(event(7)); // 4, 5 and 6 were lost or are late
    live.push(event(5)); // late
    live.push(event(8));
    expect(await take(5)).toEqual([3, 4, 5, 6, 7]);
    expect(reads).toEqual(['c3', 'c5']);
    // The read-back went on to 7 (the page held it), so the live 7 is not delivered again; the late 5 is a duplicate.
    expect(await take(1)).toEqual([8]);
    expect(duplicates()).toBe(1);
  });

  it('replays after the resume cursor, then goes live without a gap or a duplicate', async () => {
    const live = new Channel();
    const { reads, readAfter } = store(6, 2);
    const { take, duplicates } = sequenced(live, readAfter, 'c2');
    // 6 was stored before the subscription went live and is also announced after it; 7 is new.
    live.push(event(6));
    live.push(event(7));
    expect(await take(5)).toEqual([3, 4, 5, 6, 7]);
    expect(reads).toEqual(['c2', 'c4']);
    expect(duplicates()).toBe(1);
  });

  it('when the replay finds nothing yet, the first live event is checked against the resume cursor', async () => {
    const live = new Channel();
    const { reads, readAfter, setStored } = store(4, 10);
    const { take } = sequenced(live, readAfter, 'c4');
    const first = take(2);
    await new Promise((resolve) => setImmediate(resolve));
    // 5's announcement was lost; 6 arrives; both are in the store by then.
    setStored(6);
    live.push(event(6));
    live.push(event(7));
    expect(await first).toEqual([5, 6]);
    expect(await take(1)).toEqual([7]);
    expect(reads).toEqual(['c4', 'c4']);
  });

  it('passes unnumbered and malformed messages through for the stream to count', async () => {
    const live = new Channel();
    const { readAfter } = store(0);
    const { source } = sequenced(live, readAfter);
    live.push('not json');
    live.push({ note: 'no sequence' });
    expect((await source.next()).value).toBe('not json');
    expect((await source.next()).value).toEqual({ note: 'no sequence' });
  });

  it('rejects next() when the store cannot be read, rather than skipping events', async () => {
    const live = new Channel();
    const { take } = sequenced(live, async () => {
      throw new Error('audit is down');
    });
    live.push(event(1));
    live.push(event(3));
    expect(await take(1)).toEqual([1]);
    await expect(take(1)).rejects.toThrow('audit is down');
  });

  it('in a quiet channel, reads a lost announcement back after the idle interval', async () => {
    const live = new Channel();
    const { reads, readAfter } = store(2, 10);
    const { take } = sequenced(live, readAfter, undefined, { idleRecheckMs: 20 });
    live.push(event(1));
    expect(await take(1)).toEqual([1]);
    // 2 is stored but its announcement never comes; nothing else happens on the channel.
    expect(await take(1)).toEqual([2]);
    expect(reads[0]).toBe('c1');
    // Later live messages still arrive, and the one read back is not delivered twice.
    live.push(event(2));
    live.push(event(3));
    expect(await take(1)).toEqual([3]);
  });

  it('a failing idle recheck is reported and the stream goes on', async () => {
    const live = new Channel();
    const failures: unknown[] = [];
    const { take } = sequenced(live, async () => { throw new Error('audit is down'); }, undefined, { idleRecheckMs: 10, onRecheckFailed: (error) => failures.push(error) });
    live.push(event(1));
    expect(await take(1)).toEqual([1]);
    const next = take(1);
    while (failures.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    live.push(event(2));
    expect(await next).toEqual([2]);
    expect((failures[0] as Error).message).toBe('audit is down');
  });

  it('return() ends the live channel', async () => {
    const live = new Channel();
    const { readAfter } = store(0);
    const { source } = sequenced(live, readAfter);
    const pending = source.next();
    await source.return();
    expect(live.ended).toBe(true);
    expect((await pending).done).toBe(true);
  });
});
