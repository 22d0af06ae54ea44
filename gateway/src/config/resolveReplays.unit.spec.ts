import { resolveReplays } from './resolveReplays';

const replay = { query: 'query($c: ID!, $after: String) { log(c: $c, after: $after) { edges { node { n } } pageInfo { hasNextPage endCursor } } }', connection: 'log' };
const field = (replayRef: unknown) => ({ channel: 'c.{args.c}', result: {}, sequence: { event: 'n', cursor: 'cursor', replay: replayRef } }) as never;

describe('resolveReplays', () => {
  it('puts the named definition, with each field its own variables, where a field uses it', () => {
    const config = resolveReplays({
      replays: { log: replay },
      subscriptions: {
        a: field({ use: 'log', variables: { c: '{args.c}' } }),
        b: field({ use: 'log' }),
        inline: field({ ...replay, connection: 'other' }),
      },
    });
    expect(config.subscriptions?.a.sequence?.replay).toEqual({ ...replay, variables: { c: '{args.c}' } });
    expect(config.subscriptions?.b.sequence?.replay).toEqual(replay);
    expect(config.subscriptions?.inline.sequence?.replay).toEqual({ ...replay, connection: 'other' });
    expect('replays' in config).toBe(false);
  });

  it('refuses a name no replay has, naming the field', () => {
    expect(() => resolveReplays({ subscriptions: { a: field({ use: 'missing' }) } })).toThrow('subscriptions.a.sequence.replay.use: no replay named "missing" under replays');
  });
});
