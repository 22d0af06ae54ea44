import { PubSub } from 'graphql-subscriptions';
import type { EventPubSub } from './EventPubSub';

/** Single-process pub/sub for embedded mode and unit tests; same contract as RedisEventPubSub. */
export class InMemoryPubSub implements EventPubSub {
  private readonly pubsub = new PubSub();

  async publish(channel: string, payload: unknown): Promise<void> {
    // Round-trip through JSON so subscribers see exactly what Redis would deliver.
    await this.pubsub.publish(channel, JSON.parse(JSON.stringify(payload)));
  }

  subscribe(channel: string): AsyncIterableIterator<unknown> {
    const inner = this.pubsub.asyncIterableIterator(channel) as AsyncIterableIterator<unknown>;
    let ended = false;
    // graphql-subscriptions' iterator keeps a next() pending forever after return();
    // Redis' ends it. Both must end (EventPubSub contract).
    const iterator: AsyncIterableIterator<unknown> = {
      next: () => (ended ? Promise.resolve({ done: true, value: undefined }) : inner.next()),
      return: async () => {
        ended = true;
        await inner.return?.();
        return { done: true, value: undefined };
      },
      throw: async (error?: unknown) => {
        ended = true;
        await inner.return?.();
        throw error;
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** In process, a subscription is live as soon as it exists. */
  async whenLive(): Promise<void> {}

  async close(): Promise<void> {}
}
