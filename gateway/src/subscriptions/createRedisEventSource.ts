import { RedisPubSub } from 'graphql-redis-subscriptions';
import Redis from 'ioredis';
import type { EventSource } from './EventSource';

/**
 * Redis pub/sub as an event source. Both clients must be `ready` before the first SUBSCRIBE:
 * one sent earlier puts ioredis in subscriber mode and it then silently receives nothing.
 */
export async function createRedisEventSource(url: string): Promise<EventSource> {
  const publisher = new Redis(url, { lazyConnect: true });
  const subscriber = new Redis(url, { lazyConnect: true });
  await Promise.all([publisher.connect(), subscriber.connect()]);
  const pubsub = new RedisPubSub({ publisher, subscriber });
  return {
    subscribe: (channel) => pubsub.asyncIterableIterator(channel) as AsyncIterableIterator<unknown>,
    // graphql-redis-subscriptions subscribes on the first next() and drops messages that arrive
    // before its SUBSCRIBE callback ran, although Redis already counts the subscriber.
    whenLive: async (iterator) => {
      await (iterator as unknown as { subscribeAll(): Promise<unknown> }).subscribeAll();
    },
    isReady: () => publisher.status === 'ready' && subscriber.status === 'ready',
    close: async () => {
      await pubsub.close();
    },
  };
}
