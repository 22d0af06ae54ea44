import { createInFlightDeduplicator } from './createInFlightDeduplicator';

describe('createInFlightDeduplicator', () => {
  it('runs once for callers with the same key while it is in flight, and again once it has settled', async () => {
    const deduplicate = createInFlightDeduplicator<number>();
    let runs = 0;
    let finish!: (value: number) => void;
    const run = () => { runs += 1; return new Promise<number>((resolve) => { finish = resolve; }); };
    const first = deduplicate('a', run);
    const second = deduplicate('a', run);
    expect([first.shared, second.shared]).toEqual([false, true]);
    finish(7);
    expect(await Promise.all([first.result, second.result])).toEqual([7, 7]);
    const third = deduplicate('a', async () => { runs += 1; return 8; });
    expect(third.shared).toBe(false);
    expect(await third.result).toBe(8);
    expect(runs).toBe(2);
  });

  it('does not share between keys', async () => {
    const deduplicate = createInFlightDeduplicator<string>();
    const a = deduplicate('a', async () => 'a');
    const b = deduplicate('b', async () => 'b');
    expect([a.shared, b.shared]).toEqual([false, false]);
    expect(await Promise.all([a.result, b.result])).toEqual(['a', 'b']);
  });

  it('hands a failure to every caller and keeps nothing of it', async () => {
    const deduplicate = createInFlightDeduplicator<string>();
    let fail!: (error: Error) => void;
    const first = deduplicate('a', () => new Promise<string>((_, reject) => { fail = reject; }));
    const second = deduplicate('a', async () => 'never');
    fail(new Error('down'));
    await expect(first.result).rejects.toThrow('down');
    await expect(second.result).rejects.toThrow('down');
    await expect(deduplicate('a', async () => 'up').result).resolves.toBe('up');
  });

  it('turns a run that throws at once into a rejection', async () => {
    const deduplicate = createInFlightDeduplicator<string>();
    await expect(deduplicate('a', () => { throw new Error('sync'); }).result).rejects.toThrow('sync');
    await expect(deduplicate('a', async () => 'ok').result).resolves.toBe('ok');
  });
});
