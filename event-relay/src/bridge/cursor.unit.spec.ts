import { decodeCursor, encodeCursor } from './cursor';
import { KeyedSerializer } from './KeyedSerializer';

describe('live-event cursor', () => {
  it('round-trips the event time and id as an opaque url-safe string', () => {
    const cursor = encodeCursor({ time: '2026-11-22T10:30:00.000Z', id: 'evt|1' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual({ time: '2026-11-22T10:30:00.000Z', id: 'evt|1' });
  });

  it.each(['', 'garbage', Buffer.from('not-a-date|id').toString('base64url'), Buffer.from('2026-01-01T00:00:00Z|').toString('base64url')])(
    'refuses %p',
    (cursor) => expect(decodeCursor(cursor)).toBeUndefined(),
  );
});

describe('KeyedSerializer', () => {
  it('runs one key’s tasks in order even when an earlier one is slower or fails', async () => {
    const serializer = new KeyedSerializer();
    const log: string[] = [];
    const slow = serializer.run('a', async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      log.push('a1');
      throw new Error('a1 failed');
    });
    const next = serializer.run('a', async () => void log.push('a2'));
    const other = serializer.run('b', async () => void log.push('b1'));
    await expect(slow).rejects.toThrow('a1 failed');
    await Promise.all([next, other]);
    expect(log).toEqual(['b1', 'a1', 'a2']);
  });
});
