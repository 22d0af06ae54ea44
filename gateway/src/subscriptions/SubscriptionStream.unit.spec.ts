import { GraphQLError, type ExecutionResult } from 'graphql';
import { SubscriptionStream, type StreamHandlers } from './SubscriptionStream';

/** A source whose events the test pushes. */
function source() {
  const queued: unknown[] = [];
  const waiting: ((step: IteratorResult<unknown>) => void)[] = [];
  let ended = false;
  const iterator: AsyncIterator<unknown> = {
    next: () => {
      if (queued.length) return Promise.resolve({ value: queued.shift(), done: false });
      if (ended) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => waiting.push(resolve));
    },
    return: async () => {
      ended = true;
      for (const resolve of waiting.splice(0)) resolve({ value: undefined, done: true });
      return { value: undefined, done: true };
    },
  };
  return {
    iterator,
    push: (event: unknown) => {
      const resolve = waiting.shift();
      if (resolve) resolve({ value: event, done: false });
      else queued.push(event);
    },
  };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => { resolve = done; });
  return { promise, resolve };
}

const forbidden = new GraphQLError('No longer a member', { extensions: { code: 'FORBIDDEN' } });

function stream(handlers: Partial<StreamHandlers> = {}) {
  const events = source();
  const created = new SubscriptionStream(events.iterator, {
    accepts: () => true,
    execute: async (event) => ({ data: { event } }),
    reauthorize: async () => undefined,
    ...handlers,
  });
  return { events, stream: created };
}

describe('SubscriptionStream', () => {
  it('ends at once on throw() as on return(): a waiting next() is done and the source is returned', async () => {
    let closed = 0;
    const { events, stream: subject } = stream({ onClose: () => void (closed += 1) });
    const returned = jest.spyOn(events.iterator, 'return');
    const next = subject.next();
    expect(await subject.throw()).toEqual({ value: undefined, done: true });
    expect(await next).toEqual({ value: undefined, done: true });
    expect(returned).toHaveBeenCalledTimes(1);
    expect(closed).toBe(1);
    await expect(subject.closed).resolves.toBeUndefined();
  });

  it('ends with the error given to end(), dropping the event being executed', async () => {
    const execution = deferred<ExecutionResult>();
    const { events, stream: subject } = stream({ execute: () => execution.promise });
    const next = subject.next();
    events.push({ id: 'e1' });
    await new Promise((resolve) => setImmediate(resolve));
    subject.end(forbidden);
    expect(await next).toEqual({ value: { errors: [forbidden] }, done: false });
    execution.resolve({ data: { late: true } });
    expect(await subject.next()).toEqual({ value: undefined, done: true });
  });

  it('holds delivery while re-authorising, then resumes when access holds', async () => {
    const check = deferred<GraphQLError | undefined>();
    const { events, stream: subject } = stream({ recheck: () => check.promise });
    const revalidated = subject.revalidate();
    events.push({ id: 'e1' });
    let delivered = false;
    const next = subject.next().then((result) => { delivered = true; return result; });
    for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(delivered).toBe(false);
    check.resolve(undefined);
    await revalidated;
    expect(await next).toEqual({ value: { data: { event: { id: 'e1' } } }, done: false });
  });

  it('ends with the refusal when re-authorising fails, without delivering the held event', async () => {
    const { events, stream: subject } = stream({ recheck: async () => forbidden });
    events.push({ id: 'e1' });
    const revalidated = subject.revalidate();
    expect(await subject.next()).toEqual({ value: { errors: [forbidden] }, done: false });
    await revalidated;
    expect(await subject.next()).toEqual({ value: undefined, done: true });
  });

  it('ends with UNAUTHENTICATED at expiresAt and completes', async () => {
    const { stream: subject } = stream({ expiresAt: Date.now() + 50 });
    const result = await subject.next();
    expect(result.value?.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await subject.next()).toEqual({ value: undefined, done: true });
    let closed = false;
    await subject.closed.then(() => { closed = true; });
    expect(closed).toBe(true);
  });
});
