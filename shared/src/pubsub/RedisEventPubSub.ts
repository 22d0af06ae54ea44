import { RedisPubSub } from 'graphql-redis-subscriptions';
import Redis from 'ioredis';
import type { EventPubSub } from './EventPubSub';

/**
 * Redis pub/sub through graphql-redis-subscriptions, with ioredis reconnecting on its own.
 * Both clients are awaited to `ready` before any SUBSCRIBE (a SUBSCRIBE sent
 * earlier silently receives nothing).
 */
export class RedisEventPubSub implements EventPubSub {
  private constructor(
    private readonly pubsub: RedisPubSub,
    private readonly clients: Redis[],
  ) {}

  static async connect(url: string): Promise<RedisEventPubSub> {
    const options = { maxRetriesPerRequest: null, retryStrategy: (times: number) => Math.min(times * 100, 2000) };
    const publisher = new Redis(url, options);
    const subscriber = new Redis(url, options);
    await Promise.all([publisher, subscriber].map(waitReady));
    return new RedisEventPubSub(new RedisPubSub({ publisher, subscriber }), [publisher, subscriber]);
  }

  async publish(channel: string, payload: unknown): Promise<void> {
    await this.pubsub.publish(channel, payload);
  }

  subscribe(channel: string): AsyncIterableIterator<unknown> {
    return this.pubsub.asyncIterableIterator(channel) as AsyncIterableIterator<unknown>;
  }

  /**
   * graphql-redis-subscriptions subscribes lazily, and drops a message that arrives before its
   * SUBSCRIBE callback ran even though Redis already counts the subscriber: wait for that callback.
   */
  async whenLive(iterator: AsyncIterableIterator<unknown>): Promise<void> {
    await (iterator as unknown as { subscribeAll(): Promise<unknown> }).subscribeAll();
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.quit().catch(() => client.disconnect())));
  }
}

function waitReady(client: Redis): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    client.once('ready', () => resolve());
    client.once('error', reject);
  });
}
