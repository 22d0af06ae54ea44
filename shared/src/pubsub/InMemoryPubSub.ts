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
    return this.pubsub.asyncIterableIterator(channel) as AsyncIterableIterator<unknown>;
  }

  async close(): Promise<void> {}
}
