import Redis from 'ioredis';
import { eventually, infra } from '@caregraph/testing';
import { RedisEventPubSub } from './RedisEventPubSub';
import { pubsubContract } from './pubsubContract';

let probe: Redis;

beforeAll(async () => {
  probe = new Redis((await infra()).redisUrl);
});
afterAll(async () => {
  await probe.quit();
});

pubsubContract('RedisEventPubSub', async () => ({
  pubsub: await RedisEventPubSub.connect((await infra()).redisUrl),
  subscribed: (channel) =>
    eventually(async () => {
      const [, count] = (await probe.pubsub('NUMSUB', channel)) as [string, number];
      expect(Number(count)).toBeGreaterThan(0);
    }),
}));
