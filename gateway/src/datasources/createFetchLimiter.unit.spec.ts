import { createFetchLimiter } from './createFetchLimiter';

describe('createFetchLimiter', () => {
  it('lets a key hold at most `limit` slots and hands freed ones to waiters in order', async () => {
    const acquire = createFetchLimiter(2);
    const request = {};
    const first = await acquire(request);
    const second = await acquire(request);
    const granted: number[] = [];
    const third = acquire(request).then((release) => { granted.push(3); return release; });
    const fourth = acquire(request).then((release) => { granted.push(4); return release; });
    await new Promise((resolve) => setImmediate(resolve));
    expect(granted).toEqual([]);
    first();
    first(); // a second release is ignored
    await new Promise((resolve) => setImmediate(resolve));
    expect(granted).toEqual([3]);
    second();
    (await third)();
    (await fourth)();
    expect(granted).toEqual([3, 4]);
  });

  it('does not let one key wait for another', async () => {
    const acquire = createFetchLimiter(1);
    await acquire({});
    await expect(acquire({})).resolves.toEqual(expect.any(Function));
  });
});
