import type { CareGraphError } from './CareGraphError';
import { resume, type StreamSink, type StreamTransport } from './resumable';

type Event = { sequence: number; cursor: string; type: string };
type Data = { careCircleEvents: Event };

/** A transport that records each opened attempt; the test plays the server through its sink. */
function fakeTransport(refreshable = true) {
  const attempts: { variables: () => Record<string, unknown>; sink: StreamSink; closed: boolean }[] = [];
  const reconnects: number[] = [];
  // Connection 0 is not up yet when the first attempt opens (the socket connects lazily).
  let generation = 0;
  const transport: StreamTransport = {
    open(variables, sink) {
      const attempt = { variables, sink, closed: false };
      attempts.push(attempt);
      return () => {
        attempt.closed = true;
      };
    },
    generation: () => generation,
    reconnectWithNewToken(expired) {
      if (!refreshable) return false;
      reconnects.push(expired);
      generation += 1;
      return true;
    },
  };
  return { transport, attempts, reconnects, last: () => attempts[attempts.length - 1], connected: () => (generation += 1) };
}

const event = (sequence: number): { data: Data } => ({ data: { careCircleEvents: { sequence, cursor: `c${sequence}`, type: 'care_recipient.created' } } });
const options = { retryAttempts: Infinity, maxRetryDelayMs: 30_000 };

function collect(transport: StreamTransport, variables: Record<string, unknown> = { careCircleId: '7' }, retryAttempts = Infinity) {
  const events: number[] = [];
  const errors: CareGraphError[] = [];
  const stream = resume<Data>(transport, variables, (data) => events.push(data.careCircleEvents.sequence), (error) => errors.push(error), { ...options, retryAttempts });
  return { events, errors, stream };
}

describe('resume (the logic behind client.resumable)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('puts the last delivered cursor as `after` into every re-send of the request', () => {
    const fake = fakeTransport();
    const { stream } = collect(fake.transport, { careCircleId: '7', after: 'c0' });
    expect(fake.last().variables()).toEqual({ careCircleId: '7', after: 'c0' });
    fake.last().sink.next(event(1));
    fake.last().sink.next(event(2));
    // graphql-ws reads the variables again when it re-sends the subscription after a reconnect.
    expect(fake.last().variables()).toEqual({ careCircleId: '7', after: 'c2' });
    expect(stream.cursor).toBe('c2');
    expect(fake.attempts).toHaveLength(1);
  });

  it('sends no `after` until the first event when it was started without one', () => {
    const fake = fakeTransport();
    collect(fake.transport);
    expect(fake.last().variables()).toEqual({ careCircleId: '7' });
  });

  it('drops events whose sequence is not after the last delivered one, so none comes twice or out of order', () => {
    const fake = fakeTransport();
    const { events } = collect(fake.transport);
    for (const sequence of [1, 2, 2, 1, 3, 3, 4]) fake.last().sink.next(event(sequence));
    expect(events).toEqual([1, 2, 3, 4]);
  });

  it('drops a repeated cursor when the events carry no sequence', () => {
    const fake = fakeTransport();
    const cursors: string[] = [];
    resume<{ feed: { cursor: string } }>(fake.transport, {}, (data) => cursors.push(data.feed.cursor), undefined, options);
    for (const cursor of ['a', 'a', 'b']) fake.last().sink.next({ data: { feed: { cursor } } });
    expect(cursors).toEqual(['a', 'b']);
  });

  it('opens the stream again after the last cursor when the server completes it (a gateway shutting down)', () => {
    const fake = fakeTransport();
    const { events, errors } = collect(fake.transport);
    fake.last().sink.next(event(1));
    fake.last().sink.complete();
    jest.runOnlyPendingTimers();
    expect(fake.attempts).toHaveLength(2);
    expect(fake.last().variables()).toEqual({ careCircleId: '7', after: 'c1' });
    // The replay may repeat what the first attempt delivered: dropped.
    for (const sequence of [1, 2]) fake.last().sink.next(event(sequence));
    expect(events).toEqual([1, 2]);
    expect(errors).toEqual([]);
  });

  it('reconnects with a refreshed token and resumes when the stream ends with UNAUTHENTICATED (token expired)', () => {
    const fake = fakeTransport();
    const { events, errors } = collect(fake.transport);
    fake.last().sink.next(event(1));
    fake.connected();
    const expiring = fake.last();
    expiring.sink.next({ errors: [{ message: 'Token expired', extensions: { code: 'UNAUTHENTICATED' } }] });
    expiring.sink.complete();
    jest.runOnlyPendingTimers();
    expect(fake.reconnects).toEqual([1]);
    expect(fake.attempts).toHaveLength(2);
    expect(fake.last().variables()).toEqual({ careCircleId: '7', after: 'c1' });
    fake.last().sink.next(event(2));
    expect(events).toEqual([1, 2]);
    expect(errors).toEqual([]);
  });

  it('skips an event the server could not complete for this subscriber (INVALID_EVENT) and goes on with the same attempt', () => {
    const fake = fakeTransport();
    const { events, errors } = collect(fake.transport);
    fake.last().sink.next(event(1));
    fake.last().sink.next({ errors: [{ message: 'Event could not be completed', extensions: { code: 'INVALID_EVENT' } }] });
    fake.last().sink.next(event(3));
    jest.runAllTimers();
    expect(events).toEqual([1, 3]);
    expect(errors).toEqual([]);
    expect(fake.attempts).toHaveLength(1);
  });

  it('ends for good with the error result that preceded the end of the stream (FORBIDDEN after a revocation)', () => {
    const fake = fakeTransport();
    const { errors } = collect(fake.transport);
    fake.last().sink.next({ errors: [{ message: 'No longer a member', extensions: { code: 'FORBIDDEN' } }] });
    fake.last().sink.complete();
    jest.runAllTimers();
    expect(errors.map((error) => error.code)).toEqual(['FORBIDDEN']);
    expect(fake.attempts).toHaveLength(1);
  });

  it('ends with UNAUTHENTICATED when the token is a fixed string that cannot be refreshed', () => {
    const fake = fakeTransport(false);
    const { errors } = collect(fake.transport);
    fake.last().sink.error([{ message: 'Token expired', extensions: { code: 'UNAUTHENTICATED' } }]);
    jest.runOnlyPendingTimers();
    expect(fake.attempts).toHaveLength(1);
    expect(errors.map((error) => error.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('ends at once, without a new attempt, on a refusal a retry cannot change (FORBIDDEN)', () => {
    const fake = fakeTransport();
    const { errors } = collect(fake.transport);
    fake.last().sink.error([{ message: 'Not a member', extensions: { code: 'FORBIDDEN' } }]);
    jest.runAllTimers();
    expect(fake.attempts).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'FORBIDDEN', message: 'Not a member' });
  });

  it('reports a socket that closed for good as SOCKET_CLOSED with its close code', () => {
    const fake = fakeTransport();
    const { errors } = collect(fake.transport);
    fake.last().sink.error({ code: 4400, reason: 'Bad request' });
    expect(errors[0]).toMatchObject({ code: 'SOCKET_CLOSED', closeCode: 4400 });
  });

  it('retries a failed replay with a growing wait and gives up after retryAttempts failures in a row', () => {
    const fake = fakeTransport();
    const { errors } = collect(fake.transport, { careCircleId: '7' }, 3);
    const replayFailed = [{ message: 'audit is down', extensions: { code: 'SUBSCRIPTION_REPLAY_FAILED' } }];
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(fake.attempts).toHaveLength(attempt);
      fake.last().sink.error(replayFailed);
      jest.runOnlyPendingTimers();
    }
    fake.last().sink.error(replayFailed);
    jest.runAllTimers();
    expect(fake.attempts).toHaveLength(4);
    expect(errors.map((error) => error.code)).toEqual(['SUBSCRIPTION_REPLAY_FAILED']);
  });

  it('delivers nothing after stop and ignores the completion graphql-ws reports for it', () => {
    const fake = fakeTransport();
    const { events, errors, stream } = collect(fake.transport);
    fake.last().sink.next(event(1));
    stream.stop();
    expect(fake.last().closed).toBe(true);
    fake.last().sink.next(event(2));
    fake.last().sink.complete();
    jest.runAllTimers();
    expect(events).toEqual([1]);
    expect(errors).toEqual([]);
    expect(fake.attempts).toHaveLength(1);
  });

  it('cancels a pending new attempt when stopped while waiting for it', () => {
    const fake = fakeTransport();
    const { stream } = collect(fake.transport);
    fake.last().sink.complete();
    stream.stop();
    jest.runAllTimers();
    expect(fake.attempts).toHaveLength(1);
  });
});
