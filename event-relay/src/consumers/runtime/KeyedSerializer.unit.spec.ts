import { KeyedSerializer } from './KeyedSerializer';

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
